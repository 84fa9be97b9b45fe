// Which escalation powers PowerJudge (policypack/lib/rbac-powers.ts) finds for a binding's
// subject: in kube-system (a named object that is the holder's own is no way into another
// account), with workloads, on its own namespace, and in how many findings.
import * as assert from "assert";
import { clusterRole, crb, group, rb, serviceAccount as sa, user } from "./rbac-fixtures";
import { briefsOf, powersOf } from "./rbac-powers-judge";

const ops = group("ops");
const rbacGroup = "rbac.authorization.k8s.io";
const pods = { apiGroups: [""], resources: ["pods"], verbs: ["create"] };
const token = (...names: string[]) => ({
    apiGroups: [""],
    resources: ["serviceaccounts/token"],
    verbs: ["create"],
    resourceNames: names,
});
const secrets = (...names: string[]) => ({
    apiGroups: [""],
    resources: ["secrets"],
    verbs: ["get"],
    resourceNames: names,
});
const tokens = "create service account tokens";
const readSecrets = "read Secrets (list and watch return their contents)";

describe("PowerJudge: powers in kube-system, and which named objects count", () => {
    it("a Secret named in kube-system is the holder's own certificate, not a way into an account", () => {
        assert.deepStrictEqual(
            briefsOf(
                [clusterRole("s", [secrets("x")]), rb("ops", "kube-system", "s", [ops])],
                "ops",
            ),
            [],
        );
        // Any Secret: one finding, in kube-system (not also one possibly there).
        assert.deepStrictEqual(
            briefsOf([clusterRole("s", [secrets()]), rb("ops", "kube-system", "s", [ops])], "ops"),
            [`${readSecrets} in namespace kube-system | ${readSecrets}: ops`],
        );
    });

    it("a token named in kube-system counts unless it is the holder's own account", () => {
        const named = (subject: unknown) =>
            briefsOf(
                [clusterRole("t", [token("ci")]), rb("ops", "kube-system", "t", [subject])],
                "ops",
            );
        const found = [`${tokens} in namespace kube-system | ${tokens}: ops(ci)`];
        assert.deepStrictEqual(named(ops), found);
        // Account ci of another namespace is not kube-system's ci.
        assert.deepStrictEqual(named(sa("apps", "ci")), found);
        assert.deepStrictEqual(named(sa("kube-system", "ci")), []);
        // Of two names, the holder's own is dropped and the other kept.
        assert.deepStrictEqual(
            briefsOf(
                [
                    clusterRole("t", [token("ci", "admin")]),
                    rb("ops", "kube-system", "t", [sa("kube-system", "ci")]),
                ],
                "ops",
            ),
            [`${tokens} in namespace kube-system | ${tokens}: ops(admin)`],
        );
    });
});

describe("PowerJudge: powers of two requirements, and how their parts are labelled", () => {
    it("persistent volumes: cluster-wide creation, and pods somewhere, each part named", () => {
        const pv = { apiGroups: [""], resources: ["persistentvolumes"], verbs: ["create"] };
        assert.deepStrictEqual(
            powersOf(
                [
                    clusterRole("pv", [pv]),
                    clusterRole("pods", [pods]),
                    crb("ops", "pv", [ops]),
                    rb("run", "apps", "pods", [ops]),
                ],
                "ops",
            ),
            [
                `create PersistentVolumes, a hostPath one included, and pods that mount them: the node's filesystem: create PersistentVolumes through ClusterRoleBinding "ops" → ClusterRole "pv" rules[0] {verbs: [create], apiGroups: [""], resources: [persistentvolumes]}, create pods through RoleBinding "run" in apps → ClusterRole "pods" rules[0] {verbs: [create], apiGroups: [""], resources: [pods]}`,
            ],
        );
    });

    it("namespace relabelling by one rule that patches namespaces and creates pods everywhere: any namespace", () => {
        const both = {
            apiGroups: [""],
            resources: ["namespaces", "pods"],
            verbs: ["patch", "create"],
        };
        assert.deepStrictEqual(
            briefsOf([clusterRole("rel", [both]), crb("ops", "rel", [ops])], "ops"),
            [
                "relabel a namespace it runs pods in (pod-security.kubernetes.io/enforce: privileged), then run privileged pods (any namespace) | patch its namespace: ops; create pods there: ops",
                "create or change pods or pod controllers in every namespace, kube-system included | create or change pods or pod controllers: ops",
            ],
        );
    });

    it("a power of one cluster-wide requirement is one part, named as the power", () => {
        const webhooks = {
            apiGroups: ["admissionregistration.k8s.io"],
            resources: ["mutatingwebhookconfigurations"],
            verbs: ["create"],
        };
        assert.deepStrictEqual(
            briefsOf([clusterRole("w", [webhooks]), crb("ops", "w", [ops])], "ops"),
            [
                "write admission webhooks or policies, which see or change every object admitted | write admission webhooks or policies, which see or change every object admitted: ops",
            ],
        );
    });
});

describe("PowerJudge: powers through an identity it can become, two steps deep", () => {
    const impersonate = (...names: string[]) => ({
        apiGroups: [""],
        resources: ["users"],
        verbs: ["impersonate"],
        resourceNames: names,
    });
    const bindRoles = (...names: string[]) => [
        {
            apiGroups: [rbacGroup],
            resources: ["clusterroles"],
            verbs: ["bind"],
            resourceNames: names,
        },
        { apiGroups: [rbacGroup], resources: ["clusterrolebindings"], verbs: ["create"] },
    ];

    it("impersonating a user who may impersonate anyone is a power", () => {
        assert.deepStrictEqual(
            briefsOf(
                [
                    clusterRole("imp-x", [impersonate("x")]),
                    clusterRole("imp-any", [impersonate()]),
                    crb("ops", "imp-x", [ops]),
                    crb("x", "imp-any", [user("x")]),
                ],
                "ops",
            ),
            [
                "impersonate user x, who has more power (impersonate any user) | impersonate users: ops(x)",
            ],
        );
    });

    it("binding a role that may bind any role is a power", () => {
        assert.deepStrictEqual(
            briefsOf(
                [
                    clusterRole("binder", bindRoles()),
                    clusterRole("bind-binder", bindRoles("binder")),
                    crb("ops", "bind-binder", [ops]),
                ],
                "ops",
            ),
            [
                "bind ClusterRole binder, which grants more power | bind: ops(binder); write ClusterRoleBindings: ops",
            ],
        );
    });

    it("a cycle of users impersonating each other, or a role binding itself, ends", () => {
        assert.deepStrictEqual(
            briefsOf(
                [
                    clusterRole("imp-x", [impersonate("x")]),
                    clusterRole("imp-y", [impersonate("y")]),
                    crb("ops", "imp-x", [ops]),
                    crb("x", "imp-y", [user("x")]),
                    crb("y", "imp-x", [user("y")]),
                ],
                "ops",
            ),
            [],
        );
        assert.deepStrictEqual(
            briefsOf([clusterRole("self", bindRoles("self")), crb("ops", "self", [ops])], "ops"),
            [],
        );
    });
});
