// Grant paths of policypack/lib/rbac-paths.ts: the object names a power is held for, how a
// message shows a path (every namespace, Patch and reason listed), and the stack resource a
// path through Kubernetes' own binding is owed to.
import * as assert from "assert";
import { GrantPath, namesOf, showPath, stackSource } from "../../policypack/lib/rbac-paths";
import { RbacGraph } from "../../policypack/lib/rbac-graph";
import { graphResource } from "./rbac-fixtures";

const path = (resourceNames: string[], more: Partial<GrantPath> = {}): GrantPath => ({
    subject: { kind: "Group", name: "devs" },
    binding: {
        kind: "RoleBinding",
        name: "developers",
        namespaces: ["payments"],
        roleRef: { kind: "ClusterRole", name: "edit" },
        subjects: [{ kind: "Group", name: "devs" }],
        source: "urn:binding",
    },
    role: {
        kind: "ClusterRole",
        name: "edit",
        source: "default",
        patches: [],
        selectorWriters: [],
    },
    ruleIndex: 0,
    rule: {
        verbs: ["get"],
        apiGroups: [""],
        resources: ["secrets"],
        resourceNames,
        nonResourceURLs: [],
    },
    ...more,
});

describe("namesOf: the objects a power is held for", () => {
    it("is every object when any one path names none, however many others name some", () => {
        assert.strictEqual(namesOf([path(["db"]), path([]), path(["web"])]), "every");
    });

    it("lists the named objects once each, sorted, when every path names some", () => {
        assert.deepStrictEqual(namesOf([path(["web", "db"]), path(["db", "api"])]), [
            "api",
            "db",
            "web",
        ]);
    });
});

describe("showPath lists every namespace, Patch and reason of a path", () => {
    it("joins several of each, as a message reads them", () => {
        const shown = showPath(
            path([], {
                binding: {
                    ...path([]).binding,
                    kind: "AccessPolicyAssociation",
                    name: "ops-edit",
                    namespaces: ["payments", "orders"],
                    patches: ["urn:patch-1", "urn:patch-2"],
                },
                rule: {
                    ...path([]).rule,
                    origin: {
                        role: "read-secrets",
                        index: 2,
                        source: "urn:role",
                        via: [],
                        patches: ["urn:role-patch-1", "urn:role-patch-2"],
                    },
                },
                possibly: ["namespace unknown until deploy", "subject unknown until deploy"],
            }),
        );
        assert.strictEqual(
            shown,
            'Group:devs → AccessPolicyAssociation "ops-edit" in payments, orders (patched by urn:patch-1, urn:patch-2) → ClusterRole "edit", aggregated from ClusterRole "read-secrets" (patched by urn:role-patch-1, urn:role-patch-2) rules[2] {verbs: [get], apiGroups: [""], resources: [secrets]} (possibly: namespace unknown until deploy; subject unknown until deploy)',
        );
    });
});

describe("stackSource: what a grant through Kubernetes' own binding is owed to", () => {
    it("is the stack ClusterRole a default role aggregated the rule from, before the Patch that gave the selector", () => {
        const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
        const selectorPatch = graphResource("ClusterRolePatch", "basic-aggregates", {
            metadata: { name: "system:basic-user" },
            aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "to-basic": "true" } }] },
        });
        const secrets = graphResource("ClusterRole", "read-secrets", {
            metadata: { name: "read-secrets", labels: { "to-basic": "true" } },
            rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
        });
        const graph = RbacGraph.fromResources([selectorPatch, secrets]);
        const [granted] = graph.grants(
            { label: "user:anyone", user: "anyone", groups: ["system:authenticated"] },
            { verb: "get", apiGroup: "", resource: "secrets", namespace: "apps" },
        );
        assert.strictEqual(granted.binding.source, "default");
        assert.deepStrictEqual(granted.role.selectorWriters, [selectorPatch.urn]);
        assert.strictEqual(
            stackSource(granted),
            `urn:pulumi:test::test::${rbac}:ClusterRole::read-secrets`,
        );
    });
});
