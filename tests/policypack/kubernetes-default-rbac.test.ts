// Kubernetes' default RBAC as data (policypack/lib/kubernetes-default-rbac-data.ts) against its
// source, the bootstrap policy's testdata files, and as the evaluator reads it.
import * as assert from "assert";
import {
    defaultClusterRoleBindings,
    defaultClusterRoles,
    defaultObjects,
    defaultRoleBindings,
    defaultRoles,
} from "../../policypack/lib/kubernetes-default-rbac";
import {
    clusterRoleBindings,
    clusterRoles,
    controllerRoleBindings,
    controllerRoles,
    namespaceRoleBindings,
    namespaceRoles,
} from "../../policypack/lib/kubernetes-default-rbac-data";
import { RbacGraph } from "../../policypack/lib/rbac-graph";
import { parseResource } from "../../policypack/lib/rbac-rules";
import { graphResource } from "./rbac-fixtures";

const res = graphResource;
const clusterRoleNamed = (name: string) => defaultClusterRoles.find((r) => r.name === name);

function can(graph: RbacGraph, who: string, verb: string, resource: string, namespace?: string) {
    const identity = graph.identity(who);
    assert.ok(typeof identity !== "string", String(identity));
    return graph.grants(identity, { verb, ...parseResource(resource), namespace }).length > 0;
}

