// The RBAC graph's own answers (policypack/lib/rbac-graph.ts): which bindings reach a service
// account whose binding's namespace is unknown until deploy, the IAM principals an access
// policy association alone maps in, the rules of a role by kind, the roleRefs that grant
// nothing, an access scope's namespaces, and how an unknown value leaves a resource unjudged.
import * as assert from "assert";
import { GraphResource, RbacGraph, showPath } from "../../policypack/lib/rbac-graph";
import { parseRules, Request } from "../../policypack/lib/rbac-rules";
import { eksAccessPolicies } from "../../policypack/lib/eks-access-policies";
import { UnknownValueError } from "../../policypack/lib/values";
import { graphResource as res } from "./rbac-fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

/** What the engine sends for a value it cannot know yet. */
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const getSecrets = (namespace?: string): Request => ({
    verb: "get",
    apiGroup: "",
    resource: "secrets",
    namespace,
});
const reader = [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }];

function identity(graph: RbacGraph, label: string) {
    const found = graph.identity(label);
    assert.ok(typeof found !== "string", String(found));
    return found;
}

describe("RBAC graph: a service account named in a binding whose namespace is unknown until deploy", () => {
    // A RoleBinding without metadata.namespace and no known provider is in the provider's
    // default namespace, unknown here (rbac-namespaces.ts providerNamespace).
    const unknownNs = "<default namespace of its provider>";
    const graph = () =>
        RbacGraph.fromResources([
            res("ClusterRole", "reader", { metadata: { name: "reader" }, rules: reader }),
            res("RoleBinding", "app", {
                metadata: { name: "app" },
                subjects: [
                    { kind: "User", name: "app" },
                    { kind: "ServiceAccount", name: "other" },
                    { kind: "ServiceAccount", name: "app" },
                ],
                roleRef: { kind: "ClusterRole", name: "reader" },
            }),
        ]);

    it("may be the account of that name in any namespace: possibly, naming the subject it matched", () => {
        const g = graph();
        const paths = g.grants(identity(g, "serviceaccount:payments:app"), getSecrets("payments"));
        assert.deepStrictEqual(paths.map(showPath), [
            `ServiceAccount:${unknownNs}:app → RoleBinding "app" in ${unknownNs} → ClusterRole "reader" rules[0] {verbs: [get], apiGroups: [""], resources: [secrets]} (possibly: ServiceAccount:${unknownNs}:app may be serviceaccount:payments:app; RoleBinding "app" is in ${unknownNs}: possibly any namespace)`,
        ]);
        assert.deepStrictEqual(
            [paths[0].subject.kind, paths[0].subject.name],
            ["ServiceAccount", "app"],
        );
    });

    it("is not an account of another name", () => {
        const g = graph();
        const paths = g.grants(
            identity(g, "serviceaccount:payments:third"),
            getSecrets("payments"),
        );
        assert.deepStrictEqual(paths, []);
    });

    it("is only a service account named in a binding of an unknown namespace: a known namespace is not another", () => {
        const g = RbacGraph.fromResources([
            res("ClusterRole", "reader", { metadata: { name: "reader" }, rules: reader }),
            res("RoleBinding", "app", {
                metadata: { name: "app", namespace: "billing" },
                subjects: [{ kind: "ServiceAccount", name: "app" }],
                roleRef: { kind: "ClusterRole", name: "reader" },
            }),
        ]);
        for (const ns of ["billing", "payments"]) {
            const paths = g.grants(identity(g, "serviceaccount:payments:app"), getSecrets(ns));
            assert.deepStrictEqual(paths, [], ns);
        }
        assert.strictEqual(
            g.grants(identity(g, "serviceaccount:billing:app"), getSecrets("billing")).length,
            1,
        );
    });

    it("a ClusterRoleBinding's service account whose own namespace is unknown may be any account of its name, cluster-wide", () => {
        const g = RbacGraph.fromResources([
            res("ClusterRole", "reader", { metadata: { name: "reader" }, rules: reader }),
            {
                ...res("ClusterRoleBinding", "app", {}),
                props: unknownCheckingProxy({
                    metadata: { name: "app" },
                    subjects: [{ kind: "ServiceAccount", name: "app", namespace: unknownValue }],
                    roleRef: { kind: "ClusterRole", name: "reader" },
                }),
            },
        ]);
        assert.deepStrictEqual(g.unjudged, []);
        const paths = g.grants(identity(g, "serviceaccount:payments:app"), getSecrets("billing"));
        assert.deepStrictEqual(
            paths.map((p) => p.possibly),
            [["ServiceAccount:<unknown until deploy>:app may be serviceaccount:payments:app"]],
        );
        assert.strictEqual(paths[0].namespace, undefined);
    });
});

