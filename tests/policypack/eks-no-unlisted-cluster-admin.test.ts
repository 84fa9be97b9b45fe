// eks-no-unlisted-cluster-admin: which grants of cluster admin outside RBAC it reports, and
// exactly what it says. tests/policypack/eks.test.ts has its first cases for each resource type
// and tests/policypack/aws-auth.test.ts the aws-auth ConfigMap as the authenticator spells it.
import * as assert from "assert";
import { eksNoUnlistedClusterAdmin as admin } from "../../policypack/policies/eks-no-unlisted-cluster-admin";
import { violations } from "./check";

const adminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
const viewPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
const ops = "arn:aws:iam::123456789012:role/ops";
const platform = "arn:aws:iam::123456789012:role/platform";
const alice = "arn:aws:iam::123456789012:user/alice";
const fix =
    "grant a scoped access policy or RBAC role, or list the principal in allowedAdminPrincipalArns";
const configMap = "kubernetes:core/v1:ConfigMap";
const awsAuthMetadata = { name: "aws-auth", namespace: "kube-system" };

describe("eks-no-unlisted-cluster-admin: an access entry is cluster admin when any one of its policies is", () => {
    const cluster = (accessPolicies: unknown) =>
        violations(
            admin,
            "eks:index:Cluster",
            { accessEntries: { ops: { principalArn: ops, accessPolicies } } },
            {},
            "prod",
        );

    it("reports an entry holding AmazonEKSClusterAdminPolicy next to a scoped policy", async () => {
        const scope = { type: "cluster" };
        assert.deepStrictEqual(
            await cluster({
                view: { policyArn: viewPolicy, accessScope: scope },
                admin: { policyArn: adminPolicy, accessScope: scope },
            }),
            [
                `EKS cluster "prod" accessEntries "ops" gives "${ops}" AmazonEKSClusterAdminPolicy: ${fix}.`,
            ],
        );
    });

    it("passes an entry with no access policies, or only scoped ones", async () => {
        for (const accessPolicies of [undefined, {}, { view: { policyArn: viewPolicy } }]) {
            assert.deepStrictEqual(
                await cluster(accessPolicies),
                [],
                JSON.stringify(accessPolicies),
            );
        }
    });

    it("skips access policies that are not objects, without calling the cluster malformed", async () => {
        assert.deepStrictEqual(await cluster({ a: null, b: "x", c: 1 }), []);
        assert.deepStrictEqual(await cluster({ a: null, admin: { policyArn: adminPolicy } }), [
            `EKS cluster "prod" accessEntries "ops" gives "${ops}" AmazonEKSClusterAdminPolicy: ${fix}.`,
        ]);
    });
});

describe("eks-no-unlisted-cluster-admin: an AccessPolicyAssociation's message", () => {
    it("names the principal given AmazonEKSClusterAdminPolicy and the fix", async () => {
        assert.deepStrictEqual(
            await violations(
                admin,
                "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
                { clusterName: "prod", principalArn: ops, policyArn: adminPolicy },
                {},
                "ops-admin",
            ),
            [
                `AccessPolicyAssociation "ops-admin" gives "${ops}" AmazonEKSClusterAdminPolicy: ${fix}.`,
            ],
        );
    });
});

describe("eks-no-unlisted-cluster-admin: only system:masters mappings of unlisted principals", () => {
    const mapRoles = [
        `- rolearn: ${ops}\n  groups: [system:masters]`,
        `- rolearn: ${platform}\n  groups: [system:masters]`,
        `- rolearn: ${alice.replace("user/alice", "role/dev")}\n  groups: [dev, system:authenticated]`,
    ].join("\n");
    const mapUsers = `- userarn: ${alice}\n  groups: [system:masters]\n- userarn: ${ops}\n  groups: [view]\n`;

    it("reports each unlisted principal mapped to system:masters, in mapRoles and mapUsers, and no other mapping", async () => {
        assert.deepStrictEqual(
            await violations(
                admin,
                configMap,
                { metadata: awsAuthMetadata, data: { mapRoles, mapUsers } },
                { allowedAdminPrincipalArns: [platform] },
                "aws-auth",
            ),
            [
                `ConfigMap "aws-auth" mapRoles[0] maps "${ops}" to system:masters, which bypasses RBAC: ${fix}.`,
                `ConfigMap "aws-auth" mapUsers[0] maps "${alice}" to system:masters, which bypasses RBAC: ${fix}.`,
            ],
        );
    });

    it("passes mappings to groups other than system:masters, whoever they map", async () => {
        assert.deepStrictEqual(
            await violations(admin, "eks:index:Cluster", {
                roleMappings: [{ roleArn: ops, username: "ops", groups: ["ops"] }],
                userMappings: [{ userArn: alice, username: "alice", groups: [] }],
            }),
            [],
        );
    });

    it("passes listed principals mapped to system:masters", async () => {
        assert.deepStrictEqual(
            await violations(
                admin,
                "eks:index:Cluster",
                { roleMappings: [{ roleArn: ops, groups: ["system:masters"] }] },
                { allowedAdminPrincipalArns: [ops] },
            ),
            [],
        );
    });
});

