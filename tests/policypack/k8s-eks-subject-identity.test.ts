import * as assert from "assert";
import { k8sEksSubjectIdentity as policy } from "../../policypack/policies/k8s-eks-subject-identity";
import { violations } from "./check";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const rb = `${rbac}:RoleBinding`;
const binding = (...users: string[]) => ({
    metadata: { name: "deployers", namespace: "payments" },
    subjects: [
        { kind: "Group", name: "payments-deployers", apiGroup: "rbac.authorization.k8s.io" },
        ...users.map((name) => ({ kind: "User", name, apiGroup: "rbac.authorization.k8s.io" })),
    ],
    roleRef: { kind: "ClusterRole", name: "edit", apiGroup: "rbac.authorization.k8s.io" },
});
const fix =
    "bind the group the role's access entry sets (kubernetesGroups), or the userName it sets.";

describe("k8s-eks-subject-identity", () => {
    it("is advisory, configurable, and named as the README names it", () => {
        assert.strictEqual(policy.name, "k8s-eks-subject-identity");
        assert.strictEqual(policy.enforcementLevel, "advisory");
        assert.deepStrictEqual(
            (policy.configSchema!.properties!.allowedUsers as { default: unknown }).default,
            [],
        );
    });

    it("passes a group subject, a plain user, an IAM user's ARN and a custom access entry user name", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                rb,
                binding("alice", "arn:aws:iam::123456789012:user/alice", "deployer:ci"),
            ),
            [],
        );
    });

    it("reports a User subject naming an IAM role's ARN: EKS authenticates it as its session", async () => {
        assert.deepStrictEqual(
            await violations(policy, rb, binding("arn:aws:iam::123456789012:role/deployer")),
            [
                `RoleBinding "subject" binds User "arn:aws:iam::123456789012:role/deployer", which never matches: EKS authenticates an IAM role as its assumed-role session (arn:aws:sts::123456789012:assumed-role/deployer/<session>), not as the role's ARN: ${fix}`,
            ],
        );
    });

    it("drops a role's path from its session name, as EKS does, in any partition", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                rb,
                binding("arn:aws-cn:iam::123456789012:role/teams/ci/deployer"),
            ),
            [
                `RoleBinding "subject" binds User "arn:aws-cn:iam::123456789012:role/teams/ci/deployer", which never matches: EKS authenticates an IAM role as its assumed-role session (arn:aws-cn:sts::123456789012:assumed-role/deployer/<session>), not as the role's ARN: ${fix}`,
            ],
        );
    });

    it("reports a User subject naming one assumed-role session: the caller chooses the session name", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                rb,
                binding("arn:aws:sts::123456789012:assumed-role/deployer/alice"),
            ),
            [
                `RoleBinding "subject" binds User "arn:aws:sts::123456789012:assumed-role/deployer/alice", one session of role deployer: whoever assumes the role chooses the session name, so anyone who can assume deployer can be this user: ${fix}`,
            ],
        );
    });

    it("reports the {{SessionName}} template as a subject: it never matches", async () => {
        assert.deepStrictEqual(
            await violations(
                policy,
                `${rbac}:ClusterRoleBinding`,
                binding("arn:aws:sts::123456789012:assumed-role/deployer/{{SessionName}}"),
            ),
            [
                `ClusterRoleBinding "subject" binds User "arn:aws:sts::123456789012:assumed-role/deployer/{{SessionName}}", which never matches: EKS puts the session's name in place of {{SessionName}} when it authenticates the role: ${fix}`,
            ],
        );
    });

    it("judges User subjects only: a group is matched by its name as an access entry's kubernetesGroups sets it, whatever the name", async () => {
        // EKS User Guide, "Create access entries": kubernetesGroups are names the cluster's
        // RBAC bindings use as they are; nothing turns a group name into a session.
        const named = (kind: string, name: string) => ({
            metadata: { name: "deployers", namespace: "payments" },
            subjects: [{ kind, name, namespace: "payments" }],
            roleRef: { kind: "ClusterRole", name: "edit" },
        });
        for (const kind of ["Group", "ServiceAccount"]) {
            for (const name of [
                "arn:aws:iam::123456789012:role/deployer",
                "arn:aws:sts::123456789012:assumed-role/deployer/alice",
                "arn:aws:sts::123456789012:assumed-role/deployer/{{SessionName}}",
            ]) {
                assert.deepStrictEqual(await violations(policy, rb, named(kind, name)), [], kind);
            }
        }
    });

    it("checks the ...Patch types", async () => {
        assert.strictEqual(
            (await violations(policy, `${rb}Patch`, binding("arn:aws:iam::123456789012:role/x")))
                .length,
            1,
        );
    });

    it("leaves a configured user alone: the session name the EKS kro capability sets", async () => {
        const kro = "arn:aws:sts::111122223333:assumed-role/my-kro-role/KRO";
        assert.deepStrictEqual(
            await violations(policy, rb, binding(kro), { allowedUsers: [kro] }),
            [],
        );
        assert.strictEqual((await violations(policy, rb, binding(kro))).length, 1);
    });

    it("does not throw on malformed subjects", async () => {
        assert.deepStrictEqual(
            await violations(policy, rb, { subjects: [null, "x", { kind: "User" }, 7] }),
            [],
        );
        assert.deepStrictEqual(await violations(policy, rb, { subjects: "nope" }), []);
    });
});