describe("Kubernetes' default RBAC, as data", () => {
    it("has every item of each source file: 31 + 38 ClusterRoles, 10 + 38 bindings, 7 Roles, 7 RoleBindings", () => {
        // The item counts of the testdata YAML files at the commits the data file names.
        assert.deepStrictEqual(
            [
                clusterRoles.length,
                controllerRoles.length,
                clusterRoleBindings.length,
                controllerRoleBindings.length,
                namespaceRoles.length,
                namespaceRoleBindings.length,
            ],
            [31, 38, 10, 38, 7, 7],
        );
        assert.strictEqual(defaultClusterRoles.length, 69);
        assert.strictEqual(defaultClusterRoleBindings.length, 48);
        assert.strictEqual(defaultRoles.length, 7);
        assert.strictEqual(defaultRoleBindings.length, 7);
    });

    it("names each object once, and every binding's role exists", () => {
        const names = defaultClusterRoles.map((r) => r.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const b of defaultClusterRoleBindings) {
            assert.ok(names.includes(b.roleRef), b.name);
        }
        for (const b of defaultRoleBindings) {
            const found =
                b.roleRef.kind === "Role"
                    ? defaultRoles.some(
                          (r) => r.name === b.roleRef.name && r.namespace === b.namespace,
                      )
                    : names.includes(b.roleRef.name);
            assert.ok(found, `${b.namespace}/${b.name}`);
        }
        // Each controller runs as its own service account in kube-system.
        for (const b of controllerRoleBindings) {
            assert.deepStrictEqual(b.subjects, [
                {
                    kind: "ServiceAccount",
                    name: b.name.replace("system:controller:", ""),
                    namespace: "kube-system",
                },
            ]);
        }
    });

    it("labels every object rbac-defaults, and the user-facing roles with their aggregation labels", () => {
        for (const o of [...defaultClusterRoles, ...defaultRoles, ...defaultClusterRoleBindings]) {
            assert.strictEqual(o.labels["kubernetes.io/bootstrapping"], "rbac-defaults", o.name);
            assert.strictEqual(
                o.annotations["rbac.authorization.kubernetes.io/autoupdate"],
                "true",
                o.name,
            );
        }
        const aggregation = (name: string) => ({
            labels: clusterRoleNamed(name)!.labels,
            selectors: clusterRoleNamed(name)!.aggregationRule?.clusterRoleSelectors,
        });
        assert.deepStrictEqual(aggregation("admin"), {
            labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
            selectors: [
                { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } },
            ],
        });
        assert.deepStrictEqual(aggregation("edit"), {
            labels: {
                "kubernetes.io/bootstrapping": "rbac-defaults",
                "rbac.authorization.k8s.io/aggregate-to-admin": "true",
            },
            selectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } }],
        });
        assert.deepStrictEqual(aggregation("view"), {
            labels: {
                "kubernetes.io/bootstrapping": "rbac-defaults",
                "rbac.authorization.k8s.io/aggregate-to-edit": "true",
            },
            selectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } }],
        });
        assert.deepStrictEqual(
            defaultClusterRoles.filter((r) => r.aggregationRule).map((r) => r.name),
            ["admin", "edit", "view"],
        );
    });

    it("keeps rules as the source writes them: cluster-admin, system:kube-controller-manager, the aggregation controller", () => {
        assert.deepStrictEqual(clusterRoleNamed("cluster-admin")!.rules, [
            { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
            { nonResourceURLs: ["*"], verbs: ["*"] },
        ]);
        assert.deepStrictEqual(clusterRoleNamed("system:kube-controller-manager")!.rules, [
            {
                apiGroups: ["", "events.k8s.io"],
                resources: ["events"],
                verbs: ["create", "patch", "update"],
            },
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
            {
                apiGroups: ["coordination.k8s.io"],
                resources: ["leases"],
                resourceNames: ["kube-controller-manager"],
                verbs: ["get", "update"],
            },
            { apiGroups: [""], resources: ["secrets", "serviceaccounts"], verbs: ["create"] },
            { apiGroups: [""], resources: ["secrets"], verbs: ["delete"] },
            {
                apiGroups: [""],
                resources: ["configmaps", "namespaces", "secrets", "serviceaccounts"],
                verbs: ["get"],
            },
            { apiGroups: [""], resources: ["secrets", "serviceaccounts"], verbs: ["update"] },
            {
                apiGroups: ["authentication.k8s.io"],
                resources: ["tokenreviews"],
                verbs: ["create"],
            },
            {
                apiGroups: ["authorization.k8s.io"],
                resources: ["subjectaccessreviews"],
                verbs: ["create"],
            },
            { apiGroups: ["*"], resources: ["*"], verbs: ["list", "watch"] },
            { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] },
        ]);
        assert.deepStrictEqual(
            clusterRoleNamed("system:controller:clusterrole-aggregation-controller")!.rules,
            [
                {
                    apiGroups: ["rbac.authorization.k8s.io"],
                    resources: ["clusterroles"],
                    verbs: ["escalate", "get", "list", "patch", "update", "watch"],
                },
            ],
        );
        assert.deepStrictEqual(
            defaultRoles.find((r) => r.name === "extension-apiserver-authentication-reader"),
            {
                name: "extension-apiserver-authentication-reader",
                namespace: "kube-system",
                labels: { "kubernetes.io/bootstrapping": "rbac-defaults" },
                annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
                rules: [
                    {
                        apiGroups: [""],
                        resources: ["configmaps"],
                        resourceNames: ["extension-apiserver-authentication"],
                        verbs: ["get", "list", "watch"],
                    },
                ],
            },
        );
    });

    it("keeps the bindings' subjects: system:masters, every authenticated user, the node-less system:node", () => {
        const subjectsOf = (name: string) =>
            defaultClusterRoleBindings.find((b) => b.name === name)!.subjects;
        assert.deepStrictEqual(subjectsOf("cluster-admin"), [
            { kind: "Group", name: "system:masters" },
        ]);
        assert.deepStrictEqual(subjectsOf("system:basic-user"), [
            { kind: "Group", name: "system:authenticated" },
        ]);
        assert.deepStrictEqual(subjectsOf("system:public-info-viewer"), [
            { kind: "Group", name: "system:authenticated" },
            { kind: "Group", name: "system:unauthenticated" },
        ]);
        assert.deepStrictEqual(subjectsOf("system:node"), []);
    });
});

describe("Kubernetes' default RBAC, as objects the API server holds", () => {
    it("writes a Role's and a RoleBinding's namespace in its metadata, and a cluster object's in none", () => {
        const metadataOf = (kind: string, name: string, namespace?: string) =>
            defaultObjects().find(
                (o) => o.kind === kind && o.name === name && o.namespace === namespace,
            )?.props.metadata;
        const labels = { "kubernetes.io/bootstrapping": "rbac-defaults" };
        const annotations = { "rbac.authorization.kubernetes.io/autoupdate": "true" };
        const signer = "system:controller:bootstrap-signer";
        assert.deepStrictEqual(metadataOf("Role", signer, "kube-public"), {
            name: signer,
            namespace: "kube-public",
            labels,
            annotations,
        });
        assert.deepStrictEqual(metadataOf("RoleBinding", signer, "kube-public"), {
            name: signer,
            namespace: "kube-public",
            labels,
            annotations,
        });
        assert.deepStrictEqual(metadataOf("ClusterRoleBinding", "cluster-admin"), {
            name: "cluster-admin",
            labels,
            annotations,
        });
        for (const o of defaultObjects()) {
            const metadata = o.props.metadata as { namespace?: string };
            assert.strictEqual(metadata.namespace, o.namespace, `${o.kind} ${o.name}`);
        }
    });
});

