// Values unknown until deploy, judged by what is known: a binding whose subject is an Output
// is still judged by its role; an object whose namespace is unknown (or that has none, with a
// provider whose namespace is not known) is possibly in any namespace; an object without
// metadata.namespace is in its provider's namespace. Only what truly cannot be judged (a
// roleRef, a rule's verbs) is left unjudged. Props go through the SDK's own proxy, as a policy
// gets them.
import * as assert from "assert";
import { GraphResource, RbacGraph, showPath } from "../../policypack/lib/rbac-graph";
import { Request } from "../../policypack/lib/rbac-rules";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const urn = (type: string, name: string) => `urn:pulumi:test::test::${rbac}:${type}::${name}`;
const res = (
    type: string,
    name: string,
    props: Record<string, unknown>,
    provider?: GraphResource["provider"],
): GraphResource => ({
    type: `${rbac}:${type}`,
    name,
    urn: urn(type, name),
    props: unknownCheckingProxy(props),
    ...(provider ? { provider } : {}),
});
const group = (name: string) => ({ label: `group:${name}`, groups: [name] });
const deleteNodes: Request = { verb: "delete", apiGroup: "", resource: "nodes" };
const getSecrets = (namespace: string): Request => ({
    verb: "get",
    apiGroup: "",
    resource: "secrets",
    namespace,
});
const editFor = (
    name: string,
    metadata: Record<string, unknown>,
    provider?: GraphResource["provider"],
) =>
    res(
        "RoleBinding",
        name,
        {
            metadata: { name, ...metadata },
            subjects: [{ kind: "Group", name: "devs" }],
            roleRef: { kind: "ClusterRole", name: "edit" },
        },
        provider,
    );

