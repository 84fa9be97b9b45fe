// Runs a Pulumi program under the preflight mocks, in this process, and records every
// resource it registers: type, name, URN (parent chain included), inputs and state.
import * as path from "path";
import { MockedResource, ProgramMocks } from "./mocks";
import { installMocks, loadSdk, settled } from "./mock-engine";
import { Project } from "./project";

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
    registerTypeScript();

    const failures: unknown[] = [];
    const onFailure = (e: unknown) => failures.push(e);
    process.on("unhandledRejection", onFailure);
    process.on("uncaughtException", onFailure);
    try {
        await sdk.pulumi.runtime.runInPulumiStack(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = require(project.main);
            return typeof exported === "function" ? await exported() : exported;
        });
        await settled(sdk);
    } catch (e) {
        failures.unshift(e);
    } finally {
        process.off("unhandledRejection", onFailure);
        process.off("uncaughtException", onFailure);
    }
    if (failures.length > 0) {
        const first = failures[0] as Error;
        throw new ProgramError(
            `the program ${path.relative(process.cwd(), project.main) || project.main} failed: ${first?.message ?? String(first)}`,
        );
    }
    return { project, resources: mocks.resources.filter((r) => r.type !== "pulumi:pulumi:Stack") };
}

/** Compiles TypeScript programs on the fly (transpile only, as `pulumi preview` would after type-checking). */
function registerTypeScript(): void {
    if (!require.extensions[".ts"]) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("ts-node").register({
            transpileOnly: true,
            compilerOptions: { module: "commonjs" },
        });
    }
}
