// Runs a Pulumi program under the preflight mocks, in this process, and records every
// resource it registers: type, name, URN (parent chain included), inputs and state.
import * as path from "path";
import { MockedResource, ProgramMocks } from "./mocks";
import { installMocks, loadSdk, settled } from "./mock-engine";
import { displayPath, Project } from "./project";

export interface ProgramRun {
    project: Project;
    /** Every resource but the root stack, in registration order. */
    resources: MockedResource[];
}

/** The program failed to run: it threw, or an invoke or registration failed. */
export class ProgramError extends Error {}

/** Runs the project's program under mocks. Call once per process: the SDK's state is global. */
export async function runProgram(project: Project): Promise<ProgramRun> {
    // The program must see the mocks on its own copy of the SDK, which may not be ours.
    const sdkDir = path.dirname(
        require.resolve("@pulumi/pulumi/package.json", { paths: [path.dirname(project.main)] }),
    );
    const sdk = loadSdk(sdkDir);
    const settings = project.mockSettings;
    const region = (settings.region as string | undefined) ?? project.config["aws:region"];
    const mocks = new ProgramMocks({ ...settings, region });
    installMocks(mocks, project.name, project.stack, sdk);
    sdk.pulumi.runtime.setAllConfig(project.config, project.secretKeys);
    registerTypeScript(project.dir);

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
    const keepAlive = setInterval(() => undefined, 1000);
    try {
        await Promise.race([
            (async () => {
                await sdk.pulumi.runtime.runInPulumiStack(async () => {
                    // eslint-disable-next-line @typescript-eslint/no-require-imports
                    const exported = require(project.main);
                    return typeof exported === "function" ? await exported() : exported;
                });
                await settled(sdk);
                // A failed registration rejects after the RPC queue drains: let it surface.
                for (let i = 0; i < 3; i++) {
                    await new Promise((resolve) => setImmediate(resolve));
                }
            })(),
            firstFailure,
        ]);
    } catch (e) {
        failures.unshift(e);
    } finally {
        clearInterval(keepAlive);
    }
    if (failures.length > 0) {
        // Tells the SDK an error was reported, so it does not also warn of leaked promises.
        (sdk.state.getStore().logErrorCount as number)++;
        const first = failures[0] as Error;
        throw new ProgramError(
            `the program ${displayPath(project.main)} failed: ${first?.message ?? String(first)}`,
        );
    }
    return { project, resources: mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack") };
}

/**
 * Compiles TypeScript programs on the fly (transpile only, as `pulumi preview` would after
 * type-checking), with the project's own ts-node when it has one, as the language host does.
 */
function registerTypeScript(projectDir: string): void {
    if (!require.extensions[".ts"]) {
        const tsNode = require.resolve("ts-node", { paths: [projectDir, __dirname] });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(tsNode).register({
            transpileOnly: true,
            compilerOptions: { module: "commonjs" },
        });
    }
}
