// ClusterRole aggregation as the clusterrole-aggregation controller computes it: label
// selectors as LabelSelectorAsSelector reads them, the empty selector, a role never taking
// its own rules, hand-written rules replaced, aggregated roles of aggregated roles, cycles,
// and the same answer whatever order the stack lists the roles in. Each test names the
// upstream behaviour it checks (see policypack/lib/rbac-aggregation.ts for the lines).
import * as assert from "assert";
import { aggregate } from "../../policypack/lib/rbac-aggregation";
import { RbacGraph, showPath } from "../../policypack/lib/rbac-graph";
import { RoleObject } from "../../policypack/lib/rbac-objects";
import { Request } from "../../policypack/lib/rbac-rules";
import { graphResource } from "./rbac-fixtures";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const res = graphResource;
/** A ClusterRole with labels, its own rules, and (when given) the selectors it aggregates by. */
const clusterRole = (
    name: string,
    labels: Record<string, string>,
    rules: unknown[],
    selectors?: unknown[],
) =>
    res("ClusterRole", name, {
        metadata: { name, labels },
        rules,
        ...(selectors ? { aggregationRule: { clusterRoleSelectors: selectors } } : {}),
    });
const bindGroup = (group: string, role: string) =>
    res("ClusterRoleBinding", `${group}-${role}`, {
        metadata: { name: `${group}-${role}` },
        subjects: [{ kind: "Group", name: group }],
        roleRef: { kind: "ClusterRole", name: role },
    });
const rule = (resource: string, verbs = ["get"]) => ({
    apiGroups: [""],
    resources: [resource],
    verbs,
});
const get = (resource: string): Request => ({ verb: "get", apiGroup: "", resource });

/** The resources `group` may get through the roles the stack binds, of those asked. */
function gets(graph: RbacGraph, group: string, resources: string[]): string[] {
    return resources.filter(
        (r) => graph.grants({ label: group, groups: [group] }, get(r)).length > 0,
    );
}

const labelled = [
    clusterRole("a", { tier: "a", team: "x" }, [rule("configmaps")]),
    clusterRole("b", { tier: "b" }, [rule("secrets")]),
    clusterRole("c", { team: "y" }, [rule("services")]),
    clusterRole("d", {}, [rule("endpoints")]),
];
const leaves = ["configmaps", "secrets", "services", "endpoints"];

