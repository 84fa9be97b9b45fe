import * as assert from "assert";
import { k8sTenantIsolation as policy } from "../../policypack/policies/k8s-tenant-isolation";
import { stackViolations } from "./check";
import { base, fix, ownFix, rbac, roleArn, urnOf } from "./k8s-tenant-isolation-fixture";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

describe("k8s-tenant-isolation", () => {
    it("is mandatory and passes tenants bound only in their own namespaces, with a platform admin", async () => {
        assert.strictEqual(policy.enforcementLevel, "mandatory");
        const admin = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "admin",
            props: {
                principalArn: roleArn("platform-admin"),
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                accessScope: { type: "cluster" },
            },
        };
        assert.deepStrictEqual(await stackViolations(policy, [...base, admin]), []);
    });

    it("reports a RoleBinding in another tenant's namespace, with the path, on the binding", async () => {
        const crossing = {
            type: `${rbac}:RoleBinding`,
            name: "search-for-payments",
            props: {
                metadata: { name: "for-payments", namespace: "search" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
                roleRef: { kind: "ClusterRole", name: "view" },
            },
        };
        const found = await stackViolations(policy, [...base, crossing]);
        assert.deepStrictEqual(found, [
            {
                message: `Group:payments-developers, a subject of tenant "payments" (namespace payments), can act in tenant namespace search through ClusterRole "view", aggregated from ClusterRole "system:aggregate-to-view" rules[0] {verbs: [get, list, watch], apiGroups: [""], resources: [configmaps, endpoints, persistentvolumeclaims, persistentvolumeclaims/status, pods, replicationcontrollers, replicationcontrollers/scale, serviceaccounts, services, services/status]}, granted by RoleBinding "for-payments" in namespace search: ${fix}`,
                urn: urnOf(`${rbac}:RoleBinding`, "search-for-payments"),
            },
            {
                message: `IAM:${roleArn("payments-developers")}, a subject of tenant "payments" (namespace payments), can act in tenant namespace search through ClusterRole "view", aggregated from ClusterRole "system:aggregate-to-view" rules[0] {verbs: [get, list, watch], apiGroups: [""], resources: [configmaps, endpoints, persistentvolumeclaims, persistentvolumeclaims/status, pods, replicationcontrollers, replicationcontrollers/scale, serviceaccounts, services, services/status]}, granted by RoleBinding "for-payments" in namespace search: ${fix}`,
                urn: urnOf(`${rbac}:RoleBinding`, "search-for-payments"),
            },
        ]);
    });

    it("reports a tenant's service account bound in another tenant's namespace", async () => {
        const crossing = {
            type: `${rbac}:RoleBinding`,
            name: "worker-in-search",
            props: {
                metadata: { name: "worker", namespace: "search" },
                subjects: [{ kind: "ServiceAccount", name: "worker", namespace: "payments" }],
                roleRef: { kind: "Role", name: "developer" },
            },
        };
        const found = await stackViolations(policy, [...base, crossing]);
        assert.strictEqual(found.length, 1, JSON.stringify(found));
        assert.match(
            found[0].message,
            /^ServiceAccount:payments:worker, a subject of tenant "payments" \(namespace payments\), can act in tenant namespace search through Role "developer" rules\[0\]/,
        );
    });

    it("reports a grant to every service account, which reaches each tenant's through its groups", async () => {
        const crb = {
            type: `${rbac}:ClusterRoleBinding`,
            name: "all-sa-view",
            props: {
                metadata: { name: "all-sa-view" },
                subjects: [{ kind: "Group", name: "system:serviceaccounts" }],
                roleRef: { kind: "ClusterRole", name: "view" },
            },
        };
        const found = await stackViolations(policy, [...base, crb]);
        assert.deepStrictEqual(
            found.map((f) => f.message.slice(0, f.message.indexOf(","))).sort(),
            ["ServiceAccount:payments:worker", "ServiceAccount:search:worker"],
        );
        assert.ok(found.every((f) => f.urn === urnOf(`${rbac}:ClusterRoleBinding`, "all-sa-view")));
        assert.match(
            found[0].message,
            /can act in every namespace, tenants .* included through ClusterRole "view"/,
        );
    });

    it("reaches a tenant's service account whose name is unknown until deploy through its namespace's groups", async () => {
        // No ServiceAccount resource in payments: its one account is named by a binding with
        // `name: sa.metadata.name` of an account created elsewhere, unknown during preview. The
        // API server gives it system:serviceaccounts:payments whatever its name (MakeGroupNames).
        const own = {
            type: `${rbac}:RoleBinding`,
            name: "payments-app",
            props: unknownCheckingProxy({
                metadata: { name: "app", namespace: "payments" },
                subjects: [
                    {
                        kind: "ServiceAccount",
                        name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                        namespace: "payments",
                    },
                ],
                roleRef: { kind: "Role", name: "developer" },
            }),
        };
        const crb = {
            type: `${rbac}:ClusterRoleBinding`,
            name: "payments-sa-view",
            props: {
                metadata: { name: "payments-sa-view" },
                subjects: [{ kind: "Group", name: "system:serviceaccounts:payments" }],
                roleRef: { kind: "ClusterRole", name: "view" },
            },
        };
        const accountless = base.filter((r) => r.name !== "payments-worker");
        assert.deepStrictEqual(await stackViolations(policy, [...accountless, own as never]), []);
        const found = await stackViolations(policy, [...accountless, own as never, crb]);
        const reported = [
            [
                'ServiceAccount:payments:<unknown until deploy: RoleBinding "app" subjects[0]>',
                urnOf(`${rbac}:ClusterRoleBinding`, "payments-sa-view"),
            ],
        ];
        const heads = (violations: typeof found) =>
            violations.map((f) => [f.message.slice(0, f.message.indexOf(", a subject")), f.urn]);
        assert.deepStrictEqual(heads(found), reported);
        // An empty subject namespace is the RoleBinding's (rule.go appliesToUser), payments.
        const emptyNamespace = {
            ...own,
            props: unknownCheckingProxy({
                metadata: { name: "app", namespace: "payments" },
                subjects: [
                    {
                        kind: "ServiceAccount",
                        name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                        namespace: "",
                    },
                ],
                roleRef: { kind: "Role", name: "developer" },
            }),
        };
        assert.deepStrictEqual(
            heads(await stackViolations(policy, [...accountless, emptyNamespace as never, crb])),
            reported,
        );
        assert.match(
            found[0].message,
            /can act in every namespace, tenants .*search.* included through ClusterRole "view"/,
        );
    });

    it("reports an IAM role that an access entry puts in another tenant's group", async () => {
        const entry = {
            type: "aws:eks/accessEntry:AccessEntry",
            name: "payments-devs-too",
            props: {
                principalArn: roleArn("payments-developers"),
                kubernetesGroups: ["search-developers"],
            },
        };
        const found = await stackViolations(policy, [...base, entry]);
        assert.ok(
            found.some(
                (f) =>
                    f.message.startsWith(
                        `IAM:${roleArn("payments-developers")}, a subject of tenant "payments"`,
                    ) && /can act in tenant namespace search/.test(f.message),
            ),
            JSON.stringify(found),
        );
    });

    it("reports a namespace-scoped access policy that spans two tenants", async () => {
        const association = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "payments-edit",
            props: {
                principalArn: roleArn("payments-developers"),
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                accessScope: { type: "namespace", namespaces: ["payments", "search"] },
            },
        };
        const found = await stackViolations(policy, [...base, association]);
        assert.strictEqual(found.length, 1, JSON.stringify(found));
        assert.match(
            found[0].message,
            /can act in tenant namespace search through AccessPolicy "AmazonEKSEditPolicy" rules\[0\]/,
        );
        assert.strictEqual(
            found[0].urn,
            urnOf("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "payments-edit"),
        );
    });

    it("reads an access scope's wildcard as EKS does: pay* stays home, *rch reaches search", async () => {
        // EKS User Guide, "Associate access policies with access entries": `dev-*` scopes to every
        // namespace that starts with `dev-` (eks-access-policies.ts accessScopeCovers).
        const scoped = (namespaces: string[]) => ({
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "payments-view",
            props: {
                principalArn: roleArn("payments-developers"),
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                accessScope: { type: "namespace", namespaces },
            },
        });
        assert.deepStrictEqual(await stackViolations(policy, [...base, scoped(["pay*"])]), []);
        const found = await stackViolations(policy, [...base, scoped(["pay*", "*rch"])]);
        assert.deepStrictEqual(
            found.map((f) => f.urn),
            [urnOf("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "payments-view")],
        );
        assert.match(
            found[0].message,
            /^IAM:arn:aws:iam::123456789012:role\/payments-developers, a subject of tenant "payments" \(namespace payments\), can act in tenant namespace search through AccessPolicy "AmazonEKSViewPolicy" rules\[0\] .*, granted by AccessPolicyAssociation "AmazonEKSViewPolicy for arn:aws:iam::123456789012:role\/payments-developers" in namespace pay\*, \*rch: /,
        );
    });

    it("reports a ClusterRoleBinding for a tenant's group: every namespace, and cluster-scoped writes", async () => {
        const role = {
            type: `${rbac}:ClusterRole`,
            name: "ns-admin",
            props: {
                metadata: { name: "ns-admin" },
                rules: [
                    { apiGroups: [""], resources: ["namespaces"], verbs: ["create", "delete"] },
                    { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
                ],
            },
        };
        const crb = {
            type: `${rbac}:ClusterRoleBinding`,
            name: "payments-ns",
            props: {
                metadata: { name: "payments-ns" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
                roleRef: { kind: "ClusterRole", name: "ns-admin" },
            },
        };
        const [group] = await stackViolations(policy, [...base, role, crb]);
        assert.strictEqual(
            group.message,
            `Group:payments-developers, a subject of tenant "payments" (namespace payments), can act in every namespace, tenants search included through ClusterRole "ns-admin" rules[1] {verbs: [get], apiGroups: [""], resources: [configmaps]}; can write cluster-scoped resources through ClusterRole "ns-admin" rules[0] {verbs: [create, delete], apiGroups: [""], resources: [namespaces]}, granted by ClusterRoleBinding "payments-ns": ${fix}`,
        );
    });

    // Each resource below has no namespace (k8s.io/api +genclient:nonNamespaced, or authorized
    // with no object): a grant of it is a cluster-wide write, never an act in a namespace.
    for (const [group, resource, verb] of [
        ["apiregistration.k8s.io", "apiservices", "update"],
        ["certificates.k8s.io", "signers", "approve"],
        ["authentication.k8s.io", "uids", "impersonate"],
        ["authentication.k8s.io", "userextras/scopes", "impersonate"],
        ["admissionregistration.k8s.io", "mutatingadmissionpolicies", "create"],
        ["admissionregistration.k8s.io", "mutatingadmissionpolicybindings", "patch"],
        ["networking.k8s.io", "servicecidrs", "create"],
        ["resource.k8s.io", "devicetaintrules", "create"],
    ] as const) {
        it(`reports a tenant's grant of ${verb} on ${resource} as a cluster-scoped write`, async () => {
            const role = {
                type: `${rbac}:ClusterRole`,
                name: "cluster-thing",
                props: {
                    metadata: { name: "cluster-thing" },
                    rules: [{ apiGroups: [group], resources: [resource], verbs: [verb] }],
                },
            };
            const crb = {
                type: `${rbac}:ClusterRoleBinding`,
                name: "payments-thing",
                props: {
                    metadata: { name: "payments-thing" },
                    subjects: [{ kind: "Group", name: "payments-developers" }],
                    roleRef: { kind: "ClusterRole", name: "cluster-thing" },
                },
            };
            const [found] = await stackViolations(policy, [...base, role, crb]);
            assert.strictEqual(
                found.message,
                `Group:payments-developers, a subject of tenant "payments" (namespace payments), can write cluster-scoped resources through ClusterRole "cluster-thing" rules[0] {verbs: [${verb}], apiGroups: [${group}], resources: [${resource}]}, granted by ClusterRoleBinding "payments-thing": ${fix}`,
            );
        });
    }

    const own = (rules: unknown[]) => [
        {
            type: `${rbac}:Role`,
            name: "payments-labels",
            props: { metadata: { name: "labels", namespace: "payments" }, rules },
        },
        {
            type: `${rbac}:RoleBinding`,
            name: "payments-labels",
            props: {
                metadata: { name: "labels", namespace: "payments" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
                roleRef: { kind: "Role", name: "labels" },
            },
        },
    ];

    it("reports a RoleBinding in the tenant's own namespace that lets it relabel that namespace", async () => {
        // A request on namespace payments is in namespace payments (requestinfo.go:192-204).
        const found = await stackViolations(policy, [
            ...base,
            ...own([{ apiGroups: [""], resources: ["namespaces"], verbs: ["patch"] }]),
        ]);
        assert.deepStrictEqual(found[0], {
            message: `Group:payments-developers, a subject of tenant "payments" (namespace payments), can relabel its own namespace payments (patch namespaces), which sets its pod-security.kubernetes.io levels and the labels NetworkPolicies select, through Role "labels" rules[0] {verbs: [patch], apiGroups: [""], resources: [namespaces]}, granted by RoleBinding "labels" in namespace payments: ${ownFix}`,
            urn: urnOf(`${rbac}:RoleBinding`, "payments-labels"),
        });
    });

    it("reports services/status in the tenant's own namespace (CVE-2020-8554), not admin's own rules", async () => {
        const found = await stackViolations(policy, [
            ...base,
            ...own([{ apiGroups: [""], resources: ["services/status"], verbs: ["update"] }]),
        ]);
        assert.match(
            found[0].message,
            /can set the load balancer IP of a Service in payments \(services\/status\), which kube-proxy routes on every node \(CVE-2020-8554\), through Role "labels" rules\[0\]/,
        );
        const admin = {
            type: `${rbac}:RoleBinding`,
            name: "payments-admin",
            props: {
                metadata: { name: "admin", namespace: "payments" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
                roleRef: { kind: "ClusterRole", name: "admin" },
            },
        };
        assert.deepStrictEqual(await stackViolations(policy, [...base, admin]), []);
    });

    it("judges the other bindings when one is unknown during preview, then says which", async () => {
        // As the SDK hands props to policies: reading an unknown throws its UnknownValueError.
        const unknown = {
            type: `${rbac}:RoleBinding`,
            name: "later",
            props: unknownCheckingProxy({
                metadata: { name: "later", namespace: "search" },
                subjects: [{ kind: "Group", name: "search-developers" }],
                // An unknown role may grant anything: the one thing left unjudged.
                roleRef: { kind: "Role", name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
            }),
        };
        const crossing = {
            type: `${rbac}:RoleBinding`,
            name: "x",
            props: {
                metadata: { name: "x", namespace: "search" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
                roleRef: { kind: "Role", name: "developer" },
            },
        };
        const found: { message: string }[] = [];
        await assert.rejects(
            (async () =>
                found.push(
                    ...(await stackViolations(policy, [...base, unknown as never, crossing])),
                ))(),
            /1 resource\(s\) could not be judged, the others were: .*RoleBinding::later/,
        );
    });
});