describe("RBAC graph: IAM principals an access policy association alone maps in", () => {
    const type = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
    const ci = "arn:aws:iam::123456789012:role/ci";
    const ops = "arn:aws:iam::123456789012:role/ops";
    const association = (
        name: string,
        principalArn: string,
        policy: string,
        accessScope: Record<string, unknown> = { type: "cluster" },
    ): GraphResource => ({
        type,
        name,
        urn: `urn:pulumi:test::test::${type}::${name}`,
        props: {
            clusterName: "prod",
            principalArn,
            policyArn: `arn:aws:eks::aws:cluster-access-policy/${policy}`,
            accessScope,
        },
    });
    const entry = (name: string, principalArn: string): GraphResource => ({
        type: "aws:eks/accessEntry:AccessEntry",
        name,
        urn: `urn:pulumi:test::test::aws:eks/accessEntry:AccessEntry::${name}`,
        props: { clusterName: "prod", principalArn, kubernetesGroups: ["ops"] },
    });

    it("has access, and is listed, with no access entry in the stack", () => {
        const graph = RbacGraph.fromResources([
            entry("ops", ops),
            association("ci-view", ci, "AmazonEKSViewPolicy"),
        ]);
        assert.strictEqual(graph.hasIamAccess(ci), true);
        assert.strictEqual(graph.hasIamAccess(ops), true);
        assert.strictEqual(graph.hasIamAccess("arn:aws:iam::123456789012:role/other"), false);
        assert.deepStrictEqual(graph.iamPrincipals(), [ops, ci]);
    });

    it("gives the rules of its access policy, as the pack holds them", () => {
        const graph = RbacGraph.fromResources([association("ci-view", ci, "AmazonEKSViewPolicy")]);
        assert.deepStrictEqual(
            graph.rulesOf("AccessPolicy", "AmazonEKSViewPolicy"),
            parseRules(eksAccessPolicies.get("AmazonEKSViewPolicy")!.rules),
        );
        assert.strictEqual(graph.rulesOf("AccessPolicy", "AmazonEKSEditPolicy"), undefined);
    });

    it("in a namespace scope with no namespaces reaches no namespace, and nothing cluster-wide", () => {
        const graph = RbacGraph.fromResources([
            association("ci-view", ci, "AmazonEKSSecretReaderPolicy", {
                type: "namespace",
                namespaces: [],
            }),
        ]);
        const who = graph.iamIdentity(ci);
        assert.deepStrictEqual(graph.grants(who, getSecrets("payments")), []);
        assert.deepStrictEqual(graph.grants(who, getSecrets()), []);
        assert.deepStrictEqual(
            [...graph.whoCan(getSecrets("payments")).keys()].includes(`IAM:${ci}`),
            false,
        );
    });

    it("in a namespace scope of several namespaces reaches each of them", () => {
        const graph = RbacGraph.fromResources([
            association("ci-view", ci, "AmazonEKSSecretReaderPolicy", {
                type: "namespace",
                namespaces: ["payments", "billing"],
            }),
        ]);
        const who = graph.iamIdentity(ci);
        for (const ns of ["payments", "billing"]) {
            assert.deepStrictEqual(
                graph.grants(who, getSecrets(ns)).map(showPath),
                [
                    `IAM:${ci} → AccessPolicyAssociation "AmazonEKSSecretReaderPolicy for ${ci}" in payments, billing → AccessPolicy "AmazonEKSSecretReaderPolicy" rules[0] {verbs: [get, list, watch], apiGroups: [""], resources: [secrets]}`,
                ],
                ns,
            );
        }
        assert.deepStrictEqual(graph.grants(who, getSecrets("default")), []);
    });
});

