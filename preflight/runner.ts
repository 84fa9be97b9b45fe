// Runs a Pulumi program under the preflight mocks, in this process, as `pulumi preview` runs
// it: a dry run (isDryRun true, provider-computed outputs unknown), in the project directory,
// with the stack's config and the project's defaults, in an organization. Records every
// resource it registers: type, name, URN (parent chain included), inputs, state and the call
// stack that registered it. Gives up after a deadline, naming what is still pending.
import * as fs from "fs";
import * as path from "path";
import { MockedResource, ProgramMocks } from "./mocks";
import { installMocks, probeType, settled } from "./mock-engine";
import { loadSdk, Sdk, SdkMismatch, untestedSdkNote } from "./sdk";
import { displayPath, Project } from "./project";
import { heapKeeper } from "./heap";
import { withRawStackTraces } from "./stack-frames";
import { registerTypeScript } from "./typescript";

export interface ProgramRun {
    project: Project;
    /** Every resource but the root stack, in registration order. */
    resources: MockedResource[];
}

export interface RunOptions {
    /** Seconds the program may take before preflight gives up. Defaults to `300`. */
    timeoutSeconds?: number;
    /** Called with a line of progress now and then. */
    progress?: (line: string) => void;
    /** Called with each resource as it is registered, its inputs final. */
    onResource?: (resource: MockedResource) => void;
    /** Called with a note the user should read, e.g. an SDK preflight was not tested with. */
    warn?: (line: string) => void;
}

/** The program failed to run: it threw, an invoke or registration failed, or it never settled. */
export class ProgramError extends Error {}

/** Runs the project's program under mocks. Call once per process: the SDK's state is global. */
export async function runProgram(project: Project, options: RunOptions = {}): Promise<ProgramRun> {
    refuseEsModules(project);
    const sdk = loadSdk(programSdk(project));
    promisesUntracked(sdk);
    const settings = project.mockSettings;
    const region = (settings.region as string | undefined) ?? project.config["aws:region"];
    const mocks = new ProgramMocks({ ...settings, region, preview: true, dir: project.dir });
    if (options.onResource) {
        const onResource = options.onResource;
        mocks.onResource = (r) => r.type !== "pulumi:pulumi:Stack" && onResource(r);
    }
    const engine = installMocks(mocks, project.name, project.stack, sdk, {
        preview: true,
        organization: project.organization,
    });
    sdk.pulumi.runtime.setAllConfig(project.config, project.secretKeys);
    try {
        registerTypeScript(project.dir, project.main, sdk.dir);
    } catch (e) {
        throw new ProgramError((e as Error).message);
    }
    const keepHeap = heapKeeper();
    const pending = trackRegistrations(sdk, mocks, keepHeap);

    // Failures of the program surface as rejections, some after it returns, and a failed
    // registration leaves the SDK waiting forever: stop waiting at the first failure. They
    // stay recorded for the life of the process, which runs one program.
    const failures: unknown[] = [];
    let failed: () => void = () => undefined;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const onFailure = (e: unknown) => {
        failures.push(e);
        failed();
    };
    process.on("unhandledRejection", onFailure);
    process.on("uncaughtException", onFailure);
    const timeout = (options.timeoutSeconds ?? 300) * 1000;
    let exportsSettled = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)));
    const ticker = setInterval(() => {
        keepHeap();
        options.progress?.(`running the program: ${mocks.resources.length} resources registered`);
    }, 250);
    // The program's relative reads start where the CLI starts it: the project directory.
    const cwd = process.cwd();
    process.chdir(project.dir);
    let timedOut = false;
    try {
        await Promise.race([
            withRawStackTraces(async () => {
                await sdk.pulumi.runtime.runInPulumiStack(async () => {
                    await engine.probe();
                    const untested = untestedSdkNote(sdk);
                    if (untested) {
                        options.warn?.(untested);
                    }
                    // eslint-disable-next-line @typescript-eslint/no-require-imports
                    const exported = require(project.main);
                    return typeof exported === "function" ? await exported() : exported;
                });
                exportsSettled = true;
                await settled(sdk.settings);
                // A failed registration rejects after the RPC queue drains: let it surface.
                for (let i = 0; i < 3; i++) {
                    await new Promise((resolve) => setImmediate(resolve));
                }
            }),
            firstFailure,
            deadline.then(() => (timedOut = true)),
        ]);
    } catch (e) {
        failures.unshift(e);
    } finally {
        process.chdir(cwd);
        clearTimeout(timer);
        clearInterval(ticker);
    }
    if (timedOut && failures.length === 0) {
        failures.push(new Error(stuck(timeout, pending(), exportsSettled)));
    }
    if (failures[0] instanceof SdkMismatch) {
        throw failures[0];
    }
    if (failures.length > 0) {
        // Tells the SDK an error was reported, so it does not also warn of leaked promises.
        (sdk.state.getStore().logErrorCount as number)++;
        const first = failures[0] as Error;
        throw new ProgramError(
            `the program ${displayPath(project.main)} failed: ${explain(first?.message ?? String(first), project)}`,
        );
    }
    return { project, resources: mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack") };
}

