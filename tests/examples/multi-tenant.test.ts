// The multi-tenant example's content, under mocks: three tenants, each isolated.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { MockedResource } from "../../preflight/mocks";
import { json, ofType, one, underMocks } from "../harness";

describe("examples/multi-tenant", () => {
    let resources: MockedResource[];
    const tenants = ["payments", "search", "analytics"];

    const program = path.join(__dirname, "..", "..", "examples", "multi-tenant", "index.ts");
    /** Runs the example as stack `stack` of project `multi-tenant`. */
    const run = (stack: string) =>
        underMocks(
            () => {
                pulumi.runtime.setAllConfig({
                    "multi-tenant:vpcId": "vpc-1",
                    "multi-tenant:privateSubnetIds": JSON.stringify([
                        "subnet-a",
                        "subnet-b",
                        "subnet-c",
                    ]),
                    "multi-tenant:adminRoleArn": "arn:aws:iam::123456789012:role/platform-admin",
                    "multi-tenant:apiAccessCidrs": JSON.stringify(["10.0.0.0/16"]),
                    "multi-tenant:awsEndpointCidrs": JSON.stringify(["10.0.64.0/20"]),
                });
                delete require.cache[require.resolve(program)];
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                require(program);
            },
            "multi-tenant",
            stack,
        );

    before(async () => {
        resources = await run("dev");
    });

    it("gives two stacks of the example different cluster and log-group names", async () => {
        const names = (r: MockedResource[]) => [
            one(r, "aws:eks/cluster:Cluster").inputs.name,
            one(r, "aws:cloudwatch/logGroup:LogGroup").inputs.name,
        ];
        assert.deepStrictEqual(names(resources), [
            "multi-tenant-dev-platform",
            "/aws/eks/multi-tenant-dev-platform/cluster",
        ]);
        assert.deepStrictEqual(names(await run("prod")), [
            "multi-tenant-prod-platform",
            "/aws/eks/multi-tenant-prod-platform/cluster",
        ]);
    });

    it("builds one HardenedCluster with the three tenants", () => {
        assert.strictEqual(ofType(resources, "hardened-eks:index:HardenedCluster").length, 1);
        assert.deepStrictEqual(
            ofType(resources, "hardened-eks:index:TenantNamespace").map((r) => r.name),
            tenants.map((t) => `platform-${t}`),
        );
    });

    it("gives each tenant a restricted namespace, a quota and default-deny", () => {
        for (const tenant of tenants) {
            const ns = ofType(resources, "kubernetes:core/v1:Namespace").find(
                (r) => (r.inputs.metadata as any).name === tenant,
            );
            assert.strictEqual(
                (ns?.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"],
                "restricted",
                tenant,
            );
            const quota = ofType(resources, "kubernetes:core/v1:ResourceQuota").find(
                (r) => r.name === `platform-${tenant}-quota`,
            );
            assert.strictEqual(
                (quota?.inputs.spec as any).hard["services.loadbalancers"],
                "0",
                tenant,
            );
            const deny = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find(
                (r) => r.name === `platform-${tenant}-default-deny`,
            );
            assert.deepStrictEqual(
                (deny?.inputs.spec as any).policyTypes,
                ["Ingress", "Egress"],
                tenant,
            );
        }
    });

    it("gives each tenant a developer and a viewer team role and a worker service account of its own", () => {
        const entries = ofType(resources, "aws:eks/accessEntry:AccessEntry")
            .filter((r) => r.name.includes("-team-"))
            .map((r) => [r.inputs.principalArn, r.inputs.kubernetesGroups]);
        assert.deepStrictEqual(
            entries,
            tenants.flatMap((t) =>
                ["developers", "viewers"].map((group) => [
                    `arn:aws:iam::123456789012:role/${t}-${group}`,
                    [`${t}-${group}`],
                ]),
            ),
        );
        for (const tenant of tenants) {
            const role = ofType(resources, "aws:iam/role:Role").find(
                (r) => r.name === `platform-${tenant}-worker-role`,
            );
            const subjects = Object.values(
                json(role?.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals,
            );
            assert.deepStrictEqual(subjects, [
                `system:serviceaccount:${tenant}:worker`,
                "sts.amazonaws.com",
            ]);
        }
    });
});
