// Preflight: runs a program under mocks, starts the policy pack as the engine does, and
// gathers its verdict: Analyze for each resource, AnalyzeStack once.
import * as fs from "fs";
import * as path from "path";
import * as url from "url";
import { AnalyzedResource, Diagnostic, PackInfo, PolicyPackProcess } from "./analyzer-client";
import { resolvePolicyConfig } from "./policy-config";
import { displayPath, loadProject } from "./project";
import type { MockedResource } from "./mocks";
import { runProgram } from "./runner";
import { sourcePosition } from "./stack-frames";

export interface PreflightOptions {
    projectDir: string;
    /** Defaults to this package's `policypack/`. */
    policyPackDir?: string;
    /** A `--policy-pack-config` file. Defaults to `<projectDir>/policy-config.json` when it exists. */
    policyConfigFile?: string;
    stack?: string;
    /** `key=value` pairs, as `pulumi config set` would store them. */
    config?: string[];
    /** The organization `pulumi.getOrganization()` answers. Defaults to `organization`. */
    organization?: string;
    /** Seconds the program may run before preflight gives up. Defaults to `300`. */
    timeoutSeconds?: number;
    /** Called with a line of progress now and then. */
    progress?: (line: string) => void;
    /** Called with a note the user should read, e.g. an SDK preflight was not tested with. */
    warn?: (line: string) => void;
}

export interface Violation extends Diagnostic {
    /** Type and name of the resource the violation is on (empty for a stack-level violation without one). */
    resourceType: string;
    resourceName: string;
    /** Where the program constructed the resource, relative to the project directory. */
    location?: SourceLocation;
}

/**
 * What preflight could not check on a resource, and how to let it (a helm.v3.Release whose
 * chart was not rendered): a note beside the verdict, not a policy violation, so it never
 * changes the verdict or the exit code.
 */
export interface PreflightNote {
    /** The kind of note, e.g. `helm-release-not-rendered`. */
    id: string;
    message: string;
    urn: string;
    resourceType: string;
    resourceName: string;
    location?: SourceLocation;
}

/** A line of the user's code: a path relative to the project directory, with `/` separators. */
export interface SourceLocation {
    file: string;
    line: number;
    column: number;
}

export interface PreflightResult {
    project: { name: string; dir: string; stack: string; main: string };
    pack: PackInfo & { dir: string };
    /** The policy config file used, or `undefined` for the schema defaults. */
    configFile?: string;
    resources: number;
    violations: Violation[];
    /** What preflight could not check, in registration order. */
    notes: PreflightNote[];
}

/** This package's policy pack: `policypack/` at the package root, from the sources or from `dist/`. */
export const defaultPolicyPackDir = packageDir("policypack");

/** A directory of this package: the nearest `name` above this file (sources or compiled). */
function packageDir(name: string): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, name);
        if (fs.existsSync(path.join(candidate, "PulumiPolicy.yaml"))) {
            return candidate;
        }
        if (path.dirname(dir) === dir) {
            return path.join(__dirname, "..", name);
        }
    }
}

/**
 * Analyze requests in flight at once. While the program runs, this process sends and reads
 * them only between its registration turns: enough must be in flight to keep the pack busy
 * until the next turn (at 32 it fell thousands of resources behind on 300 tenants).
 */
const concurrency = 128;

/** Resources waiting for Analyze, taken by a few workers as the program registers them. */
class AnalyzeQueue {
    readonly results = new Map<MockedResource, Diagnostic[]>();
    private readonly items: MockedResource[] = [];
    private next = 0;
    private closed = false;
    private waiting: (() => void)[] = [];

    push(resource: MockedResource): void {
        this.items.push(resource);
        this.waiting.splice(0).forEach((wake) => wake());
    }

    /** No more resources will come: the workers stop once the queue is empty. */
    close(): void {
        this.closed = true;
        this.waiting.splice(0).forEach((wake) => wake());
    }

    /** Analyzes every resource pushed until `close`, with `workers` requests in flight. */
    async drain(
        pack: PolicyPackProcess,
        toRequest: (r: MockedResource) => AnalyzedResource,
        workers: number,
        progress: (done: number) => void,
    ): Promise<void> {
        await Promise.all(
            Array.from({ length: workers }, async () => {
                for (;;) {
                    if (this.next < this.items.length) {
                        const resource = this.items[this.next++];
                        this.results.set(resource, await pack.analyze(toRequest(resource)));
                        if (this.results.size % 500 === 0) {
                            progress(this.results.size);
                        }
                    } else if (this.closed) {
                        return;
                    } else {
                        await new Promise<void>((resolve) => this.waiting.push(resolve));
                    }
                }
            }),
        );
    }
}

