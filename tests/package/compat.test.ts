// The npm package as users get it, on the toolchains they have: `npm pack` (which builds it),
// then the README's install line, `npm install hardened-eks @pulumi/pulumi @pulumi/aws
// @pulumi/kubernetes`, run in fresh projects with the oldest and the newest tested SDKs
// (preflight/tested-versions.ts):
// - the oldest on this machine's Node 20, in a project made from Pulumi's TypeScript template
//   (TypeScript 5 and @types/node as dev dependencies, no ts-node);
// - the newest on Node 22 and 24 from the npm registry, in an empty project (no TypeScript at
//   all, so preflight compiles the program with the SDK's vendored TypeScript, as the
//   language host would).
// In each: the components from compiled JavaScript, `hardened-eks preflight` (exit 0 and 1),
// `can-i`, the policy pack started by the project's own run-policy-pack, and the user's own
// mocha test written with `pulumi.runtime.setMocks`. npm's cache is shared between them.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as semver from "semver";
import { testedNodeReleases, testedPackages } from "../../preflight/tested-versions";
import { nodeFromRegistry } from "./node-from-registry";

const repoRoot = path.join(__dirname, "..", "..");
const fixture = path.join(__dirname, "consumer");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const sdks = Object.keys(testedPackages) as (keyof typeof testedPackages)[];

/** The version of a package installed in this repository. */
const installed = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8"))
        .version as string;

/** Pulumi's TypeScript template's tsconfig.json (pulumi/templates typescript/tsconfig.json, 2026). */
const templateTsconfig = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

interface Scenario {
    title: string;
    edge: "oldest" | "newest";
    /** Directories of the Node.js binaries to run on; `undefined` is this process's Node. */
    nodes: (string | undefined)[];
    /** The project before the install line: Pulumi's TypeScript template, or `npm init`'s. */
    template: boolean;
    /** Every check, or only the install line and preflight (the other two combinations). */
    full: boolean;
}

const scenarios: Scenario[] = [
    {
        title: `the oldest SDKs on Node ${process.versions.node}, in a Pulumi TypeScript template project`,
        edge: "oldest",
        nodes: [undefined],
        template: true,
        full: true,
    },
    {
        title: `the newest SDKs on Node ${testedNodeReleases.join(" and ")} from the npm registry, in an empty project`,
        edge: "newest",
        nodes: testedNodeReleases,
        template: false,
        full: true,
    },
    {
        title: `the oldest SDKs on Node ${process.versions.node}, in an empty project: install and preflight`,
        edge: "oldest",
        nodes: [undefined],
        template: false,
        full: false,
    },
    {
        title: `the newest SDKs on Node ${testedNodeReleases[0]}, in a Pulumi TypeScript template project: install and preflight`,
        edge: "newest",
        nodes: [testedNodeReleases[0]],
        template: true,
        full: false,
    },
];

