// PowerJudge (policypack/lib/rbac-powers.ts): a power in a namespace other than kube-system is
// one only where it lets the holder become a service account that holds a power the holder
// lacks (rbac-accounts.ts); which grants reach which account, and how the finding says why.
import * as assert from "assert";
import { clusterRole, crb, group, rb, RuleSpec, serviceAccount as sa } from "./rbac-fixtures";
import { anyNamespace } from "../../policypack/lib/rbac-grants";
import { brief, briefsOf, findingsOf, judgeOf } from "./rbac-powers-judge";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const ops = group("ops");
const pods = { apiGroups: [""], resources: ["pods"], verbs: ["create"] };
const proxy = { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] };
const named = (resources: string[], ...names: string[]) => ({
    apiGroups: [""],
    resources,
    verbs: ["get", "create"],
    resourceNames: names,
});
const roles = [
    clusterRole("pods", [pods]),
    clusterRole("proxy", [proxy]),
    clusterRole("secrets", [named(["secrets"])]),
];
/** ServiceAccount apps:x, which may reach the kubelet API. */
const strongX = crb("x", "proxy", [sa("apps", "x")]);
const workloads = "create or change pods or pod controllers";
const nodesProxy =
    "reach the kubelet API through nodes/proxy, which runs commands in every pod of a node";
const becauseX = `where ServiceAccount:apps:x has more power (${nodesProxy})`;

