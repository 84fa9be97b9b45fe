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
