// How the RBAC graph reads the RBAC objects a stack leaves on a cluster
// (policypack/lib/rbac-objects.ts): which resources write an RBAC object, the same objects
// whatever order the stack lists them in, what a Patch sets (only the fields it gives), the
// `autoupdate: "false"` annotation that stops the API server adding back a default object's
// lists (kubernetes/component-helpers auth/rbac/reconciliation/reconcile_role.go:178-233,
// v0.36.3), the aggregationRule the API server refuses (kubernetes/kubernetes
// pkg/apis/rbac/validation/validation.go ValidateClusterRole), each rule and subject once, and
// values unknown until deploy. Props with unknowns go through the SDK's own proxy.
import * as assert from "assert";
import { clusterObjects, GraphResource, UnknownSink } from "../../policypack/lib/rbac-objects";
import { UnknownValueError } from "../../policypack/lib/values";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
const urn = (type: string, name: string) => `urn:pulumi:test::test::${rbac}:${type}::${name}`;
const res = (type: string, name: string, props: Record<string, unknown>): GraphResource => ({
    type: type.includes(":") ? type : `${rbac}:${type}`,
    name,
    urn: type.includes(":") ? `urn:pulumi:test::test::${type}::${name}` : urn(type, name),
    props: unknownCheckingProxy(props),
});
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, ...extra });
const noUpdate = { annotations: { "rbac.authorization.kubernetes.io/autoupdate": "false" } };
const readPods = { apiGroups: [""], resources: ["pods"], verbs: ["get"] };
const listPods = { apiGroups: [""], resources: ["pods"], verbs: ["list"] };

/** The cluster's objects after `resources`, with the URNs left unjudged and the unknowns noted. */
function read(resources: GraphResource[]) {
    const unjudged: string[] = [];
    const noted: string[] = [];
    const sink: UnknownSink = {
        attempt(u, run) {
            try {
                run();
            } catch (e) {
                if (!(e instanceof UnknownValueError)) {
                    throw e;
                }
                unjudged.push(u);
            }
        },
        note: (u) => noted.push(u),
    };
    return { ...clusterObjects(resources, sink), unjudged, noted };
}
const roleNamed = (r: ReturnType<typeof read>, name: string) =>
    r.roles.find((o) => o.name === name);
const bindingsNamed = (r: ReturnType<typeof read>, name: string) =>
    r.bindings.filter((o) => o.name === name);
const defaults = read([]);

describe("rbac objects: only RBAC resources write RBAC objects", () => {
    it("a ConfigMap, a Namespace or a Pod add no object and no note", () => {
        const r = read([
            res("kubernetes:core/v1:ConfigMap", "cm", { metadata: meta("cm"), data: {} }),
            res("kubernetes:core/v1:Namespace", "ns", { metadata: meta("ns") }),
            res("kubernetes:core/v1:Pod", "p", { metadata: meta("p", { namespace: "a" }) }),
        ]);
        assert.deepStrictEqual(r, defaults);
    });
});

describe("rbac objects: the same stack gives the same objects in any order", () => {
    const patches = Array.from({ length: 70 }, (_, i) =>
        res("ClusterRolePatch", `p${String(i).padStart(2, "0")}`, {
            metadata: meta("app", { labels: { [`l${i}`]: "x" } }),
        }),
    );
    const object = res("ClusterRole", "app", { metadata: meta("app"), rules: [readPods] });
    const sorted = [object, ...patches].map((p) => p.urn).sort();

    for (const [what, order] of [
        ["in URN order", [object, ...patches]],
        ["in reverse", [object, ...patches].reverse()],
        ["interleaved", [...patches.slice(35), object, ...patches.slice(0, 35).reverse()]],
        ["two Patches in reverse", [patches[1], patches[0]]],
    ] as const) {
        it(`its writers ${what}: the object's first writer and Patches are in URN order`, () => {
            const role = roleNamed(read([...order]), "app")!;
            const urns = sorted.filter((u) => order.some((w) => w.urn === u));
            assert.strictEqual(role.source, urns[0]);
            assert.deepStrictEqual(
                role.patches,
                urns.filter((u) => u.includes("ClusterRolePatch")),
            );
        });
    }

    it("a Patch merged into Kubernetes' own object leaves the default its first writer", () => {
        const role = roleNamed(
            read([res("ClusterRolePatch", "admin", { metadata: meta("admin", noUpdate) })]),
            "admin",
        )!;
        assert.strictEqual(role.source, "default");
        assert.deepStrictEqual(role.patches, [urn("ClusterRolePatch", "admin")]);
    });
});

