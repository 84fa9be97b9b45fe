// What `pulumi destroy` of HardenedCluster does: it completes, or while deletionProtection is
// on it refuses before deleting anything; and nothing it leaves behind blocks a later
// `pulumi up` of the same stack. The destroy is replayed as pulumi/pulumi's engine runs it.
import * as assert from "assert";
import { HardenedCluster, HardenedClusterArgs } from "../../components/cluster";
import { MockedResource } from "../../preflight/mocks";
import { ofType, one, underMocks } from "../harness";

function args(extra: Partial<HardenedClusterArgs> = {}): HardenedClusterArgs {
    return {
        vpcId: "vpc-1",
        privateSubnetIds: ["subnet-a", "subnet-b"],
        adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"],
        clusterName: "prod",
        apiAccessCidrs: ["10.0.0.0/16"],
        ...extra,
    };
}

const build = (extra: Partial<HardenedClusterArgs> = {}) =>
    underMocks(() => new HardenedCluster("prod", args(extra)));
const eksCluster = (resources: MockedResource[]) => one(resources, "aws:eks/cluster:Cluster");
/** The custom resources under the HardenedCluster (its children and its tenants'). */
const customChildren = (resources: MockedResource[]) =>
    resources.filter((r) => r.custom && /HardenedCluster\$/.test(r.urn ?? ""));

