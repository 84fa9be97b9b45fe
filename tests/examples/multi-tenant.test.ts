// The multi-tenant example's content, under mocks: three tenants, each isolated.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { MockedResource } from "../../preflight/mocks";
import { json, ofType, underMocks } from "../harness";

describe("examples/multi-tenant", () => {
    let resources: MockedResource[];
    const tenants = ["payments", "search", "analytics"];

    before(async () => {
        resources = await underMocks(() => {
            pulumi.runtime.setAllConfig({
                "test:vpcId": "vpc-1",
                "test:privateSubnetIds": JSON.stringify(["subnet-a", "subnet-b", "subnet-c"]),
                "test:adminRoleArn": "arn:aws:iam::123456789012:role/platform-admin",
                "test:awsEndpointCidrs": JSON.stringify(["10.0.64.0/20"]),
            });
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require(path.join(__dirname, "..", "..", "examples", "multi-tenant", "index.ts"));
        });
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

    it("gives each tenant a developer team role and a worker service account of its own", () => {
        const entries = ofType(resources, "aws:eks/accessEntry:AccessEntry").map((r) => [
            r.inputs.principalArn,
            r.inputs.kubernetesGroups,
        ]);
        assert.deepStrictEqual(
            entries,
            tenants.map((t) => [
                `arn:aws:iam::123456789012:role/${t}-developers`,
                [`${t}-developers`],
            ]),
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
