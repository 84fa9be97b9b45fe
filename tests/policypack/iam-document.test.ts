// Reading IAM policy documents (policypack/lib/iam-document.ts): a document the pack cannot
// read exactly as IAM would is reported as malformed, never judged on a guess.
import * as assert from "assert";
import { parsePolicyDocument, parseStatement } from "../../policypack/lib/iam-document";
import { onPolicy } from "./iam-fixtures";

/** The error of a document that does not parse; fails the test if it parses. */
function errorOf(document: unknown): string {
    const parsed = parsePolicyDocument(document);
    assert.ok(!parsed.ok, "parsed");
    return parsed.error;
}

const repeats = (key: string) =>
    `repeats the key ${JSON.stringify(key)} within one object, so which value IAM applies is not defined`;

describe("parsePolicyDocument: a key repeated within one object is found however the text is written", () => {
    // JSON.parse keeps the last value of a repeated key: each text below would be judged on
    // the named ARN, and might be deployed as "*" (iam-document.ts, repeatedJsonKey).
    const named = '"Resource":"arn:aws:s3:::reports/*"';
    for (const [what, text, key] of [
        [
            "after an array value of the same object",
            `{"Statement":[{"Effect":"Allow","Resource":"*","Action":["s3:GetObject"],${named}}]}`,
            "Resource",
        ],
        [
            "after a nested object of the same object",
            `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}},${named}}]}`,
            "Resource",
        ],
        [
            "with white space between the key and its colon",
            '{\n  "Statement": [{\n    "Effect" : "Allow",\n    "Action" : "s3:GetObject",\n    "Resource" : "*",\n    "Resource"\n\t: "arn:aws:s3:::reports/*"\n  }]\n}',
            "Resource",
        ],
        [
            "after a string value holding escaped quotes",
            String.raw`{"Statement":[{"Sid":"say \"hi\"","Effect":"Allow","Action":"s3:GetObject","Resource":"*",${named}}]}`,
            "Resource",
        ],
        [
            "after a string value ending in an escaped backslash",
            String.raw`{"Statement":[{"Sid":"C:\\","Effect":"Allow","Action":"s3:GetObject","Resource":"*",${named}}]}`,
            "Resource",
        ],
        [
            "when the key itself holds an escaped quote",
            String.raw`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/a\"b":"x","aws:ResourceTag/a\"b":"y"}}}]}`,
            'aws:ResourceTag/a"b',
        ],
        [
            "when one of the two is written with a \\u escape",
            String.raw`{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Resour\u0063e":"arn:aws:s3:::reports/*"}]}`,
            "Resource",
        ],
    ] as const) {
        it(`reports a repeat ${what}`, () => {
            assert.strictEqual(errorOf(text), repeats(key));
        });
    }

    for (const [what, text] of [
        [
            "the same key in two statements",
            '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
        ],
        [
            "the same condition key under two operators",
            '{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"a"},"StringLike":{"s3:prefix":"b/*"}}}}',
        ],
        [
            "a key's name as a string value or an array element",
            '{"Statement":{"Sid":"Resource","Effect":"Allow","Action":["Resource","s3:GetObject"],"Resource":"*"}}',
        ],
    ] as const) {
        it(`reads ${what} as no repeat`, () => {
            assert.strictEqual(parsePolicyDocument(text).ok, true);
        });
    }
});

describe("parsePolicyDocument: what is not a policy document is named as such", () => {
    for (const [document, error] of [
        [42, "is not an IAM policy document object (got 42)"],
        [null, "is not an IAM policy document object (got null)"],
        [[{ Statement: [] }], 'is not an IAM policy document object (got [{"Statement":[]}])'],
        ["[]", "is not valid JSON for an IAM policy document"],
        ['{"Statement": [', "is not valid JSON for an IAM policy document"],
    ] as const) {
        it(`reports ${JSON.stringify(document)}`, () => {
            assert.strictEqual(errorOf(document), error);
        });
    }
});

describe("parseStatement: a Principal or Condition IAM would not read is malformed, not absent", () => {
    const base = { Sid: "Trust", Effect: "Allow", Action: "sts:AssumeRole" };
    for (const [field, value, shown, must] of [
        [
            "Principal",
            "arn:aws:iam::111122223333:root",
            '"arn:aws:iam::111122223333:root"',
            'it must be "*" or a map of principal types to identifiers',
        ],
        [
            "Principal",
            { AWS: 111122223333 },
            '{"AWS":111122223333}',
            'it must be "*" or a map of principal types to identifiers',
        ],
        [
            "NotPrincipal",
            ["*"],
            '["*"]',
            'it must be "*" or a map of principal types to identifiers',
        ],
        [
            "Condition",
            "aws:SecureTransport",
            '"aws:SecureTransport"',
            "it must map operators to keys and values",
        ],
        [
            "Condition",
            { StringEquals: "aws:ResourceTag/team" },
            '{"StringEquals":"aws:ResourceTag/team"}',
            "it must map operators to keys and values",
        ],
        [
            "Condition",
            { StringEquals: { "aws:ResourceTag/team": null } },
            '{"StringEquals":{"aws:ResourceTag/team":null}}',
            "it must map operators to keys and values",
        ],
    ] as const) {
        it(`reports ${field} ${shown}`, () => {
            assert.strictEqual(
                parseStatement({ ...base, [field]: value }, 1),
                `statement 1 ("Trust") has ${field} ${shown}: ${must}`,
            );
        });
    }

    // A Condition that cannot be read must not leave the statement judged as unconditioned or
    // as scoped: the policy reports the document as malformed, and nothing else.
    it("reports a document whose Condition is a list as malformed, once", async () => {
        assert.deepStrictEqual(
            await onPolicy({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: "s3:PutObject",
                        Resource: "*",
                        Condition: ["aws:ResourceTag/team"],
                    },
                ],
            }),
            [
                'IAM policy "deploy": policy statement 0 has Condition ["aws:ResourceTag/team"]: it must map operators to keys and values: write a valid IAM policy document.',
            ],
        );
    });
});

describe("parseStatement: the statement as judged and named", () => {
    it("gives a statement without Resource no resources, and a trust statement its principal", () => {
        assert.deepStrictEqual(
            parseStatement(
                {
                    Sid: "Trust",
                    Effect: "Allow",
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.eks" },
                },
                0,
            ),
            {
                label: 'statement 0 ("Trust")',
                index: 0,
                sid: "Trust",
                effect: "Allow",
                actions: ["sts:AssumeRoleWithWebIdentity"],
                resources: [],
                principal: { Federated: ["arn:aws:iam::111122223333:oidc-provider/oidc.eks"] },
            },
        );
    });

    // Exemptions match a statement by its Sid (exemptions.ts, namesStatements): only a
    // non-empty string Sid names one.
    for (const [sid, label, named] of [
        ["AllowRead", 'statement 2 ("AllowRead")', { sid: "AllowRead" }],
        ["", "statement 2", {}],
        [7, "statement 2", {}],
    ] as const) {
        it(`reads Sid ${JSON.stringify(sid)} as ${JSON.stringify(named)}`, () => {
            assert.deepStrictEqual(
                parseStatement(
                    { Sid: sid, Effect: "Deny", NotAction: "s3:GetObject", NotResource: "*" },
                    2,
                ),
                {
                    label,
                    index: 2,
                    ...named,
                    effect: "Deny",
                    actions: [],
                    notActions: ["s3:GetObject"],
                    resources: [],
                    notResources: ["*"],
                },
            );
        });
    }
});