/**
 * An ES module program (its package.json says `"type": "module"`) runs in the language host
 * through ts-node's ESM loader hooks (run.js:328-346); preflight loads programs with `require`,
 * which cannot: say so instead of failing inside Node's loader.
 */
function refuseEsModules(project: Project): void {
    for (let dir = path.dirname(project.main); ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest)) {
            let type: unknown;
            try {
                type = JSON.parse(fs.readFileSync(manifest, "utf8")).type;
            } catch {
                return;
            }
            if (type === "module") {
                throw new ProgramError(
                    `${displayPath(manifest)} makes the program an ES module ("type": "module"), and ` +
                        "preflight runs CommonJS programs only: check it with `pulumi preview --policy-pack`",
                );
            }
            return;
        }
        if (path.dirname(dir) === dir) {
            return;
        }
    }
}

/** The directory of the program's own @pulumi/pulumi: the mocks go on the copy it uses. */
function programSdk(project: Project): string {
    try {
        return path.dirname(
            require.resolve("@pulumi/pulumi/package.json", { paths: [path.dirname(project.main)] }),
        );
    } catch {
        const installed = fs.existsSync(path.join(project.dir, "node_modules"));
        throw new ProgramError(
            installed
                ? `the project in ${displayPath(project.dir)} does not depend on @pulumi/pulumi: add it (npm install @pulumi/pulumi)`
                : `the project's dependencies are not installed: run \`npm install\` in ${displayPath(project.dir)}`,
        );
    }
}

/** What a failure means for preflight's user, when the SDK's words name a CLI command. */
function explain(message: string, project: Project): string {
    const missing = /Missing required configuration variable '([^']+)'/.exec(message);
    if (missing) {
        const key = missing[1].startsWith(`${project.name}:`)
            ? missing[1].slice(project.name.length + 1)
            : missing[1];
        return (
            `missing required configuration variable '${missing[1]}': pass it with ` +
            `--config ${key}=<value>, or set it in Pulumi.${project.stack}.yaml`
        );
    }
    const module = /Cannot find module '([^']+)'/.exec(message);
    if (
        module &&
        !module[1].startsWith(".") &&
        !fs.existsSync(path.join(project.dir, "node_modules"))
    ) {
        return `cannot find module '${module[1]}': the project's dependencies are not installed: run \`npm install\` in ${displayPath(project.dir)}`;
    }
    return message;
}

/** The deadline's message: what was still pending when it passed. */
function stuck(timeoutMs: number, pending: string[], exportsSettled: boolean): string {
    const what = [
        ...(pending.length > 0
            ? [
                  `resources whose inputs never resolved: ${pending.slice(0, 20).join(", ")}${pending.length > 20 ? `, and ${pending.length - 20} more` : ""}`,
              ]
            : []),
        ...(exportsSettled
            ? []
            : ["the program's exports (a promise or output that never settles)"]),
    ];
    return (
        `it did not finish within ${timeoutMs / 1000} s${what.length > 0 ? `; still pending: ${what.join("; ")}` : ""}. ` +
        "Raise the limit with --timeout <seconds> if it is only slow"
    );
}

/**
 * The resources the program constructed whose registration has not reached the mocks: the
 * SDK's `registerResource` starts one, the mocks' answer ends it.
 */
function trackRegistrations(sdk: Sdk, mocks: ProgramMocks, keepHeap: () => void): () => string[] {
    const runtime = sdk.registration;
    const started = new Map<string, string>();
    const original = runtime.registerResource;
    runtime.registerResource = (
        res: unknown,
        parent: unknown,
        type: string,
        name: string,
        ...rest: unknown[]
    ) => {
        if (type !== probeType) {
            started.set(`${type}::${name}`, `${type} "${name}"`);
        }
        // Programs construct most of their resources before the event loop turns: the heap
        // is kept here as well as on the timer.
        keepHeap();
        return original(res, parent, type, name, ...rest);
    };
    return () => {
        const done = new Set(mocks.resources.map((r) => `${r.type}::${r.name}`));
        return [...started].filter(([key]) => !done.has(key)).map(([, label]) => label);
    };
}

/**
 * The SDK wraps every promise it makes (debuggablePromise, runtime/debuggable.js:79-121: four
 * per output property of every resource) with a captured stack, a Set entry and two chained
 * promises, only for the leak report it prints on an unclean exit. Preflight reports a program
 * that never settles itself (its deadline names what is pending), so the wrapper returns the
 * promise as it is. Resource locations come from each registration's own call stack.
 */
function promisesUntracked(sdk: Sdk): void {
    sdk.debuggable.debuggablePromise = (p: Promise<unknown>) => p;
}
