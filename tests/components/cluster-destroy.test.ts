// What `pulumi destroy` of HardenedCluster does: it completes, or while deletionProtection is
// on it refuses before deleting anything, even without a preview and after a first `up` that
// failed halfway; and nothing it leaves behind blocks a later `pulumi up` of the same stack.
// The destroy is replayed as pulumi/pulumi's engine runs it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { HardenedCluster, HardenedClusterArgs } from "../../components/cluster";
import { deletionProtectionName, protectedStages } from "../../components/deletion-protection";
import { installMocks } from "../../preflight/mock-engine";
import { MockedResource, ProgramMocks } from "../../preflight/mocks";
import { ofType, one, underMocks } from "../harness";
import { clusterArgs } from "./cluster-fixtures";

const args = clusterArgs;

const build = (extra: Partial<HardenedClusterArgs> = {}) =>
    underMocks(() => new HardenedCluster("prod", args(extra)));
const eksCluster = (resources: MockedResource[]) => one(resources, "aws:eks/cluster:Cluster");
/** The custom resources under the HardenedCluster (its children and its tenants'). */
const customChildren = (resources: MockedResource[]) =>
    resources.filter((r) => r.custom && /HardenedCluster\$/.test(r.urn ?? ""));
const guardType = "hardened-eks:index:DeletionProtection";
/** The guard of a stage, by the name the engine's refusal shows. */
const guard = (resources: MockedResource[], stage: string) =>
    one(resources, guardType, `prod-${stage}-set-deletionProtection-false-to-destroy`);
const urnsOfType = (resources: MockedResource[], ...types: string[]) =>
    resources.filter((r) => types.includes(r.type)).map((r) => r.urn!);

/**
 * Mocks under which one registration fails, as a first `pulumi up` whose Kubernetes half
 * cannot reach the API fails at its first Kubernetes object. The engine then stops the
 * deployment (step_executor.go:459-460, deployment_executor.go:318-322 at 1b59498) and
 * answers the program's pending registrations UNAVAILABLE (source_eval.go:3040-3045), so the
 * stack's state holds what was registered before the failure: `state`, once `failed` resolves.
 */
class FailingMocks extends ProgramMocks {
    public state: MockedResource[] = [];
    public readonly failed: Promise<void>;
    private fail!: () => void;
    constructor(private readonly failing: string) {
        super();
        this.failed = new Promise((resolve) => (this.fail = resolve));
    }
    async newResource(
        args: pulumi.runtime.MockResourceArgs,
    ): Promise<pulumi.runtime.MockResourceResult> {
        if (`${args.type}::${args.name}` === this.failing) {
            this.nextRegistration = undefined;
            this.state = [...this.resources];
            this.fail();
            // grpc.status.UNAVAILABLE: the SDK stops the program's RPCs, rejecting nothing.
            throw Object.assign(new Error("resource monitor shut down"), { code: 14 });
        }
        return super.newResource(args);
    }
}