describe("Kubernetes' default RBAC, as the evaluator reads it", () => {
    // Built in each test, never at load (a mutation run attributes load-time code to no test).
    const graph = () => RbacGraph.fromResources([]);

    it("grants the control plane's users their default roles: kube-controller-manager mints tokens", () => {
        assert.ok(
            can(
                graph(),
                "user:system:kube-controller-manager",
                "create",
                "serviceaccounts/token",
                "payments",
            ),
        );
        assert.ok(
            !can(graph(), "user:system:kube-controller-manager", "create", "pods", "payments"),
        );
    });

    it("answers for the anonymous user as system:unauthenticated: public info, not what every signed-in user has", () => {
        // system:basic-user (create selfsubjectaccessreviews) is bound to system:authenticated
        // only; system:public-info-viewer (get /version) to both groups.
        const review = "selfsubjectaccessreviews.authorization.k8s.io";
        assert.ok(can(graph(), "user:alice", "create", review));
        assert.ok(!can(graph(), "user:system:anonymous", "create", review));
        const version = { verb: "get", apiGroup: "", resource: "", nonResourceURL: "/version" };
        for (const who of ["user:system:anonymous", "user:alice"]) {
            const identity = graph().identity(who);
            assert.ok(typeof identity !== "string");
            assert.ok(graph().grants(identity, version).length > 0, who);
        }
    });

    it("grants a controller's service account its role: the garbage collector deletes anything", () => {
        assert.ok(
            can(
                graph(),
                "serviceaccount:kube-system:generic-garbage-collector",
                "delete",
                "secrets",
                "payments",
            ),
        );
        assert.ok(
            !can(
                graph(),
                "serviceaccount:payments:generic-garbage-collector",
                "delete",
                "secrets",
                "payments",
            ),
        );
    });

    it("grants the namespaced defaults in their namespace only: the scheduler's lease candidates in kube-system", () => {
        assert.ok(
            can(
                graph(),
                "user:system:kube-scheduler",
                "create",
                "leasecandidates.coordination.k8s.io",
                "kube-system",
            ),
        );
        assert.ok(
            !can(
                graph(),
                "user:system:kube-scheduler",
                "create",
                "leasecandidates.coordination.k8s.io",
                "default",
            ),
        );
    });

    it("aggregates admin, edit and view from the system:aggregate-to-* roles", () => {
        const rules = (name: string) => graph().rulesOf("ClusterRole", name)!;
        assert.ok(rules("view").some((r) => r.origin?.role === "system:aggregate-to-view"));
        assert.ok(rules("edit").some((r) => r.origin?.role === "system:aggregate-to-edit"));
        assert.ok(rules("admin").some((r) => r.origin?.role === "system:aggregate-to-admin"));
        assert.ok(!rules("view").some((r) => r.resources.includes("secrets")));
    });

    it("lets a stack's selector on the bootstrapping label aggregate cluster-admin", () => {
        const everything = RbacGraph.fromResources([
            res("ClusterRole", "defaults", {
                metadata: { name: "defaults" },
                aggregationRule: {
                    clusterRoleSelectors: [
                        { matchLabels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
                    ],
                },
            }),
            res("ClusterRoleBinding", "ops", {
                metadata: { name: "ops" },
                subjects: [{ kind: "Group", name: "ops" }],
                roleRef: { kind: "ClusterRole", name: "defaults" },
            }),
        ]);
        assert.ok(
            can(everything, "group:ops", "escalate", "clusterroles.rbac.authorization.k8s.io"),
        );
        assert.ok(!can(graph(), "group:ops", "get", "pods", "default"));
    });
});
