// Preflight: runs a program under mocks, starts the policy pack as the engine does, and
// gathers its verdict: Analyze for each resource, AnalyzeStack once.
import * as fs from "fs";
import * as path from "path";
import { AnalyzedResource, Diagnostic, PackInfo, PolicyPackProcess } from "./analyzer-client";
import { resolvePolicyConfig } from "./policy-config";
import { displayPath, loadProject } from "./project";
import { runProgram } from "./runner";

export interface PreflightOptions {
    projectDir: string;
    /** Defaults to this package's `policypack/`. */
    policyPackDir?: string;
    /** A `--policy-pack-config` file. Defaults to `<projectDir>/policy-config.json` when it exists. */
    policyConfigFile?: string;
    stack?: string;
    /** `key=value` pairs, as `pulumi config set` would store them. */
    config?: string[];
    /** Called with a line of progress now and then. */
    progress?: (line: string) => void;
}

export interface Violation extends Diagnostic {
    /** Type and name of the resource the violation is on (empty for a stack-level violation without one). */
    resourceType: string;
    resourceName: string;
}

export interface PreflightResult {
    project: { name: string; dir: string; stack: string; main: string };
    pack: PackInfo & { dir: string };
    /** The policy config file used, or `undefined` for the schema defaults. */
    configFile?: string;
    resources: number;
    violations: Violation[];
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

/** Analyze requests in flight at once: the pack's gRPC server handles them concurrently. */
const concurrency = 32;

export async function preflight(options: PreflightOptions): Promise<PreflightResult> {
    const progress = options.progress ?? (() => undefined);
    const project = loadProject(path.resolve(options.projectDir), options.stack, options.config);
    const packDir = path.resolve(options.policyPackDir ?? defaultPolicyPackDir);
    const defaultConfig = path.join(project.dir, "policy-config.json");
    const configFile =
        options.policyConfigFile ?? (fs.existsSync(defaultConfig) ? defaultConfig : undefined);
    const userConfig = configFile ? readJson(configFile) : {};

    // The pack starts while the program runs.
    const starting = PolicyPackProcess.start(packDir);
    starting.catch(() => undefined);
    let pack: PolicyPackProcess | undefined;
    try {
        progress(`running ${displayPath(project.main)} under mocks`);
        const run = await runProgram(project);
        pack = await starting;
        const info = await pack.info();
        await pack.configure(resolvePolicyConfig(info, userConfig));
        const resources: AnalyzedResource[] = run.resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn ?? `urn:pulumi:${project.stack}::${project.name}::${r.type}::${r.name}`,
            properties: r.inputs,
            parent: r.parent,
        }));
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const violations: Violation[] = [];
        const locate = (r: AnalyzedResource | undefined, d: Diagnostic): Violation => ({
            ...d,
            urn: d.urn || r?.urn || "",
            resourceType: r?.type ?? "",
            resourceName: r?.name ?? "",
        });
        for (let i = 0; i < resources.length; i += concurrency) {
            const batch = resources.slice(i, i + concurrency);
            const results = await Promise.all(batch.map((r) => pack!.analyze(r)));
            results.forEach((ds, j) => violations.push(...ds.map((d) => locate(batch[j], d))));
            progress(
                `analyzed ${Math.min(i + concurrency, resources.length)} of ${resources.length} resources`,
            );
        }
        const stackInputs = run.resources.map((r, i) => ({ ...resources[i], properties: r.state }));
        for (const d of await pack.analyzeStack(stackInputs)) {
            violations.push(locate(byUrn.get(d.urn), d));
        }
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
        };
    } finally {
        pack ??= await starting.catch(() => undefined);
        await pack?.close();
    }
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
