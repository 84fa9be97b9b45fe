// Which escalation powers PowerJudge (policypack/lib/rbac-powers.ts) finds for a binding's
// subject: in kube-system (a named object that is the holder's own is no way into another
// account), with workloads, on its own namespace, and in how many findings.
import * as assert from "assert";
import { clusterRole, crb, group, rb, serviceAccount as sa, user } from "./rbac-fixtures";
import { brief, briefsOf, findingsOf, judgeOf, powersOf, Resources } from "./rbac-powers-judge";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

const tokens = "create service account tokens";
const workloads = "create or change pods or pod controllers";
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
    it("an access scope one of whose namespaces is unknown may reach kube-system", () => {
        // A namespace unknown until deploy is written `<...>`, which no namespace name can be
        // (isUnknownNamespace, rbac-namespaces.ts): one such entry makes the scope possibly any.
        const type = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
        const edit = {
            type,
            name: "edit",
            props: {
                clusterName: "prod",
                principalArn: "arn:aws:iam::123456789012:role/ops",
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                accessScope: { type: "namespace", namespaces: ["<later>", "apps"] },
            },
        };
        const judge = judgeOf([edit]);
        const b = judge.graph.bindings.find((x) => x.kind === "AccessPolicyAssociation")!;
        assert.deepStrictEqual(
            judge
                .findings(judge.holderOf(b.subjects[0], b))
                .filter((f) => f.power.check === "privileged-namespace")
                .map((f) => `${f.power.id} ${f.place}`),
            ["workloads", "exec", "secrets", "impersonate-serviceaccounts"].map(
                (id) => `${id} in namespace <later>, possibly kube-system`,
            ),
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

describe("PowerJudge: one holder per subject, judged the same whatever was judged before", () => {
    it("every verb on every resource only in some namespaces is less than cluster-wide", () => {
        const ids = (resources: Resources) => {
            const judge = judgeOf(resources);
            const b = judge.graph.bindings.find((x) => x.name === "ops")!;
            return [...judge.standingIds(judge.holderOf(b.subjects[0], b))];
        };
        const admin = (ns: string) => rb("admin", ns, "cluster-admin", [ops]);
        assert.deepStrictEqual(ids([crb("ops", "cluster-admin", [ops]), admin("apps")]), [
            "everything",
        ]);
        assert.deepStrictEqual(ids([rb("ops", "apps", "cluster-admin", [ops])]), [
            "everything:namespaced",
        ]);
        // Another power held only in a namespace keeps its own id.
        assert.deepStrictEqual(
            ids([clusterRole("pods", [pods]), rb("ops", "kube-system", "pods", [ops])]),
            ["workloads"],
        );
    });

    it("a holder's rules are counted once, its binding's among them", () => {
        assert.deepStrictEqual(briefsOf([crb("ops", "cluster-admin", [ops])], "ops"), [
            "every verb on every resource | every verb on every resource: ops",
        ]);
    });

    it("subjects unknown until deploy are judged each by its own binding's role", () => {
        // Both are named `<unknown until deploy: RoleBinding "ci" subjects[0]>`.
        const unknownUser = (ns: string, role: string) => {
            const b = rb("ci", ns, role, [user("u")]);
            return {
                ...b,
                props: unknownCheckingProxy({
                    ...b.props,
                    subjects: [{ kind: "User", name: unknownValue }],
                }),
            };
        };
        const resources = [
            clusterRole("pods", [pods]),
            unknownUser("kube-system", "pods"),
            unknownUser("apps", "view"),
        ];
        const judge = judgeOf(resources);
        const ci = (ns: string) =>
            judge.graph.bindings.find((b) => b.name === "ci" && b.namespaces?.[0] === ns)!;
        const [system, apps] = [ci("kube-system"), ci("apps")];
        assert.deepStrictEqual(
            [system, apps].map((b) => judge.findings(judge.holderOf(b.subjects[0], b)).map(brief)),
            [[`${workloads} in namespace kube-system | ${workloads}: ci`], []],
        );
    });

    it("subjects unknown until deploy of one binding are judged each as itself", () => {
        // A namespace unknown until deploy on every subject (User and Group accept one:
        // kubernetes/kubernetes pkg/apis/rbac/validation/validation.go validateRoleBindingSubject,
        // 036ae507) makes each unknown; the group is still every caller without credentials
        // (rbac.go appliesToUser matches a Group by name alone), the service account is not.
        const reads = crb("ci", "read", []);
        const unauthenticated = {
            kind: "Group",
            name: "system:unauthenticated",
            namespace: unknownValue,
        };
        const account = { kind: "ServiceAccount", name: "ci", namespace: unknownValue };
        const what =
            "grant permissions to unauthenticated callers: anyone who reaches the API server";
        const open = `${what} | ${what}: ci`;
        for (const [subjects, ofEach] of [
            [
                [unauthenticated, account],
                [[open], []],
            ],
            [
                [account, unauthenticated],
                [[], [open]],
            ],
        ] as const) {
            const judge = judgeOf([
                clusterRole("read", [
                    { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] },
                ]),
                { ...reads, props: unknownCheckingProxy({ ...reads.props, subjects }) },
            ]);
            assert.deepStrictEqual(
                [0, 1].map((at) => findingsOf(judge, "ci", at).map(brief)),
                ofEach,
                subjects.map((s) => s.kind).join(" then "),
            );
        }
    });

    it("a user is never taken for a service account, whatever its name", () => {
        const name = "ServiceAccount:kube-system:ci";
        assert.deepStrictEqual(
            briefsOf(
                [clusterRole("t", [token(name)]), rb("ops", "kube-system", "t", [user(name)])],
                "ops",
            ),
            [`${tokens} in namespace kube-system | ${tokens}: ops(${name})`],
        );
    });

    it("a user's powers are the same judged before or after one who may impersonate it", () => {
        // ops may impersonate x, x may impersonate y, y anyone: x holds a power (through y),
        // ops would hold one only three steps deep, which the judge does not follow.
        const chain = [
            clusterRole("imp-x", [impersonate("x")]),
            clusterRole("imp-y", [impersonate("y")]),
            clusterRole("imp-any", [impersonate()]),
            crb("ops", "imp-x", [ops]),
            crb("x", "imp-y", [user("x")]),
            crb("y", "imp-any", [user("y")]),
        ];
        const ofX = [
            "impersonate user y, who has more power (impersonate any user) | impersonate users: x(y)",
        ];
        for (const order of [
            ["ops", "x"],
            ["x", "ops"],
        ]) {
            const judge = judgeOf(chain);
            const found = Object.fromEntries(
                order.map((name) => [name, findingsOf(judge, name).map(brief)]),
            );
            assert.deepStrictEqual(found, { ops: [], x: ofX }, order.join(" then "));
        }
    });
});
