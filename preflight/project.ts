// Reads a Pulumi project directory as the CLI does: Pulumi.yaml (name, runtime, main) and
// the stack's Pulumi.<stack>.yaml config, with `--config key=value` on top.
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

export interface Project {
    dir: string;
    name: string;
    /** The Pulumi organization `pulumi.getOrganization()` answers. */
    organization: string;
    /** Absolute path of the program's entry file. */
    main: string;
    stack: string;
    /** Config as the SDK reads it: `namespace:key` to a string (objects as JSON). */
    config: Record<string, string>;
    /** Keys whose values are secrets in the stack file (preflight cannot decrypt them). */
    secretKeys: string[];
    /** Settings for the mocks, from `preflight-mocks.json` beside Pulumi.yaml. */
    mockSettings: Record<string, unknown>;
}

/** A path as messages show it: relative to the working directory when that is shorter to read. */
export function displayPath(file: string): string {
    return path.relative(process.cwd(), file) || file;
}

/** Placeholder for config values encrypted in the stack file. */
export const secretPlaceholder = "preflight-secret";

function readYaml(file: string): Record<string, unknown> {
    const loaded = yaml.load(fs.readFileSync(file, "utf8"));
    if (typeof loaded !== "object" || loaded === null || Array.isArray(loaded)) {
        throw new Error(`${file} is not a YAML mapping`);
    }
    return loaded as Record<string, unknown>;
}

/**
 * Loads the project in `dir` for `stack` (default: `dev` if it has a stack file, else the only
 * one, else `preflight`). A stack needs no stack file: its config is then the project's
 * defaults and `overrides`.
 */
export function loadProject(
    dir: string,
    stack?: string,
    overrides: string[] = [],
    organization = "organization",
): Project {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"]
        .map((f) => path.join(dir, f))
        .find((f) => fs.existsSync(f));
    if (!projectFile) {
        throw new Error(`${dir} has no Pulumi.yaml: pass the directory of a Pulumi project`);
    }
    const project = readYaml(projectFile);
    const name = project.name;
    if (typeof name !== "string" || name === "") {
        throw new Error(`${projectFile} has no name`);
    }
    const runtime =
        typeof project.runtime === "object" && project.runtime !== null
            ? (project.runtime as { name?: unknown }).name
            : project.runtime;
    if (runtime !== "nodejs") {
        throw new Error(
            `${projectFile} has runtime ${JSON.stringify(runtime)}: preflight runs nodejs (TypeScript or JavaScript) programs only; ` +
                "check this one with `pulumi preview --policy-pack <hardened-eks>/policypack`",
        );
    }
    const stacks = fs.readdirSync(dir).flatMap((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1] ?? []);
    const chosen =
        stack ?? (stacks.includes("dev") ? "dev" : stacks.length === 1 ? stacks[0] : "preflight");
    const stackFile = ["yaml", "yml"]
        .map((e) => path.join(dir, `Pulumi.${chosen}.${e}`))
        .find((f) => fs.existsSync(f));
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const qualify = (key: string) => (key.includes(":") ? key : `${name}:${key}`);
    const raw = stackFile ? ((readYaml(stackFile).config ?? {}) as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(raw)) {
        if (typeof value === "object" && value !== null && "secure" in value) {
            config[qualify(key)] = secretPlaceholder;
            secretKeys.push(qualify(key));
        } else {
            config[qualify(key)] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    for (const pair of overrides) {
        const eq = pair.indexOf("=");
        if (eq <= 0) {
            throw new Error(`--config ${JSON.stringify(pair)} is not key=value`);
        }
        config[qualify(pair.slice(0, eq))] = pair.slice(eq + 1);
    }
    applyProjectConfig(projectFile, name, project.config, config);
    const mocksFile = path.join(dir, "preflight-mocks.json");
    const mockSettings = fs.existsSync(mocksFile)
        ? (JSON.parse(fs.readFileSync(mocksFile, "utf8")) as Record<string, unknown>)
        : {};
    return {
        dir,
        name,
        organization,
        main: resolveMain(dir, project.main),
        stack: chosen,
        config,
        secretKeys,
        mockSettings,
    };
}

/**
 * The project's own config (Pulumi.yaml `config:`): each key's default where the stack sets
 * none, and its declared type checked as the CLI checks it. A key without a namespace is the
 * project's; a plain value is a default (`aws:region: us-west-2`).
 */
function applyProjectConfig(
    projectFile: string,
    project: string,
    declared: unknown,
    config: Record<string, string>,
): void {
    if (typeof declared !== "object" || declared === null) {
        return;
    }
    for (const [rawKey, spec] of Object.entries(declared)) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const typed = typeof spec === "object" && spec !== null && !Array.isArray(spec);
        const { type, default: fallback } = typed
            ? (spec as { type?: string; default?: unknown })
            : { type: undefined, default: spec };
        if (config[key] === undefined && fallback !== undefined) {
            config[key] = typeof fallback === "string" ? fallback : JSON.stringify(fallback);
        }
        const value = config[key];
        if (value === undefined || type === undefined) {
            continue;
        }
        const fits: Record<string, (v: string) => boolean> = {
            string: () => true,
            integer: (v) => /^-?\d+$/.test(v),
            boolean: (v) => v === "true" || v === "false",
            array: (v) => Array.isArray(parseJson(v)),
            object: (v) => typeof parseJson(v) === "object" && !Array.isArray(parseJson(v)),
        };
        if (fits[type] && !fits[type](value)) {
            throw new Error(
                `config ${key} is ${JSON.stringify(value)}, but ${projectFile} declares it of type ${type}: ` +
                    `pass --config ${rawKey}=<${type}> or fix Pulumi.<stack>.yaml`,
            );
        }
    }
}

function parseJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

function resolveMain(dir: string, main: unknown): string {
    const base = typeof main === "string" ? path.resolve(dir, main) : dir;
    if (fs.existsSync(base) && fs.statSync(base).isFile()) {
        return base;
    }
    const pkg = path.join(base, "package.json");
    const pkgMain = fs.existsSync(pkg)
        ? (JSON.parse(fs.readFileSync(pkg, "utf8")) as { main?: string }).main
        : undefined;
    const candidates = [
        pkgMain && path.resolve(base, pkgMain),
        path.join(base, "index.ts"),
        path.join(base, "index.js"),
    ];
    const found = candidates.find(
        (c): c is string => typeof c === "string" && fs.existsSync(c) && fs.statSync(c).isFile(),
    );
    if (!found) {
        throw new Error(`${dir} has no program: no index.ts or index.js in ${base}`);
    }
    return found;
}
