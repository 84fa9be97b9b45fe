// Values unknown during preview: a policy that needs one is reported by the SDK as "can't run
// during preview" (advisory); a stack policy still judges every other resource.
import * as assert from "assert";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy");
import { eksClusterAuditLogging } from "../../policypack/policies/eks-cluster-audit-logging";
import { eksClusterDeletionProtection } from "../../policypack/policies/eks-cluster-deletion-protection";
import { eksClusterSecretsCmk } from "../../policypack/policies/eks-cluster-secrets-cmk";
import { eksClusterSecretsEncryption } from "../../policypack/policies/eks-cluster-secrets-encryption";
import { eksClusterVersionSupported } from "../../policypack/policies/eks-cluster-version-supported";
import { eksNodeGroupRemoteAccess } from "../../policypack/policies/eks-node-group-remote-access";
import { k8sNoClusterAdminBinding } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { k8sNoDefaultServiceAccount } from "../../policypack/policies/k8s-no-default-service-account";
import { asArray } from "../../policypack/lib/values";
import { violations } from "./check";

/** What the engine sends for a value it cannot know yet. */
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Props as the SDK hands them to policies: reading an unknown throws its UnknownValueError. */
const preview = (props: Record<string, unknown>) => unknownCheckingProxy(props);

const cluster = (keyArn: unknown) =>
    preview({
        enabledClusterLogTypes: ["audit"],
        encryptionConfig: [{ provider: { keyArn }, resources: ["secrets"] }],
        vpcConfig: { endpointPublicAccess: false, subnetIds: [unknown] },
    });

describe("asArray on the props a policy gets", () => {
    it("copies the elements into a plain array, still reading each through the proxy", () => {
        const props = preview({ known: ["get", { verbs: ["list"] }], partly: ["get", unknown] });
        const items = asArray(props.known)!;
        assert.ok(Array.isArray(items));
        assert.strictEqual(items.constructor, Array, "not a proxy of the SDK's array");
        assert.strictEqual(items[0], "get");
        // Nested objects stay proxied: an unknown inside them still throws when read.
        assert.deepStrictEqual((items[1] as { verbs: string[] }).verbs, ["list"]);
        assert.throws(
            () => asArray(props.partly),
            (e: Error) => e instanceof UnknownValueError,
        );
    });
});

