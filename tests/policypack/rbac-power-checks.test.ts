// The escalation powers that need more than a request match (policypack/lib/rbac-power-checks.ts):
// impersonation, bind and escalate with the write each unlocks, and grants to unauthenticated
// callers. Each check is called as the judge calls it (rbac-powers.ts), on a stack's RBAC graph,
// and its findings are compared whole: what, and each part's label and grants.
import * as assert from "assert";
import { Subject } from "../../policypack/lib/rbac";
import { escalationPowers } from "../../policypack/lib/rbac-escalation-powers";
import { Finding, Holder } from "../../policypack/lib/rbac-grants";
import { GraphResource, RbacGraph } from "../../policypack/lib/rbac-graph";
import {
    checkBind,
    checkEscalate,
    checkImpersonate,
    checkUnauthenticated,
} from "../../policypack/lib/rbac-power-checks";
import { PowerJudge } from "../../policypack/lib/rbac-powers";
import { StackResource } from "./check";
import { clusterRole, crb, group, rb, role, RuleSpec, urnOf, user } from "./rbac-fixtures";

const ops = group("ops");
const rbacGroup = "rbac.authorization.k8s.io";
const power = (id: string) => escalationPowers.find((p) => p.id === id)!;

/** The judge of a stack's graph, and the holder of `subject` through the binding named `binding`. */
function holding(
    resources: (StackResource | GraphResource)[],
    subject: Subject,
    binding: string,
): { graph: RbacGraph; judge: PowerJudge; holder: Holder } {
    const graph = RbacGraph.fromResources(
        resources.map((r) => ({ ...r, urn: urnOf(r.type, r.name) })),
    );
    const judge = new PowerJudge(graph);
    const node = graph.bindings.find((b) => b.name === binding)!;
    return { graph, judge, holder: judge.holderOf(subject, node) };
}

/** A finding as compared here: what, and each part's label and grants (role, rule, names). */
const shown = (f: Finding) => ({
    what: f.what,
    parts: f.parts.map((p) => ({
        label: p.label,
        grants: p.grants.map(
            (g) =>
                `${g.path.role.kind} ${g.path.role.name} rules[${g.path.ruleIndex}]${g.names ? ` (only ${g.names.join(", ")})` : ""}`,
        ),
    })),
});

/** ClusterRole "power" with `rules`, bound to Group ops by ClusterRoleBinding "ops". */
const toOps = (rules: RuleSpec[]) => [clusterRole("power", rules), crb("ops", "power", [ops])];

const impersonate = (resource: string, names?: string[]): RuleSpec => ({
    apiGroups: [""],
    resources: [resource],
    verbs: ["impersonate"],
    ...(names ? { resourceNames: names } : {}),
});

function impersonation(resources: StackResource[]) {
    const { judge, holder } = holding(resources, ops, "ops");
    return checkImpersonate(judge, power("impersonate"), holder.paths, 0).map(shown);
}

