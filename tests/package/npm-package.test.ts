// The npm package as a user gets it: `npm pack` (which builds it), the tarball installed into
// a fresh consumer project (tests/package/consumer) beside its own Pulumi SDKs, and there:
// the components imported from compiled JavaScript with their types, the consumer's own
// mocha test written the documented Pulumi way, and `npx hardened-eks preflight .` with the
// policy pack from the installed package.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const repoRoot = path.join(__dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

/** The version of a package installed here, so the consumer gets the same peers. */
const installed = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8"))
        .version as string;

function run(command: string, args: string[], cwd: string) {
    const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the npm package, installed into a fresh project", function () {
    this.timeout(600_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-eks-package-"));
    const consumer = path.join(work, "consumer");
    let files: string[] = [];

    before(() => {
        // Builds through prepack, as `npm publish` does (this repository's .npmrc turns
        // scripts off for installs; packing is ours to run).
        const packed = JSON.parse(
            execFileSync(
                npm,
                ["pack", "--ignore-scripts=false", "--json", "--pack-destination", work],
                { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
            ),
        )[0];
        files = packed.files.map((f: { path: string }) => f.path);
        fs.cpSync(path.join(__dirname, "consumer"), consumer, { recursive: true });
        const manifest = {
            name: "consumer",
            version: "1.0.0",
            private: true,
            dependencies: {
                "hardened-eks": `file:../${packed.filename}`,
                "@pulumi/pulumi": installed("@pulumi/pulumi"),
                "@pulumi/aws": installed("@pulumi/aws"),
                "@pulumi/kubernetes": installed("@pulumi/kubernetes"),
            },
            devDependencies: Object.fromEntries(
                ["mocha", "ts-node", "typescript", "@types/mocha", "@types/node"].map((n) => [
                    n,
                    installed(n),
                ]),
            ),
        };
        fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify(manifest, null, 2));
        const install = run(
            npm,
            ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"],
            consumer,
        );
        assert.strictEqual(install.code, 0, install.stderr);
    });

    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("holds compiled JavaScript, declarations, the bin and the policy pack, and nothing of the repository's", () => {
        for (const expected of [
            "dist/index.js",
            "dist/index.d.ts",
            "dist/components/cluster.js",
            "dist/components/cluster.d.ts",
            "dist/preflight/cli.js",
            "bin/hardened-eks.js",
            "policypack/index.js",
            "policypack/package.json",
            "policypack/PulumiPolicy.yaml",
            "policypack/dist/index.js",
            "README.md",
        ]) {
            assert.ok(files.includes(expected), `${expected} missing from the tarball`);
        }
        const strays = files.filter(
            (f) =>
                /^(tests|bench|examples|\.ci|\.github)\//.test(f) ||
                (f.endsWith(".ts") && !f.endsWith(".d.ts")),
        );
        assert.deepStrictEqual(strays, []);
    });

    it("declares the Pulumi SDKs as peer dependencies, so the user's own copies are used", () => {
        const manifest = JSON.parse(
            fs.readFileSync(
                path.join(consumer, "node_modules", "hardened-eks", "package.json"),
                "utf8",
            ),
        );
        assert.deepStrictEqual(Object.keys(manifest.peerDependencies).sort(), [
            "@pulumi/aws",
            "@pulumi/kubernetes",
            "@pulumi/pulumi",
        ]);
        assert.strictEqual(manifest.private, undefined);
        for (const peer of Object.keys(manifest.peerDependencies)) {
            assert.ok(!(peer in (manifest.dependencies ?? {})), peer);
            assert.ok(
                !fs.existsSync(
                    path.join(consumer, "node_modules", "hardened-eks", "node_modules", peer),
                ),
                `a second copy of ${peer}`,
            );
        }
    });

    it("imports the components from compiled JavaScript, and type-checks the user's program against them", () => {
        const imported = run(
            process.execPath,
            [
                "-e",
                "const h = require('hardened-eks'); console.log(require.resolve('hardened-eks'), typeof h.HardenedCluster, typeof h.hardenEksCluster)",
            ],
            consumer,
        );
        assert.strictEqual(imported.code, 0, imported.stderr);
        assert.match(
            imported.stdout.trim(),
            /node_modules[\\/]hardened-eks[\\/]dist[\\/]index\.js function function$/,
        );
        const typecheck = run(npx, ["tsc", "--noEmit", "-p", "."], consumer);
        assert.strictEqual(typecheck.code, 0, typecheck.stdout + typecheck.stderr);
    });

    it("runs the user's own mocha test, written with pulumi.runtime.setMocks", () => {
        const test = run(
            npx,
            ["mocha", "-r", "ts-node/register", "--timeout", "60000", "test/*.spec.ts"],
            consumer,
        );
        assert.strictEqual(test.code, 0, test.stdout + test.stderr);
        assert.match(test.stdout, /3 passing/);
    });

    it("runs `npx hardened-eks preflight .` with the installed policy pack: 0 with its config, 1 without", () => {
        const pass = run(npx, ["hardened-eks", "preflight", ".", "--format", "json"], consumer);
        assert.strictEqual(pass.code, 0, pass.stderr);
        const report = JSON.parse(pass.stdout);
        assert.strictEqual(report.verdict, "pass");
        assert.match(report.policyPack.dir, /node_modules[\\/]hardened-eks[\\/]policypack$/);
        assert.ok(report.counts.resources > 30, `${report.counts.resources} resources`);
        const empty = path.join(work, "empty-config.json");
        fs.writeFileSync(empty, "{}");
        const fail = run(
            npx,
            ["hardened-eks", "preflight", ".", "--policy-pack-config", empty, "--format", "json"],
            consumer,
        );
        assert.strictEqual(fail.code, 1, fail.stderr);
        assert.deepStrictEqual(
            [
                ...new Set(
                    JSON.parse(fail.stdout)
                        .violations.filter((v: any) => v.level === "mandatory")
                        .map((v: any) => v.policy),
                ),
            ],
            ["eks-no-unlisted-cluster-admin"],
        );
    });

    it("exits 2, not 1, when the bin cannot start", () => {
        const dist = path.join(consumer, "node_modules", "hardened-eks", "dist");
        fs.renameSync(dist, `${dist}.moved`);
        try {
            const broken = run(npx, ["hardened-eks", "preflight", "."], consumer);
            assert.strictEqual(broken.code, 2);
            assert.match(broken.stderr, /^hardened-eks could not start: /);
        } finally {
            fs.renameSync(`${dist}.moved`, dist);
        }
    });
});