describe("HardenedCluster destroy", () => {
    it("protects the aws.eks.Cluster and the three stage guards while deletionProtection is on, and none when it is off", async () => {
        const protectedNames = (resources: MockedResource[]) =>
            resources
                .filter((r) => r.protect)
                .map((r) => `${r.type}::${r.name}`)
                .sort();
        assert.deepStrictEqual(protectedNames(await build()), [
            "aws:eks/cluster:Cluster::prod-cluster",
            `${guardType}::prod-control-plane-set-deletionProtection-false-to-destroy`,
            `${guardType}::prod-data-plane-set-deletionProtection-false-to-destroy`,
            `${guardType}::prod-kubernetes-set-deletionProtection-false-to-destroy`,
        ]);
        assert.strictEqual(eksCluster(await build()).inputs.deletionProtection, true);
        const off = await build({ deletionProtection: false });
        assert.deepStrictEqual(protectedNames(off), []);
        assert.strictEqual(ofType(off, guardType).length, 3);
        assert.strictEqual(eksCluster(off).inputs.deletionProtection, false);
    });

    it("names each guard after what to do, as the README's refusal shows it (the engine's message itself suggests `pulumi state unprotect`)", async () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("### Destroying a cluster"));
        const shown = /DeletionProtection::([\w-]+)" cannot be deleted/.exec(section)?.[1];
        assert.strictEqual(shown, deletionProtectionName("platform", "kubernetes"));
        assert.strictEqual(shown, "platform-kubernetes-set-deletionProtection-false-to-destroy");
        assert.deepStrictEqual(
            ofType(await build(), guardType).map((g) => g.name),
            protectedStages.map((stage) => deletionProtectionName("prod", stage)),
        );
    });

    it("makes the kubernetes guard depend on every other resource of the cluster, tenants included, so a destroy deletes it first (pulumi/pulumi step_generator.go:2747-2796)", async () => {
        const resources = await build({ tenants: [{ name: "payments" }] });
        const children = customChildren(resources).map((r) => r.urn!);
        assert.ok(children.length > 30, `${children.length}`);
        assert.deepStrictEqual(
            children.filter((urn) => !guard(resources, "kubernetes").dependencies.includes(urn)),
            [],
        );
    });

    it("makes the control-plane guard depend on the cluster, the OIDC provider, the admins' access and the API ingress rules, and the data-plane guard on those, the add-ons and the node groups", async () => {
        const resources = await build({
            adminRoleArns: [
                "arn:aws:iam::123456789012:role/platform-admin",
                "arn:aws:iam::123456789012:role/ci",
            ],
            apiAccessCidrs: ["10.0.0.0/16", "10.8.0.0/16"],
            nodeGroups: [{ name: "general" }, { name: "batch" }],
        });
        const controlPlane = urnsOfType(
            resources,
            "aws:eks/cluster:Cluster",
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            "aws:eks/accessEntry:AccessEntry",
            "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        );
        assert.strictEqual(controlPlane.length, 8);
        assert.deepStrictEqual(
            [...guard(resources, "control-plane").dependencies].sort(),
            [...controlPlane].sort(),
        );
        const dataPlane = [
            ...controlPlane,
            ...urnsOfType(resources, "aws:eks/addon:Addon", "aws:eks/nodeGroup:NodeGroup"),
        ];
        assert.strictEqual(dataPlane.length, 14);
        assert.deepStrictEqual(
            [...guard(resources, "data-plane").dependencies].sort(),
            [...dataPlane].sort(),
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

    it("so, while protected, the engine's destroy refuses at its guards and deletes nothing of the cluster", async () => {
        const resources = await build({ tenants: [{ name: "payments" }] });
        const { deleted, refused } = destroy(resources);
        assert.deepStrictEqual(deleted, []);
        // Each guard is deleted before what it guards, so all three are refused at once.
        assert.deepStrictEqual(
            [...refused].sort(),
            ["control-plane", "data-plane", "kubernetes"]
                .map((s) => guard(resources, s).urn)
                .sort(),
        );
    });

    it("and after a first `up` that failed at its first Kubernetes object, the AWS half's guards are in the state already, so a destroy without preview deletes nothing of the cluster", async () => {
        const failing =
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy::prod-no-external-ips-policy";
        const mocks = new FailingMocks(failing);
        installMocks(mocks, "test", "test");
        new HardenedCluster("prod", args());
        await mocks.failed;
        // What the program still had in hand goes nowhere once the SDK has stopped its RPCs.
        await new Promise((resolve) => setTimeout(resolve, 50));
        const state = mocks.state;
        assert.deepStrictEqual(
            ofType(state, guardType).map((g) => [g.name, g.protect]),
            [
                ["prod-control-plane-set-deletionProtection-false-to-destroy", true],
                ["prod-data-plane-set-deletionProtection-false-to-destroy", true],
            ],
        );
        const { deleted, refused } = destroy(state);
        // Only the Kubernetes provider, whose delete unloads a plugin and touches no cloud
        // resource (pkg/resource/deploy/providers/registry.go:1018-1029).
        assert.deepStrictEqual(deleted, [one(state, "pulumi:providers:kubernetes").urn]);
        assert.deepStrictEqual(
            [...refused].sort(),
            [guard(state, "control-plane").urn, guard(state, "data-plane").urn].sort(),
        );
    });

    it("whereas protecting only the aws.eks.Cluster would let a destroy without preview (--skip-preview, the Automation API) delete its node groups, add-ons and admins first (why the guards exist)", async () => {
        const resources = (await build()).map((r) =>
            r.type === guardType ? { ...r, protect: undefined } : r,
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
