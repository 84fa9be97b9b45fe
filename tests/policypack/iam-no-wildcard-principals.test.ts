import * as assert from "assert";
import { iamNoWildcardPrincipals as policy } from "../../policypack/policies/iam-no-wildcard-principals";
import { iamNetworkOnlyPrincipals as advisoryPolicy } from "../../policypack/policies/iam-network-only-principals";
import { violations } from "./check";

const trust = (statement: Record<string, unknown>) => ({
    Version: "2012-10-17",
    Statement: [statement],
});
const good = {
    Sid: "Ec2",
    Effect: "Allow",
    Principal: { Service: "ec2.amazonaws.com" },
    Action: "sts:AssumeRole",
};
const onRole = (doc: unknown) =>
    violations(
        policy,
        "aws:iam/role:Role",
        { assumeRolePolicy: typeof doc === "string" ? doc : JSON.stringify(doc) },
        {},
        "app",
    );

describe("iam-no-wildcard-principals", () => {
    it("passes a trust policy naming a service", async () => {
        assert.deepStrictEqual(await onRole(trust(good)), []);
    });

    it('reports Principal "*"', async () => {
        assert.deepStrictEqual(await onRole(trust({ ...good, Principal: "*" })), [
            'IAM role "app": assumeRolePolicy statement 0 ("Ec2") has Principal "*", which allows anyone: name the account, role or service principals that need access, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceAccount that names them.',
        ]);
    });

    it('reports {AWS: "*"}', async () => {
        assert.match(
            (await onRole(trust({ ...good, Principal: { AWS: "*" } })))[0],
            /has AWS principal "\*"/,
        );
    });

    it("reports an AWS principal containing *", async () => {
        assert.match(
            (
                await onRole(
                    trust({
                        ...good,
                        Principal: {
                            AWS: ["arn:aws:iam::123456789012:root", "arn:aws:iam::*:role/deployer"],
                        },
                    }),
                )
            )[0],
            /AWS principal "arn:aws:iam::\*:role\/deployer"/,
        );
    });

    it("reports NotPrincipal", async () => {
        const { Principal: _p, ...rest } = good;
        assert.match(
            (
                await onRole(
                    trust({ ...rest, NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }),
                )
            )[0],
            /uses NotPrincipal/,
        );
    });

    it("ignores Deny statements", async () => {
        assert.deepStrictEqual(
            await onRole(trust({ ...good, Effect: "Deny", Principal: "*" })),
            [],
        );
    });

    for (const [type, label] of [
        ["aws:s3/bucketPolicy:BucketPolicy", "S3 bucket policy"],
        ["aws:kms/key:Key", "KMS key"],
        ["aws:sqs/queuePolicy:QueuePolicy", "SQS queue policy"],
        ["aws:sns/topicPolicy:TopicPolicy", "SNS topic policy"],
        ["aws:ecr/repositoryPolicy:RepositoryPolicy", "ECR repository policy"],
    ]) {
        it(`checks the resource policy of ${type}, object form`, async () => {
            const messages = await violations(
                policy,
                type,
                {
                    policy: trust({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "*",
                    }),
                },
                {},
                "r",
            );
            assert.deepStrictEqual(messages.length, 1);
            assert.ok(
                messages[0].startsWith(`${label} "r": policy statement 0 has Principal "*"`),
                messages[0],
            );
        });
    }

    it("reports a malformed trust policy", async () => {
        assert.match((await onRole("not json"))[0], /assumeRolePolicy is not valid JSON/);
    });

    describe('Principal "*" judged by what narrows it', () => {
        const queue = "arn:aws:sqs:us-east-1:111122223333:orders";
        const open = (Condition?: Record<string, unknown>) => ({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: "*",
                    Action: "sqs:SendMessage",
                    Resource: queue,
                    ...(Condition ? { Condition } : {}),
                },
            ],
        });
        const both = async (type: string, props: Record<string, unknown>, name = "q") => ({
            mandatory: await violations(policy, type, props, {}, name),
            advisory: await violations(advisoryPolicy, type, props, {}, name),
        });
        const onQueue = (Condition?: Record<string, unknown>) =>
            both("aws:sqs/queuePolicy:QueuePolicy", { policy: JSON.stringify(open(Condition)) });
        const fix =
            "name the account, role or service principals that need access, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceAccount that names them.";
        const passes = { mandatory: [], advisory: [] };

        it("passes with aws:PrincipalOrgID naming one organisation", async () => {
            assert.deepStrictEqual(
                await onQueue({ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
                passes,
            );
        });

        it('reports StringLike aws:PrincipalOrgID "*", which names no organisation', async () => {
            assert.deepStrictEqual(await onQueue({ StringLike: { "aws:PrincipalOrgID": "*" } }), {
                mandatory: [
                    `SQS queue policy "q": policy statement 0 has Principal "*", which allows anyone (StringLike aws:PrincipalOrgID ("*") does not name the callers): ${fix}`,
                ],
                advisory: [],
            });
        });

        it("passes with aws:PrincipalAccount naming accounts", async () => {
            assert.deepStrictEqual(
                await onQueue({
                    StringEquals: { "aws:PrincipalAccount": ["111122223333", "444455556666"] },
                }),
                passes,
            );
        });

        it("passes with aws:PrincipalOrgPaths naming an organisation's OU (ForAnyValue)", async () => {
            assert.deepStrictEqual(
                await onQueue({
                    "ForAnyValue:StringLike": {
                        "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*",
                    },
                }),
                passes,
            );
        });

        it("reports ForAllValues on aws:PrincipalOrgPaths, true when the key is absent", async () => {
            const { mandatory } = await onQueue({
                "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*" },
            });
            assert.strictEqual(mandatory.length, 1);
        });

        it("passes the SQS Developer Guide's SNS example: ArnEquals aws:SourceArn on the topic", async () => {
            // SQS Developer Guide, "Basic examples of Amazon SQS policies": allow an SNS topic
            // to send messages, Principal "*" narrowed by the topic's ARN.
            assert.deepStrictEqual(
                await onQueue({
                    ArnEquals: {
                        "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:orders-topic",
                    },
                }),
                passes,
            );
        });

        it("passes aws:SourceAccount naming an account, reports it with a wildcard ARN for aws:SourceArn", async () => {
            assert.deepStrictEqual(
                await onQueue({ StringEquals: { "aws:SourceAccount": "111122223333" } }),
                passes,
            );
            assert.strictEqual(
                (await onQueue({ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } })).mandatory
                    .length,
                1,
            );
        });

        it("reports IfExists and negated operators, which pass requests without the key", async () => {
            for (const Condition of [
                { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
                { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
            ]) {
                assert.strictEqual((await onQueue(Condition)).mandatory.length, 1);
            }
        });

        it("is advisory, with the exact text, when only aws:SourceVpce narrows it", async () => {
            assert.deepStrictEqual(
                await onQueue({ StringEquals: { "aws:SourceVpce": "vpce-1a2b" } }),
                {
                    mandatory: [],
                    advisory: [
                        'SQS queue policy "q": policy statement 0 has Principal "*", narrowed only by aws:SourceVpce ("vpce-1a2b"): anyone whose requests come through that endpoint, from any account, is allowed: add aws:PrincipalOrgID or aws:PrincipalAccount, or name the principals.',
                    ],
                },
            );
        });

        it("reports a role trust narrowed only by aws:SourceVpce: its credentials leave the network", async () => {
            const doc = trust({
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b" } },
            });
            assert.deepStrictEqual(
                await both("aws:iam/role:Role", { assumeRolePolicy: JSON.stringify(doc) }, "app"),
                {
                    mandatory: [
                        `IAM role "app": assumeRolePolicy statement 0 has AWS principal "*", which allows anyone (aws:SourceVpce ("vpce-1a2b") does not name the callers): ${fix}`,
                    ],
                    advisory: [],
                },
            );
        });

        it("passes aws:SourceVpce with aws:PrincipalOrgID", async () => {
            assert.deepStrictEqual(
                await onQueue({
                    StringEquals: {
                        "aws:SourceVpce": "vpce-1a2b",
                        "aws:PrincipalOrgID": "o-a1b2c3d4e5",
                    },
                }),
                passes,
            );
        });

        it("reports aws:SourceIp alone: a network address does not name the callers", async () => {
            assert.deepStrictEqual(
                await onQueue({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }),
                {
                    mandatory: [
                        `SQS queue policy "q": policy statement 0 has Principal "*", which allows anyone: ${fix}`,
                    ],
                    advisory: [],
                },
            );
        });

        it("reports NotPrincipal whatever the Condition", async () => {
            const doc = {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
                        Action: "sqs:SendMessage",
                        Resource: queue,
                        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
                    },
                ],
            };
            assert.deepStrictEqual(
                await both("aws:sqs/queuePolicy:QueuePolicy", { policy: JSON.stringify(doc) }),
                {
                    mandatory: [
                        'SQS queue policy "q": policy statement 0 uses NotPrincipal, which allows every principal not listed: replace NotPrincipal with a Principal naming the account, role or service principals that need access.',
                    ],
                    advisory: [],
                },
            );
        });

        it("judges a role's trust policy the same way", async () => {
            assert.deepStrictEqual(
                await onRole(
                    trust({
                        ...good,
                        Principal: { AWS: "*" },
                        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
                    }),
                ),
                [],
            );
        });
    });

    describe("permissions written as fields", () => {
        const fix =
            "name the account, role or service principals that need access, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceAccount that names them.";
        const lambda = (props: Record<string, unknown>) =>
            violations(
                policy,
                "aws:lambda/permission:Permission",
                { action: "lambda:InvokeFunction", function: "fn", ...props },
                {},
                "invoke",
            );

        it('reports lambda.Permission principal "*"', async () => {
            assert.deepStrictEqual(await lambda({ principal: "*" }), [
                `Lambda permission "invoke" has Principal "*", which allows anyone: ${fix}`,
            ]);
        });

        it('passes lambda.Permission principal "*" with a sourceArn or sourceAccount', async () => {
            assert.deepStrictEqual(
                await lambda({
                    principal: "*",
                    sourceArn: "arn:aws:execute-api:us-east-1:111122223333:abc123/*",
                }),
                [],
            );
            assert.deepStrictEqual(
                await lambda({ principal: "*", sourceAccount: "111122223333" }),
                [],
            );
        });

        it("passes lambda.Permission for a service principal", async () => {
            assert.deepStrictEqual(
                await lambda({
                    principal: "s3.amazonaws.com",
                    sourceArn: "arn:aws:s3:::uploads",
                }),
                [],
            );
        });

        it('reports lambda.Permission principal "*" with functionUrlAuthType "NONE", whatever else', async () => {
            assert.deepStrictEqual(
                await lambda({
                    principal: "*",
                    action: "lambda:InvokeFunctionUrl",
                    functionUrlAuthType: "NONE",
                    principalOrgId: "o-a1b2c3d4e5",
                }),
                [
                    'Lambda permission "invoke" has Principal "*" with lambda:FunctionUrlAuthType "NONE", which makes the function URL public: anyone on the internet can invoke it: use the function URL auth type AWS_IAM and name the principals that need access, or put the function behind an authenticating front (API Gateway, CloudFront with origin access control).',
                ],
            );
        });

        it("passes a lambda.LayerVersionPermission to an organisation, reports it to everyone", async () => {
            const layer = (props: Record<string, unknown>) =>
                violations(
                    policy,
                    "aws:lambda/layerVersionPermission:LayerVersionPermission",
                    { action: "lambda:GetLayerVersion", layerName: "l", ...props },
                    {},
                    "share",
                );
            assert.deepStrictEqual(
                await layer({ principal: "*", organizationId: "o-a1b2c3d4e5" }),
                [],
            );
            assert.deepStrictEqual(await layer({ principal: "*" }), [
                `Lambda layer permission "share" has Principal "*", which allows anyone: ${fix}`,
            ]);
        });

        it('passes an EventPermission principal "*" with condition {key: "aws:PrincipalOrgID"}', async () => {
            const event = (props: Record<string, unknown>) =>
                violations(
                    policy,
                    "aws:cloudwatch/eventPermission:EventPermission",
                    props,
                    {},
                    "bus",
                );
            assert.deepStrictEqual(
                await event({
                    principal: "*",
                    statementId: "org",
                    condition: {
                        key: "aws:PrincipalOrgID",
                        type: "StringEquals",
                        value: "o-a1b2c3d4e5",
                    },
                }),
                [],
            );
            assert.deepStrictEqual(await event({ principal: "*", statementId: "all" }), [
                `EventBridge permission "bus" has Principal "*", which allows anyone: ${fix}`,
            ]);
            assert.deepStrictEqual(
                await event({ principal: "111122223333", statementId: "one" }),
                [],
            );
        });
    });
});