describe("rbac objects: a Patch sets only the fields it gives", () => {
    const basicUser = roleNamed(defaults, "system:basic-user")!;

    for (const [what, rules] of [
        ["no rules", undefined],
        ["rules: null", null],
    ] as const) {
        it(`a Patch with ${what} that stops reconciliation leaves the default's rules`, () => {
            const r = read([
                res("ClusterRolePatch", "bu", {
                    metadata: meta("system:basic-user", noUpdate),
                    ...(rules === null ? { rules } : {}),
                }),
            ]);
            assert.deepStrictEqual(roleNamed(r, "system:basic-user")!.rules, basicUser.rules);
        });
    }

    it("a Patch whose rules are unknown until deploy is noted and the default's rules kept", () => {
        const r = read([
            res("ClusterRolePatch", "bu", {
                metadata: meta("system:basic-user"),
                rules: unknownValue,
            }),
        ]);
        assert.deepStrictEqual(roleNamed(r, "system:basic-user")!.rules, basicUser.rules);
        assert.deepStrictEqual(r.noted, [urn("ClusterRolePatch", "bu")]);
        assert.deepStrictEqual(r.unjudged, []);
    });

    it("a Patch whose labels are unknown until deploy is noted", () => {
        const r = read([
            res("ClusterRolePatch", "bu", {
                metadata: { name: "system:basic-user", labels: unknownValue },
            }),
        ]);
        assert.deepStrictEqual(r.noted, [urn("ClusterRolePatch", "bu")]);
        assert.deepStrictEqual(roleNamed(r, "system:basic-user")!.labels, basicUser.labels);
    });

    it("a protected default binding has only the Patch's subjects", () => {
        const r = read([
            res("ClusterRoleBindingPatch", "disc", {
                metadata: meta("system:discovery", noUpdate),
                subjects: [{ kind: "Group", name: "ops" }],
            }),
        ]);
        assert.deepStrictEqual(
            bindingsNamed(r, "system:discovery").map((b) => b.subjects),
            [
                [
                    {
                        kind: "Group",
                        name: "ops",
                        namespace: undefined,
                        writer: urn("ClusterRoleBindingPatch", "disc"),
                    },
                ],
            ],
        );
    });
});

describe("rbac objects: the aggregationRule the API server refuses", () => {
    const refused = (why: string) => `the API server refuses its aggregationRule: ${why}`;

    it("an aggregationRule without clusterRoleSelectors is refused, and so is its writer", () => {
        const r = read([res("ClusterRole", "agg", { metadata: meta("agg"), aggregationRule: {} })]);
        assert.deepStrictEqual(r.notes, [
            {
                urn: urn("ClusterRole", "agg"),
                why: refused(
                    "at least one clusterRoleSelector required if aggregationRule is non-nil",
                ),
            },
        ]);
        assert.strictEqual(roleNamed(r, "agg"), undefined);
    });

    it("aggregationRule: null aggregates nothing and is no error", () => {
        const r = read([
            res("ClusterRole", "agg", {
                metadata: meta("agg"),
                aggregationRule: null,
                rules: [readPods],
            }),
        ]);
        assert.deepStrictEqual(r.notes, []);
        const role = roleNamed(r, "agg")!;
        assert.strictEqual(role.selectors, undefined);
        assert.strictEqual(role.rules.length, 1);
    });

    it("a Role is never aggregated: an aggregationRule on it is not read", () => {
        const r = read([
            res("Role", "r", {
                metadata: meta("r", { namespace: "a" }),
                aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: "y" } }] },
                rules: [readPods],
            }),
            res("Role", "bad", {
                metadata: meta("bad", { namespace: "a" }),
                aggregationRule: {},
                rules: [readPods],
            }),
        ]);
        assert.deepStrictEqual(r.notes, []);
        for (const name of ["r", "bad"]) {
            const role = roleNamed(r, name)!;
            assert.strictEqual(role.selectors, undefined);
            assert.deepStrictEqual(role.selectorWriters, []);
            assert.strictEqual(role.rules.length, 1);
        }
    });

    // What the API server will be given is not known: the writer is neither refused nor read
    // as aggregating, and the ClusterRole is noted as partly unknown (left unjudged).
    for (const [what, aggregationRule] of [
        ["its aggregationRule", unknownValue],
        ["its clusterRoleSelectors", { clusterRoleSelectors: unknownValue }],
        [
            "a selector's label value",
            { clusterRoleSelectors: [{ matchLabels: { x: unknownValue } }] },
        ],
    ] as const) {
        it(`a ClusterRole with ${what} unknown until deploy is noted, and keeps its rules`, () => {
            const r = read([
                res("ClusterRole", "agg", {
                    metadata: meta("agg"),
                    aggregationRule,
                    rules: [readPods],
                }),
            ]);
            assert.deepStrictEqual(r.noted, [urn("ClusterRole", "agg")]);
            assert.deepStrictEqual(r.unjudged, []);
            assert.deepStrictEqual(r.notes, []);
            const role = roleNamed(r, "agg")!;
            assert.strictEqual(role.selectors, undefined);
            assert.deepStrictEqual(
                role.rules.map((rule) => rule.verbs),
                [["get"]],
            );
        });
    }

    it("only a writer other than the first that gives selectors is a selector writer", () => {
        assert.deepStrictEqual(roleNamed(defaults, "admin")!.selectorWriters, []);
        const r = read([
            res("ClusterRole", "admin", { metadata: meta("admin"), rules: [readPods] }),
        ]);
        const admin = roleNamed(r, "admin")!;
        assert.deepStrictEqual(admin.selectorWriters, []);
        assert.deepStrictEqual(admin.selectors, roleNamed(defaults, "admin")!.selectors);
    });
});

