// Which statements grant a step from IAM into the cluster (policypack/lib/iam-eks-access.ts,
// docs/iam-judgement.md §5.1), judged through eksAccessFindings: an Action or NotAction pattern
// in any case and wildcard spelling, the allowedActions rule, and the Effect. IAM matches action
// names case-insensitively, with `*` and `?` anywhere in the name (IAM User Guide, "IAM JSON
// policy elements: Action": "The prefix and the action name are case insensitive"; "NotAction"),
// so a spelling the module misreads would let a path into the cluster pass unreported.
import * as assert from "assert";
import { parsePolicyDocument } from "../../policypack/lib/iam-document";
import { eksAccessFindings } from "../../policypack/lib/iam-eks-access";
import type { GrantRules } from "../../policypack/lib/iam-grants";

const account = "arn:aws:eks:us-east-1:123456789012";
const cluster = `${account}:cluster/prod`;
const entries = `${account}:access-entry/prod/*`;

const statement = (
    Effect: "Allow" | "Deny",
    actions: { Action: string | string[] } | { NotAction: string | string[] },
    Resource: string | string[],
    Condition?: object,
) => ({ Effect, ...actions, Resource, ...(Condition ? { Condition } : {}) });
const allow = (Action: string | string[], Resource: string | string[], Condition?: object) =>
    statement("Allow", { Action }, Resource, Condition);

/** Each finding as [level, actions, statements, clusters]. */
function judge(statements: object[], rules?: GrantRules) {
    const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements });
    assert.ok(parsed.ok);
    return eksAccessFindings(parsed.statements, rules).map((f) => [
        f.level,
        f.actions,
        f.statements,
        f.clusters,
    ]);
}

const createOnProd = [["mandatory", ["eks:CreateAccessEntry"], [0], ["prod"]]];
const wholePath = [
    ["mandatory", ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"], [0], ["*"]],
    ["mandatory", ["eks:UpdateAccessEntry"], [0], ["*"]],
];

describe("IAM to Kubernetes: Action patterns match action names in any case and wildcard spelling", () => {
    it("reads every spelling of eks:CreateAccessEntry as granting it", () => {
        for (const pattern of [
            "EKS:CreateAccessEntry",
            "eks:createaccessentry",
            "Eks:CREATEACCESSENTRY",
            "EKS:Create*",
            "eks:*AccessEntry",
            "eks:?reate*",
            "eks:c?EATE*ENTRY",
            "*",
        ]) {
            assert.deepStrictEqual(judge([allow(pattern, cluster)]), createOnProd, pattern);
        }
    });

    it("reads a spelling that names another action as granting nothing", () => {
        for (const pattern of [
            "eks:CreateAccessEntries",
            "eks:Create",
            "eks:?CreateAccessEntry",
            "iam:CreateAccessEntry",
            "EKS:Describe*",
        ]) {
            assert.deepStrictEqual(judge([allow(pattern, cluster)]), [], pattern);
        }
    });

    it("grants through NotAction every action none of its patterns names, in any case", () => {
        const notAction = (NotAction: string | string[]) =>
            judge([statement("Allow", { NotAction }, "*")]);
        // Any one pattern naming the action keeps it out, whatever the others name.
        assert.deepStrictEqual(notAction("eks:*"), []);
        assert.deepStrictEqual(notAction("EKS:*"), []);
        assert.deepStrictEqual(notAction(["s3:*", "eks:*", "iam:*"]), []);
        assert.deepStrictEqual(notAction(["Eks:*Access*", "eks:CreatePodIdentityAssociation"]), []);
        // The pod identity path needs iam:PassRole too, which NotAction "iam:*" keeps out.
        assert.deepStrictEqual(notAction(["s3:*", "EKS:Describe*", "iam:*"]), wholePath);
        assert.deepStrictEqual(
            notAction(["eks:UpdateAccessEntry", "eks:CreateAccessEntry", "iam:*"]),
            [["mandatory", ["eks:AssociateAccessPolicy"], [0], ["*"]]],
        );
    });

    it("skips an allowedActions pattern in any case, but only as written, not what it expands to", () => {
        const create = [allow("eks:createAccessEntry", cluster)];
        assert.deepStrictEqual(judge(create, { allowedActions: ["EKS:CreateAccessEntry"] }), []);
        assert.deepStrictEqual(judge(create, { allowedActions: ["eks:createaccessentry"] }), []);
        assert.deepStrictEqual(judge(create, { allowedActions: ["eks:Create*"] }), createOnProd);
        assert.deepStrictEqual(judge(create, { allowedActions: [] }), createOnProd);
        assert.deepStrictEqual(
            judge([allow(["EKS:Create*", "eks:CreateAccessEntry"], cluster)], {
                allowedActions: ["eks:create*"],
            }),
            createOnProd,
        );
    });
});

describe("IAM to Kubernetes: only an Allow statement grants a step", () => {
    it("reads a Deny statement as granting nothing, whatever it names", () => {
        for (const actions of [{ Action: "eks:*" }, { NotAction: "s3:*" }, { Action: "*" }]) {
            assert.deepStrictEqual(
                judge([statement("Deny", actions, "*")]),
                [],
                JSON.stringify(actions),
            );
        }
    });

    it("reads an Allow of other EKS actions as granting no step", () => {
        assert.deepStrictEqual(
            judge([allow(["eks:Describe*", "eks:ListAccessEntries", "eks:TagResource"], "*")]),
            [],
        );
    });

    // A Deny of eks:CreateAccessEntry or eks:TagResource gives the principal no way to tag an
    // entry, so aws:ResourceTag still names only entries someone else tagged: scoped.
    it("lets aws:ResourceTag scope an association when only a Deny names creating or tagging entries", () => {
        const tagged = { StringEquals: { "aws:ResourceTag/team": "ci" } };
        assert.deepStrictEqual(
            judge([
                statement("Deny", { Action: ["eks:CreateAccessEntry", "eks:TagResource"] }, "*"),
                allow(["eks:AssociateAccessPolicy", "eks:UpdateAccessEntry"], entries, tagged),
            ]),
            [],
        );
        assert.deepStrictEqual(
            judge([
                allow("eks:TagResource", "*"),
                allow(["eks:AssociateAccessPolicy", "eks:UpdateAccessEntry"], entries, tagged),
            ]),
            [
                ["mandatory", ["eks:AssociateAccessPolicy"], [1], ["prod"]],
                ["mandatory", ["eks:UpdateAccessEntry"], [1], ["prod"]],
            ],
        );
    });
});