describe("HardenedCluster destroy", () => {
    it("protects the aws.eks.Cluster and the deletion-protection child while deletionProtection is on, and neither when it is off", async () => {
        const protectedNames = (resources: MockedResource[]) =>
            resources.filter((r) => r.protect).map((r) => `${r.type}::${r.name}`);
        assert.deepStrictEqual(protectedNames(await build()), [
            "aws:eks/cluster:Cluster::prod-cluster",
            "hardened-eks:index:DeletionProtection::prod-deletion-protection",
        ]);
        assert.strictEqual(eksCluster(await build()).inputs.deletionProtection, true);
        const off = await build({ deletionProtection: false });
        assert.deepStrictEqual(protectedNames(off), []);
        assert.strictEqual(eksCluster(off).inputs.deletionProtection, false);
    });

    it("makes the deletion-protection child depend on every other resource of the cluster, tenants included, so a destroy deletes it first (pulumi/pulumi step_generator.go:2747-2796)", async () => {
        const resources = await build({ tenants: [{ name: "payments" }] });
        const guard = one(resources, "hardened-eks:index:DeletionProtection");
        const children = customChildren(resources).map((r) => r.urn!);
        assert.ok(children.length > 30, `${children.length}`);
        assert.deepStrictEqual(
            children.filter((urn) => !guard.dependencies.includes(urn)),
            [],
        );
    });

    // The engine's destroy, as pulumi/pulumi (1b59498) runs it: ScheduleDeletes
    // (step_generator.go:2747-2796) puts each resource in an antichain after everything that
    // depends on it (its dependencies, provider and parent: graph/dependency_graph.go:207-255);
    // DeleteStep.Apply refuses a protected resource before deleting it (step.go:647-649);
    // the executor then skips every later step on a resource the failed one depends on,
    // transitively (deployment_executor.go:513-546).
    function destroy(resources: MockedResource[]): { deleted: string[]; refused: string[] } {
        const byUrn = new Map(resources.map((r) => [r.urn!, r]));
        const dependenciesOf = (r: MockedResource) =>
            [
                ...r.dependencies,
                ...(r.parent ? [r.parent] : []),
                ...(r.provider ? [r.provider.split("::").slice(0, -1).join("::")] : []),
            ].filter((urn) => byUrn.has(urn));
        const condemned = new Set(byUrn.keys());
        const antichains: string[][] = [];
        while (condemned.size > 0) {
            const ready = [...condemned].filter(
                (urn) => !dependenciesOf(byUrn.get(urn)!).some((d) => condemned.has(d)),
            );
            assert.ok(ready.length > 0, "a dependency cycle");
            ready.forEach((urn) => condemned.delete(urn));
            antichains.push(ready);
        }
        antichains.reverse();
        const transitive = (urn: string, into: Set<string>) => {
            for (const d of dependenciesOf(byUrn.get(urn)!)) {
                if (!into.has(d)) {
                    into.add(d);
                    transitive(d, into);
                }
            }
        };
        const skipped = new Set<string>();
        const deleted: string[] = [];
        const refused: string[] = [];
        for (const antichain of antichains) {
            for (const urn of antichain.filter((u) => !skipped.has(u))) {
                if (byUrn.get(urn)!.protect) {
                    refused.push(urn);
                    transitive(urn, skipped);
                } else {
                    deleted.push(urn);
                }
            }
        }
        return { deleted, refused };
    }

    it("so, while protected, the engine's destroy refuses at that child and deletes nothing of the cluster", async () => {
        const resources = await build({ tenants: [{ name: "payments" }] });
        const { deleted, refused } = destroy(resources);
        assert.deepStrictEqual(deleted, []);
        assert.deepStrictEqual(refused, [
            one(resources, "hardened-eks:index:DeletionProtection").urn,
        ]);
    });

    it("whereas protecting only the aws.eks.Cluster would let the destroy delete its node groups, add-ons and admins first (why the child exists)", async () => {
        const resources = (await build()).map((r) =>
            r.type === "hardened-eks:index:DeletionProtection" ? { ...r, protect: undefined } : r,
        );
        const { deleted, refused } = destroy(resources);
        assert.deepStrictEqual(refused, [eksCluster(resources).urn]);
        const gone = (type: string) =>
            ofType(resources, type).every((r) => deleted.includes(r.urn!));
        assert.ok(gone("aws:eks/nodeGroup:NodeGroup"));
        assert.ok(gone("aws:eks/addon:Addon"));
        assert.ok(gone("aws:eks/accessEntry:AccessEntry"));
        assert.ok(gone("aws:iam/openIdConnectProvider:OpenIdConnectProvider"));
    });

    it("and, with deletionProtection off, deletes everything, the node groups before the cluster and the log group after it", async () => {
        const resources = await build({ deletionProtection: false });
        const { deleted, refused } = destroy(resources);
        assert.deepStrictEqual(refused, []);
        assert.strictEqual(deleted.length, resources.length);
        const at = (type: string) => deleted.indexOf(one(resources, type).urn!);
        assert.ok(at("aws:eks/nodeGroup:NodeGroup") < at("aws:eks/cluster:Cluster"));
        assert.ok(at("aws:eks/cluster:Cluster") < at("aws:cloudwatch/logGroup:LogGroup"));
        assert.ok(
            at("pulumi:providers:kubernetes") <
                at("aws:eks/accessPolicyAssociation:AccessPolicyAssociation"),
        );
    });

    it("does not keep the control-plane log group on delete, so the next `pulumi up` of the stack does not meet a kept /aws/eks/<name>/cluster (terraform-aws-eks#2763)", async () => {
        const resources = await build();
        const group = one(resources, "aws:cloudwatch/logGroup:LogGroup");
        assert.strictEqual(group.inputs.name, "/aws/eks/prod/cluster");
        assert.strictEqual(group.retainOnDelete, undefined);
    });

    it("keeps the KMS keys on delete, with no alias or name for a later `pulumi up` to collide with", async () => {
        const resources = await build();
        const keys = ofType(resources, "aws:kms/key:Key");
        assert.deepStrictEqual(keys.map((k) => [k.name, k.retainOnDelete]).sort(), [
            ["prod-logs-key", true],
            ["prod-secrets-key", true],
        ]);
        assert.deepStrictEqual(ofType(resources, "aws:kms/alias:Alias"), []);
        assert.ok(keys.every((k) => !("name" in k.inputs) && !("alias" in k.inputs)));
    });

    it("names no other AWS resource itself: only the cluster and its log group have fixed names, the rest get generated ones", async () => {
        const resources = await build();
        const named = resources
            .filter((r) => r.type.startsWith("aws:") && r.inputs.name !== undefined)
            .map((r) => r.type);
        assert.deepStrictEqual(named.sort(), [
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:eks/cluster:Cluster",
        ]);
        assert.deepStrictEqual(
            ofType(resources, "aws:ec2/securityGroup:SecurityGroup").map(
                (g) => g.inputs.namePrefix,
            ),
            [undefined],
        );
    });
});