describe("PowerJudge: powers through a more powerful service account of the namespace", () => {
    it("creating pods where an account holds more power names that account and its power", () => {
        assert.deepStrictEqual(
            briefsOf([...roles, rb("ops", "apps", "pods", [ops]), strongX], "ops"),
            [`${workloads} in namespace apps ${becauseX} | ${workloads}: ops`],
        );
    });

    it("kube-system is always privileged: its accounts are no reason given again", () => {
        assert.deepStrictEqual(
            briefsOf(
                [
                    ...roles,
                    rb("ops", "kube-system", "pods", [ops]),
                    crb("x", "proxy", [sa("kube-system", "x")]),
                ],
                "ops",
            ),
            [`${workloads} in namespace kube-system | ${workloads}: ops`],
        );
    });

    it("a cluster-wide grant is named once, in every namespace, not again per namespace", () => {
        assert.deepStrictEqual(
            briefsOf(
                [...roles, crb("ops", "pods", [ops]), rb("view", "apps", "view", [ops]), strongX],
                "ops",
            ),
            [`${workloads} in every namespace, kube-system included | ${workloads}: ops`],
        );
    });

    it("an account holding one power the holder lacks is more powerful, whatever else they share", () => {
        // Every account of apps may create pods in kube-system, as the holder may, and reach
        // the kubelet API, which the holder may not.
        const appsAccounts = group("system:serviceaccounts:apps");
        assert.deepStrictEqual(
            briefsOf(
                [
                    ...roles,
                    rb("ops", "apps", "pods", [ops]),
                    rb("ops", "kube-system", "pods", [ops]),
                    rb("apps", "kube-system", "pods", [appsAccounts]),
                    crb("apps", "proxy", [appsAccounts]),
                ],
                "ops",
            ),
            [
                `${workloads} in namespace kube-system | ${workloads}: ops`,
                `${workloads} in namespace apps where ServiceAccount:apps:default has more power (${nodesProxy}) | ${workloads}: ops`,
            ],
        );
    });

    it("the cluster-wide marker `*` is no namespace whose accounts a grant reaches", () => {
        // A subject may name namespace `*`; a RoleBinding in a namespace unknown until deploy
        // may be anywhere, but a cluster-wide grant is no grant in a namespace called `*`.
        const unknownNs = rb("run", "apps", "pods", [ops]);
        assert.deepStrictEqual(
            briefsOf(
                [
                    ...roles,
                    crb("ops", "view", [ops]),
                    {
                        ...unknownNs,
                        props: unknownCheckingProxy({
                            ...unknownNs.props,
                            metadata: { name: "run", namespace: unknownValue },
                        }),
                    },
                    crb("star", "cluster-admin", [sa(anyNamespace, "x")]),
                ],
                "ops",
            ),
            // Its standing power only: a namespace unknown until deploy may be kube-system.
            [
                `${workloads} in namespace <namespace of RoleBinding "apps-run", unknown until deploy>, possibly kube-system | ${workloads}: run`,
            ],
        );
    });

    it("every verb on every resource is named alone: its rules are no way into an account", () => {
        const everything = "every verb on every resource";
        // Cluster-wide and in apps: one finding.
        assert.deepStrictEqual(
            briefsOf(
                [
                    crb("ops", "cluster-admin", [ops]),
                    rb("admin", "apps", "cluster-admin", [ops]),
                    ...roles,
                    strongX,
                ],
                "ops",
            ),
            [`${everything} | ${everything}: ops admin`],
        );
        // Another rule in apps still counts.
        assert.deepStrictEqual(
            briefsOf(
                [
                    crb("ops", "cluster-admin", [ops]),
                    rb("run", "apps", "pods", [ops]),
                    ...roles,
                    strongX,
                ],
                "ops",
            ),
            [
                `${everything} | ${everything}: ops`,
                `${workloads} in namespace apps ${becauseX} | ${workloads}: run`,
            ],
        );
    });
    it("an account's holder keeps the binding it was judged through, even when its key does not parse back", () => {
        // A subject may name namespace `a:b` (the API server asks only that it be non-empty);
        // `ServiceAccount:a:b:x` then reads back as account b of namespace a. x may create pods
        // in c, where y may reach the kubelet API: x holds that power, ops may become x in a:b.
        // Judged in the policy's order (x's binding first); judged before x, ops would be asked
        // about account b of namespace a instead, which no binding names.
        const x = { kind: "ServiceAccount", name: "x", namespace: "a:b" };
        const judge = judgeOf([
            ...roles,
            rb("x", "c", "pods", [x]),
            crb("y", "proxy", [sa("c", "y")]),
            rb("ops", "a:b", "pods", [ops]),
        ]);
        assert.deepStrictEqual(findingsOf(judge, "x").map(brief), [
            `${workloads} in namespace c where ServiceAccount:c:y has more power (${nodesProxy}) | ${workloads}: x`,
        ]);
        assert.deepStrictEqual(findingsOf(judge, "ops").map(brief), [
            `${workloads} in namespace a:b where ServiceAccount:a:b:x has more power (${nodesProxy}) | ${workloads}: ops`,
        ]);
    });
});

describe("PowerJudge: which grants reach an account of the namespace", () => {
    const reads = "read Secrets (list and watch return their contents)";
    const tokens = "create service account tokens";
    const inApps = (rule: RuleSpec) => [
        clusterRole("r", [rule]),
        rb("ops", "apps", "r", [ops]),
        ...roles,
        strongX,
    ];

    it("a named Secret is the holder's own; any Secret may hold an account's token", () => {
        assert.deepStrictEqual(briefsOf(inApps(named(["secrets"], "x")), "ops"), []);
        assert.deepStrictEqual(briefsOf(inApps(named(["secrets"])), "ops"), [
            `${reads} in namespace apps ${becauseX} | ${reads}: ops`,
        ]);
    });

    it("a named token reaches the account of that name only", () => {
        assert.deepStrictEqual(briefsOf(inApps(named(["serviceaccounts/token"], "x")), "ops"), [
            `${tokens} in namespace apps ${becauseX} | ${tokens}: ops(x)`,
        ]);
        // apps:default holds nothing more; x is not reached.
        assert.deepStrictEqual(
            briefsOf(inApps(named(["serviceaccounts/token"], "default")), "ops"),
            [],
        );
    });
});
