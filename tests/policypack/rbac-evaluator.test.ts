// The RBAC evaluator (policypack/lib/rbac-graph.ts, rbac-rules.ts) on the examples and rules
// of the Kubernetes RBAC documentation, https://kubernetes.io/docs/reference/access-authn-authz/rbac/
// (each test names its section), and on EKS access as the EKS User Guide describes it.
import * as assert from "assert";
import { GraphResource, Identity, namesOf, RbacGraph } from "../../policypack/lib/rbac-graph";
import { parseResource, Request } from "../../policypack/lib/rbac-rules";
import { graphResource } from "./rbac-fixtures";

const res = graphResource;
const role = (name: string, namespace: string, rules: unknown[]) =>
    res("Role", name, { metadata: { name, namespace }, rules });
const clusterRole = (name: string, rules: unknown[], extra: Record<string, unknown> = {}) =>
    res("ClusterRole", name, {
        metadata: { name, ...(extra.metadata as object) },
        rules,
        ...extra,
    });
const binding = (
    kind: "RoleBinding" | "ClusterRoleBinding",
    name: string,
    namespace: string | undefined,
    subjects: unknown[],
    roleRef: { kind: string; name: string },
) => res(kind, name, { metadata: { name, namespace }, subjects, roleRef });

function can(
    graph: RbacGraph,
    who: string | Identity,
    verb: string,
    resource: string,
    namespace?: string,
    name?: string,
) {
    const identity = typeof who === "string" ? graph.identity(who) : who;
    assert.ok(typeof identity !== "string", String(identity));
    const request: Request = resource.startsWith("/")
        ? { verb, apiGroup: "", resource: "", nonResourceURL: resource }
        : { verb, ...parseResource(resource), namespace, name };
    return graph.grants(identity, request).length > 0;
}

const podReader = role("pod-reader", "default", [
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"] },
]);
const secretReader = clusterRole("secret-reader", [
    { apiGroups: [""], resources: ["secrets"], verbs: ["get", "watch", "list"] },
]);