describe("impersonation is a power when the identity taken holds more (rbac-power-checks)", () => {
    it("any user: the part is the users grant", () => {
        assert.deepStrictEqual(impersonation(toOps([impersonate("users")])), [
            {
                what: "impersonate any user",
                parts: [{ label: "impersonate users", grants: ["ClusterRole power rules[0]"] }],
            },
        ]);
    });

    it("a named group other than system:masters only when that group holds a power, each judged as itself", () => {
        const rules = [impersonate("groups", ["weak", "strong"]), impersonate("users", ["nobody"])];
        assert.deepStrictEqual(impersonation(toOps(rules)), []);
        const strongIsAdmin = crb("strong-admin", "cluster-admin", [group("strong")]);
        assert.deepStrictEqual(impersonation([...toOps(rules), strongIsAdmin]), [
            {
                what: "impersonate group strong, which holds more power",
                parts: [
                    {
                        label: "impersonate group strong",
                        grants: ["ClusterRole power rules[0]"],
                    },
                    {
                        label: "with a user to impersonate",
                        grants: ["ClusterRole power rules[1] (only nobody)"],
                    },
                ],
            },
        ]);
    });

    it("a group is judged as a Group: system:unauthenticated with a grant beyond Kubernetes' own", () => {
        const rules = [
            impersonate("groups", ["system:unauthenticated"]),
            impersonate("users", ["nobody"]),
        ];
        const publicView = crb("public", "view", [group("system:unauthenticated")]);
        assert.deepStrictEqual(
            impersonation([...toOps(rules), publicView]).map((f) => f.what),
            ["impersonate group system:unauthenticated, which holds more power"],
        );
    });

    it("a named user only when it holds a power, each judged as itself (an authenticated user)", () => {
        const rules = [impersonate("users", ["bob", "alice"])];
        assert.deepStrictEqual(impersonation(toOps(rules)), []);
        const aliceIsAdmin = crb("alice-admin", "cluster-admin", [user("alice")]);
        assert.deepStrictEqual(impersonation([...toOps(rules), aliceIsAdmin]), [
            {
                what: "impersonate user alice, who has more power (every verb on every resource)",
                parts: [
                    {
                        label: "impersonate users",
                        grants: ["ClusterRole power rules[0] (only bob, alice)"],
                    },
                ],
            },
        ]);
        // An impersonated user is in system:authenticated (impersonation.go adds it).
        const authenticatedAdmin = crb("everyone", "cluster-admin", [
            group("system:authenticated"),
        ]);
        assert.deepStrictEqual(
            impersonation([...toOps([impersonate("users", ["carol"])]), authenticatedAdmin]).map(
                (f) => f.what,
            ),
            ["impersonate user carol, who has more power (every verb on every resource)"],
        );
    });

    it("an impersonated system:anonymous is in no group: neither everyone's nor the unauthenticated's", () => {
        // impersonation.go adds system:authenticated only when the user is not system:anonymous,
        // and adds system:unauthenticated never.
        const rules = [impersonate("users", ["system:anonymous"])];
        for (const who of ["system:authenticated", "system:unauthenticated"]) {
            const admin = crb("everyone", "cluster-admin", [group(who)]);
            assert.deepStrictEqual(impersonation([...toOps(rules), admin]), [], who);
        }
    });

    it("a user is judged as a User: system:anonymous with a grant beyond Kubernetes' own", () => {
        const rules = [impersonate("users", ["system:anonymous"])];
        const publicView = crb("public", "view", [user("system:anonymous")]);
        assert.deepStrictEqual(
            impersonation([...toOps(rules), publicView]).map((f) => f.what),
            [
                `impersonate user system:anonymous, who has more power (${power("unauthenticated").what})`,
            ],
        );
    });
});

const bindRoles = (names?: string[]): RuleSpec => ({
    apiGroups: [rbacGroup],
    resources: ["clusterroles"],
    verbs: ["bind"],
    ...(names ? { resourceNames: names } : {}),
});
const write = (resource: string, verbs: string[], names?: string[]): RuleSpec => ({
    apiGroups: [rbacGroup],
    resources: [resource],
    verbs,
    ...(names ? { resourceNames: names } : {}),
});

function binding(resources: StackResource[], name = "ops") {
    const { judge, holder } = holding(resources, ops, name);
    return checkBind(judge, power("bind"), holder, holder.paths, 0).map(shown);
}

describe("bind is a power with a binding write where bind is checked (rbac-power-checks)", () => {
    it("a cluster-wide grant writes RoleBindings in every namespace, named as kube-system", () => {
        assert.deepStrictEqual(binding(toOps([bindRoles(), write("rolebindings", ["create"])])), [
            {
                what: "bind any ClusterRole, cluster-admin included (namespace kube-system)",
                parts: [
                    { label: "bind", grants: ["ClusterRole power rules[0]"] },
                    {
                        label: "write RoleBindings in kube-system",
                        grants: ["ClusterRole power rules[1]"],
                    },
                ],
            },
        ]);
    });

    it("bind with no binding write, or a write of named bindings only (roleRef cannot change), is none", () => {
        assert.deepStrictEqual(binding(toOps([bindRoles()])), []);
        assert.deepStrictEqual(
            binding(toOps([bindRoles(), write("rolebindings", ["update", "patch"], ["x"])])),
            [],
        );
    });

    it("a named role bound by a RoleBinding grants only in that namespace: pods in kube-system, not in payments", () => {
        const resources = (ns: string) => [
            clusterRole("pod-maker", [{ apiGroups: [""], resources: ["pods"], verbs: ["create"] }]),
            clusterRole("binder", [bindRoles(["pod-maker"]), write("rolebindings", ["create"])]),
            rb("ops", ns, "binder", [ops]),
        ];
        assert.deepStrictEqual(binding(resources("payments")), []);
        assert.deepStrictEqual(binding(resources("kube-system")), [
            {
                what: "bind ClusterRole pod-maker, which grants more power (namespace kube-system)",
                parts: [
                    { label: "bind", grants: ["ClusterRole binder rules[0] (only pod-maker)"] },
                    {
                        label: "write RoleBindings in kube-system",
                        grants: ["ClusterRole binder rules[1]"],
                    },
                ],
            },
        ]);
    });
});

