// Which TypeScript and ts-node preflight compiles a program with: the ones the language host
// would use (@pulumi/pulumi tsutils.js:49-78), never its own. The installed package has none:
// tests/package/compat.test.ts runs it in a project with TypeScript 5 and the SDK's vendored
// ts-node, and in one with only the SDK's vendored copies.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { registerTypeScript, typeScriptFor } from "../../preflight/typescript";
import { runCli } from "./run-cli";

const realSdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/** An SDK directory in a project with no TypeScript, holding the SDK's vendor folder or not. */
function bareSdk(withVendor: boolean): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-eks-ts-"));
    const sdk = path.join(dir, "node_modules", "@pulumi", "pulumi");
    fs.mkdirSync(sdk, { recursive: true });
    if (withVendor) {
        fs.symlinkSync(path.join(realSdk, "vendor"), path.join(sdk, "vendor"));
    }
    return sdk;
}

describe("preflight compiles TypeScript as the language host would", () => {
    const made: string[] = [];
    after(() =>
        made.forEach((d) =>
            fs.rmSync(d.split("node_modules")[0], { recursive: true, force: true }),
        ),
    );

    it("takes the project's own typescript and ts-node when it installs them (resolved from its SDK)", () => {
        assert.deepStrictEqual(typeScriptFor(realSdk), {
            typescript: require.resolve("typescript"),
            tsNode: require.resolve("ts-node"),
        });
    });

    it("falls back to the SDK's vendored TypeScript 3.8.3 and ts-node 7.0.1, as tsutils.js does", () => {
        const sdk = bareSdk(true);
        made.push(sdk);
        // The vendor folder here links to this repository's SDK's, and Node resolves links.
        assert.deepStrictEqual(typeScriptFor(sdk), {
            typescript: path.join(realSdk, "vendor", "typescript@3.8.3", "typescript.js"),
            tsNode: path.join(realSdk, "vendor", "ts-node@7.0.1", "index.js"),
        });
    });

    it("refuses a TypeScript program with neither, saying what to install; a JavaScript one runs", () => {
        const sdk = bareSdk(false);
        made.push(sdk);
        const project = sdk.split(`${path.sep}node_modules`)[0];
        assert.strictEqual(typeScriptFor(sdk), undefined);
        // The tests run under ts-node, which registerTypeScript leaves alone: unregister it
        // for the call, which throws before it registers anything.
        const registered = require.extensions[".ts"];
        delete require.extensions[".ts"];
        try {
            assert.throws(
                () => registerTypeScript(project, path.join(project, "index.ts"), sdk),
                (e: Error) =>
                    e.message.endsWith(
                        "index.ts is TypeScript, and neither the project nor its @pulumi/pulumi provides " +
                            "`typescript` and `ts-node` (the SDK's vendored copies are missing too): run " +
                            `\`npm install --save-dev typescript ts-node\` in ${path.relative(process.cwd(), project)}`,
                    ),
            );
            assert.doesNotThrow(() =>
                registerTypeScript(project, path.join(project, "index.js"), sdk),
            );
            assert.strictEqual(require.extensions[".ts"], undefined);
        } finally {
            require.extensions[".ts"] = registered;
        }
    });

    it('refuses an ES module project ("type": "module"), which the host runs through ts-node\'s ESM hooks, naming the way out', async () => {
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-eks-esm-"));
        made.push(path.join(project, "node_modules"));
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: esm\nruntime: nodejs\n");
        fs.writeFileSync(path.join(project, "package.json"), '{ "type": "module" }');
        fs.writeFileSync(path.join(project, "index.ts"), "export const x = 1;\n");
        const run = await runCli("preflight", project);
        assert.strictEqual(run.code, 2);
        assert.strictEqual(
            run.stderr,
            `preflight failed: ${path.relative(path.join(__dirname, "..", ".."), path.join(project, "package.json"))} ` +
                'makes the program an ES module ("type": "module"), and preflight runs CommonJS ' +
                "programs only: check it with `pulumi preview --policy-pack`\n",
        );
    });
});