describe("ClusterRole aggregation, as the aggregation controller computes it", () => {
    for (const [what, selector, expected] of [
        ["matchLabels", { matchLabels: { tier: "a" } }, ["configmaps"]],
        [
            "In",
            { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] },
            ["configmaps", "secrets"],
        ],
        [
            "NotIn (with Exists: a role with the label, not that value)",
            {
                matchExpressions: [
                    { key: "tier", operator: "Exists" },
                    { key: "tier", operator: "NotIn", values: ["a"] },
                ],
            },
            ["secrets"],
        ],
        [
            "Exists",
            { matchExpressions: [{ key: "team", operator: "Exists" }] },
            ["configmaps", "services"],
        ],
        [
            "DoesNotExist (with Exists on another key)",
            {
                matchExpressions: [
                    { key: "tier", operator: "Exists" },
                    { key: "team", operator: "DoesNotExist" },
                ],
            },
            ["secrets"],
        ],
        [
            "matchLabels and matchExpressions together (every requirement)",
            {
                matchLabels: { team: "x" },
                matchExpressions: [{ key: "tier", operator: "NotIn", values: ["a"] }],
            },
            [],
        ],
    ] as const) {
        it(`selects by ${what}, as LabelSelectorAsSelector does`, () => {
            const graph = RbacGraph.fromResources([
                ...labelled,
                clusterRole("agg", {}, [], [selector]),
                bindGroup("g", "agg"),
            ]);
            assert.deepStrictEqual(gets(graph, "g", leaves), expected);
        });
    }

    for (const [what, expression] of [
        ["NotIn", { key: "tier", operator: "NotIn", values: ["a"] }],
        ["DoesNotExist", { key: "team", operator: "DoesNotExist" }],
    ] as const) {
        it(`takes a ClusterRole without the label for ${what}: Kubernetes' cluster-admin too`, () => {
            const graph = RbacGraph.fromResources([
                ...labelled,
                clusterRole("agg", {}, [], [{ matchExpressions: [expression] }]),
                bindGroup("g", "agg"),
            ]);
            const paths = graph.grants(
                { label: "g", groups: ["g"] },
                { verb: "delete", apiGroup: "", resource: "nodes" },
            );
            // Every default ClusterRole lacks the label: the controllers' roles that delete
            // nodes (controller-roles.yaml) are aggregated along with cluster-admin.
            assert.deepStrictEqual(
                paths.map((p) => p.rule.origin?.role),
                [
                    "cluster-admin",
                    "system:controller:generic-garbage-collector",
                    "system:controller:namespace-controller",
                    "system:controller:node-controller",
                ],
            );
        });
    }

    // Valid label names (validation.IsQualifiedName) that every plain object has as properties:
    // a role's labels read through `labels[key]` found Object or a function there.
    it("selects by a label named constructor, toString or valueOf like by any other", () => {
        for (const key of ["constructor", "toString", "valueOf"]) {
            const graph = RbacGraph.fromResources([
                clusterRole("a", { [key]: "x" }, [rule("configmaps")]),
                clusterRole("b", { tier: "b" }, [rule("secrets")]),
                clusterRole("agg", {}, [], [{ matchLabels: { [key]: "x" } }]),
                clusterRole(
                    "rest",
                    {},
                    [],
                    [
                        {
                            matchExpressions: [
                                { key, operator: "DoesNotExist" },
                                { key: "tier", operator: "Exists" },
                            ],
                        },
                    ],
                ),
                bindGroup("g", "agg"),
                bindGroup("h", "rest"),
            ]);
            assert.deepStrictEqual(gets(graph, "g", leaves), ["configmaps"], key);
            assert.deepStrictEqual(gets(graph, "h", leaves), ["secrets"], key);
        }
    });

    it("takes every ClusterRole for an empty selector {}, Kubernetes' cluster-admin included", () => {
        const graph = RbacGraph.fromResources([
            ...labelled,
            clusterRole("everything", {}, [], [{}]),
            bindGroup("g", "everything"),
        ]);
        assert.deepStrictEqual(gets(graph, "g", leaves), leaves);
        const [path] = graph.grants(
            { label: "g", groups: ["g"] },
            { verb: "delete", apiGroup: "", resource: "nodes" },
        );
        assert.strictEqual(
            showPath(path),
            'Group:g → ClusterRoleBinding "g-everything" (cluster-wide) → ClusterRole "everything", aggregated from ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}',
        );
        assert.deepStrictEqual(path.rule.origin, {
            role: "cluster-admin",
            index: 0,
            source: "default",
            via: [],
            patches: [],
        });
    });

    it("takes the union of its selectors (a role any one of them matches)", () => {
        const graph = RbacGraph.fromResources([
            ...labelled,
            clusterRole(
                "agg",
                {},
                [],
                [{ matchLabels: { tier: "b" } }, { matchLabels: { team: "y" } }],
            ),
            bindGroup("g", "agg"),
        ]);
        assert.deepStrictEqual(gets(graph, "g", leaves), ["secrets", "services"]);
    });

    it("replaces an aggregated role's hand-written rules, and never takes its own (a selector matching itself)", () => {
        const graph = RbacGraph.fromResources([
            ...labelled,
            clusterRole("self", { tier: "a" }, [rule("pods")], [{ matchLabels: { tier: "a" } }]),
            bindGroup("g", "self"),
        ]);
        assert.deepStrictEqual(gets(graph, "g", [...leaves, "pods"]), ["configmaps"]);
    });

    it("aggregates aggregated roles, each rule keeping the role that lists it and the roles it passed through", () => {
        const graph = RbacGraph.fromResources([
            clusterRole("leaf", { l: "1" }, [rule("configmaps")]),
            clusterRole("middle", { m: "1" }, [], [{ matchLabels: { l: "1" } }]),
            clusterRole("top", {}, [], [{ matchLabels: { m: "1" } }]),
            bindGroup("g", "top"),
        ]);
        const [path] = graph.grants({ label: "g", groups: ["g"] }, get("configmaps"));
        assert.deepStrictEqual(path.rule.origin, {
            role: "leaf",
            index: 0,
            source: `urn:pulumi:test::test::${rbac}:ClusterRole::leaf`,
            via: ["middle"],
            patches: [],
        });
    });

    it("gives the same rules whatever order the roles are evaluated in (the old cycle guard cached a partial result)", () => {
        // a takes b's rules and the leaf's; b takes a's. Evaluated from a first, the old guard
        // cached b as empty, and a binding to b then held nothing.
        const roles = [
            clusterRole("a", { "to-b": "1" }, [], [{ matchLabels: { "to-a": "1" } }]),
            clusterRole("b", { "to-a": "1" }, [], [{ matchLabels: { "to-b": "1" } }]),
            clusterRole("leaf", { "to-a": "1" }, [rule("configmaps")]),
        ];
        for (const bindings of [
            [bindGroup("ga", "a"), bindGroup("gb", "b")],
            [bindGroup("gb", "b"), bindGroup("ga", "a")],
        ]) {
            for (const order of [roles, [...roles].reverse()]) {
                const graph = RbacGraph.fromResources([...order, ...bindings]);
                assert.deepStrictEqual(gets(graph, "ga", ["configmaps"]), ["configmaps"]);
                assert.deepStrictEqual(gets(graph, "gb", ["configmaps"]), ["configmaps"]);
            }
        }
    });

    it("gives roles in a cycle the hand-written rules the controller may keep, and those of the roles the cycle selects", () => {
        // Found by the oracle: x is not in the cycle, but if a syncs before x, x's own rule
        // enters the cycle and b copies it from a for good.
        const graph = RbacGraph.fromResources([
            clusterRole("a", { "to-b": "1" }, [rule("pods")], [{ matchLabels: { "to-a": "1" } }]),
            clusterRole(
                "b",
                { "to-a": "1" },
                [rule("secrets")],
                [{ matchLabels: { "to-b": "1" } }],
            ),
            clusterRole("x", { "to-a": "1" }, [rule("services")], [{ matchLabels: { none: "1" } }]),
            clusterRole("y", {}, [rule("endpoints")], [{ matchLabels: { none: "1" } }]),
            bindGroup("ga", "a"),
            bindGroup("gx", "x"),
            bindGroup("gy", "y"),
        ]);
        const asked = ["pods", "secrets", "services", "endpoints"];
        assert.deepStrictEqual(gets(graph, "ga", asked), ["pods", "secrets", "services"]);
        assert.deepStrictEqual(gets(graph, "gx", asked), [], "x's own rule is replaced");
        assert.deepStrictEqual(gets(graph, "gy", asked), [], "y reaches no cycle");
    });

    it("selects Kubernetes' default roles by their labels (kubernetes.io/bootstrapping, aggregate-to-*)", () => {
        const graph = RbacGraph.fromResources([
            clusterRole("own-default-like", { "kubernetes.io/bootstrapping": "rbac-defaults" }, [
                rule("configmaps"),
            ]),
            clusterRole(
                "defaults",
                {},
                [],
                [
                    {
                        matchExpressions: [
                            { key: "kubernetes.io/bootstrapping", operator: "Exists" },
                        ],
                    },
                ],
            ),
            clusterRole(
                "to-edit",
                {},
                [],
                [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } }],
            ),
            bindGroup("g", "defaults"),
            bindGroup("e", "to-edit"),
        ]);
        assert.deepStrictEqual(gets(graph, "g", ["configmaps"]), ["configmaps"]);
        // view and system:aggregate-to-edit carry aggregate-to-edit: to-edit takes view's
        // aggregated rules (pods) and system:aggregate-to-edit's (secrets).
        assert.deepStrictEqual(gets(graph, "e", ["pods", "secrets", "nodes"]), ["pods", "secrets"]);
    });

    for (const [what, selectors, why] of [
        [
            "an operator LabelSelectorAsSelector does not know",
            [{ matchExpressions: [{ key: "k", operator: "Equals", values: ["a"] }] }],
            '"Equals" is not a valid label selector operator',
        ],
        [
            "In without values",
            [{ matchExpressions: [{ key: "k", operator: "In", values: [] }] }],
            "values set can't be empty for In (key k)",
        ],
        [
            "Exists with values",
            [{ matchExpressions: [{ key: "k", operator: "Exists", values: ["a"] }] }],
            "values set must be empty for Exists (key k)",
        ],
        [
            "no selector at all",
            [],
            "at least one clusterRoleSelector required if aggregationRule is non-nil",
        ],
    ] as const) {
        it(`does not create a ClusterRole whose aggregationRule the API server refuses: ${what}`, () => {
            const graph = RbacGraph.fromResources([
                clusterRole("k", { k: "a" }, [rule("configmaps")]),
                clusterRole("bad", {}, [rule("secrets")], [...selectors]),
                bindGroup("g", "bad"),
            ]);
            assert.deepStrictEqual(gets(graph, "g", ["configmaps", "secrets"]), []);
            assert.deepStrictEqual(graph.notes, [
                {
                    urn: `urn:pulumi:test::test::${rbac}:ClusterRole::bad`,
                    why: `the API server refuses its aggregationRule: ${why}`,
                },
            ]);
        });
    }
});

