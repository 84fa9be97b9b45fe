import * as assert from "assert";
import { k8sTenantIsolation as policy } from "../../policypack/policies/k8s-tenant-isolation";
import { stackViolations } from "./check";
import { base, fix, ownFix, rbac, roleArn, tenant, urnOf } from "./k8s-tenant-isolation-fixture";

/** payments-developers bound cluster-wide to a ClusterRole "granted" with these rules. */
function clusterWide(rules: unknown[]) {
    return [
        {
            type: `${rbac}:ClusterRole`,
            name: "granted",
            props: { metadata: { name: "granted" }, rules },
        },
        {
            type: `${rbac}:ClusterRoleBinding`,
            name: "payments-granted",
            props: {
                metadata: { name: "payments-granted" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
                roleRef: { kind: "ClusterRole", name: "granted" },
            },
        },
    ];
}

/** The messages for payments' developers: its group, and the IAM role its access entry maps into it. */
const developers = (rest: string) =>
    [`Group:payments-developers`, `IAM:${roleArn("payments-developers")}`].map(
        (key) => `${key}, a subject of tenant "payments" (namespace payments), ${rest}`,
    );
const granted = `granted by ClusterRoleBinding "payments-granted": ${fix}`;

describe("k8s-tenant-isolation: what a cluster-wide rule counts as", () => {
    it("passes reads of cluster-scoped resources: neither an act in a namespace nor a write", async () => {
        const rules = [
            {
                apiGroups: [""],
                resources: ["nodes", "persistentvolumes"],
                verbs: ["get", "list", "watch"],
            },
        ];
        assert.deepStrictEqual(await stackViolations(policy, [...base, ...clusterWide(rules)]), []);
    });

    it("passes the self-reviews every user may create, though they are cluster-scoped", async () => {
        // Granted to system:authenticated by the default system:basic-user ClusterRole.
        const rules = [
            {
                apiGroups: ["authorization.k8s.io"],
                resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                verbs: ["create"],
            },
        ];
        assert.deepStrictEqual(await stackViolations(policy, [...base, ...clusterWide(rules)]), []);
    });

    it("reports a write of a namespaced resource as an act in every namespace only", async () => {
        const rules = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["create"] }];
        const found = await stackViolations(policy, [...base, ...clusterWide(rules)]);
        assert.deepStrictEqual(
            found.map((f) => [f.message, f.urn]),
            developers(
                `can act in every namespace, tenants search included through ClusterRole "granted" rules[0] {verbs: [create], apiGroups: [""], resources: [configmaps]}, ${granted}`,
            ).map((m) => [m, urnOf(`${rbac}:ClusterRoleBinding`, "payments-granted")]),
        );
    });

    it("reports one rule with a write among its verbs and a cluster-scoped resource among its resources as both", async () => {
        // Any one verb that writes, and any one resource of each kind, is enough.
        const rules = [
            { apiGroups: [""], resources: ["nodes", "configmaps"], verbs: ["get", "create"] },
        ];
        const shown = `ClusterRole "granted" rules[0] {verbs: [get, create], apiGroups: [""], resources: [nodes, configmaps]}`;
        const found = await stackViolations(policy, [...base, ...clusterWide(rules)]);
        assert.deepStrictEqual(
            found.map((f) => f.message),
            developers(
                `can act in every namespace, tenants search included through ${shown}; can write cluster-scoped resources through ${shown}, ${granted}`,
            ),
        );
    });

    it("reads a wildcard verb as a write and a wildcard resource as every resource", async () => {
        const verbs = [{ apiGroups: [""], resources: ["nodes"], verbs: ["*"] }];
        assert.deepStrictEqual(
            (await stackViolations(policy, [...base, ...clusterWide(verbs)])).map((f) => f.message),
            developers(
                `can write cluster-scoped resources through ClusterRole "granted" rules[0] {verbs: [*], apiGroups: [""], resources: [nodes]}, ${granted}`,
            ),
        );
        const resources = [{ apiGroups: ["*"], resources: ["*"], verbs: ["create"] }];
        const shown = `ClusterRole "granted" rules[0] {verbs: [create], apiGroups: [*], resources: [*]}`;
        assert.deepStrictEqual(
            (await stackViolations(policy, [...base, ...clusterWide(resources)])).map(
                (f) => f.message,
            ),
            developers(
                `can act in every namespace, tenants search included through ${shown}; can write cluster-scoped resources through ${shown}, ${granted}`,
            ),
        );
    });
});

describe("k8s-tenant-isolation: the other tenants a grant reaches, all named", () => {
    const three = [...base, ...tenant("billing")];

    it("names each other tenant an access scope reaches", async () => {
        const association = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "payments-view",
            props: {
                principalArn: roleArn("payments-developers"),
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                accessScope: { type: "namespace", namespaces: ["payments", "search", "billing"] },
            },
        };
        const [found] = await stackViolations(policy, [...three, association]);
        assert.match(
            found.message,
            /^IAM:arn:aws:iam::123456789012:role\/payments-developers, a subject of tenant "payments" \(namespace payments\), can act in tenant namespace search, billing through AccessPolicy "AmazonEKSViewPolicy" rules\[0\] /,
        );
    });

    it("names each other tenant a cluster-wide binding reaches", async () => {
        const rules = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }];
        const found = await stackViolations(policy, [...three, ...clusterWide(rules)]);
        assert.deepStrictEqual(
            found.map((f) => f.message),
            developers(
                `can act in every namespace, tenants search, billing included through ClusterRole "granted" rules[0] {verbs: [get], apiGroups: [""], resources: [configmaps]}, ${granted}`,
            ),
        );
    });
});

