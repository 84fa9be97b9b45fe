// iam:PolicyARN and iam:PermissionsBoundary patterns that reach AWS's own managed policies
// (policypack/lib/iam-conditions.ts, admittedAdminPolicy; docs/iam-judgement.md §3.4): a
// pattern admits every AWS managed policy its wildcards reach when some start of it can spell
// `arn:<partition>:iam::aws:policy/` and a wildcard is left for the path or name, however the
// start is written. Wildcards match across `:` (IAM User Guide, "Condition operators", String
// condition operators: StringLike), and literals match in any case, as everywhere in the pack
// (docs/iam-judgement.md §1: conservative, matches more).
import * as assert from "assert";
import { admittedAdminPolicy } from "../../policypack/lib/iam-conditions";
import { conditionVerdictOf } from "./iam-fixtures";

/** The rejection of a StringLike iam:PolicyARN entry for iam:AttachRolePolicy, or "scopes". */
function judge(value: string): string {
    const verdict = conditionVerdictOf("iam:AttachRolePolicy", {
        StringLike: { "iam:PolicyARN": value },
    });
    return verdict.scopes ? "scopes" : verdict.rejected.join("; ");
}

const everyManaged = (value: string, names: string) =>
    `iam:PolicyARN does not scope: ${JSON.stringify(value)} admits every AWS managed policy matching ${JSON.stringify(names)}, those AWS adds later included`;

describe("a policy ARN pattern that reaches AWS's managed policies", () => {
    it("is read whatever spells the start: wildcards before arn:, across fields, in the region", () => {
        for (const value of [
            "arn:aws:iam::aws:policy/Ama*",
            "*:policy/Ama*",
            "*arn:aws:iam::aws:policy/Ama*",
            "arn:*:iam::*:policy/Ama*",
            "arn:aws:iam:*:aws:policy/Ama*",
            "arn:aws:iam::AWS:policy/Ama*",
            // The longest partition's start, every character of it written.
            "arn:aws-us-gov:iam::aws:policy/Ama*",
            "arn:aws-us-gov:iam::*aws*:policy/Ama*",
        ]) {
            assert.strictEqual(judge(value), everyManaged(value, "Ama*"), value);
        }
    });

    it("keeps with the name a wildcard that ends the start, since it reaches into the name", () => {
        assert.deepStrictEqual(
            ["arn:aws:iam::aws:policy/*/ReadOnlyAccess", "arn:aws:iam::aws:*ReadOnlyAccess"].map(
                admittedAdminPolicy,
            ),
            [
                'every AWS managed policy matching "*/ReadOnlyAccess", those AWS adds later included',
                'every AWS managed policy matching "*ReadOnlyAccess", those AWS adds later included',
            ],
        );
    });

    it("is not read into a pattern that spells AWS's account nowhere, or one name only", () => {
        for (const value of [
            // A literal before arn:, or a field too many: no ARN is spelt so.
            "xarn:aws:iam::aws:policy/Ama*",
            "arn:aws:iam:::aws:policy/Ama*",
            // Another account's policies, or one name in every account.
            "arn:aws:iam::123456789012:policy/app-*",
            "arn:aws:iam::*:policy/team-boundary",
            "arn:aws:iam::*:policy/service-role/ReadOnly",
            // Not IAM's policies at all.
            "arn:aws:s3::aws:policy/Ama*",
        ]) {
            assert.strictEqual(judge(value), "scopes", value);
        }
    });

    // IAM API Reference, CreatePolicy: a PolicyName matches [\w+=,.@-]+ and a Path holds
    // characters from ! (U+0021) to DEL (U+007F): a literal outside them matches no policy.
    it("is not read into a name with a character no path or name can hold", () => {
        assert.deepStrictEqual(
            ["arn:aws:iam::aws:policy/Ama*\n", "arn:aws:iam::aws:policy/Ama* x"].map(judge),
            ["scopes", "scopes"],
        );
    });
});