describe("RBAC graph: the rules of a role, by kind and namespace", () => {
    const graph = () =>
        RbacGraph.fromResources([
            res("Role", "payments-reader", {
                metadata: { name: "reader", namespace: "payments" },
                rules: reader,
            }),
            res("Role", "billing-reader", {
                metadata: { name: "reader", namespace: "billing" },
                rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }],
            }),
        ]);

    it("looks a Role up in its own namespace only", () => {
        const g = graph();
        assert.deepStrictEqual(g.rulesOf("Role", "reader", "payments"), parseRules(reader));
        assert.deepStrictEqual(
            g.rulesOf("Role", "reader", "billing"),
            parseRules([{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }]),
        );
        assert.strictEqual(g.rulesOf("Role", "reader", "default"), undefined);
        assert.strictEqual(g.rulesOf("Role", "reader"), undefined);
    });

    it("knows no role of another kind: a ClusterRole by its name, nothing for a kind it does not know", () => {
        const g = graph();
        assert.strictEqual(g.rulesOf("ClusterRole", "reader"), undefined);
        assert.strictEqual(g.rulesOf("Bogus", "reader", "payments"), undefined);
        assert.ok(g.rulesOf("ClusterRole", "view")!.length > 0);
    });
});

describe("RBAC graph: roleRefs the API server refuses grant nothing", () => {
    it("a ClusterRoleBinding to a Role, even one whose namespace is unknown", () => {
        const graph = RbacGraph.fromResources([
            res("Role", "reader", { metadata: { name: "reader" }, rules: reader }),
            res("ClusterRoleBinding", "ci", {
                metadata: { name: "ci" },
                subjects: [{ kind: "Group", name: "ci" }],
                roleRef: { kind: "Role", name: "reader" },
            }),
        ]);
        const ci = identity(graph, "group:ci");
        assert.deepStrictEqual(graph.grants(ci, getSecrets("payments")), []);
        assert.deepStrictEqual(graph.grants(ci, getSecrets()), []);
    });

    it("a RoleBinding whose roleRef kind is neither Role nor ClusterRole", () => {
        const graph = RbacGraph.fromResources([
            res("Role", "reader", {
                metadata: { name: "reader", namespace: "payments" },
                rules: reader,
            }),
            res("RoleBinding", "ci", {
                metadata: { name: "ci", namespace: "payments" },
                subjects: [{ kind: "Group", name: "ci" }],
                roleRef: { kind: "Rolle", name: "reader" },
            }),
        ]);
        assert.deepStrictEqual(
            graph.grants(identity(graph, "group:ci"), getSecrets("payments")),
            [],
        );
    });
});

describe("RBAC graph: a request in a namespace unknown until deploy", () => {
    it("is possibly in a RoleBinding's known namespace, and says so", () => {
        const graph = RbacGraph.fromResources([
            res("RoleBinding", "devs", {
                metadata: { name: "devs", namespace: "payments" },
                subjects: [{ kind: "Group", name: "devs" }],
                roleRef: { kind: "ClusterRole", name: "admin" },
            }),
        ]);
        const unknownNs = '<namespace of Pod "api", unknown until deploy>';
        const paths = graph.grants(identity(graph, "group:devs"), getSecrets(unknownNs));
        assert.ok(paths.length > 0);
        for (const p of paths) {
            assert.deepStrictEqual(p.possibly, [`payments may be ${unknownNs}`]);
        }
    });
});

describe("RBAC graph: a value unknown until deploy leaves a resource unjudged, once; any other error is thrown", () => {
    const urn =
        "urn:pulumi:test::test::kubernetes:rbac.authorization.k8s.io/v1:ClusterRole::reader";
    const clusterRole = (metadata: Record<string, unknown>): GraphResource => ({
        ...res("ClusterRole", "reader", {}),
        props: unknownCheckingProxy({
            metadata,
            rules: [
                { apiGroups: [""], resources: ["secrets"], verbs: unknownValue },
                { apiGroups: [""], resources: ["pods"], verbs: unknownValue },
            ],
        }),
    });

    it("lists a resource with two unknown values once", () => {
        const graph = RbacGraph.fromResources([clusterRole({ name: "reader" })]);
        assert.deepStrictEqual(graph.unjudged, [urn]);
        assert.throws(
            () => graph.unknown.raise(),
            (e: Error) =>
                e instanceof UnknownValueError &&
                e.message.startsWith("1 resource(s) could not be judged, the others were: "),
        );
    });

    it("throws an error that is not an unknown value, even from a resource already unjudged", () => {
        const bug = new TypeError("a bug in reading labels");
        const metadata = {
            name: "reader",
            get labels() {
                throw bug;
            },
        };
        assert.throws(
            () => RbacGraph.fromResources([clusterRole(metadata)]),
            (e) => e === bug,
        );
    });
});
