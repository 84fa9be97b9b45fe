// wildcardPrincipalFindings and principalCheck on their own: which Condition values name the
// callers of a wildcard principal (and so narrow it), which qualifiers fit which keys, and the
// exact wording and statement detail of each finding. The policies built on them are tested in
// iam-no-wildcard-principals.test.ts.
import * as assert from "assert";
import { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { ViolationDetail } from "../../policypack/lib/exemptions";
import { IamStatement } from "../../policypack/lib/iam-document";
import { principalCheck, wildcardPrincipalFindings } from "../../policypack/lib/iam-principals";

const queue = "arn:aws:sqs:us-east-1:111122223333:orders";
const open = (
    condition?: IamStatement["condition"],
    principal: IamStatement["principal"] = "*",
): IamStatement => ({
    label: "statement 0",
    index: 0,
    effect: "Allow",
    actions: ["sqs:SendMessage"],
    resources: [queue],
    principal,
    ...(condition ? { condition } : {}),
});
/** Each finding as `level: problem`. */
const judged = (statement: IamStatement, trust?: boolean) =>
    wildcardPrincipalFindings(statement, trust).map((f) => `${f.level}: ${f.problem}`);
/** The finding of `Principal "*"` when `entries` do not name the callers. */
const notNaming = (...entries: string[]) => [
    `mandatory: has Principal "*", which allows anyone (${entries.join(", ")} ${entries.length > 1 ? "do" : "does"} not name the callers)`,
];
const advisory = (network: string, path: "endpoint" | "network") => [
    `advisory: has Principal "*", narrowed only by ${network}: anyone whose requests come through that ${path}, from any account, is allowed`,
];

describe("iam-principals", () => {
    describe("a value names callers only when it is one literal account, organisation, ARN or endpoint", () => {
        // Any wildcard is refused, even where it cannot reach further (account ids are exactly
        // 12 digits, so "111122223333*" matches one account): the judge does not reason about
        // what a pattern can match, only whether the value is one literal id.
        const cases: [string, IamStatement["condition"], string[]][] = [
            [
                "an organisation id with a trailing wildcard, which matches other organisations",
                { StringLike: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5*"] } },
                notNaming('StringLike aws:PrincipalOrgID ("o-a1b2c3d4e5*")'),
            ],
            [
                "an organisation id with a leading wildcard",
                { StringLike: { "aws:PrincipalOrgID": ["*o-a1b2c3d4e5"] } },
                notNaming('StringLike aws:PrincipalOrgID ("*o-a1b2c3d4e5")'),
            ],
            [
                "an organisation path whose organisation has a wildcard",
                { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5*/*"] } },
                notNaming('ForAnyValue:StringLike aws:PrincipalOrgPaths ("o-a1b2c3d4e5*/*")'),
            ],
            [
                "an account id with a trailing wildcard",
                { StringLike: { "aws:PrincipalAccount": ["111122223333*"] } },
                notNaming('StringLike aws:PrincipalAccount ("111122223333*")'),
            ],
            [
                "an account id with a leading wildcard",
                { StringLike: { "aws:SourceAccount": ["*111122223333"] } },
                notNaming('StringLike aws:SourceAccount ("*111122223333")'),
            ],
            [
                "an S3 source ARN whose bucket name has a wildcard",
                { ArnLike: { "aws:SourceArn": ["arn:aws:s3:::uploads-*"] } },
                notNaming('ArnLike aws:SourceArn ("arn:aws:s3:::uploads-*")'),
            ],
            [
                "an S3 source ARN after a wildcard, which matches any ARN ending so",
                { StringLike: { "aws:SourceArn": ["*arn:aws:s3:::uploads"] } },
                notNaming('StringLike aws:SourceArn ("*arn:aws:s3:::uploads")'),
            ],
            [
                "a VPC endpoint id with a wildcard",
                { StringLike: { "aws:SourceVpce": ["vpce-*"] } },
                notNaming('StringLike aws:SourceVpce ("vpce-*")'),
            ],
            [
                "an empty VPC endpoint id",
                { StringEquals: { "aws:SourceVpce": [""] } },
                notNaming('StringEquals aws:SourceVpce ("")'),
            ],
            [
                "an organisation listed beside a wildcard: every value must name callers",
                { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5", "*"] } },
                notNaming('StringEquals aws:PrincipalOrgID ("o-a1b2c3d4e5", "*")'),
            ],
            [
                "an empty list of organisations",
                { StringEquals: { "aws:PrincipalOrgID": [] } },
                notNaming("StringEquals aws:PrincipalOrgID ()"),
            ],
        ];
        for (const [what, condition, expected] of cases) {
            it(`reports ${what}`, () => {
                assert.deepStrictEqual(judged(open(condition)), expected);
            });
        }

        it("passes an S3 bucket as the source ARN (S3 ARNs have no account), or objects in it", () => {
            for (const arn of ["arn:aws:s3:::uploads", "arn:aws:s3:::uploads/incoming/*"]) {
                assert.deepStrictEqual(judged(open({ ArnLike: { "aws:SourceArn": [arn] } })), []);
            }
        });

        it("names every entry that does not name the callers, joined", () => {
            assert.deepStrictEqual(
                judged(
                    open({
                        StringLike: { "aws:PrincipalOrgID": ["*"], "aws:PrincipalAccount": ["*"] },
                    }),
                ),
                notNaming(
                    'StringLike aws:PrincipalOrgID ("*")',
                    'StringLike aws:PrincipalAccount ("*")',
                ),
            );
        });
    });

    // IAM User Guide, "Single-valued vs. multivalued context keys": do not use a set operator
    // with a single-valued key; multivalued keys require one; ForAllValues is also true when
    // the request has no value for the key.
    describe("a set operator narrows only on the keys it fits", () => {
        it("passes ForAnyValue on a multivalued key and no qualifier on a single-valued one", () => {
            assert.deepStrictEqual(
                judged(
                    open({
                        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] },
                    }),
                ),
                [],
            );
            assert.deepStrictEqual(
                judged(open({ StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } })),
                [],
            );
        });

        it("reports ForAllValues on a single-valued key: true for a caller outside any organisation", () => {
            assert.deepStrictEqual(
                judged(
                    open({
                        "ForAllValues:StringEquals": { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] },
                    }),
                ),
                notNaming('ForAllValues:StringEquals aws:PrincipalOrgID ("o-a1b2c3d4e5")'),
            );
        });

        it("reports ForAnyValue on a single-valued key", () => {
            assert.deepStrictEqual(
                judged(
                    open({
                        "ForAnyValue:StringEquals": { "aws:PrincipalAccount": ["111122223333"] },
                    }),
                ),
                notNaming('ForAnyValue:StringEquals aws:PrincipalAccount ("111122223333")'),
            );
        });

        it("reports a multivalued key without a set operator", () => {
            assert.deepStrictEqual(
                judged(open({ StringLike: { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] } })),
                notNaming('StringLike aws:PrincipalOrgPaths ("o-a1b2c3d4e5/*")'),
            );
        });

        it("reads a qualifier only as the operator's prefix: written after it, the operator is none IAM knows", () => {
            assert.deepStrictEqual(
                judged(
                    open({
                        "StringEqualsForAllValues:": { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] },
                    }),
                ),
                notNaming('StringEqualsForAllValues: aws:PrincipalOrgID ("o-a1b2c3d4e5")'),
            );
        });
    });

    describe("a Condition key named after a property every object has", () => {
        // The narrowing keys are a plain object: its "constructor" is Object and its
        // "__proto__" Object.prototype, which a key lookup must not take for a narrowing key.
        it("narrows nothing, like any other unknown key, and is judged rather than thrown", () => {
            for (const key of ["constructor", "Constructor", "__proto__", "toString"]) {
                const condition = { StringEquals: Object.fromEntries([[key, ["x"]]]) };
                assert.deepStrictEqual(judged(open(condition)), [
                    'mandatory: has Principal "*", which allows anyone',
                ]);
            }
        });
    });

    describe("network-only narrowing, worded by the keys", () => {
        it("is advisory when the trust flag is left out: a resource policy", () => {
            assert.deepStrictEqual(
                judged(open({ StringEquals: { "aws:SourceVpce": ["vpce-1a2b"] } })),
                advisory('aws:SourceVpce ("vpce-1a2b")', "endpoint"),
            );
        });

        it("says network for aws:SourceVpc, endpoint for the aws:Vpce keys", () => {
            assert.deepStrictEqual(
                judged(open({ StringEquals: { "aws:SourceVpc": ["vpc-1a2b"] } })),
                advisory('aws:SourceVpc ("vpc-1a2b")', "network"),
            );
            assert.deepStrictEqual(
                judged(open({ StringEquals: { "aws:VpceAccount": ["111122223333"] } })),
                advisory('aws:VpceAccount ("111122223333")', "endpoint"),
            );
        });

        it("says network when one of several entries is not an endpoint's, and lists them all", () => {
            assert.deepStrictEqual(
                judged(
                    open({
                        StringEquals: {
                            "aws:SourceVpce": ["vpce-1a2b"],
                            "aws:SourceVpc": ["vpc-1a2b"],
                        },
                    }),
                ),
                advisory('aws:SourceVpce ("vpce-1a2b"), aws:SourceVpc ("vpc-1a2b")', "network"),
            );
        });

        it("reads the key, not the value: an aws:SourceVpc value that reads aws:vpce is a network", () => {
            assert.deepStrictEqual(
                judged(open({ StringEquals: { "aws:SourceVpc": ["aws:vpce-1a2b"] } })),
                advisory('aws:SourceVpc ("aws:vpce-1a2b")', "network"),
            );
        });
    });

    describe("each finding names the principal the statement wrote", () => {
        it("calls a wildcard principal id a wildcard, not anyone", () => {
            assert.deepStrictEqual(
                judged(open(undefined, { AWS: ["arn:aws:iam::*:role/deployer"] })),
                [
                    'mandatory: has AWS principal "arn:aws:iam::*:role/deployer", a wildcard that allows any matching principal',
                ],
            );
        });

        it('gives the public function URL finding only to Principal "*", which it names', () => {
            const none = { StringEquals: { "lambda:FunctionUrlAuthType": ["NONE"] } };
            assert.deepStrictEqual(judged(open(none, { AWS: ["arn:aws:iam::*:root"] })), [
                'mandatory: has AWS principal "arn:aws:iam::*:root", a wildcard that allows any matching principal',
            ]);
            assert.deepStrictEqual(judged(open(none)), [
                'mandatory: has Principal "*" with lambda:FunctionUrlAuthType "NONE", which makes the function URL public: anyone on the internet can invoke it',
            ]);
        });

        it("reads the function URL auth type under the operator Lambda writes (StringEquals), not a set operator", () => {
            // AddPermission's FunctionUrlAuthType becomes `StringEquals lambda:FunctionUrlAuthType`
            // (iam-policy-sources.ts); any other operator is judged as a Condition like another.
            assert.deepStrictEqual(
                judged(
                    open({
                        "ForAnyValue:StringEquals": { "lambda:FunctionUrlAuthType": ["NONE"] },
                    }),
                ),
                ['mandatory: has Principal "*", which allows anyone'],
            );
        });
    });

    describe("principalCheck", () => {
        const detailed = Symbol.for("hardened-eks.violation-detail");
        /** Runs the check of `level` on one resource; each report with its statement detail. */
        const check = (level: "mandatory" | "advisory", type: string, props: object) => {
            const reports: [string, ViolationDetail | undefined][] = [];
            const report: ReportViolation = (message) => reports.push([message, undefined]);
            Object.assign(report, {
                [detailed]: (message: string, _urn: unknown, detail: ViolationDetail) =>
                    reports.push([message, detail]),
            });
            principalCheck(level)(props as Record<string, unknown>, "r", report, {
                type,
            } as ResourceValidationArgs);
            return reports;
        };
        const fix =
            "name the account, role or service principals that need access, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceAccount that names them.";

        it("hands the exemptions the statement, in its document or as the permission itself", () => {
            const policy = {
                Version: "2012-10-17",
                Statement: [{ Sid: "Open", Effect: "Allow", Principal: "*", Action: "sqs:*" }],
            };
            assert.deepStrictEqual(
                check("mandatory", "aws:sqs/queuePolicy:QueuePolicy", { policy }),
                [
                    [
                        `r: policy statement 0 ("Open") has Principal "*", which allows anyone: ${fix}`,
                        { statements: [{ document: "policy", index: 0, sid: "Open" }] },
                    ],
                ],
            );
            assert.deepStrictEqual(
                check("mandatory", "aws:lambda/permission:Permission", {
                    action: "lambda:InvokeFunction",
                    function: "fn",
                    principal: "*",
                }),
                [
                    [
                        `r has Principal "*", which allows anyone: ${fix}`,
                        { statements: [{ document: "permission", index: 0, sid: undefined }] },
                    ],
                ],
            );
        });

        it("leaves a malformed document to the mandatory check, so it is reported once", () => {
            const props = { policy: "not json" };
            assert.deepStrictEqual(check("advisory", "aws:sqs/queuePolicy:QueuePolicy", props), []);
            assert.strictEqual(
                check("mandatory", "aws:sqs/queuePolicy:QueuePolicy", props).length,
                1,
            );
        });
    });
});
