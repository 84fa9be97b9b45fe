// judgeDocument (policypack/lib/iam-grants.ts): how a document's statement findings, its EKS
// access-entry paths and its wildcard findings are put together, finding by finding.
import * as assert from "assert";
import { parsePolicyDocument } from "../../policypack/lib/iam-document";
import { judgeDocument } from "../../policypack/lib/iam-grants";

const account = "arn:aws:eks:us-east-1:123456789012";
const entries = `${account}:access-entry/prod/*`;
const allow = (Action: string | string[], Resource: string) => ({
    Effect: "Allow",
    Action,
    Resource,
});

/** Each finding as level, statements, actions and the problem up to its first parenthesis. */
function judged(...statements: object[]): [string, number[], string[], string][] {
    const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements });
    assert.ok(parsed.ok);
    return judgeDocument(parsed.statements).map((f) => [
        f.level,
        f.statements,
        f.actions,
        f.problem.split(" (")[0],
    ]);
}

describe("judgeDocument: statement findings, EKS paths and wildcards together", () => {
    it('keeps a path through an Action "*" statement and another one, beside the wildcard finding', () => {
        assert.deepStrictEqual(
            judged(allow("*", "*"), allow("eks:AssociateAccessPolicy", entries)),
            [
                ["mandatory", [0], ["*"], 'action "*" grants actions of every service'],
                [
                    "mandatory",
                    [0, 1],
                    ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
                    "grant eks:CreateAccessEntry and eks:AssociateAccessPolicy on every cluster of the account",
                ],
            ],
        );
    });

    it('leaves a path through an "eks:*" statement alone to its wildcard finding', () => {
        assert.deepStrictEqual(judged(allow("eks:*", "*")), [
            ["mandatory", [0], ["eks:*"], 'action "eks:*" grants every action of service "eks"'],
        ]);
    });

    it("reads the wildcard whatever its case, and keeps a path it covers only in part", () => {
        assert.deepStrictEqual(judged(allow("EKS:*", "*")), [
            ["mandatory", [0], ["EKS:*"], 'action "EKS:*" grants every action of service "eks"'],
        ]);
        // eks:* covers eks:CreatePodIdentityAssociation, not iam:PassRole: the path stays.
        assert.deepStrictEqual(judged(allow(["eks:*", "iam:PassRole"], "*")), [
            ["mandatory", [0], ["eks:*"], 'action "eks:*" grants every action of service "eks"'],
            [
                "mandatory",
                [0],
                ["iam:PassRole"],
                "grants Permissions management actions iam:PassRole",
            ],
            [
                "advisory",
                [0],
                ["eks:CreatePodIdentityAssociation", "iam:PassRole"],
                "grants eks:CreatePodIdentityAssociation and iam:PassRole on every cluster of the account",
            ],
        ]);
    });

    it("keeps the statement findings an advisory path shares actions with (pod identity)", () => {
        assert.deepStrictEqual(
            judged(allow(["eks:CreatePodIdentityAssociation", "iam:PassRole"], "*")),
            [
                [
                    "mandatory",
                    [0],
                    ["iam:PassRole"],
                    "grants Permissions management actions iam:PassRole",
                ],
                [
                    "mandatory",
                    [0],
                    ["eks:CreatePodIdentityAssociation"],
                    "grants Write actions eks:CreatePodIdentityAssociation",
                ],
                [
                    "advisory",
                    [0],
                    ["eks:CreatePodIdentityAssociation", "iam:PassRole"],
                    "grants eks:CreatePodIdentityAssociation and iam:PassRole on every cluster of the account",
                ],
            ],
        );
    });

    it("leaves out only the statement finding whose every action is on the mandatory path", () => {
        assert.deepStrictEqual(judged(allow("eks:Associate*", "*")), [
            [
                "mandatory",
                [0],
                ["eks:AssociateEncryptionConfig", "eks:AssociateIdentityProviderConfig"],
                "grants Write actions eks:AssociateEncryptionConfig",
            ],
            [
                "mandatory",
                [0],
                ["eks:AssociateAccessPolicy"],
                "grants eks:AssociateAccessPolicy on every cluster of the account",
            ],
        ]);
    });
});
