import * as assert from "assert";
import { iamNoAdminManagedPolicies as policy } from "../../policypack/policies/iam-no-admin-managed-policies";
import { violations } from "./check";

const attach = (
    policyArn: unknown,
    type = "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    config = {},
) => violations(policy, type, { role: "app", policyArn }, config, "app-admin");

describe("iam-no-admin-managed-policies", () => {
    it("passes a scoped AWS-managed policy", async () => {
        assert.deepStrictEqual(await attach("arn:aws:iam::aws:policy/ReadOnlyAccess"), []);
    });

    it("reports AdministratorAccess, naming the resource, the field and the fix", async () => {
        assert.deepStrictEqual(await attach("arn:aws:iam::aws:policy/AdministratorAccess"), [
            'IAM role policy attachment "app-admin": policyArn attaches the AWS-managed AdministratorAccess policy ("arn:aws:iam::aws:policy/AdministratorAccess"), which is administrator-equivalent: attach a policy that grants only the actions needed.',
        ]);
    });

    for (const arn of [
        "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
        "arn:aws-cn:iam::aws:policy/IAMFullAccess",
        "arn:aws:iam::aws:policy/AdministratorAccess-Amplify",
    ]) {
        it(`reports ${arn} in its partition`, async () => {
            assert.strictEqual((await attach(arn)).length, 1);
        });
    }

    it("passes a customer policy that shares the name", async () => {
        assert.deepStrictEqual(
            await attach("arn:aws:iam::123456789012:policy/AdministratorAccess"),
            [],
        );
    });

    for (const type of [
        "aws:iam/policyAttachment:PolicyAttachment",
        "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    ]) {
        it(`checks ${type}`, async () => {
            assert.strictEqual(
                (await attach("arn:aws:iam::aws:policy/IAMFullAccess", type)).length,
                1,
            );
        });
    }

    it("checks Role.managedPolicyArns by index", async () => {
        const messages = await violations(policy, "aws:iam/role:Role", {
            managedPolicyArns: [
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/AdministratorAccess",
            ],
        });
        assert.strictEqual(messages.length, 1);
        assert.match(
            messages[0],
            /managedPolicyArns\[1\] attaches the AWS-managed AdministratorAccess/,
        );
    });

    it("uses the configured denied list", async () => {
        assert.strictEqual(
            (
                await attach("arn:aws:iam::aws:policy/PowerUserAccess", undefined, {
                    deniedPolicies: ["PowerUserAccess"],
                })
            ).length,
            1,
        );
        assert.deepStrictEqual(
            await attach("arn:aws:iam::aws:policy/AdministratorAccess", undefined, {
                deniedPolicies: ["PowerUserAccess"],
            }),
            [],
        );
    });

    describe("the name is the last segment of an ARN in AWS's own account, whatever the path", () => {
        it("reports a denied policy published under a path", async () => {
            assert.deepStrictEqual(
                await attach(
                    "arn:aws:iam::aws:policy/job-function/NetworkAdministrator",
                    undefined,
                    {
                        deniedPolicies: ["NetworkAdministrator"],
                    },
                ),
                [
                    'IAM role policy attachment "app-admin": policyArn attaches the AWS-managed NetworkAdministrator policy ("arn:aws:iam::aws:policy/job-function/NetworkAdministrator"), which is administrator-equivalent: attach a policy that grants only the actions needed.',
                ],
            );
        });

        it("passes a customer policy whose path spells an AWS-managed ARN", async () => {
            // A path may hold any printable ASCII character, ":" included (IAM API Reference,
            // CreatePolicy, Path), so this is account 123456789012's policy.
            assert.deepStrictEqual(
                await attach(
                    "arn:aws:iam::123456789012:policy/arn:aws:iam::aws:policy/AdministratorAccess",
                ),
                [],
            );
        });

        it("passes an ARN that ends in a path: it names no policy", async () => {
            assert.deepStrictEqual(
                await attach("arn:aws:iam::aws:policy/AdministratorAccess/"),
                [],
            );
        });
    });

    it("does not throw on a policyArn that is not a string", async () => {
        assert.deepStrictEqual(await attach({ arn: 1 }), []);
    });
});

describe("iam-no-admin-managed-policies on exclusive and Identity Center attachments", () => {
    const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    for (const [type, label] of [
        [
            "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
            "IAM role policy attachments",
        ],
        [
            "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
            "IAM user policy attachments",
        ],
        [
            "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
            "IAM group policy attachments",
        ],
    ]) {
        it(`reads policyArns of ${type}`, async () => {
            assert.deepStrictEqual(
                await violations(
                    policy,
                    type,
                    { policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", admin] },
                    {},
                    "ops",
                ),
                [
                    `${label} "ops": policyArns[1] attaches the AWS-managed AdministratorAccess policy ("${admin}"), which is administrator-equivalent: attach a policy that grants only the actions needed.`,
                ],
            );
        });
    }

    it("reads managedPolicyArn of an IAM Identity Center permission set attachment", async () => {
        const [message] = await violations(
            policy,
            "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
            { managedPolicyArn: "arn:aws:iam::aws:policy/IAMFullAccess" },
            {},
            "admins",
        );
        assert.match(
            message,
            /^IAM Identity Center permission set policy attachment "admins": managedPolicyArn attaches the AWS-managed IAMFullAccess policy/,
        );
    });
});
