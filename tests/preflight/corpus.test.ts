// Preflight on programs in the shapes public EKS programs have (tests/preflight/corpus), each
// with the verdict `pulumi preview --policy-pack` gives: exit code and mandatory violations.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./run-cli";

const corpus = (name: string) => path.join("tests", "preflight", "corpus", name);

/** A program, the extra arguments, the exit code, and `<policy> <resource name>` of each mandatory violation. */
const programs: [name: string, args: string[], code: number, mandatory: string[], why: string][] = [
    [
        "awsx-eks-mng",
        [],
        1,
        [
            "ec2-launch-template-imdsv2 cluster-launchTemplate",
            "ec2-launch-template-imdsv2 workers-launchTemplate",
            "eks-no-unlisted-cluster-admin cluster-eksCluster",
        ],
        "the children @pulumi/eks registers: the creator admin it hard-codes, the default node group's template without metadata options, enableIMDSv2's hop limit 2",
    ],
    [
        "eks-hardened",
        [],
        0,
        [],
        "the same program with the components' hardenEksCluster() transforms",
    ],
    [
        "irsa-by-hand",
        [],
        1,
        ["eks-irsa-trust-scoped app"],
        "an IRSA trust written by hand for another stack's cluster, read through a StackReference",
    ],
    [
        "yaml-manifests",
        [],
        1,
        ["k8s-namespace-pod-security rbac:tools", "k8s-no-cluster-admin-binding rbac:tools-admin"],
        "manifests applied with yaml.v2.ConfigFile and the v1 yaml.ConfigFile",
    ],
    [
        "helm-chart",
        [],
        1,
        [
            "k8s-namespace-pod-security cache:cache",
            "k8s-no-cluster-admin-binding operator:operator",
        ],
        "a helm.v4.Chart, a helm.v3.Chart and a helm.v3.Release, from rendered manifests named in preflight-mocks.json",
    ],
    [
        "helm-release",
        [],
        1,
        ["k8s-no-cluster-admin-binding ops-admin"],
        "a helm.v3.Release with no rendered manifests: judged by its inputs, as a preview does, and the rest of the stack as usual",
    ],
    [
        "eks-addons",
        [],
        1,
        [
            "eks-no-unlisted-cluster-admin cluster-eksCluster",
            "iam-no-wildcard-permissions creator-eksClusterCreatorPolicy",
        ],
        "eks.Addon for CoreDNS and the EBS CSI driver, eks.VpcCniAddon, eks.NodeGroupSecurityGroup and eks.ClusterCreationRoleProvider, whose role may do every EKS action",
    ],
    [
        "relative-read",
        [],
        1,
        ["iam-no-wildcard-permissions deploy"],
        "a policy read by a path relative to the project, from wherever preflight runs",
    ],
];

describe("preflight on the corpus of EKS programs", function () {
    this.timeout(120_000);

    for (const [name, args, code, mandatory, why] of programs) {
        it(`${name}: exit ${code}${mandatory.length ? `, ${mandatory.length} mandatory` : ""} (${why})`, async () => {
            const run = await runCli("preflight", corpus(name), ...args, "--format", "json");
            assert.strictEqual(run.code, code, run.stderr);
            const report = JSON.parse(run.stdout);
            const found = [
                ...new Set(
                    report.violations
                        .filter((v: any) => v.level === "mandatory")
                        .map((v: any) => `${v.policy} ${v.resourceName}`),
                ),
            ].sort();
            assert.deepStrictEqual(found, mandatory);
            for (const v of report.violations) {
                assert.ok(
                    v.location?.file === "index.ts",
                    `${v.policy} ${v.resourceName} not located`,
                );
            }
        });
    }

    it("locates each violation on the line of the user's code that made the resource", async () => {
        const run = await runCli("preflight", corpus("awsx-eks-mng"), "--format", "json");
        const at = (name: string) =>
            JSON.parse(run.stdout).violations.find((v: any) => v.resourceName === name).location;
        // `new eks.Cluster(` and `new eks.ManagedNodeGroup(` in the program.
        assert.deepStrictEqual(at("cluster-eksCluster"), {
            file: "index.ts",
            line: 12,
            column: 17,
        });
        assert.deepStrictEqual(at("workers-launchTemplate"), {
            file: "index.ts",
            line: 23,
            column: 1,
        });
    });

    it("never hangs: exit 2 at --timeout, naming what is still pending", async () => {
        const run = await runCli("preflight", corpus("never-settles"), "--timeout", "3");
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /failed: it did not finish within 3 s; still pending: resources whose inputs never resolved: aws:iam\/policy:Policy "waiting"; the program's exports \(a promise or output that never settles\)\. Raise the limit with --timeout <seconds>/,
        );
    });

    it("names preflight's own --config for a missing config value", async () => {
        const run = await runCli("preflight", "examples/multi-tenant", "--stack", "fresh");
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /missing required configuration variable 'multi-tenant:vpcId': pass it with --config vpcId=<value>, or set it in Pulumi.fresh.yaml/,
        );
    });

    it("says to run npm install in a project whose dependencies are not installed", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-uninstalled-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fresh\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "index.ts"), 'import * as aws from "@pulumi/aws";\n');
        const run = await runCli("preflight", dir);
        fs.rmSync(dir, { recursive: true, force: true });
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /the project's dependencies are not installed: run `npm install` in /,
        );
    });
});
