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

// IAM User Guide, "IAM policy elements: Variables and tags": a variable in a Condition value
// is replaced by the request's value for its key ("Where you can use policy variables"), and
// a caller without the key gets the default value ("Specifying default values"). The pack
// reads a variable as Resource patterns are read (iam-arn-match.ts parsePattern): one the
// caller cannot choose (aws:username, aws:userid, aws:PrincipalTag/<key>) stays a name, any
// other may be anything.
describe("a policy ARN pattern holding a policy variable", () => {
    const admits = (value: string, what: string) =>
        `iam:PolicyARN does not scope: ${JSON.stringify(value)} admits ${what}`;

    it("is read with its default value, which a caller without the key gets", () => {
        const admin = "arn:aws:iam::aws:policy/${aws:PrincipalTag/tier, 'AdministratorAccess'}";
        const account = "arn:aws:iam::${aws:PrincipalTag/home, 'aws'}:policy/Ama*";
        assert.deepStrictEqual([admin, account].map(judge), [
            admits(admin, "AdministratorAccess"),
            everyManaged(account, "Ama*"),
        ]);
    });

    it("is read as any text where the caller chooses the variable's value", () => {
        const admin = "arn:aws:iam::aws:policy/Admin${aws:SourceIdentity}";
        const ama = "arn:aws:iam::aws:policy/Ama${aws:RequestedRegion}";
        assert.deepStrictEqual([admin, ama].map(judge), [
            admits(admin, "AdministratorAccess"),
            everyManaged(ama, "Ama*"),
        ]);
    });

    it("still scopes with a variable the caller cannot choose, or its own account", () => {
        for (const value of [
            "arn:aws:iam::123456789012:policy/team-${aws:PrincipalTag/team}",
            "arn:aws:iam::aws:policy/team-${aws:username}",
            "arn:aws:iam::${aws:PrincipalAccount}:policy/team-*",
        ]) {
            assert.strictEqual(judge(value), "scopes", value);
        }
    });
});

// How a variable is written: IAM reads `${key}` and `${key, 'default'}` ("IAM policy elements:
// Variables and tags", "Specifying default values"); the pack reads the key whatever spaces
// surround it and in any case, and a default whatever spaces surround it.
describe("a policy variable however it is spelt", () => {
    const admin = (value: string) =>
        `iam:PolicyARN does not scope: ${JSON.stringify(value)} admits AdministratorAccess`;

    it("is the key it names with spaces around it and in any case", () => {
        assert.deepStrictEqual(
            [
                "arn:aws:iam::aws:policy/team-${ aws:username }",
                "arn:aws:iam::aws:policy/team-${AWS:UserName}",
                "arn:aws:iam::aws:policy/team-${  aws:PrincipalTag/team , 'x'}",
            ].map(admittedAdminPolicy),
            [undefined, undefined, undefined],
        );
    });

    it("has its default read with or without spaces after the comma and before the brace", () => {
        const values = [
            "arn:aws:iam::aws:policy/${aws:PrincipalTag/tier,'AdministratorAccess'}",
            "arn:aws:iam::aws:policy/${aws:PrincipalTag/tier,  'AdministratorAccess'}",
            "arn:aws:iam::aws:policy/${aws:PrincipalTag/tier, 'AdministratorAccess' }",
            "arn:aws:iam::aws:policy/${aws:PrincipalTag/tier,'AdministratorAccess'\t}",
        ];
        assert.deepStrictEqual(values.map(judge), values.map(admin));
    });

    // `${*}`, `${?}` and `${$}` are those characters, not wildcards ("Special characters"):
    // an account field of a literal `*` is no account, AWS's least of all.
    it("is a literal character when it is `${*}`, `${?}` or `${$}`", () => {
        assert.deepStrictEqual(
            ["*", "?", "$"].map((c) =>
                admittedAdminPolicy(`arn:aws:iam::\${${c}}:policy/AdministratorAccess`),
            ),
            [undefined, undefined, undefined],
        );
    });

    it("keeps an account key only when it is one, not when it ends or starts like one", () => {
        const tag =
            "arn:aws:iam::${aws:RequestTag/aws:PrincipalAccount}:policy/AdministratorAccess";
        const longer = "arn:aws:iam::${aws:SourceAccountAlias}:policy/AdministratorAccess";
        assert.deepStrictEqual(
            [
                ...["Principal", "Resource", "Source"].map((k) =>
                    judge(`arn:aws:iam::\${aws:${k}Account}:policy/AdministratorAccess`),
                ),
                judge(tag),
                judge(longer),
            ],
            ["scopes", "scopes", "scopes", admin(tag), admin(longer)],
        );
    });
});