const escalateOn = (resource: string, verbs: string[], names?: string[]): RuleSpec =>
    write(resource, verbs, names);

function escalating(resources: (StackResource | GraphResource)[], subject = ops, name = "ops") {
    const { holder } = holding(resources, subject, name);
    return checkEscalate(power("escalate"), holder, holder.paths).map(shown);
}

describe("escalate is a power with a write of a role the holder holds, of that kind and namespace (rbac-power-checks)", () => {
    it("escalate and the update must both reach the held role's name", () => {
        const own = (e: string[], u: string[]) =>
            escalating(
                toOps([
                    escalateOn("clusterroles", ["escalate"], e),
                    escalateOn("clusterroles", ["update"], u),
                ]),
            );
        assert.deepStrictEqual(own(["power"], ["other"]), []);
        assert.deepStrictEqual(own(["other"], ["power"]), []);
        assert.deepStrictEqual(own(["power"], ["power"]), [
            {
                what: "escalate and rewrite ClusterRole power, which it holds",
                parts: [
                    { label: "escalate", grants: ["ClusterRole power rules[0] (only power)"] },
                    {
                        label: "write ClusterRoles",
                        grants: ["ClusterRole power rules[1] (only power)"],
                    },
                ],
            },
        ]);
    });

    it("a held Role is not the ClusterRole of its name", () => {
        const resources = [
            role("payments", "r", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]),
            rb("r", "payments", "r", [ops], "Role"),
            ...toOps([escalateOn("clusterroles", ["escalate", "update"], ["r"])]),
        ];
        assert.deepStrictEqual(escalating(resources), []);
    });

    it("a Role held in one namespace is not rewritten by a grant in another", () => {
        const resources = [
            role("apps", "r", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]),
            rb("r", "apps", "r", [ops], "Role"),
            clusterRole("role-writer", [escalateOn("roles", ["escalate", "update"])]),
            rb("ops", "payments", "role-writer", [ops]),
        ];
        assert.deepStrictEqual(escalating(resources), []);
        // The same grant in apps rewrites it.
        const inApps = [...resources.slice(0, 3), rb("ops", "apps", "role-writer", [ops])];
        assert.deepStrictEqual(escalating(inApps), [
            {
                what: "escalate and rewrite Role r, which it holds",
                parts: [
                    { label: "escalate Roles", grants: ["ClusterRole role-writer rules[0]"] },
                    { label: "write Roles", grants: ["ClusterRole role-writer rules[0]"] },
                ],
            },
        ]);
    });

    it("creating a ClusterRole is a power only with create, escalate on any name, and an aggregating ClusterRole held", () => {
        const gathering = (rules: RuleSpec[]) => [
            clusterRole("gathers", [], undefined, [{ team: "ops" }]),
            clusterRole("maker", rules, { team: "ops" }),
            crb("ops", "gathers", [ops]),
        ];
        assert.deepStrictEqual(
            escalating(gathering([escalateOn("clusterroles", ["escalate", "create"])])),
            [
                {
                    what: "escalate and create a ClusterRole that ClusterRole gathers, which it holds, aggregates",
                    parts: [
                        { label: "escalate", grants: ["ClusterRole gathers rules[0]"] },
                        { label: "write ClusterRoles", grants: ["ClusterRole gathers rules[0]"] },
                    ],
                },
            ],
        );
        // No create: escalate alone, or with an update of another ClusterRole.
        assert.deepStrictEqual(
            escalating(gathering([escalateOn("clusterroles", ["escalate"])])),
            [],
        );
        assert.deepStrictEqual(
            escalating(
                gathering([
                    escalateOn("clusterroles", ["escalate"]),
                    escalateOn("clusterroles", ["update"], ["other"]),
                ]),
            ),
            [],
        );
        // A ClusterRole that aggregates nothing gathers none it creates.
        assert.deepStrictEqual(
            escalating(toOps([escalateOn("clusterroles", ["escalate", "create"])])),
            [],
        );
        // Nor does any aggregation gather a Role.
        assert.deepStrictEqual(
            escalating([
                ...gathering([{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]),
                clusterRole("role-maker", [escalateOn("roles", ["escalate", "create"])]),
                crb("roles", "role-maker", [ops]),
            ]),
            [],
        );
    });

    it("an EKS access policy held is no ClusterRole of its name", () => {
        const arn = "arn:aws:iam::123456789012:role/dev";
        const eks = (type: string, name: string, props: Record<string, unknown>) => ({
            type: `aws:eks/${type}`,
            name,
            props: { clusterName: "prod", principalArn: arn, ...props },
        });
        const resources = [
            eks("accessEntry:AccessEntry", "dev", { kubernetesGroups: ["ops"] }),
            eks("accessPolicyAssociation:AccessPolicyAssociation", "dev-view", {
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                accessScope: { type: "cluster" },
            }),
            ...toOps([escalateOn("clusterroles", ["escalate", "update"], ["AmazonEKSViewPolicy"])]),
        ];
        const { graph } = holding(resources, ops, "ops");
        const association = graph.bindings.find((b) => b.kind === "AccessPolicyAssociation")!;
        const [principal] = association.subjects;
        // The principal holds the access policy, and the grant to ops through its access entry.
        const { holder } = holding(resources, principal, association.name);
        const held = holder.paths.map((p) => `${p.role.kind} ${p.role.name}`);
        assert.ok(held.includes("AccessPolicy AmazonEKSViewPolicy"), held.join());
        assert.ok(held.includes("ClusterRole power"), held.join());
        assert.deepStrictEqual(escalating(resources, principal, association.name), []);
    });
});