describe("RBAC evaluator, on the Kubernetes RBAC documentation", () => {
    it('"Role example" and "RoleBinding examples": jane reads pods in default only', () => {
        const graph = RbacGraph.fromResources([
            podReader,
            binding(
                "RoleBinding",
                "read-pods",
                "default",
                [{ kind: "User", name: "jane", apiGroup: "rbac.authorization.k8s.io" }],
                { kind: "Role", name: "pod-reader" },
            ),
        ]);
        assert.ok(can(graph, "user:jane", "get", "pods", "default"));
        assert.ok(can(graph, "user:jane", "list", "pods", "default"));
        assert.ok(!can(graph, "user:jane", "get", "pods", "kube-system"));
        assert.ok(!can(graph, "user:jane", "delete", "pods", "default"));
        assert.ok(!can(graph, "user:jane", "get", "secrets", "default"));
        assert.ok(!can(graph, "user:bob", "get", "pods", "default"));
    });

    it('"RoleBinding examples": a RoleBinding to a ClusterRole grants it in the binding\'s namespace only (dave, development)', () => {
        const graph = RbacGraph.fromResources([
            secretReader,
            binding(
                "RoleBinding",
                "read-secrets",
                "development",
                [{ kind: "User", name: "dave" }],
                { kind: "ClusterRole", name: "secret-reader" },
            ),
        ]);
        assert.ok(can(graph, "user:dave", "get", "secrets", "development"));
        assert.ok(!can(graph, "user:dave", "get", "secrets", "default"));
        assert.ok(!can(graph, "user:dave", "get", "secrets"), "cluster-scoped request");
    });

    it('"ClusterRoleBinding example": group manager reads secrets in any namespace', () => {
        const graph = RbacGraph.fromResources([
            secretReader,
            binding(
                "ClusterRoleBinding",
                "read-secrets-global",
                undefined,
                [{ kind: "Group", name: "manager" }],
                { kind: "ClusterRole", name: "secret-reader" },
            ),
        ]);
        for (const ns of ["default", "kube-system", "payments"]) {
            assert.ok(can(graph, "group:manager", "list", "secrets", ns), ns);
        }
        assert.ok(!can(graph, "group:managers", "list", "secrets", "default"));
    });

    it('"Referring to resources": subresources are named resource/subresource; */subresource matches any; pods/* matches nothing', () => {
        const graph = RbacGraph.fromResources([
            role("pod-and-pod-logs-reader", "default", [
                { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] },
            ]),
            role("scaler", "default", [
                { apiGroups: ["apps"], resources: ["*/scale"], verbs: ["update"] },
            ]),
            role("odd", "default", [{ apiGroups: [""], resources: ["pods/*"], verbs: ["create"] }]),
            ...["pod-and-pod-logs-reader", "scaler", "odd"].map((r) =>
                binding("RoleBinding", r, "default", [{ kind: "User", name: "u" }], {
                    kind: "Role",
                    name: r,
                }),
            ),
        ]);
        assert.ok(can(graph, "user:u", "get", "pods/log", "default"));
        assert.ok(!can(graph, "user:u", "get", "pods/exec", "default"));
        assert.ok(can(graph, "user:u", "update", "deployments/scale", "default"));
        assert.ok(!can(graph, "user:u", "update", "deployments", "default"));
        assert.ok(!can(graph, "user:u", "create", "pods/exec", "default"));
    });

    it('"Referring to resources": resourceNames restrict get and update, and never match list or create', () => {
        const graph = RbacGraph.fromResources([
            role("configmap-updater", "default", [
                {
                    apiGroups: [""],
                    resources: ["configmaps"],
                    resourceNames: ["my-configmap"],
                    verbs: ["update", "get"],
                },
            ]),
            binding("RoleBinding", "b", "default", [{ kind: "User", name: "u" }], {
                kind: "Role",
                name: "configmap-updater",
            }),
        ]);
        assert.ok(can(graph, "user:u", "update", "configmaps", "default", "my-configmap"));
        assert.ok(!can(graph, "user:u", "update", "configmaps", "default", "other"));
        assert.ok(!can(graph, "user:u", "get", "configmaps", "default"));
    });

    it('resourceNames as ResourceNameMatches compares them: [""] is the name of a request that names no object (list, watch, create)', () => {
        // pkg/apis/rbac/v1/evaluation_helpers.go:85-97: the request's name, "" when it has
        // none, must be listed; an empty list matches every name.
        const graph = RbacGraph.fromResources([
            role("nameless", "default", [
                { apiGroups: [""], resources: ["configmaps"], resourceNames: [""], verbs: ["*"] },
            ]),
            binding("RoleBinding", "b", "default", [{ kind: "User", name: "u" }], {
                kind: "Role",
                name: "nameless",
            }),
        ]);
        for (const verb of ["list", "watch", "create", "deletecollection"]) {
            assert.ok(can(graph, "user:u", verb, "configmaps", "default"), verb);
        }
        assert.ok(!can(graph, "user:u", "get", "configmaps", "default", "my-configmap"));
        assert.ok(!can(graph, "user:u", "delete", "configmaps", "default", "other"));
    });

    it("non-resource URLs as NonResourceURLMatches: a rule ending in * is a prefix once every trailing * is trimmed", () => {
        // evaluation_helpers.go:99-113 trims with strings.TrimRight(ruleURL, "*").
        const graph = RbacGraph.fromResources([
            clusterRole("apis", [{ nonResourceURLs: ["/api**"], verbs: ["get"] }]),
            binding("ClusterRoleBinding", "a", undefined, [{ kind: "Group", name: "g" }], {
                kind: "ClusterRole",
                name: "apis",
            }),
        ]);
        assert.ok(can(graph, "group:g", "get", "/apis/apps"));
        assert.ok(can(graph, "group:g", "get", "/api"));
        assert.ok(!can(graph, "group:g", "get", "/metrics"));
    });

    it("finds the rules that allow a request only for named objects, with their names (impersonate system:masters, bind cluster-admin, escalate its own role)", () => {
        const graph = RbacGraph.fromResources([
            clusterRole("named", [
                {
                    apiGroups: [""],
                    resources: ["groups"],
                    resourceNames: ["system:masters"],
                    verbs: ["impersonate"],
                },
                {
                    apiGroups: ["rbac.authorization.k8s.io"],
                    resources: ["clusterroles"],
                    resourceNames: ["cluster-admin"],
                    verbs: ["bind"],
                },
                {
                    apiGroups: ["rbac.authorization.k8s.io"],
                    resources: ["clusterroles"],
                    resourceNames: ["named"],
                    verbs: ["escalate"],
                },
            ]),
            binding("ClusterRoleBinding", "n", undefined, [{ kind: "Group", name: "ops" }], {
                kind: "ClusterRole",
                name: "named",
            }),
        ]);
        const ops = graph.identity("group:ops") as Identity;
        const rbacGroup = "rbac.authorization.k8s.io";
        for (const [request, names] of [
            [{ verb: "impersonate", apiGroup: "", resource: "groups" }, ["system:masters"]],
            [{ verb: "bind", apiGroup: rbacGroup, resource: "clusterroles" }, ["cluster-admin"]],
            [{ verb: "escalate", apiGroup: rbacGroup, resource: "clusterroles" }, ["named"]],
        ] as const) {
            assert.deepStrictEqual(graph.grants(ops, request), [], "no name, no grant");
            assert.deepStrictEqual(namesOf(graph.grants(ops, request, { anyName: true })), names);
            assert.strictEqual(graph.grants(ops, { ...request, name: names[0] }).length, 1);
            assert.deepStrictEqual(
                [...graph.whoCan(request, { anyName: true }).keys()].filter(
                    (k) => k === "Group:ops",
                ),
                ["Group:ops"],
            );
        }
        assert.strictEqual(
            namesOf(
                graph.grants(
                    graph.identity("group:system:masters") as Identity,
                    { verb: "impersonate", apiGroup: "", resource: "groups" },
                    { anyName: true },
                ),
            ),
            "every",
        );
    });

    it('"Referring to resources": apiGroups "" is the core group only; "*" is every group', () => {
        const graph = RbacGraph.fromResources([
            role("core", "default", [{ apiGroups: [""], resources: ["*"], verbs: ["get"] }]),
            role("any", "team", [{ apiGroups: ["*"], resources: ["deployments"], verbs: ["get"] }]),
            binding("RoleBinding", "core", "default", [{ kind: "User", name: "u" }], {
                kind: "Role",
                name: "core",
            }),
            binding("RoleBinding", "any", "team", [{ kind: "User", name: "u" }], {
                kind: "Role",
                name: "any",
            }),
        ]);
        assert.ok(can(graph, "user:u", "get", "pods", "default"));
        assert.ok(!can(graph, "user:u", "get", "deployments", "default"));
        assert.ok(can(graph, "user:u", "get", "deployments.apps", "team"));
        assert.ok(can(graph, "user:u", "get", "deployments.extensions", "team"));
    });

    it('"ClusterRole example": nonResourceURLs with a trailing * match by prefix, through a ClusterRoleBinding', () => {
        const graph = RbacGraph.fromResources([
            clusterRole("healthz", [
                { nonResourceURLs: ["/healthz", "/healthz/*"], verbs: ["get", "post"] },
            ]),
            binding("ClusterRoleBinding", "h", undefined, [{ kind: "User", name: "u" }], {
                kind: "ClusterRole",
                name: "healthz",
            }),
        ]);
        assert.ok(can(graph, "user:u", "get", "/healthz/etcd"));
        assert.ok(can(graph, "user:u", "post", "/healthz"));
        assert.ok(!can(graph, "user:u", "get", "/metrics"));
    });

    it('"Aggregated ClusterRoles": a ClusterRole takes the rules of every ClusterRole its selector matches', () => {
        const graph = RbacGraph.fromResources([
            clusterRole("monitoring", [], {
                aggregationRule: {
                    clusterRoleSelectors: [
                        { matchLabels: { "rbac.example.com/aggregate-to-monitoring": "true" } },
                    ],
                },
            }),
            clusterRole(
                "monitoring-endpoints",
                [
                    {
                        apiGroups: [""],
                        resources: ["services", "endpointslices", "pods"],
                        verbs: ["get", "list", "watch"],
                    },
                ],
                {
                    metadata: { labels: { "rbac.example.com/aggregate-to-monitoring": "true" } },
                },
            ),
            binding("ClusterRoleBinding", "m", undefined, [{ kind: "Group", name: "mon" }], {
                kind: "ClusterRole",
                name: "monitoring",
            }),
        ]);
        assert.ok(can(graph, "group:mon", "watch", "services", "default"));
        assert.ok(!can(graph, "group:mon", "get", "secrets", "default"));
    });

    it('"Default roles and role bindings": view reads but not secrets, edit adds writes and secrets, admin adds roles', () => {
        const graph = RbacGraph.fromResources(
            ["view", "edit", "admin"].map((r) =>
                binding("RoleBinding", r, "team", [{ kind: "Group", name: r }], {
                    kind: "ClusterRole",
                    name: r,
                }),
            ),
        );
        assert.ok(can(graph, "group:view", "list", "deployments", "team"));
        assert.ok(!can(graph, "group:view", "get", "secrets", "team"));
        assert.ok(!can(graph, "group:view", "create", "deployments", "team"));
        assert.ok(can(graph, "group:edit", "get", "secrets", "team"));
        assert.ok(can(graph, "group:edit", "create", "deployments", "team"));
        assert.ok(can(graph, "group:edit", "list", "deployments", "team"), "edit aggregates view");
        assert.ok(!can(graph, "group:edit", "create", "rolebindings", "team"));
        assert.ok(can(graph, "group:admin", "create", "rolebindings", "team"));
        assert.ok(can(graph, "group:admin", "get", "secrets", "team"), "admin aggregates edit");
        assert.ok(!can(graph, "group:admin", "create", "rolebindings", "other"));
    });

    it('"Default roles and role bindings": system:masters holds cluster-admin, every authenticated user system:basic-user and system:discovery', () => {
        const graph = RbacGraph.fromResources([]);
        assert.ok(can(graph, "group:system:masters", "delete", "nodes"));
        assert.ok(can(graph, "user:anyone", "create", "selfsubjectaccessreviews"));
        assert.ok(can(graph, "user:anyone", "get", "/version"));
        assert.ok(!can(graph, "user:anyone", "get", "pods", "default"));
    });

    it('"Referring to subjects": service accounts by name, by namespace group, and all of them', () => {
        const graph = RbacGraph.fromResources([
            podReader,
            binding(
                "RoleBinding",
                "one",
                "default",
                [{ kind: "ServiceAccount", name: "default", namespace: "kube-system" }],
                { kind: "Role", name: "pod-reader" },
            ),
            binding(
                "RoleBinding",
                "qa",
                "default",
                [{ kind: "Group", name: "system:serviceaccounts:qa" }],
                { kind: "Role", name: "pod-reader" },
            ),
            binding(
                "ClusterRoleBinding",
                "all",
                undefined,
                [{ kind: "Group", name: "system:serviceaccounts" }],
                { kind: "ClusterRole", name: "service-lister" },
            ),
            clusterRole("service-lister", [
                { apiGroups: [""], resources: ["services"], verbs: ["list"] },
            ]),
        ]);
        assert.ok(can(graph, "serviceaccount:kube-system:default", "get", "pods", "default"));
        assert.ok(can(graph, "serviceaccount:qa:runner", "get", "pods", "default"));
        assert.ok(!can(graph, "serviceaccount:dev:runner", "get", "pods", "default"));
        assert.ok(
            can(graph, "serviceaccount:dev:runner", "list", "services", "prod"),
            "system:serviceaccounts",
        );
        assert.ok(!can(graph, "user:alice", "list", "services", "prod"));
    });

    it('"Referring to subjects": system:authenticated is every user and service account', () => {
        const graph = RbacGraph.fromResources([
            binding(
                "ClusterRoleBinding",
                "everyone",
                undefined,
                [{ kind: "Group", name: "system:authenticated" }],
                { kind: "ClusterRole", name: "view" },
            ),
        ]);
        assert.ok(can(graph, "user:alice", "get", "pods", "x"));
        assert.ok(can(graph, "serviceaccount:a:b", "get", "pods", "x"));
    });
});

