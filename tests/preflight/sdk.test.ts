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

/**
 * A project on a full copy of the SDK, edited: the SDK's own modules see the edits (a linked
 * copy would load the real ones). Every other package is linked from this repository; the
 * program uses @pulumi/pulumi alone, so nothing else loads a second SDK.
 */
function projectWithEditedSdk(edits: Record<string, (text: string) => string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-eks-sdk-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: edited\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        [
            'import * as pulumi from "@pulumi/pulumi";',
            "const policy = JSON.stringify({",
            '    Version: "2012-10-17",',
            '    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],',
            "});",
            'new (pulumi.CustomResource as any)("aws:iam/policy:Policy", "admin", { policy });',
            "",
        ].join("\n"),
    );
    const modules = path.join(dir, "node_modules");
    fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
    for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
        if (entry !== "@pulumi" && !entry.startsWith(".")) {
            fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
        }
    }
    const sdk = path.join(modules, "@pulumi", "pulumi");
    fs.cpSync(realSdk, sdk, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(sdk, "package.json"), "utf8"));
    fs.writeFileSync(
        path.join(sdk, "package.json"),
        JSON.stringify({ ...manifest, version: "3.999.0" }),
    );
    for (const [file, edit] of Object.entries(edits)) {
        const text = fs.readFileSync(path.join(sdk, file), "utf8");
        const edited = edit(text);
        assert.notStrictEqual(edited, text, `the edit of ${file} changed nothing`);
        fs.writeFileSync(path.join(sdk, file), edited);
    }
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

    // Each edit keeps the SDK working for a program of its own, and would change preflight's
    // verdict unseen: the probe registration, or the monitor check, stops it first.
    for (const [what, edits, problem] of [
        [
            "reads a registration's answer past the Struct's toJavaScript",
            {
                [path.join("runtime", "rpc.js")]: (t: string) =>
                    t.replace(
                        "const outputs = outputsStruct.toJavaScript();",
                        "const outputs = Object.getPrototypeOf(outputsStruct).toJavaScript.call(outputsStruct);",
                    ),
            },
            "a registration's answer reads back as undefined",
        ],
        [
            "sends no stack trace with a registration",
            {
                [path.join("runtime", "resource.js")]: (t: string) =>
                    t.replaceAll("req.setStacktrace(marshalStackTrace(stackTrace));", ""),
            },
            "a registration request carries no stack trace",
        ],
        [
            "renames the mock monitor's newUrn",
            {
                [path.join("runtime", "mocks.js")]: (t: string) =>
                    t.replaceAll("newUrn(", "makeUrn("),
            },
            "MockMonitor.newUrn is missing or not what it was",
        ],
    ] as const) {
        it(`exits 2, before any note that all is in place, on an SDK that ${what}`, async () => {
            const dir = projectWithEditedSdk(edits);
            made.push(dir);
            const run = await runCli("preflight", dir, "--format", "json");
            assert.strictEqual(run.code, 2, run.stderr);
            assert.strictEqual(
                run.stderr,
                "preflight failed: preflight relies on internals of @pulumi/pulumi that 3.999.0 " +
                    `does not have in the shape it uses (${problem}). Preflight is tested with ` +
                    "@pulumi/pulumi 3.248.0 to 3.276.0: install one of those for preflight, or check " +
                    "the program with `pulumi preview --policy-pack`\n",
            );
            assert.strictEqual(JSON.parse(run.stdout).verdict, "error");
        });
    }

    it("gives its verdict on the same copied SDK unedited: the edits alone stop it", async () => {
        const dir = projectWithEditedSdk({});
        made.push(dir);
        const run = await runCli("preflight", dir);
        assert.strictEqual(run.code, 1, run.stderr);
        assert.match(run.stdout, /iam-no-wildcard-permissions/);
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