describe("policies on values unknown during preview", () => {
    it("judges audit logging even when the secrets key is a key the stack creates", async () => {
        assert.deepStrictEqual(
            await violations(eksClusterAuditLogging, "aws:eks/cluster:Cluster", cluster(unknown)),
            [],
        );
    });

    it("counts a secrets key ARN unknown during preview as a key: encryption is set", async () => {
        assert.deepStrictEqual(
            await violations(
                eksClusterSecretsEncryption,
                "aws:eks/cluster:Cluster",
                cluster(unknown),
            ),
            [],
        );
        assert.strictEqual(
            (await violations(eksClusterSecretsEncryption, "aws:eks/cluster:Cluster", cluster("")))
                .length,
            1,
        );
    });

    it("lets the SDK report a policy that needs an unknown value, rather than calling it malformed", async () => {
        await assert.rejects(
            violations(
                eksClusterAuditLogging,
                "aws:eks/cluster:Cluster",
                preview({ enabledClusterLogTypes: unknown }),
            ),
            (e: Error) => e instanceof UnknownValueError,
        );
    });

    const binding = (name: string, namespace: unknown, role: string) => ({
        type: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        name,
        props: preview({
            metadata: { name, namespace },
            subjects: [{ kind: "Group", name: "devs" }],
            roleRef: { kind: "Role", name: role, apiGroup: "rbac.authorization.k8s.io" },
        }),
    });

    const allInApps = {
        type: "kubernetes:rbac.authorization.k8s.io/v1:Role",
        name: "all",
        urn: "urn:all",
        props: preview({
            metadata: { name: "all", namespace: "apps" },
            rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
        }),
    };

    it("judges a binding whose namespace is unknown as possibly in any namespace, with the Role it may name", async () => {
        const reported: string[] = [];
        await k8sNoClusterAdminBinding.validateStack!(
            {
                resources: [
                    allInApps,
                    { ...binding("first", unknown, "all"), urn: "urn:first" },
                    { ...binding("second", "apps", "all"), urn: "urn:second" },
                ],
                getConfig: () => ({ allowedSubjects: [] }),
            } as never,
            (message: string) => reported.push(message),
        );
        assert.deepStrictEqual(
            reported.map((m) => m.slice(0, m.indexOf(" gives"))),
            [
                'RoleBinding "first" in namespace <namespace of RoleBinding "first", unknown until deploy>',
                'RoleBinding "second" in namespace apps',
            ],
        );
    });

    it("reports a subject unknown until deploy that gets cluster-admin as a mandatory violation, judged by the binding's role", async () => {
        // The common pattern: `subjects: [{ kind: "User", name: ciRole.arn }]`, the role created
        // by the same stack, so its ARN is unknown during preview while roleRef is known.
        const reported: { message: string; urn?: string }[] = [];
        await k8sNoClusterAdminBinding.validateStack!(
            {
                resources: [
                    {
                        type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                        name: "ci",
                        urn: "urn:ci",
                        props: preview({
                            metadata: { name: "ci" },
                            subjects: [{ kind: "User", name: unknown }],
                            roleRef: { kind: "ClusterRole", name: "cluster-admin" },
                        }),
                    },
                ],
                getConfig: () => ({ allowedSubjects: [] }),
            } as never,
            (message: string, urn?: string) => reported.push({ message, urn }),
        );
        assert.strictEqual(k8sNoClusterAdminBinding.enforcementLevel, "mandatory");
        assert.deepStrictEqual(reported, [
            {
                message:
                    'ClusterRoleBinding "ci" gives a subject unknown until deploy cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: bind a Role with the verbs and resources the subject needs, in its namespace.',
                urn: "urn:ci",
            },
        ]);
    });

    it("leaves unjudged only a binding whose roleRef is unknown, and names it after reporting the others", async () => {
        const reported: string[] = [];
        const later = binding("later", "apps", "all");
        let error: unknown;
        try {
            await k8sNoClusterAdminBinding.validateStack!(
                {
                    resources: [
                        allInApps,
                        {
                            ...later,
                            urn: "urn:later",
                            props: preview({
                                metadata: { name: "later", namespace: "apps" },
                                subjects: [{ kind: "Group", name: "devs" }],
                                roleRef: { kind: "Role", name: unknown },
                            }),
                        },
                        { ...binding("second", "apps", "all"), urn: "urn:second" },
                    ],
                    getConfig: () => ({ allowedSubjects: [] }),
                } as never,
                (message: string) => reported.push(message),
            );
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof UnknownValueError, String(error));
        assert.match(
            (error as Error).message,
            /^1 resource\(s\) could not be judged, the others were: urn:later \(string value at \.roleRef\.name can't be known during preview\)$/,
        );
        assert.strictEqual(reported.length, 1, reported.join("\n"));
        assert.match(
            reported[0],
            /^RoleBinding "second" in namespace apps gives Group:devs cluster-admin-equivalent power: every verb on every resource, through Role "all" rules\[0\]/,
        );
    });

    it("keeps judging workloads when a service account's namespace is unknown", async () => {
        const reported: string[] = [];
        try {
            await k8sNoDefaultServiceAccount.validateStack!(
                {
                    resources: [
                        {
                            type: "kubernetes:core/v1:ServiceAccountPatch",
                            name: "default-sa",
                            urn: "urn:sa",
                            props: preview({
                                metadata: { name: "default", namespace: unknown },
                                automountServiceAccountToken: false,
                            }),
                        },
                        {
                            type: "kubernetes:core/v1:Pod",
                            name: "web",
                            urn: "urn:web",
                            props: preview({
                                metadata: { namespace: "apps" },
                                spec: { containers: [] },
                            }),
                        },
                    ],
                    getConfig: () => ({}),
                } as never,
                (message: string) => reported.push(message),
            );
        } catch (e) {
            assert.ok(e instanceof UnknownValueError);
        }
        assert.strictEqual(reported.length, 1);
        assert.match(reported[0], /^Pod "web" runs as the "default" service account/);
    });

    it("counts a customer managed key unknown during preview as one the stack creates", async () => {
        for (const [type, props] of [
            ["aws:eks/cluster:Cluster", cluster(unknown)],
            ["eks:index:Cluster", preview({ encryptionConfigKeyArn: unknown })],
        ] as const) {
            assert.deepStrictEqual(await violations(eksClusterSecretsCmk, type, props), [], type);
        }
    });

    it("still reports SSH open to the internet when the key pair is one the stack creates", async () => {
        assert.deepStrictEqual(
            await violations(
                eksNodeGroupRemoteAccess,
                "aws:eks/nodeGroup:NodeGroup",
                preview({ remoteAccess: { ec2SshKey: unknown } }),
                {},
                "workers",
            ),
            [
                'EKS node group "workers" opens SSH (port 22) on its nodes to the internet (0.0.0.0/0): remoteAccess sets ec2SshKey (a key pair the stack creates) without sourceSecurityGroupIds: list the security groups allowed to connect in remoteAccess.sourceSecurityGroupIds, or drop remoteAccess and reach the nodes through SSM Session Manager.',
            ],
        );
    });

    it("passes SSH from a security group the stack creates", async () => {
        assert.deepStrictEqual(
            await violations(
                eksNodeGroupRemoteAccess,
                "eks:index:ManagedNodeGroup",
                preview({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: [unknown] } }),
            ),
            [],
        );
    });

    it("lets the SDK report a version or deletion protection unknown during preview", async () => {
        for (const [policy, props] of [
            [eksClusterVersionSupported, { version: unknown }],
            [eksClusterDeletionProtection, { deletionProtection: unknown }],
        ] as const) {
            await assert.rejects(
                violations(policy, "aws:eks/cluster:Cluster", preview(props)),
                (e: Error) => e instanceof UnknownValueError,
                policy.name,
            );
        }
    });
});
