// Each example through preflight, as `npm start` runs them.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../preflight/run-cli";

async function report(example: string) {
    const run = await runCli("preflight", `examples/${example}`, "--format", "json");
    return {
        code: run.code,
        stderr: run.stderr,
        report: run.stdout ? JSON.parse(run.stdout) : undefined,
    };
}

describe("examples through preflight", function () {
    this.timeout(120_000);

    it("multi-tenant: a HardenedCluster with three isolated tenants, no mandatory violation", async () => {
        const { code, report: r, stderr } = await report("multi-tenant");
        assert.strictEqual(code, 0, stderr);
        assert.strictEqual(r.counts.violations.mandatory, 0, JSON.stringify(r.violations, null, 1));
        assert.match(r.policyConfig, /examples\/multi-tenant\/policy-config\.json$/);
        const types = r.counts.resources;
        assert.ok(types > 50, `only ${types} resources`);
        // The README's Examples table: 11 advisories. Ten are documents built from an ARN the
        // provider computes (the IRSA trusts, the cluster key's policy), unknown to a preview;
        // one is the cluster's Kubernetes version, which HardenedCluster leaves to EKS.
        assert.strictEqual(r.counts.violations.advisory, 11);
        const isVersion = (v: any) => v.policy === "eks-cluster-version-supported";
        const version = r.violations.find(isVersion);
        const unknown = r.violations.filter((v: any) => !isVersion(v));
        assert.deepStrictEqual(
            [version.policy, version.resourceName, version.message],
            [
                "eks-cluster-version-supported",
                "platform-cluster",
                'EKS cluster "platform-cluster" sets no Kubernetes version: EKS creates it on its default version of the day and keeps it there, so the program does not say which version runs or when its support ends: set version to a version in EKS standard support.',
            ],
        );
        assert.deepStrictEqual([...new Set(unknown.map((v: any) => v.resourceName))].sort(), [
            "platform-analytics-worker-role",
            "platform-cluster-role-secrets-key",
            "platform-payments-worker-role",
            "platform-search-worker-role",
            "platform-vpc-cni-role",
        ]);
        assert.ok(
            unknown.every((v: any) => /can't be known during preview/.test(v.message)),
            "the team roles, queues and their policies are judged and pass",
        );
    });

    it("multi-tenant without its policy config: only its listed admin role is reported", async () => {
        const empty = path.join(os.tmpdir(), `empty-policy-config-${process.pid}.json`);
        fs.writeFileSync(empty, "{}");
        const run = await runCli(
            "preflight",
            "examples/multi-tenant",
            "--policy-pack-config",
            empty,
            "--format",
            "json",
        );
        fs.unlinkSync(empty);
        assert.strictEqual(run.code, 1, run.stderr);
        const violations = JSON.parse(run.stdout).violations.filter(
            (v: any) => v.level === "mandatory",
        );
        assert.deepStrictEqual(
            violations.map((v: any) => [v.policy, v.resourceType]),
            [
                [
                    "eks-no-unlisted-cluster-admin",
                    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
                ],
            ],
        );
        assert.match(
            violations[0].message,
            /"arn:aws:iam::123456789012:role\/platform-admin" AmazonEKSClusterAdminPolicy/,
        );
    });

    it("the root project deploys multi-tenant, and passes with its policy config", async () => {
        const run = await runCli("preflight", ".", "--format", "json");
        assert.strictEqual(run.code, 0, run.stderr);
        const r = JSON.parse(run.stdout);
        assert.strictEqual(r.project.name, "hardened-eks");
        assert.match(r.project.main, /examples\/multi-tenant\/index\.ts$/);
        assert.strictEqual(r.counts.violations.mandatory, 0);
    });

    it("s3-irsa: a read-only IRSA role on one encrypted bucket, no mandatory violation", async () => {
        const { code, report: r, stderr } = await report("s3-irsa");
        assert.strictEqual(code, 0, stderr);
        // The two documents built from the new bucket's ARN are unknown to a preview.
        assert.deepStrictEqual(
            r.violations.map((v: any) => [
                v.level,
                v.policy,
                v.resourceName,
                v.message.replace(/^.* during preview: /, ""),
            ]),
            [
                [
                    "advisory",
                    "iam-no-wildcard-principals",
                    "reports-tls-only",
                    "string value at .policy can't be known during preview",
                ],
                [
                    "advisory",
                    "iam-network-only-principals",
                    "reports-tls-only",
                    "string value at .policy can't be known during preview",
                ],
                [
                    "advisory",
                    "iam-no-wildcard-permissions",
                    "reports-report-reader-policy",
                    "string value at .policy can't be known during preview",
                ],
                [
                    "advisory",
                    "iam-type-wide-write",
                    "reports-report-reader-policy",
                    "string value at .policy can't be known during preview",
                ],
            ],
        );
    });

    it("insecure: exactly the expected policies, each on the expected resource", async () => {
        const { code, report: r, stderr } = await report("insecure");
        assert.strictEqual(code, 1, stderr);
        const urn = (type: string, name: string) => `urn:pulumi:dev::insecure::${type}::${name}`;
        // What eks.Cluster registers inside the provider plugin, as a preview analyzes it.
        const child = (type: string, name: string) => urn(`eks:index:Cluster$${type}`, name);
        const found = [
            ...new Set(r.violations.map((v: any) => `${v.level} ${v.policy} ${v.urn}`)),
        ].sort();
        assert.deepStrictEqual(
            found,
            [
                `mandatory iam-no-wildcard-permissions ${urn("aws:iam/policy:Policy", "ci-deployer")}`,
                `mandatory iam-no-wildcard-principals ${urn("aws:iam/role:Role", "shared")}`,
                `mandatory iam-no-admin-managed-policies ${urn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "shared-admin")}`,
                `mandatory k8s-no-cluster-admin-binding ${urn("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "developers-admin")}`,
                `mandatory eks-no-unlisted-cluster-admin ${urn("eks:index:Cluster", "cluster")}`,
                `mandatory eks-cluster-audit-logging ${urn("eks:index:Cluster", "cluster")}`,
                `mandatory eks-cluster-secrets-encryption ${urn("eks:index:Cluster", "cluster")}`,
                `mandatory eks-cluster-private-endpoint ${urn("eks:index:Cluster", "cluster")}`,
                `mandatory eks-no-unlisted-cluster-admin ${child("aws:eks/cluster:Cluster", "cluster-eksCluster")}`,
                `mandatory eks-cluster-audit-logging ${child("aws:eks/cluster:Cluster", "cluster-eksCluster")}`,
                `mandatory eks-cluster-secrets-encryption ${child("aws:eks/cluster:Cluster", "cluster-eksCluster")}`,
                `mandatory eks-cluster-private-endpoint ${child("aws:eks/cluster:Cluster", "cluster-eksCluster")}`,
                `mandatory eks-no-unlisted-cluster-admin ${child("kubernetes:core/v1:ConfigMap", "cluster-nodeAccess")}`,
                `mandatory eks-irsa-trust-scoped ${urn("aws:iam/role:Role", "app-irsa")}`,
                `mandatory ec2-launch-template-imdsv2 ${urn("aws:ec2/launchTemplate:LaunchTemplate", "nodes")}`,
                `mandatory k8s-namespace-pod-security ${urn("kubernetes:core/v1:Namespace", "apps")}`,
                `advisory k8s-no-wildcard-rbac-rules ${urn("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "operator")}`,
                `advisory eks-cluster-version-supported ${urn("eks:index:Cluster", "cluster")}`,
                `advisory eks-cluster-deletion-protection ${urn("eks:index:Cluster", "cluster")}`,
                `advisory eks-cluster-secrets-cmk ${urn("eks:index:Cluster", "cluster")}`,
                `advisory eks-cluster-version-supported ${child("aws:eks/cluster:Cluster", "cluster-eksCluster")}`,
                `advisory eks-cluster-deletion-protection ${child("aws:eks/cluster:Cluster", "cluster-eksCluster")}`,
                `advisory eks-cluster-secrets-cmk ${child("aws:eks/cluster:Cluster", "cluster-eksCluster")}`,
                `advisory k8s-no-default-service-account ${urn("kubernetes:apps/v1:Deployment", "web")}`,
            ].sort(),
        );
        const audit = r.violations.find(
            (v: any) =>
                v.policy === "eks-cluster-audit-logging" && v.resourceType === "eks:index:Cluster",
        );
        assert.strictEqual(
            audit.message,
            'EKS cluster "cluster" does not send "audit" logs to CloudWatch (enabledClusterLogTypes is ["api"]): add "audit" to enabledClusterLogTypes.',
        );
        // The binding's path: subject, binding, role, rule.
        const admin = r.violations.find((v: any) => v.policy === "k8s-no-cluster-admin-binding");
        assert.strictEqual(
            admin.message,
            'ClusterRoleBinding "developers-admin" gives Group:developers cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: bind a Role with the verbs and resources the subject needs, in its namespace.',
        );
    });
});
