// iam-no-wildcard-permissions on what an action does: data reads, credential and code
// injection, and allow-lists that admit an administrator policy (policypack/lib/iam-grants.ts).
import * as assert from "assert";
import { dataReads } from "../../policypack/lib/iam-data-reads";
import { allow, fixAll, onPolicy, passFix } from "./iam-fixtures";

describe("iam-no-wildcard-permissions: data reads, injection, admin allow-lists", () => {
    // Data reads: mandatory on all and on every resource of a type, whatever their level.
    for (const [action, typeWide, named] of [
        ["s3:GetObject*", "arn:aws:s3:::ab*/*", "arn:aws:s3:::reports/*"],
        [
            "secretsmanager:GetSecretValue",
            "arn:aws:secretsmanager:*:*:secret:*",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-*",
        ],
        [
            "ssm:GetParameter*",
            "arn:aws:ssm:*:*:parameter/*",
            "arn:aws:ssm:us-east-1:123456789012:parameter/app/*",
        ],
        [
            "kms:Decrypt",
            "arn:aws:kms:*:*:key/*",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ],
        [
            "lambda:GetFunction",
            "arn:aws:lambda:*:*:function:*",
            "arn:aws:lambda:us-east-1:123456789012:function:app-api",
        ],
        [
            "ec2:GetPasswordData",
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890",
        ],
        [
            "dynamodb:PartiQLSelect",
            "arn:aws:dynamodb:*:*:table/*",
            "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
        ],
        [
            "logs:GetQueryResults",
            "arn:aws:logs:*:*:log-group:*",
            "arn:aws:logs:us-east-1:123456789012:log-group:app",
        ],
        [
            "glue:GetConnection",
            "arn:aws:glue:*:*:connection/*",
            "arn:aws:glue:us-east-1:123456789012:connection/orders-db",
        ],
    ] as const) {
        it(`reports the data-reading ${action} on all resources and on ${typeWide}, not on ${named}`, async () => {
            assert.ok(action.replace("*", "") in dataReads, action);
            for (const [resource, where] of [
                ["*", "all resources"],
                [typeWide, "every resource of a type"],
            ]) {
                const [message, ...rest] = await onPolicy(
                    allow({ Action: action, Resource: resource }),
                );
                assert.deepStrictEqual(rest, []);
                assert.ok(
                    message.includes(`grants data-reading actions ${action.replace("*", "")}`) &&
                        message.includes(
                            ` on ${where} (${JSON.stringify(resource)}), which reads every such object of the account: name the resources (`,
                        ),
                    message,
                );
            }
            assert.deepStrictEqual(await onPolicy(allow({ Action: action, Resource: named })), []);
        });
    }

    it("passes AWS's AmazonEC2ContainerRegistryPullOnly and External Secrets' BatchGetSecretValue on *", async () => {
        // zoph-io/MAMIP policies/AmazonEC2ContainerRegistryPullOnly @7e46c8f: ecr:BatchImportUpstreamImage
        // is Write in the reference, judged as Read; secretsmanager:BatchGetSecretValue is wildcard-only.
        assert.deepStrictEqual(
            await onPolicy(
                allow({
                    Action: [
                        "ecr:GetAuthorizationToken",
                        "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer",
                        "ecr:BatchImportUpstreamImage",
                        "secretsmanager:BatchGetSecretValue",
                    ],
                    Resource: "*",
                }),
            ),
            [],
        );
    });

    it("reports credential injection on every user (iam:CreateAccessKey on user/*)", async () => {
        assert.deepStrictEqual(
            await onPolicy(
                allow({ Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::*:user/*" }),
            ),
            [
                `IAM policy "deploy": policy statement 0 grants credential or code injection actions iam:CreateAccessKey (Write) on every resource of a type ("arn:aws:iam::*:user/*") with no Condition that scopes them: ${fixAll("arn:aws:iam::<Account>:user/<UserNameWithPath>")}`,
            ],
        );
    });

    // The injection walk-arounds, each mandatory with its exact message.
    for (const [action, resource, example] of [
        [
            "iam:UpdateLoginProfile",
            "arn:aws:iam::123456789012:user/*",
            "arn:aws:iam::<Account>:user/<UserNameWithPath>",
        ],
        [
            "lambda:UpdateFunctionCode",
            "arn:aws:lambda:*:*:function:*",
            "arn:aws:lambda:<Region>:<Account>:function:<FunctionName>",
        ],
        [
            "ssm:SendCommand",
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ssm:<Region>:<Account>:document/<DocumentName>",
        ],
        // Review (issue 17): CloudFormation runs a change set or stack set with its role, no
        // iam:PassRole needed; a batch build and a Studio URL run as their project and profile.
        [
            "cloudformation:ExecuteChangeSet",
            "arn:aws:cloudformation:*:*:stack/*",
            "arn:aws:cloudformation:<Region>:<Account>:stack/<StackName>/<Id>",
        ],
        [
            "cloudformation:UpdateStackSet",
            "arn:aws:cloudformation:*:*:stackset/*",
            "arn:aws:cloudformation:<Region>:<Account>:stackset/<StackSetName>:<Id>",
        ],
        [
            "codebuild:StartBuildBatch",
            "arn:aws:codebuild:*:*:project/*",
            "arn:aws:codebuild:<Region>:<Account>:project/<ProjectName>",
        ],
        [
            "sagemaker:CreatePresignedDomainUrl",
            "arn:aws:sagemaker:*:*:user-profile/*/*",
            "arn:aws:sagemaker:<Region>:<Account>:user-profile/<DomainId>/<UserProfileName>",
        ],
    ] as const) {
        it(`reports ${action} on ${resource} as credential or code injection`, async () => {
            assert.deepStrictEqual(await onPolicy(allow({ Action: action, Resource: resource })), [
                `IAM policy "deploy": policy statement 0 grants credential or code injection actions ${action} (Write) on every resource of a type ("${resource}") with no Condition that scopes them: ${fixAll(example)}`,
            ]);
        });
    }

    it("passes ssm:SendCommand of one document on one named instance", async () => {
        assert.deepStrictEqual(
            await onPolicy(
                allow({
                    Action: "ssm:SendCommand",
                    Resource: [
                        "arn:aws:ssm:us-east-1::document/AWS-RunShellScript",
                        "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890",
                    ],
                }),
            ),
            [],
        );
    });

    // Allow-lists that admit an administrator policy do not scope.
    for (const [condition, rejection] of [
        [{ ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } }, null],
        [
            { ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/*" } },
            'iam:PolicyARN does not scope: "arn:aws:iam::aws:policy/*" admits every policy, an administrator\'s included',
        ],
        [
            { ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } },
            'iam:PolicyARN does not scope: "arn:aws:iam::aws:policy/AdministratorAccess" admits AdministratorAccess',
        ],
    ] as const) {
        it(`${rejection === null ? "passes" : "reports"} iam:AttachRolePolicy on role/* with ${JSON.stringify(condition)}`, async () => {
            const messages = await onPolicy(
                allow({
                    Action: "iam:AttachRolePolicy",
                    Resource: "arn:aws:iam::123456789012:role/*",
                    Condition: condition,
                }),
            );
            assert.deepStrictEqual(
                messages,
                rejection === null
                    ? []
                    : [
                          `IAM policy "deploy": policy statement 0 grants Permissions management actions iam:AttachRolePolicy (Permissions management, Write) on every resource of a type ("arn:aws:iam::123456789012:role/*") with no Condition that scopes them: ${passFix} (${rejection}).`,
                      ],
            );
        });
    }

    it('reports iam:PassRole on * with StringLike iam:PassedToService "*"', async () => {
        assert.deepStrictEqual(
            await onPolicy(
                allow({
                    Action: "iam:PassRole",
                    Resource: "*",
                    Condition: { StringLike: { "iam:PassedToService": "*" } },
                }),
            ),
            [
                `IAM policy "deploy": policy statement 0 grants Permissions management actions iam:PassRole (Write) on all resources ("*") with no Condition that scopes them: ${passFix} (iam:PassedToService does not scope: it says to which service or resource a role is passed, not which role).`,
            ],
        );
    });
});