// The authenticator renders every group as a template, the session name the caller chooses in
// place of {{SessionName}} (aws-iam-authenticator v0.7.18-11-g81b1dab, pkg/server/server.go:518-524
// and 543-545): a role mapped to "system:{{SessionName}}" is system:masters to a caller whose
// session is named "masters".
describe("eks-no-unlisted-cluster-admin: a group template the caller can make system:masters", () => {
    const templated = (group: string) =>
        `ConfigMap "aws-auth" mapRoles[0] maps "${ops}" to group "${group}", system:masters to a caller that chooses its role session name, which bypasses RBAC: ${fix}.`;
    const judge = (groups: string[], config = {}) =>
        violations(
            admin,
            configMap,
            {
                metadata: awsAuthMetadata,
                data: { mapRoles: `- rolearn: ${ops}\n  groups: ${JSON.stringify(groups)}\n` },
            },
            config,
            "aws-auth",
        );

    it("reports a group that renders as system:masters for a chosen session name", async () => {
        for (const group of [
            "system:{{SessionName}}",
            "system:{{SessionNameRaw}}",
            "{{SessionName}}:masters",
            "system:mas{{SessionName}}ters",
        ]) {
            assert.deepStrictEqual(await judge(["ops", group]), [templated(group)], group);
        }
    });

    it("reports it in @pulumi/eks roleMappings too", async () => {
        assert.deepStrictEqual(
            await violations(
                admin,
                "eks:index:Cluster",
                { roleMappings: [{ roleArn: ops, groups: ["system:{{SessionName}}"] }] },
                {},
                "prod",
            ),
            [
                `EKS cluster "prod" roleMappings[0] maps "${ops}" to group "system:{{SessionName}}", system:masters to a caller that chooses its role session name, which bypasses RBAC: ${fix}.`,
            ],
        );
    });

    it("passes templates no session name makes system:masters, and listed principals", async () => {
        // A session name holds no ':' and the account id is not the caller's to choose.
        for (const group of ["{{SessionName}}", "system:{{AccountID}}", "ops:{{SessionName}}"]) {
            assert.deepStrictEqual(await judge([group]), [], group);
        }
        assert.deepStrictEqual(
            await judge(["system:{{SessionName}}"], { allowedAdminPrincipalArns: [ops] }),
            [],
        );
    });
});

describe("eks-no-unlisted-cluster-admin: the authenticator reads only kube-system/aws-auth", () => {
    const mapRoles = `- rolearn: ${ops}\n  groups: [system:masters]\n`;
    const provider = (props: Record<string, unknown>) => ({
        type: "pulumi:providers:kubernetes",
        name: "k8s",
        urn: "urn:pulumi:test::test::pulumi:providers:kubernetes::k8s",
        props,
    });
    const judge = (type: string, metadata: Record<string, unknown>, props?: object) =>
        violations(
            admin,
            type,
            { metadata, data: { mapRoles } },
            {},
            "aws-auth",
            props && provider({ ...props }),
        );

    it("passes the same mappings in any other ConfigMap, or its patch", async () => {
        for (const [metadata, props] of [
            [{ name: "aws-auth-backup", namespace: "kube-system" }, undefined],
            [{ name: "aws-auth", namespace: "default" }, { namespace: "kube-system" }],
            [{ name: "aws-auth" }, { namespace: "default" }],
        ] as const) {
            for (const type of [configMap, `${configMap}Patch`]) {
                assert.deepStrictEqual(
                    await judge(type, metadata, props),
                    [],
                    `${type} ${JSON.stringify(metadata)} ${JSON.stringify(props)}`,
                );
            }
        }
    });

    // Without metadata.namespace an object goes to its Kubernetes provider's namespace, its
    // `namespace` option or its kubeconfig context's (policypack/lib/rbac-namespaces.ts cites
    // pulumi-kubernetes v4.32.0): aws-auth written so under a provider for kube-system is the
    // authenticator's.
    it("reports aws-auth without a namespace under a provider whose namespace is kube-system", async () => {
        for (const type of [configMap, `${configMap}Patch`]) {
            assert.deepStrictEqual(
                await judge(type, { name: "aws-auth" }, { namespace: "kube-system" }),
                [
                    `${type.slice("kubernetes:core/v1:".length)} "aws-auth" mapRoles[0] maps "${ops}" to system:masters, which bypasses RBAC: ${fix}.`,
                ],
            );
        }
    });

    it("reports aws-auth without a namespace under a kubeconfig whose context merges in kube-system", async () => {
        // client-go resolves YAML merge keys (go-yaml v2), so this provider's namespace is
        // kube-system; read without them it was default, and the mapping passed.
        const kubeconfig = [
            "current-context: admin",
            "base: &base {cluster: prod, namespace: kube-system}",
            "contexts:",
            "- name: admin",
            "  context: {<<: *base}",
        ].join("\n");
        assert.deepStrictEqual(await judge(configMap, { name: "aws-auth" }, { kubeconfig }), [
            `ConfigMap "aws-auth" mapRoles[0] maps "${ops}" to system:masters, which bypasses RBAC: ${fix}.`,
        ]);
    });

    it("reports aws-auth as possibly kube-system's when its provider's namespace is not known", async () => {
        assert.deepStrictEqual(await judge(configMap, { name: "aws-auth" }, {}), [
            `ConfigMap "aws-auth" (in <default namespace of provider "k8s">, possibly kube-system) mapRoles[0] maps "${ops}" to system:masters, which bypasses RBAC: ${fix}.`,
        ]);
        assert.deepStrictEqual(await judge(configMap, { name: "aws-auth" }), [
            `ConfigMap "aws-auth" (in <default namespace of its provider>, possibly kube-system) mapRoles[0] maps "${ops}" to system:masters, which bypasses RBAC: ${fix}.`,
        ]);
    });
});