describe("rbac objects: each rule and subject once, as its writers give it", () => {
    it("one writer's rules are the object's as written, a repeated rule too", () => {
        const r = read([
            res("ClusterRole", "x", { metadata: meta("x"), rules: [readPods, readPods] }),
        ]);
        assert.strictEqual(roleNamed(r, "x")!.rules.length, 2);
        assert.ok(roleNamed(r, "x")!.rules.every((rule) => rule.writer === undefined));
    });

    it("several writers' rules are joined, a rule both give once, from the first", () => {
        const r = read([
            res("ClusterRole", "x", { metadata: meta("x"), rules: [readPods] }),
            res("ClusterRolePatch", "x", { metadata: meta("x"), rules: [readPods, listPods] }),
        ]);
        const rules = roleNamed(r, "x")!.rules;
        assert.deepStrictEqual(
            rules.map((rule) => [rule.verbs, rule.writer]),
            [
                [["get"], undefined],
                [["list"], urn("ClusterRolePatch", "x")],
            ],
        );
    });

    it("a subject two writers give is bound once, from the first", () => {
        const r = read([
            res("ClusterRoleBinding", "b", {
                metadata: meta("b"),
                roleRef: { kind: "ClusterRole", name: "view" },
                subjects: [{ kind: "Group", name: "ops" }],
            }),
            res("ClusterRoleBindingPatch", "b", {
                metadata: meta("b"),
                subjects: [
                    { kind: "Group", name: "ops" },
                    { kind: "User", name: "al" },
                ],
            }),
        ]);
        assert.deepStrictEqual(bindingsNamed(r, "b")[0].subjects, [
            { kind: "Group", name: "ops", namespace: undefined },
            {
                kind: "User",
                name: "al",
                namespace: undefined,
                writer: urn("ClusterRoleBindingPatch", "b"),
            },
        ]);
    });

    it("a subject whose namespace is unknown keeps its name", () => {
        const r = read([
            res("ClusterRoleBinding", "b", {
                metadata: meta("b"),
                roleRef: { kind: "ClusterRole", name: "view" },
                subjects: [{ kind: "ServiceAccount", name: "ci", namespace: unknownValue }],
            }),
        ]);
        assert.deepStrictEqual(bindingsNamed(r, "b")[0].subjects, [
            {
                kind: "ServiceAccount",
                name: "ci",
                namespace: "<unknown until deploy>",
                unknown: true,
            },
        ]);
    });

    it("a subject with a part unknown until deploy is kept apart from the same known one", () => {
        const r = read([
            res("ClusterRoleBinding", "b", {
                metadata: meta("b"),
                roleRef: { kind: "ClusterRole", name: "view" },
                subjects: [
                    { kind: "User", name: "al", namespace: unknownValue },
                    { kind: "User", name: "al" },
                ],
            }),
        ]);
        assert.deepStrictEqual(bindingsNamed(r, "b")[0].subjects, [
            { kind: "User", name: "al", namespace: "<unknown until deploy>", unknown: true },
            { kind: "User", name: "al", namespace: undefined },
        ]);
    });

    it("writers giving different roleRefs to a new binding are two possible objects", () => {
        const r = read([
            res("ClusterRoleBinding", "b", {
                metadata: meta("b"),
                roleRef: { kind: "ClusterRole", name: "view" },
                subjects: [{ kind: "Group", name: "ops" }],
            }),
            res("ClusterRoleBindingPatch", "b", {
                metadata: meta("b"),
                roleRef: { kind: "ClusterRole", name: "admin" },
                subjects: [{ kind: "User", name: "al" }],
            }),
        ]);
        assert.deepStrictEqual(
            bindingsNamed(r, "b").map((b) => [b.roleRef.name, b.source, b.subjects]),
            [
                [
                    "view",
                    urn("ClusterRoleBinding", "b"),
                    [{ kind: "Group", name: "ops", namespace: undefined }],
                ],
                [
                    "admin",
                    urn("ClusterRoleBindingPatch", "b"),
                    [{ kind: "User", name: "al", namespace: undefined }],
                ],
            ],
        );
        assert.deepStrictEqual(r.notes, []);
    });
});
