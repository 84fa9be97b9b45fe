// Preflight on an SDK it was not tested with: it runs when every internal it relies on is in
// place (saying so), and exits 2 naming the version and the tested range when one is not,
// never with a stack trace or a verdict.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkMockMonitor, loadSdk, SdkMismatch, untestedSdkNote } from "../../preflight/sdk";
import { testedPackages, withinRange } from "../../preflight/tested-versions";
import { fixture, repoRoot, runCli } from "./run-cli";

const realSdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

/**
 * A project running the `small` fixture on a copy of the SDK that says it is `version`: every
 * file a link to the real one (so the program and @pulumi/aws share one SDK), but for the
 * files in `replaced`, given new contents.
 */
function projectWithSdk(version: string, replaced: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-eks-sdk-"));
    for (const file of ["Pulumi.yaml", "Pulumi.test.yaml", "index.ts"]) {
        fs.copyFileSync(path.join(repoRoot, fixture("small"), file), path.join(dir, file));
    }
    const modules = path.join(dir, "node_modules", "@pulumi");
    fs.mkdirSync(modules, { recursive: true });
    fs.symlinkSync(
        path.join(repoRoot, "node_modules", "@pulumi", "aws"),
        path.join(modules, "aws"),
    );
    const sdk = path.join(modules, "pulumi");
    const mirror = (from: string, to: string) => {
        fs.mkdirSync(to, { recursive: true });
        for (const entry of fs.readdirSync(from)) {
            const relative = path.relative(realSdk, path.join(from, entry));
            if (Object.keys(replaced).some((r) => r.startsWith(`${relative}${path.sep}`))) {
                mirror(path.join(from, entry), path.join(to, entry));
            } else if (relative in replaced) {
                fs.writeFileSync(path.join(to, entry), replaced[relative]);
            } else if (entry !== "package.json" || from !== realSdk) {
                fs.symlinkSync(path.join(from, entry), path.join(to, entry));
            }
        }
    };
    mirror(realSdk, sdk);
    const manifest = JSON.parse(fs.readFileSync(path.join(realSdk, "package.json"), "utf8"));
    fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ ...manifest, version }));
    return dir;
}

describe("preflight on an SDK outside the tested range", function () {
    this.timeout(120_000);
    const made: string[] = [];
    after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("loads this repository's SDK, every internal in the shape preflight uses", () => {
        const sdk = loadSdk(realSdk);
        assert.ok(withinRange(sdk.version, testedPackages["@pulumi/pulumi"]), sdk.version);
        assert.strictEqual(untestedSdkNote(sdk), undefined);
        assert.strictEqual(typeof sdk.debuggable.debuggablePromise, "function");
        assert.ok(sdk.Resource.framePositionRegExp instanceof RegExp);
    });

    it("names every internal that is missing or changed, the SDK's version and the tested range", () => {
        const dir = projectWithSdk("3.999.0", {
            [path.join("runtime", "debuggable.js")]: "exports.somethingElse = 1;\n",
            [path.join("runtime", "rpc.js")]: "exports.deserializeProperties = () => ({});\n",
        });
        made.push(dir);
        const sdkDir = path.join(dir, "node_modules", "@pulumi", "pulumi");
        assert.throws(
            () => loadSdk(sdkDir),
            (e: Error) =>
                e instanceof SdkMismatch &&
                e.message ===
                    "preflight relies on internals of @pulumi/pulumi that 3.999.0 does not have in the " +
                        "shape it uses (runtime/rpc serializeProperties is missing or not what it was; " +
                        "runtime/debuggable debuggablePromise is missing or not what it was). Preflight " +
                        "is tested with @pulumi/pulumi 3.248.0 to 3.276.0: install one of those for " +
                        "preflight, or check the program with `pulumi preview --policy-pack`",
        );
    });

    it("checks the mock monitor setMocks installs: registerResource, newUrn and a Map of resources", () => {
        const sdk = loadSdk(realSdk);
        assert.throws(
            () => checkMockMonitor(sdk, { registerResource: () => undefined, newUrn: () => "" }),
            /MockMonitor\.resources \(a Map\) is missing or not what it was\)/,
        );
        assert.doesNotThrow(() =>
            checkMockMonitor(sdk, {
                registerResource: () => undefined,
                newUrn: () => "",
                resources: new Map(),
            }),
        );
    });

    it("exits 2 with that message, not a stack trace, when the program's SDK lacks one", async () => {
        const dir = projectWithSdk("3.999.0", {
            [path.join("runtime", "debuggable.js")]: "exports.somethingElse = 1;\n",
        });
        made.push(dir);
        for (const command of [
            ["preflight", dir],
            ["can-i", "get", "pods", "--as", "user:alice", dir],
        ]) {
            const run = await runCli(...command);
            assert.strictEqual(run.code, 2, run.stderr);
            assert.match(
                run.stderr,
                /failed: (the program \S+ failed: )?preflight relies on internals of @pulumi\/pulumi that 3\.999\.0 does not have in the shape it uses \(runtime\/debuggable debuggablePromise is missing or not what it was\)\. Preflight is tested with @pulumi\/pulumi 3\.248\.0 to 3\.276\.0/,
            );
            assert.doesNotMatch(run.stderr, /\n\s+at /);
            assert.strictEqual(run.stdout, "");
        }
    });

    it("runs, and notes the tested range, on an untested SDK whose internals are all in place", async () => {
        const dir = projectWithSdk("3.999.0");
        made.push(dir);
        const pass = await runCli("preflight", dir);
        assert.strictEqual(pass.code, 0, pass.stderr);
        assert.match(pass.stdout, /Verdict: pass/);
        assert.match(
            pass.stderr,
            /^note: preflight is tested with @pulumi\/pulumi 3\.248\.0 to 3\.276\.0, and this program uses 3\.999\.0: every internal preflight relies on is in place, so it runs/m,
        );
        const fail = await runCli("preflight", dir, "--config", "action=*");
        assert.strictEqual(fail.code, 1, fail.stderr);
    });
});