describe("k8s-tenant-isolation: both verbs that write a namespace or a Service's status", () => {
    // A PATCH is verb patch and a PUT verb update (k8s.io/apiserver
    // pkg/endpoints/request/requestinfo.go); either rewrites the object.
    const own = (rules: unknown[]) => [
        {
            type: `${rbac}:Role`,
            name: "payments-limits",
            props: { metadata: { name: "limits", namespace: "payments" }, rules },
        },
        {
            type: `${rbac}:RoleBinding`,
            name: "payments-limits",
            props: {
                metadata: { name: "limits", namespace: "payments" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
                roleRef: { kind: "Role", name: "limits" },
            },
        },
    ];
    const relabel =
        "can relabel its own namespace payments (patch namespaces), which sets its pod-security.kubernetes.io levels and the labels NetworkPolicies select";
    const loadBalancer =
        "can set the load balancer IP of a Service in payments (services/status), which kube-proxy routes on every node (CVE-2020-8554)";

    for (const [resource, verb, what] of [
        ["namespaces", "update", relabel],
        ["services/status", "patch", loadBalancer],
    ] as const) {
        it(`reports ${verb} on ${resource} in the tenant's own namespace`, async () => {
            const found = await stackViolations(policy, [
                ...base,
                ...own([{ apiGroups: [""], resources: [resource], verbs: [verb] }]),
            ]);
            assert.deepStrictEqual(
                found.map((f) => f.message),
                developers(
                    `${what}, through Role "limits" rules[0] {verbs: [${verb}], apiGroups: [""], resources: [${resource}]}, granted by RoleBinding "limits" in namespace payments: ${ownFix}`,
                ),
            );
        });
    }
});

describe("k8s-tenant-isolation: another tenant's namespace object", () => {
    it("reports a RoleBinding in another tenant's namespace that lets a tenant relabel that namespace", async () => {
        // PATCH /api/v1/namespaces/search is a request in namespace search (requestinfo.go:192-204),
        // so a RoleBinding in search grants it: payments could set search's Pod Security level
        // and the labels search's NetworkPolicies select.
        const relabel = [
            {
                type: `${rbac}:Role`,
                name: "search-labels",
                props: {
                    metadata: { name: "labels", namespace: "search" },
                    rules: [{ apiGroups: [""], resources: ["namespaces"], verbs: ["patch"] }],
                },
            },
            {
                type: `${rbac}:RoleBinding`,
                name: "search-labels",
                props: {
                    metadata: { name: "labels", namespace: "search" },
                    subjects: [{ kind: "Group", name: "payments-developers" }],
                    roleRef: { kind: "Role", name: "labels" },
                },
            },
        ];
        const found = await stackViolations(policy, [...base, ...relabel]);
        assert.deepStrictEqual(
            found.map((f) => [f.message, f.urn]),
            developers(
                `can act in tenant namespace search through Role "labels" rules[0] {verbs: [patch], apiGroups: [""], resources: [namespaces]}, granted by RoleBinding "labels" in namespace search: ${fix}`,
            ).map((m) => [m, urnOf(`${rbac}:RoleBinding`, "search-labels")]),
        );
    });

    // A RoleBinding grants only requests in its namespace: a cluster-scoped resource other than
    // the namespace itself (nodes) is no request there, and grants nothing through it.
    it("counts namespaces among other cluster-scoped resources, and nothing for those alone", async () => {
        const inSearch = (resources: string[]) => [
            {
                type: `${rbac}:Role`,
                name: "search-extra",
                props: {
                    metadata: { name: "extra", namespace: "search" },
                    rules: [{ apiGroups: [""], resources, verbs: ["patch"] }],
                },
            },
            {
                type: `${rbac}:RoleBinding`,
                name: "search-extra",
                props: {
                    metadata: { name: "extra", namespace: "search" },
                    subjects: [{ kind: "Group", name: "payments-developers" }],
                    roleRef: { kind: "Role", name: "extra" },
                },
            },
        ];
        assert.deepStrictEqual(
            await stackViolations(policy, [...base, ...inSearch(["nodes"])]),
            [],
        );
        const found = await stackViolations(policy, [
            ...base,
            ...inSearch(["nodes", "namespaces"]),
        ]);
        assert.deepStrictEqual(
            found.map((f) => f.message),
            developers(
                `can act in tenant namespace search through Role "extra" rules[0] {verbs: [patch], apiGroups: [""], resources: [nodes, namespaces]}, granted by RoleBinding "extra" in namespace search: ${fix}`,
            ),
        );
    });
});