describe("ClusterRole aggregation in a cycle: every rule the controller may leave", () => {
    // a and b select each other; a also selects leaf. Whatever the order of syncs, the
    // controller gives a leaf's rule (a union over what a selects) and b copies it from a.
    for (const [what, aRules, bRules] of [
        ["a rule written twice on one role of the cycle", [rule("pods"), rule("pods")], []],
        ["the same rule written on both roles of the cycle", [rule("pods")], [rule("pods")]],
    ] as const) {
        it(`keeps the rules a cycle selects with ${what} (the same rule counted twice hid them)`, () => {
            const graph = RbacGraph.fromResources([
                clusterRole("a", { "to-b": "1" }, [...aRules], [{ matchLabels: { "to-a": "1" } }]),
                clusterRole("b", { "to-a": "1" }, [...bRules], [{ matchLabels: { "to-b": "1" } }]),
                clusterRole("leaf", { "to-a": "1" }, [rule("configmaps")]),
                bindGroup("ga", "a"),
                bindGroup("gb", "b"),
            ]);
            const asked = ["pods", "configmaps"];
            assert.deepStrictEqual(gets(graph, "ga", asked), asked);
            assert.deepStrictEqual(gets(graph, "gb", asked), asked);
        });
    }

    it("shows a cycle role's own rules as its own, and the other's as aggregated from it", () => {
        const graph = RbacGraph.fromResources([
            clusterRole("a", { "to-b": "1" }, [rule("pods")], [{ matchLabels: { "to-a": "1" } }]),
            clusterRole(
                "b",
                { "to-a": "1" },
                [rule("secrets")],
                [{ matchLabels: { "to-b": "1" } }],
            ),
            bindGroup("ga", "a"),
        ]);
        const shown = ["pods", "secrets"].map((r) =>
            graph.grants({ label: "ga", groups: ["ga"] }, get(r)).map(showPath),
        );
        assert.deepStrictEqual(shown, [
            [
                'Group:ga → ClusterRoleBinding "ga-a" (cluster-wide) → ClusterRole "a" rules[0] {verbs: [get], apiGroups: [""], resources: [pods]}',
            ],
            [
                'Group:ga → ClusterRoleBinding "ga-a" (cluster-wide) → ClusterRole "a", aggregated from ClusterRole "b" rules[0] {verbs: [get], apiGroups: [""], resources: [secrets]}',
            ],
        ]);
    });
});