function unauthenticated(resources: StackResource[], subject: Subject, name: string) {
    const { graph, holder } = holding(resources, subject, name);
    return checkUnauthenticated(graph, power("unauthenticated"), holder).map(shown);
}

describe("grants to unauthenticated callers count only beyond Kubernetes' own (rbac-power-checks)", () => {
    const health = clusterRole("health", [{ nonResourceURLs: ["/healthz"], verbs: ["get"] }]);
    const metrics = clusterRole("metrics", [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]);

    it("only system:unauthenticated and system:anonymous are unauthenticated callers", () => {
        assert.deepStrictEqual(unauthenticated([crb("ops", "view", [ops])], ops, "ops"), []);
        assert.deepStrictEqual(
            unauthenticated([crb("ops", "view", [user("ops")])], user("ops"), "ops"),
            [],
        );
    });

    it("a Patch's subject, rule or aggregation on Kubernetes' own binding or role is the stack's grant", () => {
        const patch = (kind: string, name: string, props: Record<string, unknown>) => ({
            type: `kubernetes:rbac.authorization.k8s.io/v1:${kind}Patch`,
            name: "open",
            props: { metadata: { name }, ...props },
        });
        const anonymous = group("system:unauthenticated");
        const through = (role: string, grant: string) => [
            {
                what: power("unauthenticated").what,
                parts: [
                    {
                        label: power("unauthenticated").what,
                        grants: [`ClusterRole ${role} ${grant}`],
                    },
                ],
            },
        ];
        // Kubernetes took system:discovery from unauthenticated callers (kubernetes/enhancements
        // keps/sig-auth/0034-20190123-harden-default-discovery-bindings.md, PR #720).
        assert.deepStrictEqual(
            unauthenticated(
                [patch("ClusterRoleBinding", "system:discovery", { subjects: [anonymous] })],
                anonymous,
                "system:discovery",
            ),
            through("system:discovery", "rules[0]"),
        );
        const configmaps = { apiGroups: [""], resources: ["configmaps"], verbs: ["get"] };
        assert.deepStrictEqual(
            unauthenticated(
                [patch("ClusterRole", "system:public-info-viewer", { rules: [configmaps] })],
                anonymous,
                "system:public-info-viewer",
            ),
            through("system:public-info-viewer", "rules[1]"),
        );
        // A rule a Patch makes Kubernetes' role gather (kubernetes-default-rbac.ts: none of the
        // roles bound to unauthenticated callers aggregates).
        const gathered = [
            patch("ClusterRole", "system:public-info-viewer", {
                aggregationRule: { clusterRoleSelectors: [{ matchLabels: { public: "yes" } }] },
            }),
            clusterRole("cm", [configmaps], { public: "yes" }),
        ];
        assert.deepStrictEqual(
            unauthenticated(gathered, anonymous, "system:public-info-viewer"),
            through("system:public-info-viewer", "rules[0]"),
        );
    });

    it("what system:public-info-viewer already gives them (/healthz) is none; /metrics is", () => {
        for (const subject of [group("system:unauthenticated"), user("system:anonymous")]) {
            assert.deepStrictEqual(
                unauthenticated([health, crb("public", "health", [subject])], subject, "public"),
                [],
            );
            assert.deepStrictEqual(
                unauthenticated([metrics, crb("public", "metrics", [subject])], subject, "public"),
                [
                    {
                        what: power("unauthenticated").what,
                        parts: [
                            {
                                label: power("unauthenticated").what,
                                grants: ["ClusterRole metrics rules[0]"],
                            },
                        ],
                    },
                ],
            );
        }
    });
});
