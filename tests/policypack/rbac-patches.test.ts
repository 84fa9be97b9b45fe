// Patches (ClusterRolePatch, RolePatch, ClusterRoleBindingPatch, RoleBindingPatch) merged
// into the object they name, as server-side apply merges them: labels by key, rules and
// subjects as atomic lists (k8s.io/api rbac/v1 types.go `+listType=atomic`), Kubernetes'
// default objects reconciled back by the API server, roleRef immutable.
import * as assert from "assert";
import { GraphResource, RbacGraph, showPath, stackSource } from "../../policypack/lib/rbac-graph";
import { Request } from "../../policypack/lib/rbac-rules";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const urn = (type: string, name: string) => `urn:pulumi:test::test::${rbac}:${type}::${name}`;
const res = (type: string, name: string, props: Record<string, unknown>): GraphResource => ({
    type: `${rbac}:${type}`,
    name,
    urn: urn(type, name),
    props,
});
const group = (name: string) => ({ label: `group:${name}`, groups: [name] });
const user = (name: string) => ({
    label: `user:${name}`,
    user: name,
    groups: ["system:authenticated"],
});
const deleteNodes: Request = { verb: "delete", apiGroup: "", resource: "nodes" };
const getSecrets = (namespace?: string): Request => ({
    verb: "get",
    apiGroup: "",
    resource: "secrets",
    ...(namespace ? { namespace } : {}),
});
const viewers = res("ClusterRoleBinding", "viewers", {
    metadata: { name: "viewers" },
    subjects: [{ kind: "Group", name: "ops" }],
    roleRef: { kind: "ClusterRole", name: "view" },
});