describe("RBAC graph on values unknown until deploy", () => {
    it("keeps a ClusterRoleBinding to cluster-admin whose subject name is an Output, under a subject unknown until deploy", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRoleBinding", "ci", {
                metadata: { name: "ci" },
                subjects: [{ kind: "User", name: unknown, apiGroup: "rbac.authorization.k8s.io" }],
                roleRef: { kind: "ClusterRole", name: "cluster-admin" },
            }),
        ]);
        assert.deepStrictEqual(graph.unjudged, []);
        const who = graph.whoCan(deleteNodes);
        const key = 'User:<unknown until deploy: ClusterRoleBinding "ci" subjects[0]>';
        // Kubernetes' own: system:masters, and the controllers that delete nodes (controller-role-bindings.yaml).
        assert.deepStrictEqual([...who.keys()].sort(), [
            "Group:system:masters",
            "ServiceAccount:kube-system:generic-garbage-collector",
            "ServiceAccount:kube-system:namespace-controller",
            "ServiceAccount:kube-system:node-controller",
            key,
        ]);
        assert.strictEqual(
            showPath(who.get(key)![0]),
            `${key} → ClusterRoleBinding "ci" (cluster-wide) → ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}`,
        );
        assert.strictEqual(who.get(key)![0].subject.unknown, true);
        // No known identity is that subject.
        assert.deepStrictEqual(graph.grants(group("ci"), deleteNodes), []);
        // Its own identity finds the binding (what k8s-tenant-isolation and rbac read).
        const identity = graph.subjectIdentity(who.get(key)![0].subject);
        assert.strictEqual(graph.grants(identity, deleteNodes).length, 1);
    });

    it("keeps a binding whose whole subject list is unknown, and tells two such bindings apart", () => {
        const graph = RbacGraph.fromResources(
            ["a", "b"].map((name) =>
                res("ClusterRoleBinding", name, {
                    metadata: { name },
                    subjects: unknown,
                    roleRef: { kind: "ClusterRole", name: "view" },
                }),
            ),
        );
        assert.deepStrictEqual(
            graph.bindings.filter((b) => b.source !== "default").map((b) => b.subjects),
            ["a", "b"].map((name) => [
                {
                    kind: "Subject",
                    name: `<unknown until deploy: ClusterRoleBinding "${name}" subjects[0]>`,
                    unknown: true,
                },
            ]),
        );
    });

    it("judges a RoleBinding whose namespace is unknown as possibly in any namespace, and says so", () => {
        const graph = RbacGraph.fromResources([editFor("devs", { namespace: unknown })]);
        const [path] = graph.grants(group("devs"), getSecrets("kube-system"));
        assert.deepStrictEqual(path.possibly, [
            'RoleBinding "devs" is in <namespace of RoleBinding "devs", unknown until deploy>: possibly any namespace',
        ]);
        assert.match(
            showPath(path),
            / \(possibly: RoleBinding "devs" is in <namespace of RoleBinding "devs", unknown until deploy>: possibly any namespace\)$/,
        );
        assert.deepStrictEqual(
            graph.grants(group("devs"), { ...getSecrets("x"), namespace: undefined }),
            [],
        );
        assert.deepStrictEqual(graph.unjudged, []);
    });

    it("resolves a RoleBinding of unknown namespace to a Role of that name in a known one: possibly, there", () => {
        const graph = RbacGraph.fromResources([
            res("Role", "reader", {
                metadata: { name: "reader", namespace: "apps" },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
            }),
            res("RoleBinding", "devs", {
                metadata: { name: "devs", namespace: unknown },
                subjects: [{ kind: "Group", name: "devs" }],
                roleRef: { kind: "Role", name: "reader" },
            }),
        ]);
        const [path] = graph.grants(group("devs"), getSecrets("apps"));
        assert.strictEqual(path.namespace, "apps");
        assert.deepStrictEqual(path.possibly, [
            'RoleBinding "devs" is in <namespace of RoleBinding "devs", unknown until deploy>: possibly any namespace',
            'Role "reader" in apps may be the one it names',
        ]);
        assert.deepStrictEqual(graph.grants(group("devs"), getSecrets("kube-system")), []);
    });

    it("puts an object without metadata.namespace in its provider's namespace, from the provider's namespace or kubeconfig context", () => {
        const kubeconfig = (namespace?: string) =>
            JSON.stringify({
                "current-context": "ctx",
                contexts: [
                    { name: "ctx", context: { cluster: "c", ...(namespace ? { namespace } : {}) } },
                ],
            });
        for (const [provider, where] of [
            [{ name: "k8s", props: { namespace: "apps" } }, "apps"],
            [{ name: "k8s", props: { kubeconfig: kubeconfig("team") } }, "team"],
            [{ name: "k8s", props: { kubeconfig: kubeconfig() } }, "default"],
        ] as const) {
            const graph = RbacGraph.fromResources([editFor("devs", {}, provider)]);
            assert.deepStrictEqual(graph.bindings.find((b) => b.name === "devs")!.namespaces, [
                where,
            ]);
            const [path] = graph.grants(group("devs"), getSecrets(where));
            assert.strictEqual(path.possibly, undefined, where);
            assert.deepStrictEqual(graph.grants(group("devs"), getSecrets("kube-system")), []);
        }
    });

    it("judges an object without metadata.namespace as possibly in any namespace when its provider's is not known", () => {
        for (const [provider, where] of [
            [undefined, "<default namespace of its provider>"],
            [{ name: "k8s", props: {} }, '<default namespace of provider "k8s">'],
            [
                { name: "k8s", props: unknownCheckingProxy({ namespace: unknown }) },
                '<default namespace of provider "k8s", unknown until deploy>',
            ],
        ] as const) {
            const graph = RbacGraph.fromResources([editFor("devs", {}, provider)]);
            const [path] = graph.grants(group("devs"), getSecrets("kube-system"));
            assert.deepStrictEqual(path.possibly, [
                `RoleBinding "devs" is in ${where}: possibly any namespace`,
            ]);
        }
    });

    it("resolves a Role and a RoleBinding without namespace, through one provider, to each other", () => {
        const provider = { name: "k8s", props: {} };
        const graph = RbacGraph.fromResources([
            res(
                "Role",
                "reader",
                {
                    metadata: { name: "reader" },
                    rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
                },
                provider,
            ),
            res(
                "RoleBinding",
                "devs",
                {
                    metadata: { name: "devs" },
                    subjects: [{ kind: "Group", name: "devs" }],
                    roleRef: { kind: "Role", name: "reader" },
                },
                provider,
            ),
        ]);
        const [path] = graph.grants(group("devs"), getSecrets("anywhere"));
        assert.deepStrictEqual(path.possibly, [
            'RoleBinding "devs" is in <default namespace of provider "k8s">: possibly any namespace',
        ]);
    });

    it("names an object unknown in resourceNames as unknown, and leaves unjudged only a rule whose verbs are unknown", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRole", "mixed", {
                metadata: { name: "mixed" },
                rules: [
                    {
                        apiGroups: [""],
                        resources: ["secrets"],
                        resourceNames: [unknown],
                        verbs: ["get"],
                    },
                    { apiGroups: [""], resources: ["pods"], verbs: unknown },
                    { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
                ],
            }),
            res("ClusterRoleBinding", "mixed", {
                metadata: { name: "mixed" },
                subjects: [{ kind: "Group", name: "g" }],
                roleRef: { kind: "ClusterRole", name: "mixed" },
            }),
        ]);
        const get = (resource: string, name?: string): Request => ({
            verb: "get",
            apiGroup: "",
            resource,
            ...(name ? { name } : {}),
        });
        assert.ok(graph.grants(group("g"), get("configmaps")).length > 0);
        assert.deepStrictEqual(graph.grants(group("g"), get("secrets", "db")), []);
        const [named] = graph.grants(group("g"), get("secrets"), { anyName: true });
        assert.deepStrictEqual(named.rule.resourceNames, ["<unknown until deploy>"]);
        assert.deepStrictEqual(graph.unjudged, [urn("ClusterRole", "mixed")]);
    });

    it("leaves unjudged a binding whose roleRef is unknown, naming it", () => {
        const graph = RbacGraph.fromResources([
            res("ClusterRoleBinding", "later", {
                metadata: { name: "later" },
                subjects: [{ kind: "Group", name: "g" }],
                roleRef: { kind: "ClusterRole", name: unknown },
            }),
        ]);
        assert.deepStrictEqual(graph.unjudged, [urn("ClusterRoleBinding", "later")]);
        assert.throws(
            () => graph.unknown.raise(),
            /^Error: 1 resource\(s\) could not be judged, the others were: urn:pulumi:test::test::kubernetes:rbac.authorization.k8s.io\/v1:ClusterRoleBinding::later \(string value at \.roleRef\.name can't be known during preview\)$/,
        );
    });
});
