// Label selectors of policypack/lib/label-selector.ts, which decide the ClusterRoles an
// aggregated ClusterRole takes: what the API server refuses (k8s.io/apimachinery
// pkg/apis/meta/v1/types.go LabelSelector: matchLabels is a map of strings, each
// matchExpressions entry a LabelSelectorRequirement with a key), and a label value unknown
// until deploy, which may be any value and so may be selected.
import * as assert from "assert";
import {
    parseSelector,
    selectorMatches,
    unknownLabelValue,
} from "../../policypack/lib/label-selector";
import { RbacGraph } from "../../policypack/lib/rbac-graph";
import { graphResource } from "./rbac-fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy");

describe("parseSelector refuses a selector the API server cannot read, saying why", () => {
    for (const [raw, why] of [
        ["tier=a", '"tier=a" is not a label selector'],
        [null, "null is not a label selector"],
        [
            [{ matchLabels: { tier: "a" } }],
            '[{"matchLabels":{"tier":"a"}}] is not a label selector',
        ],
        [{ matchLabels: "tier=a" }, "matchLabels is not a map of strings"],
        [{ matchLabels: ["tier", "a"] }, "matchLabels is not a map of strings"],
        [{ matchLabels: { tier: "a", level: 1 } }, "matchLabels.level is not a string"],
        [{ matchExpressions: [{ operator: "Exists" }] }, "a matchExpressions entry has no key"],
        [{ matchExpressions: ["tier"] }, "a matchExpressions entry has no key"],
    ] as const) {
        it(`refuses ${JSON.stringify(raw)}`, () => {
            assert.strictEqual(parseSelector(raw), why);
        });
    }

    it("reads matchLabels as In requirements, then matchExpressions, in order", () => {
        assert.deepStrictEqual(
            parseSelector({
                matchLabels: { tier: "a" },
                matchExpressions: [{ key: "team", operator: "NotIn", values: ["x", "y"] }],
            }),
            {
                requirements: [
                    { key: "tier", operator: "In", values: ["a"] },
                    { key: "team", operator: "NotIn", values: ["x", "y"] },
                ],
            },
        );
        assert.deepStrictEqual(parseSelector({ matchLabels: null }), { requirements: [] });
    });
});

describe("a label value unknown until deploy may be any value", () => {
    const labels = { tier: [unknownLabelValue] };
    for (const [expression, expected] of [
        [{ key: "tier", operator: "In", values: ["a"] }, true],
        [{ key: "tier", operator: "NotIn", values: ["a"] }, true],
        [{ key: "tier", operator: "Exists" }, true],
        [{ key: "tier", operator: "DoesNotExist" }, false],
    ] as const) {
        it(`${expected ? "matches" : "does not match"} ${expression.operator}`, () => {
            const selector = parseSelector({ matchExpressions: [expression] });
            assert.ok(typeof selector !== "string", String(selector));
            assert.strictEqual(selectorMatches(selector, labels), expected);
        });
    }

    it("lets an aggregated ClusterRole take a role whose label value is an Output", () => {
        const viewers = graphResource("ClusterRoleBinding", "viewers", {
            metadata: { name: "viewers" },
            subjects: [{ kind: "Group", name: "ops" }],
            roleRef: { kind: "ClusterRole", name: "view" },
        });
        const secrets = graphResource("ClusterRole", "read-secrets", {
            metadata: {
                name: "read-secrets",
                labels: { "rbac.authorization.k8s.io/aggregate-to-view": unknownStringValue },
            },
            rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
        });
        const graph = RbacGraph.fromResources([
            viewers,
            { ...secrets, props: unknownCheckingProxy(secrets.props) },
        ]);
        const paths = graph.grants(
            { label: "group:ops", groups: ["ops"] },
            { verb: "get", apiGroup: "", resource: "secrets", namespace: "apps" },
        );
        assert.deepStrictEqual(
            paths.map((p) => p.rule.origin?.role),
            ["read-secrets"],
        );
    });
});