describe("aggregate, whatever order it is given the roles in", () => {
    const role = (
        name: string,
        labels: Record<string, string[]>,
        resources: string[],
        selectors?: RoleObject["selectors"],
    ): RoleObject => ({
        kind: "ClusterRole",
        name,
        labels,
        selectors,
        selectorWriters: [],
        rules: resources.map((r) => ({
            verbs: ["get"],
            apiGroups: [""],
            resources: [r],
            resourceNames: [],
            nonResourceURLs: [],
        })),
        source: "default",
        patches: [],
    });
    const toAll: RoleObject["selectors"] = [
        { requirements: [{ key: "to", operator: "In", values: ["all"] }] },
    ];

    it("gives each role its rules in the order of the roles' names, the same for any input order", () => {
        const roles = [
            role("all", {}, [], toAll),
            role("b", { to: ["all"] }, ["secrets"]),
            role("a", { to: ["all"] }, ["pods"]),
            role("c", { to: ["all"] }, ["services"]),
        ];
        for (const order of [roles, [...roles].reverse()]) {
            const result = [...aggregate(order)].map(
                ([name, rules]) => `${name}: ${rules.map((r) => r.resources[0]).join(" ")}`,
            );
            assert.deepStrictEqual(result, [
                "a: pods",
                "all: pods secrets services",
                "b: secrets",
                "c: services",
            ]);
        }
    });

    it("aggregates ClusterRoles only: a namespaced Role its selector matches gives nothing", () => {
        // The controller lists ClusterRoles alone (clusterroleaggregation_controller.go:103-111).
        const namespaced: RoleObject = {
            ...role("a", { to: ["all"] }, ["pods"]),
            kind: "Role",
            namespace: "team",
        };
        const result = [...aggregate([role("all", {}, [], toAll), namespaced])].map(
            ([name, rules]) => `${name}: ${rules.map((r) => r.resources[0]).join(" ")}`,
        );
        assert.deepStrictEqual(result, ["all: "]);
    });
});