// A glob becomes one regex group per run of `*` (iam-actions.ts globRegex), and V8's regex
// compiler overflows its stack at some thousands of them: a pattern of more characters other
// than `*` than an ARN it is tested against matches none, and is not compiled for it.
describe("a condition pattern of thousands of wildcards", () => {
    it("is judged, not thrown on (iam:PolicyARN, eks:namespaces, eks:policyArn)", () => {
        const policy = `arn:aws:iam::123456789012:policy/team-\${aws:PrincipalTag/${"a*".repeat(3000)}}`;
        const access = `arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy${"x*".repeat(3000)}`;
        const accessPolicy = conditionVerdictOf("eks:AssociateAccessPolicy", {
            ArnLike: { "eks:policyArn": access },
        });
        const namespaces = conditionVerdictOf("eks:AssociateAccessPolicy", {
            "ForAllValues:StringLike": { "eks:namespaces": [`team-${"x*".repeat(3000)}`] },
            StringEquals: { "eks:accessScope": "namespace" },
            Null: { "eks:namespaces": "false" },
        });
        assert.deepStrictEqual(
            [judge(policy), namespaces.rejected, accessPolicy.rejected],
            [
                "scopes",
                [],
                [
                    `eks:policyArn does not scope: it admits access policies AWS adds under "AmazonEKSViewPolicy${"x*".repeat(3000)}"`,
                ],
            ],
        );
    });
});

describe("a policy ARN pattern with a long run of `*` before its name", () => {
    // The start `arn:aws:iam::<run>:policy/` can spell AWS's own, and the rest is the run
    // read back from the start's end: a regex search for the run tried every `*` of it,
    // 10 s for 100,000 (quadratic), so about 1,000 s for 1,000,000, past the suite's 120 s
    // timeout; read back, about 2 s. No clock is read: the timeout is the bound.
    it("is judged in linear time", () => {
        const value = `arn:aws:iam::${"*".repeat(1_000_000)}:policy/team-boundary`;
        assert.strictEqual(judge(value), "scopes");
    });
});

describe("the rest a policy ARN pattern leaves for a managed policy's name", () => {
    // No policy ARN ends at `policy/`: a name follows (CreatePolicy: PolicyName `[\w+=,.@-]+`).
    it("is empty, admitting none, when the whole pattern spells only the start", () => {
        assert.deepStrictEqual(
            ["*:policy*/", "arn:aws:iam::aws:policy*/", "arn:aws:iam::*:policy?"].map(
                admittedAdminPolicy,
            ),
            [undefined, undefined, undefined],
        );
    });

    // Only characters other than `*` bound the starts tried: a run of `*` longer than any
    // managed policy's start still leaves the name after it.
    it("is found after a run of `*` longer than any managed policy's start", () => {
        const value = `arn:aws:iam::${"*".repeat(40)}:policy/Ama*`;
        assert.deepStrictEqual(
            [judge(value), judge(`${"*".repeat(40)}:policy/Ama*`)],
            [everyManaged(value, "Ama*"), everyManaged(`${"*".repeat(40)}:policy/Ama*`, "Ama*")],
        );
    });
});