describe("RBAC evaluator, on EKS access", () => {
    const principal = "arn:aws:iam::123456789012:role/team";
    const eks = (type: string, name: string, props: Record<string, unknown>): GraphResource => ({
        type,
        name,
        urn: `urn:pulumi:test::test::${type}::${name}`,
        props: { principalArn: principal, ...props },
    });

    it("maps an access entry's kubernetesGroups to group subjects", () => {
        const graph = RbacGraph.fromResources([
            podReader,
            eks("aws:eks/accessEntry:AccessEntry", "team", { kubernetesGroups: ["pod-readers"] }),
            binding("RoleBinding", "r", "default", [{ kind: "Group", name: "pod-readers" }], {
                kind: "Role",
                name: "pod-reader",
            }),
        ]);
        assert.ok(can(graph, principal, "get", "pods", "default"));
        assert.ok(!can(graph, "arn:aws:iam::123456789012:role/other", "get", "pods", "default"));
    });

    it("maps AmazonEKSViewPolicy at namespace scope to view in those namespaces, and AmazonEKSClusterAdminPolicy to cluster-admin", () => {
        const graph = RbacGraph.fromResources([
            eks("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "view", {
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                accessScope: { type: "namespace", namespaces: ["payments"] },
            }),
        ]);
        assert.ok(can(graph, principal, "list", "deployments", "payments"));
        assert.ok(!can(graph, principal, "get", "secrets", "payments"));
        assert.ok(!can(graph, principal, "list", "deployments", "search"));
        const admin = RbacGraph.fromResources([
            eks("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "admin", {
                policyArn:
                    "arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                accessScope: { type: "cluster" },
            }),
        ]);
        assert.ok(can(admin, principal, "create", "pods/exec", "kube-system"));
    });

    it("maps aws-auth mapRoles groups", () => {
        const graph = RbacGraph.fromResources([
            {
                type: "kubernetes:core/v1:ConfigMap",
                name: "aws-auth",
                urn: "urn:x",
                props: {
                    metadata: { name: "aws-auth", namespace: "kube-system" },
                    data: {
                        mapRoles: `- rolearn: ${principal}\n  username: team\n  groups: [system:masters]\n`,
                    },
                },
            },
        ]);
        assert.ok(can(graph, principal, "delete", "nodes"));
    });
});