export async function preflight(options: PreflightOptions): Promise<PreflightResult> {
    const progress = options.progress ?? (() => undefined);
    const project = loadProject(
        path.resolve(options.projectDir),
        options.stack,
        options.config,
        options.organization,
    );
    const packDir = path.resolve(options.policyPackDir ?? defaultPolicyPackDir);
    if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
        throw new Error(
            `--policy-pack ${displayPath(packDir)} is not a policy pack: it has no PulumiPolicy.yaml`,
        );
    }
    const defaultConfig = path.join(project.dir, "policy-config.json");
    const configFile =
        options.policyConfigFile ?? (fs.existsSync(defaultConfig) ? defaultConfig : undefined);
    const userConfig = configFile ? readJson(configFile) : {};

    // As the engine does, the pack starts while the program runs, and analyzes each resource
    // as it is registered: the program and the pack share the machine's cores.
    const starting = PolicyPackProcess.start(packDir);
    starting.catch(() => undefined);
    const queue = new AnalyzeQueue();
    const toRequest = (r: MockedResource): AnalyzedResource => ({
        type: r.type,
        name: r.name,
        urn: r.urn ?? `urn:pulumi:${project.stack}::${project.name}::${r.type}::${r.name}`,
        properties: r.inputs,
        parent: r.parent,
    });
    let pack: PolicyPackProcess | undefined;
    const analyzing = (async () => {
        pack = await starting;
        const info = await pack.info();
        const config = resolvePolicyConfig(info, userConfig);
        await pack.configure(config);
        await queue.drain(pack, toRequest, concurrency, (done) =>
            progress(`analyzed ${done} resources`),
        );
        // Each policy as this run configured it: the level the config file set, if any.
        return {
            ...info,
            policies: info.policies.map((p) => ({
                ...p,
                enforcementLevel: config[p.name]?.enforcementLevel ?? p.enforcementLevel,
            })),
        };
    })();
    analyzing.catch(() => undefined);
    try {
        progress(`running ${displayPath(project.main)} under mocks`);
        let run;
        try {
            run = await runProgram(project, {
                timeoutSeconds: options.timeoutSeconds,
                progress,
                warn: options.warn,
                onResource: (r) => queue.push(r),
            });
        } finally {
            queue.close();
        }
        const info = await analyzing;
        pack = pack!;
        // Located on demand, for the resources with violations: a resource registered where
        // no user frame is on the stack (inside an apply, say) is located where its nearest
        // located ancestor was constructed.
        const byRunUrn = new Map(run.resources.map((r) => [r.urn, r]));
        const located = new Map<string | undefined, SourceLocation | undefined>();
        const locationOf = (urn: string | undefined): SourceLocation | undefined => {
            if (!located.has(urn)) {
                const r = byRunUrn.get(urn);
                located.set(
                    urn,
                    r && (sourceLocation(r.stack, project.dir) ?? locationOf(r.parent)),
                );
            }
            return located.get(urn);
        };
        const resources = run.resources.map(toRequest);
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const violations: Violation[] = [];
        const locate = (r: AnalyzedResource | undefined, d: Diagnostic): Violation => {
            const urn = d.urn || r?.urn || "";
            const location = locationOf(urn);
            return {
                ...d,
                urn,
                resourceType: r?.type ?? "",
                resourceName: r?.name ?? "",
                ...(location ? { location } : {}),
            };
        };
        run.resources.forEach((r, i) =>
            violations.push(...(queue.results.get(r) ?? []).map((d) => locate(resources[i], d))),
        );
        const stackInputs = run.resources.map((r, i) => ({ ...resources[i], properties: r.state }));
        for (const d of await pack.analyzeStack(stackInputs)) {
            violations.push(locate(byUrn.get(d.urn), d));
        }
        const notes = run.resources.flatMap((r, i) =>
            (r.notes ?? []).map((n): PreflightNote => {
                const location = locationOf(resources[i].urn);
                return {
                    ...n,
                    urn: resources[i].urn,
                    resourceType: r.type,
                    resourceName: r.name,
                    ...(location ? { location } : {}),
                };
            }),
        );
        return {
            project: {
                name: project.name,
                dir: project.dir,
                stack: project.stack,
                main: project.main,
            },
            pack: { ...info, dir: packDir },
            configFile,
            resources: resources.length,
            violations,
            notes,
        };
    } finally {
        pack ??= await starting.catch(() => undefined);
        await pack?.close();
    }
}

/**
 * The line of the user's code that constructed a resource: the first frame of its call stack
 * in the project directory outside node_modules, else the first outside node_modules.
 */
export function sourceLocation(
    stack: { uri: string; line: number; column: number }[] | undefined,
    projectDir: string,
): SourceLocation | undefined {
    const files = (stack ?? []).flatMap((frame) => {
        try {
            return [sourcePosition(url.fileURLToPath(frame.uri), frame.line, frame.column)];
        } catch {
            return [];
        }
    });
    const outside = files.filter((f) => !f.file.split(path.sep).includes("node_modules"));
    const mine = outside.find((f) => !path.relative(projectDir, f.file).startsWith(".."));
    const frame = mine ?? outside[0];
    return frame
        ? {
              file: path.relative(projectDir, frame.file).split(path.sep).join("/"),
              line: frame.line,
              column: frame.column,
          }
        : undefined;
}

function readJson(file: string): Record<string, unknown> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`policy config ${file} is not readable JSON: ${(e as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new Error(`policy config ${file} must be a JSON object of policy names`);
    }
    return parsed as Record<string, unknown>;
}