describe("the npm package, installed by the README's line on the tested toolchains", function () {
    this.timeout(900_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-eks-compat-"));
    let tarball = "";
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
        tarball = path.join(work, packed.filename);
        files = packed.files.map((f: { path: string }) => f.path);
    });

    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("holds compiled JavaScript, declarations, the bin and the policy pack, and nothing of the repository's", () => {
        for (const expected of [
            "dist/index.js",
            "dist/index.d.ts",
            "dist/components/cluster.js",
            "dist/components/cluster.d.ts",
            "dist/preflight/cli.js",
            "dist/preflight/tested-versions.js",
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

    it("states what this test covers: peer floors at the oldest tested SDKs, engines at the tested Node majors", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
        assert.deepStrictEqual(Object.keys(manifest.peerDependencies).sort(), [...sdks].sort());
        for (const sdk of sdks) {
            const range = manifest.peerDependencies[sdk];
            assert.strictEqual(semver.minVersion(range)?.version, testedPackages[sdk].oldest, sdk);
            assert.ok(semver.satisfies(testedPackages[sdk].newest, range), `${sdk} ${range}`);
            assert.ok(!(sdk in manifest.dependencies), `${sdk} is a runtime dependency`);
        }
        const engines = manifest.engines.node;
        for (const node of [process.versions.node, ...testedNodeReleases]) {
            assert.ok(semver.satisfies(node, engines), `Node ${node} outside engines ${engines}`);
        }
        for (const untested of ["18.20.0", "21.7.0", "23.11.0", "25.0.0", "26.0.0"]) {
            assert.ok(
                !semver.satisfies(untested, engines),
                `engines ${engines} claims ${untested}`,
            );
        }
        // The compiled package needs no TypeScript toolchain: the program's own (or its SDK's)
        // compiles a TypeScript program, as the language host does.
        for (const toolchain of ["typescript", "ts-node"]) {
            assert.ok(
                !(toolchain in manifest.dependencies),
                `${toolchain} is a runtime dependency`,
            );
        }
    });

    for (const scenario of scenarios) {
        describe(scenario.title, () => {
            const project = path.join(
                work,
                `${scenario.edge}-${scenario.template ? "template" : "empty"}`,
            );
            const versions = Object.fromEntries(
                sdks.map((sdk) => [sdk, testedPackages[sdk][scenario.edge]]),
            );
            let nodeDirs: (string | undefined)[] = [];
            let install: Run = { code: null, stdout: "", stderr: "" };

            /** Runs `command` in the project on the scenario's Node (its first, or `node`). */
            const inProject = (command: string, args: string[], nodeDir = nodeDirs[0]) =>
                run(command, args, project, nodeDir);

            before(() => {
                nodeDirs = scenario.nodes.map((v) => (v ? nodeFromRegistry(v) : undefined));
                fs.mkdirSync(project, { recursive: true });
                for (const file of ["Pulumi.yaml", "index.ts", "policy-config.json", "test"]) {
                    fs.cpSync(path.join(fixture, file), path.join(project, file), {
                        recursive: true,
                    });
                }
                const manifest: Record<string, unknown> = { name: "consumer", version: "1.0.0" };
                if (scenario.template) {
                    // Pulumi's TypeScript template: TypeScript and Node's types, no ts-node, and
                    // its tsconfig.json (pulumi/templates typescript/tsconfig.json): NodeNext.
                    manifest.devDependencies = { "@types/node": "^20", typescript: "^5" };
                    fs.writeFileSync(
                        path.join(project, "tsconfig.json"),
                        JSON.stringify(templateTsconfig, null, 4),
                    );
                }
                fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest));
                // The README's line, with the scenario's versions and the packed tarball.
                install = inProject(npm, [
                    "install",
                    tarball,
                    ...sdks.map((sdk) => `${sdk}@${versions[sdk]}`),
                    "--prefer-offline",
                    "--no-audit",
                    "--no-fund",
                ]);
            });

            it("installs with the README's line, beside the project's own SDKs and no TypeScript of its own", () => {
                assert.strictEqual(install.code, 0, install.stderr);
                const modules = path.join(project, "node_modules");
                for (const sdk of sdks) {
                    assert.strictEqual(packageVersion(modules, sdk), versions[sdk], sdk);
                    assert.ok(
                        !fs.existsSync(path.join(modules, "hardened-eks", "node_modules", sdk)),
                        `a second copy of ${sdk}`,
                    );
                }
                // The report that opened issue 19: ts-node pulled TypeScript 7 in, which the
                // newest SDK's optional peer range refuses. Only the template brings TypeScript.
                assert.strictEqual(
                    fs.existsSync(path.join(modules, "typescript")),
                    scenario.template,
                );
                assert.ok(!fs.existsSync(path.join(modules, "ts-node")), "ts-node was installed");
            });

            it("runs `hardened-eks preflight .` on each Node: 0 with the project's policy config, 1 without, located in index.ts", () => {
                const empty = path.join(work, "empty-config.json");
                fs.writeFileSync(empty, "{}");
                const clusterLine =
                    fs
                        .readFileSync(path.join(project, "index.ts"), "utf8")
                        .split("\n")
                        .findIndex((l) => l.includes("new HardenedCluster(")) + 1;
                for (const nodeDir of nodeDirs) {
                    const pass = inProject(
                        "npx",
                        ["hardened-eks", "preflight", ".", "--format", "json"],
                        nodeDir,
                    );
                    assert.strictEqual(pass.code, 0, pass.stderr);
                    // Within the tested range, preflight has nothing to note.
                    assert.doesNotMatch(pass.stderr, /note:/);
                    const report = JSON.parse(pass.stdout);
                    assert.strictEqual(report.verdict, "pass");
                    assert.match(
                        report.policyPack.dir,
                        /node_modules[\\/]hardened-eks[\\/]policypack$/,
                    );
                    assert.ok(report.counts.resources > 30, `${report.counts.resources} resources`);
                    const fail = inProject(
                        "npx",
                        [
                            "hardened-eks",
                            "preflight",
                            ".",
                            "--policy-pack-config",
                            empty,
                            "--format",
                            "json",
                        ],
                        nodeDir,
                    );
                    assert.strictEqual(fail.code, 1, fail.stderr);
                    const mandatory = JSON.parse(fail.stdout).violations.filter(
                        (v: { level: string }) => v.level === "mandatory",
                    );
                    assert.deepStrictEqual(
                        [...new Set(mandatory.map((v: { policy: string }) => v.policy))],
                        ["eks-no-unlisted-cluster-admin"],
                    );
                    // Source-mapped through the loader's own formatter: the vendored ts-node
                    // 7.0.1 in the empty project, ts-node 10 or 7 elsewhere.
                    for (const v of mandatory) {
                        assert.deepStrictEqual(
                            { file: v.location?.file, line: v.location?.line },
                            { file: "index.ts", line: clusterLine },
                            JSON.stringify(v),
                        );
                    }
                }
            });

            if (!scenario.full) {
                return;
            }

            it("imports the components from compiled JavaScript", () => {
                const imported = inProject("node", [
                    "-e",
                    "const h = require('hardened-eks'); console.log(process.version, require.resolve('hardened-eks'), typeof h.HardenedCluster, typeof h.hardenEksCluster)",
                ]);
                assert.strictEqual(imported.code, 0, imported.stderr);
                assert.match(
                    imported.stdout.trim(),
                    /^v(\d+)\.\S+ \S+node_modules[\\/]hardened-eks[\\/]dist[\\/]index\.js function function$/,
                );
                assert.strictEqual(
                    imported.stdout.split(".")[0],
                    `v${(scenario.nodes[0] ?? process.versions.node).split(".")[0]}`,
                );
            });

            it("answers can-i as Kubernetes would: the payments developers read Secrets in payments, not cluster-wide", () => {
                const dev = "arn:aws:iam::123456789012:role/payments-dev";
                const yes = inProject("npx", [
                    "hardened-eks",
                    "can-i",
                    "get",
                    "secrets",
                    "-n",
                    "payments",
                    "--as",
                    dev,
                    ".",
                ]);
                assert.deepStrictEqual([yes.code, yes.stdout.trim()], [0, "yes"], yes.stderr);
                const no = inProject("npx", [
                    "hardened-eks",
                    "can-i",
                    "create",
                    "clusterroles",
                    "--as",
                    dev,
                    ".",
                ]);
                assert.deepStrictEqual([no.code, no.stdout.trim()], [1, "no"], no.stderr);
            });

            it("starts the installed policy pack with the project's own @pulumi/pulumi/cmd/run-policy-pack", () => {
                // The package's own files by path: its "exports" opens only the entry point.
                const script = `
                        const path = require("path");
                        const installed = path.join(process.cwd(), "node_modules", "hardened-eks");
                        const pack = path.join(installed, "policypack");
                        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [pack] });
                        const { PolicyPackProcess } = require(path.join(installed, "dist", "preflight", "analyzer-client.js"));
                        PolicyPackProcess.start(pack).then(async (p) => {
                            const info = await p.info();
                            console.log(JSON.stringify({ runner, name: info.name, policies: info.policies.length }));
                            await p.close();
                        }).catch((e) => { console.error(e); process.exit(3); });`;
                const started = inProject("node", ["-e", script]);
                assert.strictEqual(started.code, 0, started.stderr);
                const answer = JSON.parse(started.stdout.trim().split("\n").pop()!);
                assert.strictEqual(
                    answer.runner,
                    path.join(
                        fs.realpathSync(project),
                        "node_modules",
                        "@pulumi",
                        "pulumi",
                        "cmd",
                        "run-policy-pack",
                        "index.js",
                    ),
                );
                assert.strictEqual(answer.name, "hardened-eks");
                assert.ok(answer.policies >= 15, `${answer.policies} policies`);
            });

            it("runs the user's own mocha test, written with pulumi.runtime.setMocks", () => {
                // What a user adds to test a TypeScript program: mocha, ts-node, the types, a
                // CommonJS tsconfig for the tests (the fixture's) and, in the empty project,
                // TypeScript itself.
                const tools = ["mocha", "ts-node", "@types/mocha"].map(
                    (n) => `${n}@${installed(n)}`,
                );
                if (!scenario.template) {
                    tools.push(`typescript@${installed("typescript")}`, "@types/node@^20");
                }
                fs.copyFileSync(
                    path.join(fixture, "tsconfig.json"),
                    path.join(project, "tsconfig.test.json"),
                );
                const added = inProject(npm, [
                    "install",
                    "--save-dev",
                    ...tools,
                    "--prefer-offline",
                    "--no-audit",
                    "--no-fund",
                ]);
                assert.strictEqual(added.code, 0, added.stderr);
                for (const nodeDir of nodeDirs) {
                    const test = run(
                        "npx",
                        ["mocha", "-r", "ts-node/register", "--timeout", "60000", "test/*.spec.ts"],
                        project,
                        nodeDir,
                        { TS_NODE_PROJECT: "tsconfig.test.json" },
                    );
                    assert.strictEqual(test.code, 0, test.stdout + test.stderr);
                    assert.match(test.stdout, /3 passing/);
                }
                // The program and its test, and in the template the program as the template
                // compiles it.
                for (const config of ["tsconfig.test.json", ...(scenario.template ? ["."] : [])]) {
                    const typecheck = inProject("npx", ["tsc", "--noEmit", "-p", config]);
                    assert.strictEqual(typecheck.code, 0, typecheck.stdout + typecheck.stderr);
                }
            });

            if (scenario.edge === "oldest") {
                it("exits 2, not 1, when the bin cannot start", () => {
                    const dist = path.join(project, "node_modules", "hardened-eks", "dist");
                    fs.renameSync(dist, `${dist}.moved`);
                    try {
                        const broken = inProject("npx", ["hardened-eks", "preflight", "."]);
                        assert.strictEqual(broken.code, 2);
                        assert.match(broken.stderr, /^hardened-eks could not start: /);
                    } finally {
                        fs.renameSync(`${dist}.moved`, dist);
                    }
                });
            }
        });
    }
});

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs `command` in `cwd`, on the Node.js in `nodeDir` when given (first on PATH, for npm and npx too). */
function run(
    command: string,
    args: string[],
    cwd: string,
    nodeDir?: string,
    extraEnv: Record<string, string> = {},
): Run {
    const env = { ...process.env, ...extraEnv };
    if (nodeDir) {
        env.PATH = `${nodeDir}${path.delimiter}${env.PATH}`;
    }
    const result = spawnSync(command, args, {
        cwd,
        env,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The version of `name` installed in `modules`. */
function packageVersion(modules: string, name: string): string {
    return JSON.parse(fs.readFileSync(path.join(modules, name, "package.json"), "utf8")).version;
}
