import * as assert from "assert";
import { k8sNoClusterAdminBinding as binding } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { k8sNoWildcardRbacRules as wildcards } from "../../policypack/policies/k8s-no-wildcard-rbac-rules";
import { stackViolations, violations } from "./check";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const crb = `${rbac}:ClusterRoleBinding`;
const rb = `${rbac}:RoleBinding`;
const group = { kind: "Group", name: "payments-developers", apiGroup: "rbac.authorization.k8s.io" };
const goodBinding = {
    metadata: { name: "developers", namespace: "payments" },
    subjects: [group],
    roleRef: { kind: "Role", name: "developer", apiGroup: "rbac.authorization.k8s.io" },
};

const urnOf = (type: string, name: string) => `urn:pulumi:test::test::${type}::${name}`;
const clusterRole = (name: string, rules: unknown[], labels?: Record<string, string>) => ({
    type: `${rbac}:ClusterRole`,
    name,
    props: { metadata: { name, labels }, rules },
});
const crbTo = (name: string, role: string, subjects: unknown[] = [group]) => ({
    type: crb,
    name,
    props: { metadata: { name }, subjects, roleRef: { kind: "ClusterRole", name: role } },
});
const rbTo = (name: string, namespace: string, role: string, kind = "ClusterRole") => ({
    type: rb,
    name,
    props: { metadata: { name, namespace }, subjects: [group], roleRef: { kind, name: role } },
});
const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";

