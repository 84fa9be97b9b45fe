// Which resources map IAM principals into the RBAC graph (policypack/lib/rbac-eks-access.ts):
// access entries, the kube-system/aws-auth ConfigMap and the @pulumi/eks Cluster component's
// role and user mappings, and nothing else; and what an access policy association binds when
// its fields are absent.
import * as assert from "assert";
import { GraphResource, RbacGraph } from "../../policypack/lib/rbac-graph";

const ops = "arn:aws:iam::123456789012:role/ops";
const alice = "arn:aws:iam::123456789012:user/alice";
const res = (type: string, name: string, props: Record<string, unknown>): GraphResource => ({
    type,
    name,
    urn: `urn:pulumi:test::test::${type}::${name}`,
    props,
});
const awsAuthMetadata = { name: "aws-auth", namespace: "kube-system" };

describe("EKS access: which resources map an IAM principal into the cluster", () => {
    it("gives an access entry without kubernetesGroups no group but system:authenticated", () => {
        const graph = RbacGraph.fromResources([
            res("aws:eks/accessEntry:AccessEntry", "ops", { principalArn: ops }),
        ]);
        assert.deepStrictEqual(graph.iamIdentity(ops).groups, ["system:authenticated"]);
        assert.deepStrictEqual(graph.iamPrincipals(), [ops]);
    });

    // The API server adds system:authenticated to what the authenticator returns unless the
    // user is system:anonymous or already in system:authenticated or system:unauthenticated
    // (apiserver/pkg/authentication/group/authenticated_group_adder.go); aws-auth names either.
    it("adds system:authenticated as the API server does: not to system:anonymous or the unauthenticated", () => {
        const identity = (mapping: string) =>
            RbacGraph.fromResources([
                res("kubernetes:core/v1:ConfigMap", "aws-auth", {
                    metadata: awsAuthMetadata,
                    data: { mapRoles: `- rolearn: ${ops}\n${mapping}` },
                }),
            ]).iamIdentity(ops);
        assert.deepStrictEqual(identity("  username: system:anonymous\n  groups: [ops]\n").groups, [
            "ops",
        ]);
        assert.deepStrictEqual(identity("  groups: [system:unauthenticated]\n").groups, [
            "system:unauthenticated",
        ]);
        assert.deepStrictEqual(identity("  groups: [ops, system:authenticated]\n").groups, [
            "ops",
            "system:authenticated",
        ]);
    });

    it("reads aws-auth from a ConfigMap or ConfigMapPatch only, not a Secret of the same name", () => {
        const data = { mapRoles: `- rolearn: ${ops}\n  groups: [ops]\n` };
        for (const type of ["kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:ConfigMapPatch"]) {
            const graph = RbacGraph.fromResources([
                res(type, "aws-auth", { metadata: awsAuthMetadata, data }),
            ]);
            assert.deepStrictEqual(graph.iamIdentity(ops).groups, ["ops", "system:authenticated"]);
        }
        const graph = RbacGraph.fromResources([
            res("kubernetes:core/v1:Secret", "aws-auth", { metadata: awsAuthMetadata, data }),
        ]);
        assert.deepStrictEqual(graph.iamIdentity(ops).groups, ["system:authenticated"]);
        assert.deepStrictEqual(graph.iamPrincipals(), []);
    });

    it("reads roleMappings and userMappings of the @pulumi/eks Cluster component only", () => {
        const props = {
            roleMappings: [{ roleArn: ops, username: "ops", groups: ["ops"] }],
            userMappings: [{ userArn: alice, username: "alice", groups: ["devs"] }],
        };
        const graph = RbacGraph.fromResources([res("eks:index:Cluster", "prod", props)]);
        assert.deepStrictEqual(graph.iamIdentity(ops), {
            label: ops,
            user: "ops",
            groups: ["ops", "system:authenticated"],
            iamArn: ops,
        });
        assert.deepStrictEqual(graph.iamIdentity(alice).groups, ["devs", "system:authenticated"]);
        assert.deepStrictEqual(
            graph.iamMappings().map((m) => m.source),
            [
                "urn:pulumi:test::test::eks:index:Cluster::prod",
                "urn:pulumi:test::test::eks:index:Cluster::prod",
            ],
        );
        // aws:eks/cluster:Cluster has no such inputs: a property of that name maps nothing.
        const other = RbacGraph.fromResources([res("aws:eks/cluster:Cluster", "prod", props)]);
        assert.deepStrictEqual(other.iamPrincipals(), []);
        assert.deepStrictEqual(other.iamIdentity(ops).groups, ["system:authenticated"]);
    });

    it("maps no principal from an entry without an ARN", () => {
        const graph = RbacGraph.fromResources([
            res("kubernetes:core/v1:ConfigMap", "aws-auth", {
                metadata: awsAuthMetadata,
                data: {
                    mapRoles: `- groups: [system:masters]\n- rolearn: ${ops}\n  groups: [ops]\n`,
                },
            }),
        ]);
        assert.deepStrictEqual(graph.iamPrincipals(), [ops]);
        assert.deepStrictEqual(
            graph.iamMappings().map((m) => [m.arn, m.groups]),
            [[ops, ["ops"]]],
        );
        assert.ok(!graph.hasIamAccess(""));
    });
});

describe("EKS access: an access policy association with fields absent", () => {
    const type = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

    it("keeps aside an association without a policyArn, naming its ARN as empty", () => {
        const graph = RbacGraph.fromResources([
            res(type, "nopolicy", { principalArn: ops, accessScope: { type: "cluster" } }),
        ]);
        assert.deepStrictEqual(graph.unknownAccessPolicies, [
            {
                urn: `urn:pulumi:test::test::${type}::nopolicy`,
                name: "nopolicy",
                principal: ops,
                policyArn: "",
                reason: "it is not an EKS access policy the pack knows (policypack/lib/eks-access-policies.ts)",
            },
        ]);
    });

    it("binds a namespace scope without namespaces in no namespace", () => {
        const graph = RbacGraph.fromResources([
            res(type, "edit", {
                principalArn: ops,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                accessScope: { type: "namespace" },
            }),
        ]);
        assert.deepStrictEqual(
            graph.bindings
                .filter((b) => b.source !== "default")
                .map((b) => [b.kind, b.name, b.namespaces]),
            [["AccessPolicyAssociation", `AmazonEKSEditPolicy for ${ops}`, []]],
        );
    });
});
