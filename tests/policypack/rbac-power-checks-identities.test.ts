// Who the checks of policypack/lib/rbac-power-checks.ts take an identity to be: the user an
// impersonation becomes, and which binding subjects are callers without credentials. Each check
// is called as the judge calls it (rbac-powers.ts), on a stack's RBAC graph.
import * as assert from "assert";
import { Subject } from "../../policypack/lib/rbac";
import { escalationPowers } from "../../policypack/lib/rbac-escalation-powers";
import { Judge } from "../../policypack/lib/rbac-grants";
import { Identity } from "../../policypack/lib/rbac-paths";
import { checkImpersonate, checkUnauthenticated } from "../../policypack/lib/rbac-power-checks";
import { clusterRole, crb, group, user } from "./rbac-fixtures";
import { judgeOf, Resources } from "./rbac-powers-judge";

const power = (id: string) => escalationPowers.find((p) => p.id === id)!;

/** The judge of a stack, and the holder of the first subject of the binding `name`. */
function holding(resources: Resources, name: string) {
    const judge = judgeOf(resources);
    const binding = judge.graph.bindings.find((b) => b.name === name)!;
    return { judge, holder: judge.holderOf(binding.subjects[0], binding) };
}

describe("an impersonated user is judged as the user the API server makes (rbac-power-checks)", () => {
    it("the named user, in system:authenticated alone, or in no group when it is system:anonymous", () => {
        // Impersonate-User without Impersonate-Group gives the user no group but
        // system:authenticated, and that one only when it is not system:anonymous
        // (k8s.io/apiserver pkg/endpoints/filters/impersonation.go WithImpersonation:
        // `if !groupsSpecified && username != user.Anonymous`).
        const { judge, holder } = holding(
            [
                clusterRole("imp", [
                    {
                        apiGroups: [""],
                        resources: ["users"],
                        verbs: ["impersonate"],
                        resourceNames: ["carol", "system:anonymous"],
                    },
                ]),
                crb("ops", "imp", [group("ops")]),
            ],
            "ops",
        );
        const asked: Identity[] = [];
        const recording: Judge = {
            pathsOf: (subject, binding) => judge.pathsOf(subject, binding),
            holderOfIdentity: (key, subject, identity) => {
                asked.push(identity);
                return judge.holderOfIdentity(key, subject, identity);
            },
            standingOfHypothetical: (h, depth) => judge.standingOfHypothetical(h, depth),
        };
        assert.deepStrictEqual(
            checkImpersonate(recording, power("impersonate"), holder.paths, 0),
            [],
        );
        assert.deepStrictEqual(asked, [
            { label: "carol", user: "carol", groups: ["system:authenticated"] },
            { label: "system:anonymous", user: "system:anonymous", groups: [] },
        ]);
    });
});

describe("callers without credentials are the Group system:unauthenticated and the User system:anonymous (rbac-power-checks)", () => {
    // A subject matches by its kind: a User by the caller's name, a Group by its groups
    // (kubernetes/kubernetes pkg/registry/rbac/validation/rule.go appliesToUser); the anonymous
    // caller is user system:anonymous in group system:unauthenticated (k8s.io/apiserver
    // pkg/authentication/request/anonymous/anonymous.go).
    const metrics = clusterRole("metrics", [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }]);
    const granted = (subject: Subject) => {
        const { judge, holder } = holding([metrics, crb("public", "metrics", [subject])], "public");
        return checkUnauthenticated(judge.graph, power("unauthenticated"), holder).map((f) =>
            f.parts.flatMap((p) =>
                p.grants.map((g) => `${g.path.role.name} rules[${g.path.ruleIndex}]`),
            ),
        );
    };

    it("each name under its own kind is; under the other kind it is nobody's", () => {
        for (const subject of [group("system:unauthenticated"), user("system:anonymous")]) {
            assert.deepStrictEqual(granted(subject), [["metrics rules[0]"]], subject.kind);
        }
        for (const subject of [user("system:unauthenticated"), group("system:anonymous")]) {
            assert.deepStrictEqual(granted(subject), [], subject.kind);
        }
    });
});