describe("Patches merged into the objects they name (server-side apply)", () => {
    it("a ClusterRolePatch that only labels cluster-admin aggregate-to-view makes every view holder cluster-admin, naming the patch", () => {
        const labelPatch = res("ClusterRolePatch", "admin-to-view", {
            metadata: {
                name: "cluster-admin",
                labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" },
            },
        });
        const before = RbacGraph.fromResources([viewers]);
        assert.deepStrictEqual(before.grants(group("ops"), deleteNodes), []);
        const graph = RbacGraph.fromResources([viewers, labelPatch]);
        const [path] = graph.grants(group("ops"), deleteNodes);
        assert.strictEqual(
            showPath(path),
            `Group:ops → ClusterRoleBinding "viewers" (cluster-wide) → ClusterRole "view", aggregated from ClusterRole "cluster-admin" (patched by ${urn("ClusterRolePatch", "admin-to-view")}) rules[0] {verbs: [*], apiGroups: [*], resources: [*]}`,
        );
        assert.strictEqual(stackSource(path), viewers.urn);
        // cluster-admin keeps its own rules: the patch gives labels only.
        const [masters] = graph.grants(group("system:masters"), deleteNodes);
        assert.strictEqual(stackSource(masters), undefined, "Kubernetes' own grant");
    });

    it("a ClusterRoleBindingPatch with subjects and no roleRef adds them to the named default binding, which keeps its own", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRoleBindingPatch", "more-admins", {
                metadata: { name: "cluster-admin" },
                subjects: [{ kind: "Group", name: "ops" }],
            }),
        ]);
        const [path] = graph.grants(group("ops"), deleteNodes);
        assert.strictEqual(
            showPath(path),
            `Group:ops → ClusterRoleBinding "cluster-admin" (cluster-wide) (Kubernetes default) (patched by ${urn("ClusterRoleBindingPatch", "more-admins")}) → ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}`,
        );
        assert.strictEqual(stackSource(path), urn("ClusterRoleBindingPatch", "more-admins"));
        const [masters] = graph.grants(group("system:masters"), deleteNodes);
        assert.strictEqual(stackSource(masters), undefined, "the default's own subject");
    });

    it("a RolePatch and a RoleBindingPatch merge into Kubernetes' own Role and RoleBinding in kube-system", () => {
        const createPods: Request = {
            verb: "create",
            apiGroup: "",
            resource: "pods",
            namespace: "kube-system",
        };
        const rolePatch = res("RolePatch", "scheduler-pods", {
            metadata: { name: "system::leader-locking-kube-scheduler", namespace: "kube-system" },
            rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["create"] }],
        });
        const bindingPatch = res("RoleBindingPatch", "scheduler-ops", {
            metadata: { name: "system::leader-locking-kube-scheduler", namespace: "kube-system" },
            subjects: [{ kind: "Group", name: "ops" }],
        });
        const graph = RbacGraph.fromResources([rolePatch, bindingPatch]);
        const [path] = graph.grants(group("ops"), createPods);
        assert.strictEqual(
            showPath(path),
            `Group:ops → RoleBinding "system::leader-locking-kube-scheduler" in kube-system (Kubernetes default) (patched by ${bindingPatch.urn}) → Role "system::leader-locking-kube-scheduler" rules[2] {verbs: [create], apiGroups: [""], resources: [pods]} (written by ${rolePatch.urn})`,
        );
        assert.strictEqual(stackSource(path), bindingPatch.urn);
        // The default's own subject gets the Patch's rule, owed to the RolePatch.
        const [scheduler] = graph.grants(user("system:kube-scheduler"), createPods);
        assert.strictEqual(stackSource(scheduler), rolePatch.urn);
        assert.deepStrictEqual(
            graph.grants(group("ops"), { ...createPods, namespace: "apps" }),
            [],
        );
    });

    it("a ClusterRolePatch adding rules to system:basic-user grants them to every authenticated user, beside its own", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRolePatch", "basic-secrets", {
                metadata: { name: "system:basic-user" },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
            }),
        ]);
        const [path] = graph.grants(user("anyone"), getSecrets("kube-system"));
        assert.strictEqual(
            showPath(path),
            `Group:system:authenticated → ClusterRoleBinding "system:basic-user" (cluster-wide) (Kubernetes default) → ClusterRole "system:basic-user" rules[2] {verbs: [get], apiGroups: [""], resources: [secrets]} (written by ${urn("ClusterRolePatch", "basic-secrets")})`,
        );
        const review: Request = {
            verb: "create",
            apiGroup: "authorization.k8s.io",
            resource: "selfsubjectaccessreviews",
        };
        assert.strictEqual(stackSource(path), urn("ClusterRolePatch", "basic-secrets"));
        const [own] = graph.grants(user("anyone"), review);
        assert.strictEqual(stackSource(own), undefined, "reconciled back, Kubernetes' own");
    });

    it("a ClusterRolePatch giving system:basic-user an aggregationRule {} makes every authenticated user cluster-admin, owed to the patch", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRolePatch", "basic-everything", {
                metadata: { name: "system:basic-user" },
                aggregationRule: { clusterRoleSelectors: [{}] },
            }),
        ]);
        const [path] = graph.grants(user("anyone"), deleteNodes);
        assert.strictEqual(path.rule.origin?.role, "cluster-admin");
        assert.deepStrictEqual(path.role.selectorWriters, [
            urn("ClusterRolePatch", "basic-everything"),
        ]);
        assert.strictEqual(stackSource(path), urn("ClusterRolePatch", "basic-everything"));
    });

    it('replaces a default object\'s rules when the patch also annotates it autoupdate: "false" (no reconciliation)', () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRolePatch", "basic-only-secrets", {
                metadata: {
                    name: "system:basic-user",
                    annotations: { "rbac.authorization.kubernetes.io/autoupdate": "false" },
                },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
            }),
        ]);
        const review: Request = {
            verb: "create",
            apiGroup: "authorization.k8s.io",
            resource: "selfsubjectaccessreviews",
        };
        assert.deepStrictEqual(graph.grants(user("anyone"), review), []);
        assert.ok(graph.grants(user("anyone"), getSecrets("payments")).length > 0);
    });

    it("merges a RoleBindingPatch into the stack's own RoleBinding: every writer's subjects, in its namespace", () => {
        const graph = RbacGraph.fromResources([
            res("RoleBinding", "readers", {
                metadata: { name: "readers", namespace: "apps" },
                subjects: [{ kind: "Group", name: "devs" }],
                roleRef: { kind: "ClusterRole", name: "edit" },
            }),
            res("RoleBindingPatch", "more-readers", {
                metadata: { name: "readers", namespace: "apps" },
                subjects: [{ kind: "Group", name: "ops" }],
            }),
        ]);
        for (const g of ["devs", "ops"]) {
            assert.ok(graph.grants(group(g), getSecrets("apps")).length > 0, g);
            assert.deepStrictEqual(graph.grants(group(g), getSecrets("other")), [], g);
        }
        assert.strictEqual(graph.bindings.filter((b) => b.name === "readers").length, 1);
    });

    it("keeps every value writers give a label: a selector matching any of them aggregates the role", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRole", "secret-reader", {
                metadata: { name: "secret-reader", labels: { tier: "low" } },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
            }),
            res("ClusterRolePatch", "retier", {
                metadata: { name: "secret-reader", labels: { tier: "high" } },
            }),
            res("ClusterRole", "high", {
                metadata: { name: "high" },
                aggregationRule: { clusterRoleSelectors: [{ matchLabels: { tier: "high" } }] },
            }),
            res("ClusterRole", "low", {
                metadata: { name: "low" },
                aggregationRule: { clusterRoleSelectors: [{ matchLabels: { tier: "low" } }] },
            }),
            ...["high", "low"].map((r) =>
                res("ClusterRoleBinding", r, {
                    metadata: { name: r },
                    subjects: [{ kind: "Group", name: r }],
                    roleRef: { kind: "ClusterRole", name: r },
                }),
            ),
        ]);
        assert.ok(graph.grants(group("high"), getSecrets()).length > 0);
        assert.ok(graph.grants(group("low"), getSecrets()).length > 0);
    });

    it("creates, from a Patch naming an object nobody has, that object with the patch's content (apply upserts)", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRolePatch", "new-role", {
                metadata: { name: "new-role" },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
            }),
            res("ClusterRoleBinding", "new-role", {
                metadata: { name: "new-role" },
                subjects: [{ kind: "Group", name: "g" }],
                roleRef: { kind: "ClusterRole", name: "new-role" },
            }),
        ]);
        assert.ok(graph.grants(group("g"), getSecrets()).length > 0);
    });

    it("says when a binding Patch without roleRef names a binding outside the stack and the defaults: its role cannot be judged", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRoleBindingPatch", "addon", {
                metadata: { name: "eks:addon-manager" },
                subjects: [{ kind: "Group", name: "ops" }],
            }),
        ]);
        assert.deepStrictEqual(graph.notes, [
            {
                urn: urn("ClusterRoleBindingPatch", "addon"),
                why: 'ClusterRoleBinding "eks:addon-manager" is not in the stack or Kubernetes\' defaults and the Patch gives no roleRef: where it exists outside this stack, the subjects get a role that cannot be judged here',
            },
        ]);
        assert.deepStrictEqual(
            graph.bindings.filter((b) => b.source !== "default"),
            [],
        );
    });

    it("ignores a binding Patch that changes a default binding's roleRef, which the API server refuses", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRoleBindingPatch", "swap", {
                metadata: { name: "system:basic-user" },
                roleRef: { kind: "ClusterRole", name: "cluster-admin" },
                subjects: [{ kind: "Group", name: "ops" }],
            }),
        ]);
        assert.deepStrictEqual(graph.grants(group("ops"), deleteNodes), []);
        assert.deepStrictEqual(graph.notes, [
            {
                urn: urn("ClusterRoleBindingPatch", "swap"),
                why: "the API server refuses it: roleRef cannot change from ClusterRole/system:basic-user",
            },
        ]);
    });

    it("keeps each roleRef two stack writers give one binding, since whichever applies first wins", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRoleBinding", "one", {
                metadata: { name: "shared" },
                subjects: [{ kind: "Group", name: "ops" }],
                roleRef: { kind: "ClusterRole", name: "view" },
            }),
            res("ClusterRoleBinding", "two", {
                metadata: { name: "shared" },
                subjects: [{ kind: "Group", name: "ops" }],
                roleRef: { kind: "ClusterRole", name: "cluster-admin" },
            }),
        ]);
        assert.deepStrictEqual(
            graph.bindings
                .filter((b) => b.name === "shared")
                .map((b) => b.roleRef.name)
                .sort(),
            ["cluster-admin", "view"],
        );
        assert.ok(graph.grants(group("ops"), deleteNodes).length > 0);
    });
});
