import * as assert from "assert";
import { k8sNoClusterAdminBinding as binding } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { k8sNoWildcardRbacRules as wildcards } from "../../policypack/policies/k8s-no-wildcard-rbac-rules";
import { stackViolations, violations } from "./check";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const crb = `${rbac}:ClusterRoleBinding`;
const rb = `${rbac}:RoleBinding`;
const group = { kind: "Group", name: "payments-developers", apiGroup: "rbac.authorization.k8s.io" };
const goodBinding = {
    metadata: { name: "developers", namespace: "payments" },
    subjects: [group],
    roleRef: { kind: "Role", name: "developer", apiGroup: "rbac.authorization.k8s.io" },
};

describe("k8s-no-cluster-admin-binding", () => {
    it("passes a RoleBinding to a namespaced Role", async () => {
        assert.deepStrictEqual(await violations(binding, rb, goodBinding), []);
    });

    it("reports a ClusterRoleBinding to cluster-admin, naming the subjects and the fix", async () => {
        const messages = await violations(
            binding,
            crb,
            { ...goodBinding, roleRef: { kind: "ClusterRole", name: "cluster-admin" } },
            {},
            "ops-admin",
        );
        assert.deepStrictEqual(messages, [
            'ClusterRoleBinding "ops-admin" binds ClusterRole "cluster-admin" to Group:payments-developers: bind a Role with the verbs and resources the subject needs, in its namespace.',
        ]);
    });

    it("reports a RoleBinding to cluster-admin whatever the kind", async () => {
        const messages = await violations(binding, rb, {
            ...goodBinding,
            roleRef: { kind: "Role", name: "cluster-admin" },
        });
        assert.match(messages[0], /binds Role "cluster-admin"/);
    });

    it("reports the ...Patch types", async () => {
        const messages = await violations(binding, `${crb}Patch`, {
            ...goodBinding,
            roleRef: { kind: "ClusterRole", name: "cluster-admin" },
        });
        assert.match(messages[0], /^ClusterRoleBindingPatch "subject" binds/);
    });

    it("reports a subject group system:masters", async () => {
        const messages = await violations(binding, rb, {
            ...goodBinding,
            subjects: [{ kind: "Group", name: "system:masters" }],
        });
        assert.deepStrictEqual(messages, [
            'RoleBinding "subject" binds group "system:masters", which bypasses RBAC entirely: bind a Role with the verbs and resources the subject needs, in its namespace.',
        ]);
    });

    it("allows configured break-glass subjects", async () => {
        const props = {
            ...goodBinding,
            subjects: [{ kind: "Group", name: "break-glass" }],
            roleRef: { kind: "ClusterRole", name: "cluster-admin" },
        };
        assert.deepStrictEqual(
            await violations(binding, crb, props, { allowedSubjects: ["Group:break-glass"] }),
            [],
        );
        assert.strictEqual(
            (await violations(binding, crb, props, { allowedSubjects: ["User:break-glass"] }))
                .length,
            1,
        );
    });

    it("does not throw on malformed subjects", async () => {
        const messages = await violations(binding, crb, {
            subjects: "everyone",
            roleRef: { name: "cluster-admin" },
        });
        assert.match(messages[0], /binds role "cluster-admin" to \?:everyone/);
    });

    describe("stack check", () => {
        const everything = { apiGroups: ["*"], resources: ["*"], verbs: ["*"] };
        it("reports a binding to a ClusterRole in the stack that grants everything, on the binding's URN", async () => {
            const found = await stackViolations(binding, [
                {
                    type: `${rbac}:ClusterRole`,
                    name: "superuser",
                    props: { metadata: { name: "superuser" }, rules: [everything] },
                },
                {
                    type: crb,
                    name: "ops",
                    props: {
                        subjects: [group],
                        roleRef: { kind: "ClusterRole", name: "superuser" },
                    },
                },
            ]);
            assert.deepStrictEqual(found, [
                {
                    message:
                        'ClusterRoleBinding "ops" binds ClusterRole "superuser", which grants every verb on every resource (cluster-admin by another name), to Group:payments-developers: bind a Role with the verbs and resources the subject needs, in its namespace.',
                    urn: `urn:pulumi:test::test::${crb}::ops`,
                },
            ]);
        });

        it("matches Roles by namespace", async () => {
            const role = {
                type: `${rbac}:Role`,
                name: "all",
                props: { metadata: { name: "all", namespace: "payments" }, rules: [everything] },
            };
            const inOther = {
                type: rb,
                name: "b",
                props: {
                    metadata: { namespace: "search" },
                    subjects: [group],
                    roleRef: { kind: "Role", name: "all" },
                },
            };
            const inSame = {
                ...inOther,
                props: { ...inOther.props, metadata: { namespace: "payments" } },
            };
            assert.deepStrictEqual(await stackViolations(binding, [role, inOther]), []);
            assert.strictEqual((await stackViolations(binding, [role, inSame])).length, 1);
        });

        it("passes bindings to roles that are not full wildcards", async () => {
            const partial = { apiGroups: ["*"], resources: ["pods"], verbs: ["*"] };
            const found = await stackViolations(binding, [
                {
                    type: `${rbac}:ClusterRole`,
                    name: "pods",
                    props: { metadata: { name: "pods" }, rules: [partial] },
                },
                {
                    type: crb,
                    name: "ops",
                    props: { subjects: [group], roleRef: { kind: "ClusterRole", name: "pods" } },
                },
            ]);
            assert.deepStrictEqual(found, []);
        });
    });
});

describe("k8s-no-wildcard-rbac-rules", () => {
    const role = (rules: unknown) =>
        violations(wildcards, `${rbac}:Role`, { metadata: { name: "r" }, rules }, {}, "r");

    it("is advisory", () => assert.strictEqual(wildcards.enforcementLevel, "advisory"));

    it("passes explicit rules", async () => {
        assert.deepStrictEqual(
            await role([{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }]),
            [],
        );
    });

    for (const field of ["verbs", "resources", "apiGroups"]) {
        it(`reports * in ${field}`, async () => {
            const rule: Record<string, string[]> = {
                apiGroups: [""],
                resources: ["pods"],
                verbs: ["get"],
            };
            rule[field] = ["*"];
            assert.deepStrictEqual(
                await role([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }, rule]),
                [
                    `Role "r" rules[1] has "*" in ${field}: list the verbs, resources and API groups needed.`,
                ],
            );
        });
    }

    it("checks ClusterRoles and their patches", async () => {
        for (const type of [
            `${rbac}:ClusterRole`,
            `${rbac}:ClusterRolePatch`,
            `${rbac}:RolePatch`,
        ]) {
            assert.strictEqual(
                (
                    await violations(wildcards, type, {
                        rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
                    })
                ).length,
                1,
                type,
            );
        }
    });
});
