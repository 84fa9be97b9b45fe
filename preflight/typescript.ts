// How preflight compiles a TypeScript program: with the TypeScript and ts-node the Pulumi
// language host would use for it. The host (pulumi-language-nodejs) runs a program through
// its own @pulumi/pulumi's `cmd/run` (run.js:300, the same in 3.248.0 and 3.276.0), which asks
// `typeScriptRequireStrings()` (tsutils.js:49-78): `require("typescript")` and
// `require("ts-node")` from the SDK's own directory, so the project's copies when it installs
// them (they are optional peer dependencies of @pulumi/pulumi), else the copies vendored in
// the SDK (vendor/typescript@3.8.3, vendor/ts-node@7.0.1). hardened-eks ships no TypeScript.
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { displayPath } from "./project";

/** The modules a TypeScript program is compiled with, and where they came from. */
export interface TypeScriptModules {
    /** What `require()` takes for `typescript`: a resolved path. */
    typescript: string;
    /** What `require()` takes for `ts-node`: a resolved path. */
    tsNode: string;
}

/** A module as the SDK's tsutils.js resolves it: from the SDK's directory, else its vendored copy. */
function resolveLikeSdk(name: string, sdkDir: string, vendored: string): string | undefined {
    try {
        return require.resolve(name, { paths: [sdkDir] });
    } catch {
        const copy = path.join(sdkDir, "vendor", vendored);
        try {
            return require.resolve(copy);
        } catch {
            return undefined;
        }
    }
}

/** `typescript` and `ts-node` for a program whose @pulumi/pulumi is at `sdkDir`; undefined if either is missing. */
export function typeScriptFor(sdkDir: string): TypeScriptModules | undefined {
    const typescript = resolveLikeSdk(
        "typescript",
        sdkDir,
        path.join("typescript@3.8.3", "typescript.js"),
    );
    const tsNode = resolveLikeSdk("ts-node", sdkDir, "ts-node@7.0.1");
    return typescript && tsNode ? { typescript, tsNode } : undefined;
}

/**
 * Compiles TypeScript on the fly for the program `main` of the project in `projectDir`, with
 * the options the language host gives ts-node (run.js:300-359): the project's tsconfig.json
 * when it has one (skipProject otherwise, run.js:241), and target ES2020, `module` and
 * `moduleResolution` NodeNext from TypeScript 4.7 on (CommonJS and Node before), source maps,
 * under the tsconfig's own compilerOptions. Transpile only: the host type-checks unless told
 * not to; preflight judges, `tsc` checks types. Nothing to do when `.ts` is already registered
 * (preflight's own tests, under ts-node). Throws when the program is TypeScript and neither the
 * project nor its SDK has the compiler.
 */
export function registerTypeScript(projectDir: string, main: string, sdkDir: string): void {
    if (require.extensions[".ts"]) {
        return;
    }
    const modules = typeScriptFor(sdkDir);
    if (!modules) {
        if (/\.[cm]?tsx?$/.test(main)) {
            throw new Error(
                `${displayPath(main)} is TypeScript, and neither the project nor its @pulumi/pulumi ` +
                    "provides `typescript` and `ts-node` (the SDK's vendored copies are missing too): " +
                    `run \`npm install --save-dev typescript ts-node\` in ${displayPath(projectDir)}`,
            );
        }
        return;
    }
    const tsconfig = path.join(projectDir, "tsconfig.json");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts: TypeScriptCompiler = require(modules.typescript);
    const nodeNext = semver.gte(semver.coerce(ts.version) ?? "0.0.0", "4.7.0");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(modules.tsNode).register({
        compiler: modules.typescript,
        transpileOnly: true,
        project: tsconfig,
        skipProject: !fs.existsSync(tsconfig),
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: true,
            ...tsconfigCompilerOptions(ts, tsconfig),
        },
    });
}

/** The parts of the TypeScript module read here. */
interface TypeScriptCompiler {
    version: string;
    parseConfigFileTextToJson(
        file: string,
        text: string,
    ): { config?: { compilerOptions?: Record<string, unknown> } };
}

/** A tsconfig.json's own compilerOptions, read as the SDK reads them (tsutils.js:29-42); none if it has none. */
function tsconfigCompilerOptions(ts: TypeScriptCompiler, file: string): Record<string, unknown> {
    try {
        return (
            ts.parseConfigFileTextToJson(file, fs.readFileSync(file, "utf8")).config
                ?.compilerOptions ?? {}
        );
    } catch {
        return {};
    }
}