describe("k8s-no-cluster-admin-binding", () => {
    it("passes a RoleBinding to a namespaced Role, and one to view cluster-wide", async () => {
        assert.deepStrictEqual(await violations(binding, rb, goodBinding), []);
        assert.deepStrictEqual(
            await stackViolations(binding, [
                { type: rb, name: "developers", props: goodBinding },
                crbTo("viewers", "view"),
            ]),
            [],
        );
    });

    it("reports a ClusterRoleBinding to cluster-admin with its path: subject, binding, role, rule", async () => {
        assert.deepStrictEqual(
            await stackViolations(binding, [crbTo("ops-admin", "cluster-admin")]),
            [
                {
                    message: `ClusterRoleBinding "ops-admin" gives Group:payments-developers cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: ${fix}`,
                    urn: urnOf(crb, "ops-admin"),
                },
            ],
        );
    });

    for (const role of ["admin", "edit"]) {
        it(`reports a ClusterRoleBinding to ${role}: every power it holds in kube-system, each with its path`, async () => {
            const [found, ...rest] = await stackViolations(binding, [crbTo("ops", role)]);
            assert.deepStrictEqual(rest, []);
            const via = (index: number, rule: string) =>
                `through ClusterRole "${role}", aggregated from ClusterRole "system:aggregate-to-edit" rules[${index}] ${rule}`;
            const pods = `{verbs: [create, delete, deletecollection, patch, update], apiGroups: [""], resources: [pods, pods/attach, pods/exec, pods/portforward, pods/proxy]}`;
            const everywhere = "in every namespace, kube-system included";
            assert.strictEqual(
                found.message,
                `ClusterRoleBinding "ops" gives Group:payments-developers cluster-admin-equivalent power: ` +
                    `create or change pods or pod controllers ${everywhere}, ${via(2, pods)}; ` +
                    `exec or attach into running pods ${everywhere}, ${via(2, pods)}; ` +
                    `create service account tokens ${everywhere}, ${via(5, '{verbs: [create], apiGroups: [""], resources: [serviceaccounts/token]}')}; ` +
                    `read Secrets (list and watch return their contents) ${everywhere}, ${via(0, '{verbs: [get, list, watch], apiGroups: [""], resources: [pods/attach, pods/exec, pods/portforward, pods/proxy, secrets, services/proxy]}')}; ` +
                    `impersonate service accounts ${everywhere}, ${via(1, '{verbs: [impersonate], apiGroups: [""], resources: [serviceaccounts]}')}; ` +
                    `rewrite the aws-auth ConfigMap in kube-system, which maps IAM principals to groups, system:masters included, ${via(4, '{verbs: [create, delete, deletecollection, patch, update], apiGroups: [""], resources: [configmaps, events, persistentvolumeclaims, replicationcontrollers, replicationcontrollers/scale, secrets, serviceaccounts, services, services/proxy]}')}: ${fix}`,
            );
        });
    }

    it("reports a RoleBinding to admin in kube-system, not in a tenant namespace", async () => {
        const found = await stackViolations(binding, [
            rbTo("a", "kube-system", "admin"),
            rbTo("b", "payments", "admin"),
        ]);
        assert.deepStrictEqual(
            found.map((f) => f.urn),
            [urnOf(rb, "a")],
        );
        assert.match(
            found[0].message,
            /^RoleBinding "a" in namespace kube-system gives Group:payments-developers cluster-admin-equivalent power: create or change pods or pod controllers in namespace kube-system, through ClusterRole "admin"/,
        );
    });

    const rbacGroup = "rbac.authorization.k8s.io";
    for (const [what, rules, power] of [
        [
            "bind with a ClusterRoleBinding write",
            [
                { apiGroups: [rbacGroup], resources: ["clusterroles"], verbs: ["bind"] },
                { apiGroups: [rbacGroup], resources: ["clusterrolebindings"], verbs: ["create"] },
            ],
            /bind any ClusterRole, cluster-admin included: bind through/,
        ],
        [
            "escalate with a write of the ClusterRole it holds",
            [{ apiGroups: [rbacGroup], resources: ["clusterroles"], verbs: ["escalate", "patch"] }],
            /escalate and rewrite ClusterRole power, which it holds/,
        ],
        [
            "impersonate",
            [{ apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] }],
            /impersonate any user, through .*; impersonate group system:masters, which bypasses RBAC/,
        ],
        [
            "write on validatingadmissionpolicies",
            [
                {
                    apiGroups: ["admissionregistration.k8s.io"],
                    resources: ["validatingadmissionpolicies"],
                    verbs: ["delete"],
                },
            ],
            /write admission webhooks or policies, which see or change every object admitted/,
        ],
        [
            "list on secrets",
            [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }],
            /read Secrets \(list and watch return their contents\) in every namespace, kube-system included/,
        ],
    ] as const) {
        it(`reports ${what} through a ClusterRoleBinding, not through a RoleBinding in a tenant namespace`, async () => {
            const role = clusterRole("power", [...rules]);
            const cluster = await stackViolations(binding, [role, crbTo("ops", "power")]);
            assert.strictEqual(cluster.length, 1, JSON.stringify(cluster));
            assert.match(cluster[0].message, power);
            assert.deepStrictEqual(
                await stackViolations(binding, [role, rbTo("b", "payments", "power")]),
                [],
            );
        });
    }

    // Kubernetes refuses a role or binding write that grants more than its writer holds, unless
    // the writer has escalate (roles) or bind (bindings) on that role (kubernetes/kubernetes
    // pkg/registry/rbac/escalation_check.go; clusterrole/policybased/storage.go:58-76, commit
    // f57072c8cd5e803d5bef17af8c27c1b0feefb018): those verbs alone, or the writes alone, grant
    // nothing the subject does not already hold.
    for (const [what, rule] of [
        ["bind alone", { apiGroups: [rbacGroup], resources: ["clusterroles"], verbs: ["bind"] }],
        [
            "escalate alone",
            { apiGroups: [rbacGroup], resources: ["clusterroles"], verbs: ["escalate"] },
        ],
        [
            "writes of ClusterRoles and ClusterRoleBindings alone",
            {
                apiGroups: [rbacGroup],
                resources: ["clusterroles", "clusterrolebindings", "roles", "rolebindings"],
                verbs: ["create", "update", "patch", "delete"],
            },
        ],
        [
            "impersonate group system:masters with no user to impersonate",
            {
                apiGroups: [""],
                resources: ["groups"],
                verbs: ["impersonate"],
                resourceNames: ["system:masters"],
            },
        ],
    ] as const) {
        it(`does not report ${what}: Kubernetes refuses to let it grant more`, async () => {
            const role = clusterRole("power", [rule]);
            assert.deepStrictEqual(
                await stackViolations(binding, [role, crbTo("ops", "power")]),
                [],
            );
        });
    }

    it("reads a ClusterRole's rules through its aggregation and Kubernetes' defaults", async () => {
        // A CRD role labelled to aggregate into edit (Kubernetes RBAC docs, "Default roles and role bindings").
        const crd = clusterRole(
            "secrets-by-label",
            [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
            { "rbac.authorization.k8s.io/aggregate-to-view": "true" },
        );
        const found = await stackViolations(binding, [crd, crbTo("viewers", "view")]);
        assert.strictEqual(found.length, 1);
        assert.match(
            found[0].message,
            /read Secrets \(list and watch return their contents\) in every namespace, kube-system included, through ClusterRole "view", aggregated from ClusterRole "secrets-by-label" rules\[0\]/,
        );
    });

    it("reports EKS access policies by their Kubernetes equivalent, leaving AmazonEKSClusterAdminPolicy to eks-no-unlisted-cluster-admin", async () => {
        const association = (name: string, policy: string) => ({
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name,
            props: {
                principalArn: "arn:aws:iam::123456789012:role/ops",
                policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}`,
                accessScope: { type: "cluster" },
            },
        });
        const found = await stackViolations(binding, [
            association("edit", "AmazonEKSEditPolicy"),
            association("admin", "AmazonEKSClusterAdminPolicy"),
            association("view", "AmazonEKSViewPolicy"),
        ]);
        assert.deepStrictEqual(
            found.map((f) => f.urn),
            [urnOf("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "edit")],
        );
        assert.match(
            found[0].message,
            /^AccessPolicyAssociation "AmazonEKSEditPolicy for arn:aws:iam::123456789012:role\/ops" gives IAM:arn:aws:iam::123456789012:role\/ops cluster-admin-equivalent power/,
        );
    });

    it("judges an access policy whose principal is a role the stack creates, unknown during preview", async () => {
        const association = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "ci-edit",
            props: unknownCheckingProxy({
                principalArn: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                accessScope: { type: "cluster" },
            }),
        };
        const [found, ...rest] = await stackViolations(binding, [association]);
        assert.deepStrictEqual(rest, []);
        assert.match(
            found.message,
            /^AccessPolicyAssociation "AmazonEKSEditPolicy for \(the principal of ci-edit, unknown until deploy\)" gives IAM:\(the principal of ci-edit, unknown until deploy\) cluster-admin-equivalent power: create or change pods or pod controllers in every namespace, kube-system included, through AccessPolicy "AmazonEKSEditPolicy" rules\[16\] {verbs: \[create, delete, deletecollection, patch, update\], apiGroups: \[""\], resources: \[pods, pods\/attach, pods\/exec, pods\/portforward, pods\/proxy\]}/,
        );
    });

    it("reports the ...Patch types and a Role in the stack that grants everything in its namespace", async () => {
        const everything = { apiGroups: ["*"], resources: ["*"], verbs: ["*"] };
        const role = {
            type: `${rbac}:RolePatch`,
            name: "all",
            props: { metadata: { name: "all", namespace: "payments" }, rules: [everything] },
        };
        const inSame = { ...rbTo("same", "payments", "all", "Role"), type: `${rb}Patch` };
        const inOther = rbTo("other", "search", "all", "Role");
        const found = await stackViolations(binding, [role, inSame, inOther]);
        assert.deepStrictEqual(
            found.map((f) => f.urn),
            [urnOf(`${rb}Patch`, "same")],
        );
        assert.match(
            found[0].message,
            /^RoleBinding "same" in namespace payments gives .* every verb on every resource, through Role "all" rules\[0\]/,
        );
    });

    it("reports a subject group system:masters on the binding itself", async () => {
        const messages = await violations(binding, rb, {
            ...goodBinding,
            subjects: [{ kind: "Group", name: "system:masters" }],
        });
        assert.deepStrictEqual(messages, [
            `RoleBinding "subject" binds group "system:masters", which bypasses RBAC entirely: ${fix}`,
        ]);
    });

    it("judges the group system:masters only: a user of that name is no member of it", async () => {
        assert.deepStrictEqual(
            await violations(binding, rb, {
                ...goodBinding,
                subjects: [{ kind: "User", name: "system:masters" }],
            }),
            [],
        );
    });

    it("allows configured break-glass subjects, by kind and name", async () => {
        const breakGlass = crbTo("bg", "cluster-admin", [{ kind: "Group", name: "break-glass" }]);
        assert.deepStrictEqual(
            await stackViolations(binding, [breakGlass], {
                allowedSubjects: ["Group:break-glass"],
            }),
            [],
        );
        assert.strictEqual(
            (
                await stackViolations(binding, [breakGlass], {
                    allowedSubjects: ["User:break-glass"],
                })
            ).length,
            1,
        );
    });

    it("does not throw on malformed subjects or roles", async () => {
        const found = await stackViolations(binding, [
            {
                type: crb,
                name: "odd",
                props: {
                    subjects: "everyone",
                    roleRef: { name: "cluster-admin", kind: "ClusterRole" },
                },
            },
            { type: `${rbac}:ClusterRole`, name: "odd", props: { rules: "all" } },
        ]);
        assert.match(found[0].message, /gives \?:everyone cluster-admin-equivalent power/);
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

    it("names every field of a rule that holds *, in one message", async () => {
        assert.deepStrictEqual(
            await role([{ apiGroups: ["*"], resources: ["pods", "*"], verbs: ["*"] }]),
            [
                `Role "r" rules[0] has "*" in verbs, resources, apiGroups: list the verbs, resources and API groups needed.`,
            ],
        );
    });

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
