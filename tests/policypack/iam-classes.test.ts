// The judgement's whole matrix, one small document per cell: access level by resource
// breadth, with no Condition and with one that scopes the statement. The README's table
// "What iam-no-wildcard-permissions judges" is this matrix.
import * as assert from "assert";
import { iamNoWildcardPermissions } from "../../policypack/policies/iam-no-wildcard-permissions";
import { iamTypeWideWrite } from "../../policypack/policies/iam-type-wide-write";
import { violations } from "./check";

type Verdict = "mandatory" | "advisory" | "pass";

/** One action per class, with an ARN of each breadth its resource type allows. */
const classes: {
    name: string;
    action: string;
    all: string;
    typeWide: string;
    scoped: string;
    expect: [Verdict, Verdict, Verdict];
}[] = [
    {
        name: "Permissions management (iam:PutRolePolicy)",
        action: "iam:PutRolePolicy",
        all: "*",
        typeWide: "arn:aws:iam::123456789012:role/*",
        scoped: "arn:aws:iam::123456789012:role/app-*",
        expect: ["mandatory", "mandatory", "pass"],
    },
    {
        name: "iam:PassRole (Write in the reference, judged as Permissions management)",
        action: "iam:PassRole",
        all: "arn:aws-us-gov:iam::*:*",
        typeWide: "arn:aws-us-gov:iam::123456789012:role/*",
        scoped: "arn:aws-us-gov:iam::123456789012:role/karpenter-node",
        expect: ["mandatory", "mandatory", "pass"],
    },
    {
        name: "Write (ec2:TerminateInstances)",
        action: "ec2:TerminateInstances",
        all: "arn:aws:ec2:*:*:*",
        typeWide: "arn:aws:ec2:*:*:instance/*",
        scoped: "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
        expect: ["mandatory", "advisory", "pass"],
    },
    {
        name: "Tagging (elasticloadbalancing:AddTags)",
        action: "elasticloadbalancing:AddTags",
        all: "*",
        typeWide: "arn:aws:elasticloadbalancing:*:*:loadbalancer/*",
        scoped: "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/k8s-web/*",
        expect: ["mandatory", "advisory", "pass"],
    },
    {
        name: "Write, wildcard-only (ec2:CreateDefaultVpc)",
        action: "ec2:CreateDefaultVpc",
        all: "*",
        typeWide: "*",
        scoped: "*",
        expect: ["pass", "pass", "pass"],
    },
    {
        name: "Read, data-reading (secretsmanager:GetSecretValue)",
        action: "secretsmanager:GetSecretValue",
        all: "*",
        typeWide: "arn:aws-cn:secretsmanager:*:*:secret:*",
        scoped: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:app/db-*",
        expect: ["mandatory", "mandatory", "pass"],
    },
    {
        name: "Write, data-reading (kms:Decrypt)",
        action: "kms:Decrypt",
        all: "*",
        typeWide: "arn:aws:kms:*:*:key/*",
        scoped: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        expect: ["mandatory", "mandatory", "pass"],
    },
    {
        name: "credential injection (iam:CreateAccessKey)",
        action: "iam:CreateAccessKey",
        all: "*",
        typeWide: "arn:aws:iam::123456789012:user/*",
        scoped: "arn:aws:iam::123456789012:user/ci-bot",
        expect: ["mandatory", "mandatory", "pass"],
    },
    {
        name: "code injection (lambda:UpdateFunctionCode)",
        action: "lambda:UpdateFunctionCode",
        all: "*",
        typeWide: "arn:aws:lambda:*:*:function:*",
        scoped: "arn:aws:lambda:us-east-1:123456789012:function:app-api",
        expect: ["mandatory", "mandatory", "pass"],
    },
    {
        name: "read-equivalent write (ecr:BatchImportUpstreamImage)",
        action: "ecr:BatchImportUpstreamImage",
        all: "*",
        typeWide: "arn:aws:ecr:*:*:repository/*",
        scoped: "arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/nginx",
        expect: ["pass", "pass", "pass"],
    },
    {
        name: "Read (iam:GetInstanceProfile)",
        action: "iam:GetInstanceProfile",
        all: "*",
        typeWide: "arn:aws:iam::123456789012:instance-profile/*",
        scoped: "arn:aws:iam::123456789012:instance-profile/eks-node",
        expect: ["pass", "pass", "pass"],
    },
    {
        name: "List (elasticfilesystem:DescribeFileSystems)",
        action: "elasticfilesystem:DescribeFileSystems",
        all: "*",
        typeWide: "arn:aws:elasticfilesystem:*:*:file-system/*",
        scoped: "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1",
        expect: ["pass", "pass", "pass"],
    },
];

async function verdict(statement: Record<string, unknown>): Promise<Verdict> {
    const props = { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) };
    if ((await violations(iamNoWildcardPermissions, "aws:iam/policy:Policy", props)).length > 0) {
        return "mandatory";
    }
    return (await violations(iamTypeWideWrite, "aws:iam/policy:Policy", props)).length > 0
        ? "advisory"
        : "pass";
}

describe("IAM judgement matrix: access level by resource breadth", () => {
    for (const c of classes) {
        it(`${c.name}: all ${c.expect[0]}, type-wide ${c.expect[1]}, scoped ${c.expect[2]}; with a scoping Condition, pass`, async () => {
            const got: Verdict[] = [];
            for (const resource of [c.all, c.typeWide, c.scoped]) {
                got.push(await verdict({ Effect: "Allow", Action: c.action, Resource: resource }));
                assert.strictEqual(
                    await verdict({
                        Effect: "Allow",
                        Action: c.action,
                        Resource: resource,
                        Condition: { StringEquals: { "aws:ResourceTag/owner": "team-a" } },
                    }),
                    "pass",
                    `${c.action} on ${resource} with a tag condition`,
                );
            }
            assert.deepStrictEqual(got, c.expect);
        });
    }
});
