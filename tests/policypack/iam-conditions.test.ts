// The condition judgement of policypack/lib/iam-conditions.ts, one case per row of the tables
// in iam-condition-table.ts (docs/iam-judgement.md §3.2 accepted, §3.3 rejected), judged per action.
import * as assert from "assert";
import { scopingKeys } from "../../policypack/lib/iam-condition-table";
import { conditionVerdictOf, connection } from "./iam-fixtures";

/** `undefined` when the Condition scopes `action`; else the rejections it names. */
function judge(action: string, condition: Record<string, unknown>): string[] | undefined {
    const verdict = conditionVerdictOf(action, condition);
    return verdict.scopes ? undefined : verdict.rejected;
}

const policy = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const accessPolicy = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;
const notScoping = "it is not one of the keys that narrow which resources a statement reaches";

describe("IAM conditions that scope (per action)", () => {
    // [row, action, Condition, undefined = scopes | the rejections named]
    const cases: [string, string, Record<string, unknown>, string[] | undefined][] = [
        // Row 1: a service key the action never has grants it nothing.
        [
            "1 absent key",
            "ec2:DeleteSnapshot",
            { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
            undefined,
        ],
        [
            "1 absent key, Null false",
            "ec2:DeleteSnapshot",
            { Null: { "eks:clusterName": "false" } },
            undefined,
        ],
        [
            "1 absent key, ForAllValues",
            "ec2:DeleteSnapshot",
            { "ForAllValues:StringEquals": { "eks:namespaces": ["team-a"] } },
            [
                "eks:namespaces does not scope: ForAllValues is true when the key is absent, and ec2:DeleteSnapshot never has it",
            ],
        ],
        // Row 2: tags on the resource, presence included.
        [
            "2 tag value",
            "ec2:DeleteVolume",
            { StringEquals: { "aws:ResourceTag/team": "a" } },
            undefined,
        ],
        [
            "2 tag presence",
            "ec2:DeleteVolume",
            { StringLike: { "ec2:ResourceTag/CSIVolumeName": "*" } },
            undefined,
        ],
        [
            "2 tag presence by Null",
            "ec2:DeleteVolume",
            { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } },
            undefined,
        ],
        [
            "2 tag, ForAnyValue",
            "ec2:CreateNetworkInterfacePermission",
            {
                "ForAnyValue:StringEquals": {
                    "ec2:ResourceTag/eks:eni:owner": "eks-vpc-resource-controller",
                },
            },
            undefined,
        ],
        [
            "managed resource operator",
            "ec2:TerminateInstances",
            { StringEquals: { "ec2:ManagedResourceOperator": ["eks.amazonaws.com"] } },
            undefined,
        ],
        [
            "managed resource operator, a pattern",
            "ec2:TerminateInstances",
            { StringLike: { "ec2:ManagedResourceOperator": "eks.*" } },
            [
                "ec2:ManagedResourceOperator does not scope: StringLike is not an operator with which ec2:ManagedResourceOperator scopes (stringequals)",
            ],
        ],
        [
            "metric namespace",
            "cloudwatch:PutMetricData",
            { StringLike: { "cloudwatch:namespace": "AWS/EKS" } },
            undefined,
        ],
        [
            "3 request tag",
            "ec2:CreateVolume",
            { StringEquals: { "aws:RequestTag/team": "a" } },
            undefined,
        ],
        [
            "4 tag keys, ForAnyValue",
            "ec2:CreateVolume",
            { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } },
            undefined,
        ],
        [
            "4 tag keys, ForAllValues alone",
            "ec2:CreateVolume",
            { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
            [
                "aws:TagKeys does not scope: ForAllValues is true when the key is absent: also require it (Null false)",
            ],
        ],
        [
            "4 tag keys, ForAllValues with Null false",
            "ec2:CreateVolume",
            {
                "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] },
                Null: { "aws:TagKeys": "false" },
            },
            undefined,
        ],
        // Tagging actions reach resources that already exist: the tags they write scope nothing,
        // else re-tagging any resource walks into statements scoped by aws:ResourceTag.
        [
            "3/4 request tag and tag keys on a Tagging action",
            "secretsmanager:TagResource",
            {
                "ForAllValues:StringEquals": { "aws:TagKeys": ["owner"] },
                Null: { "aws:TagKeys": "false" },
                StringEquals: { "aws:RequestTag/owner": "me" },
            },
            [
                "aws:TagKeys does not scope: secretsmanager:TagResource tags resources that already exist, so the tags it writes do not narrow which of them it reaches",
                "aws:TagKeys does not scope: secretsmanager:TagResource tags resources that already exist, so the tags it writes do not narrow which of them it reaches",
                "aws:RequestTag/owner does not scope: secretsmanager:TagResource tags resources that already exist, so the tags it writes do not narrow which of them it reaches",
            ],
        ],
        [
            "3/4 tag keys on ec2:CreateTags",
            "ec2:CreateTags",
            { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } },
            [
                "aws:TagKeys does not scope: ec2:CreateTags tags resources that already exist, so the tags it writes do not narrow which of them it reaches",
            ],
        ],
        [
            "5 create action",
            "ec2:CreateTags",
            { StringEquals: { "ec2:CreateAction": "CreateVolume" } },
            undefined,
        ],
        [
            "5 create action, any",
            "ec2:CreateTags",
            { StringLike: { "ec2:CreateAction": "*" } },
            ['ec2:CreateAction does not scope: "*" matches every value'],
        ],
        [
            "6 permissions boundary",
            "iam:CreateRole",
            {
                StringEquals: {
                    "iam:PermissionsBoundary": "arn:aws:iam::123456789012:policy/boundary",
                },
            },
            undefined,
        ],
        [
            "6 permissions boundary that is an admin policy",
            "iam:CreateRole",
            { StringEquals: { "iam:PermissionsBoundary": policy("AdministratorAccess") } },
            [
                'iam:PermissionsBoundary does not scope: "arn:aws:iam::aws:policy/AdministratorAccess" admits AdministratorAccess',
            ],
        ],
        [
            "7 policy ARN",
            "iam:AttachRolePolicy",
            { ArnEquals: { "iam:PolicyARN": policy("ReadOnlyAccess") } },
            undefined,
        ],
        [
            "7 policy ARN, every AWS managed policy",
            "iam:AttachRolePolicy",
            { ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/*" } },
            [
                'iam:PolicyARN does not scope: "arn:aws:iam::aws:policy/*" admits every policy, an administrator\'s included',
            ],
        ],
        [
            "7 policy ARN, IAMFullAccess",
            "iam:AttachRolePolicy",
            { ArnEquals: { "iam:PolicyARN": [policy("ReadOnlyAccess"), policy("IAMFullAccess")] } },
            [
                'iam:PolicyARN does not scope: "arn:aws:iam::aws:policy/IAMFullAccess" admits IAMFullAccess',
            ],
        ],
        // AWS's own namespace is dense and grows: a 3-character prefix or a path of it admits
        // hundreds of managed policies (AmazonSSMFullAccess, ...) and tomorrow's.
        [
            "7 policy ARN, a prefix of AWS managed policy names",
            "iam:AttachRolePolicy",
            { ArnLike: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/Ama*"] } },
            [
                'iam:PolicyARN does not scope: "arn:aws:iam::aws:policy/Ama*" admits every AWS managed policy matching "Ama*", those AWS adds later included',
            ],
        ],
        [
            "7 policy ARN, an AWS managed path, account wildcarded",
            "iam:AttachRolePolicy",
            { ArnLike: { "iam:PolicyARN": "arn:aws:iam::*:policy/service-role/*" } },
            [
                'iam:PolicyARN does not scope: "arn:aws:iam::*:policy/service-role/*" admits every AWS managed policy matching "service-role/*", those AWS adds later included',
            ],
        ],
        [
            "7 policy ARN, the account's own policies by prefix",
            "iam:AttachRolePolicy",
            { ArnLike: { "iam:PolicyARN": "arn:aws:iam::123456789012:policy/app-*" } },
            undefined,
        ],
        [
            "7 policy ARN, AdministratorAccess-Amplify",
            "iam:AttachRolePolicy",
            { ArnEquals: { "iam:PolicyARN": policy("AdministratorAccess-Amplify") } },
            [
                'iam:PolicyARN does not scope: "arn:aws:iam::aws:policy/AdministratorAccess-Amplify" admits AdministratorAccess-Amplify',
            ],
        ],
        [
            "7 policy ARN, AdministratorAccess in an ISO partition",
            "iam:AttachRolePolicy",
            { ArnEquals: { "iam:PolicyARN": "arn:aws-iso-b:iam::aws:policy/AdministratorAccess" } },
            [
                'iam:PolicyARN does not scope: "arn:aws-iso-b:iam::aws:policy/AdministratorAccess" admits AdministratorAccess',
            ],
        ],
        [
            "7 policy ARN, arn:*",
            "iam:AttachRolePolicy",
            { ArnLike: { "iam:PolicyARN": "arn:aws:*" } },
            ['iam:PolicyARN does not scope: "arn:aws:*" matches every value'],
        ],
        [
            "8 service-linked role",
            "iam:CreateServiceLinkedRole",
            { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
            undefined,
        ],
        [
            "8 service-linked role, a pattern",
            "iam:CreateServiceLinkedRole",
            { StringLike: { "iam:AWSServiceName": "*.amazonaws.com" } },
            ['iam:AWSServiceName does not scope: "*.amazonaws.com" is a pattern, not a name'],
        ],
        [
            "9 access policy, view",
            "eks:AssociateAccessPolicy",
            { ArnEquals: { "eks:policyArn": accessPolicy("AmazonEKSViewPolicy") } },
            undefined,
        ],
        [
            "9 access policy, cluster admin",
            "eks:AssociateAccessPolicy",
            { ArnEquals: { "eks:policyArn": accessPolicy("AmazonEKSClusterAdminPolicy") } },
            ["eks:policyArn does not scope: it admits AmazonEKSClusterAdminPolicy"],
        ],
        [
            "9 an access policy neither the guide nor the review lists",
            "eks:AssociateAccessPolicy",
            { ArnEquals: { "eks:policyArn": accessPolicy("AmazonEKSFutureAdminPolicy") } },
            [
                'eks:policyArn does not scope: it admits "AmazonEKSFutureAdminPolicy", an access policy the EKS User Guide does not list',
            ],
        ],
        [
            "9 AWS Backup's restore policy",
            "eks:AssociateAccessPolicy",
            { ArnEquals: { "eks:policyArn": accessPolicy("AWSBackupFullAccessPolicyForRestore") } },
            ["eks:policyArn does not scope: it admits AWSBackupFullAccessPolicyForRestore"],
        ],
        [
            "9 a reviewed unlisted access policy, named in full",
            "eks:AssociateAccessPolicy",
            {
                StringEquals: {
                    "eks:policyarn": accessPolicy(
                        "AmazonSagemakerHyperpodInferenceMonitoringPolicy",
                    ),
                },
            },
            undefined,
        ],
        [
            "9 access policy, a pattern of names",
            "eks:AssociateAccessPolicy",
            { ArnLike: { "eks:policyArn": accessPolicy("AmazonEKSView*") } },
            [
                'eks:policyArn does not scope: it admits access policies AWS adds under "AmazonEKSView*"',
            ],
        ],
        [
            "10 principal",
            "eks:CreateAccessEntry",
            { ArnEquals: { "eks:principalArn": "arn:aws:iam::123456789012:role/deployer" } },
            undefined,
        ],
        [
            "10 principal, every role",
            "eks:CreateAccessEntry",
            { ArnLike: { "eks:principalArn": "arn:aws:iam::*:role/*" } },
            [
                'eks:principalArn does not scope: "arn:aws:iam::*:role/*" matches every resource of its type',
            ],
        ],
        [
            "11 groups, with presence",
            "eks:CreateAccessEntry",
            {
                "ForAllValues:StringEquals": { "eks:kubernetesGroups": ["team-a"] },
                Null: { "eks:kubernetesGroups": "false" },
            },
            undefined,
        ],
        [
            "11 groups, system:",
            "eks:CreateAccessEntry",
            {
                "ForAllValues:StringLike": { "eks:kubernetesGroups": ["sys*"] },
                Null: { "eks:kubernetesGroups": "false" },
            },
            [
                'eks:kubernetesGroups does not scope: "sys*" admits a system: group',
                'eks:kubernetesGroups does not scope: Null "false" only requires the key, whatever its value',
            ],
        ],
        [
            "12 namespace scope",
            "eks:AssociateAccessPolicy",
            {
                StringEquals: { "eks:accessScope": "namespace" },
                "ForAllValues:StringEquals": { "eks:namespaces": ["team-a"] },
            },
            undefined,
        ],
        [
            "12 namespaces alone",
            "eks:AssociateAccessPolicy",
            { "ForAllValues:StringEquals": { "eks:namespaces": ["team-a"] } },
            [
                'eks:namespaces does not scope: it scopes only together with StringEquals eks:accessScope "namespace"',
            ],
        ],
        [
            "12 namespaces reaching kube-system",
            "eks:AssociateAccessPolicy",
            {
                StringEquals: { "eks:accessScope": "namespace" },
                "ForAllValues:StringLike": { "eks:namespaces": ["kube-*"] },
            },
            [
                `eks:accessScope does not scope: ${notScoping}`,
                "eks:namespaces does not scope: it admits namespace kube-system",
            ],
        ],
        [
            "13 username",
            "eks:CreateAccessEntry",
            { StringEquals: { "eks:username": "deployer" } },
            undefined,
        ],
        [
            "14 secret",
            "secretsmanager:GetSecretValue",
            {
                StringEquals: {
                    "secretsmanager:SecretId":
                        "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db",
                },
            },
            undefined,
        ],
        [
            "14 every secret",
            "secretsmanager:GetSecretValue",
            { ArnLike: { "secretsmanager:SecretId": "arn:aws:secretsmanager:*:*:secret:*" } },
            [
                'secretsmanager:SecretId does not scope: "arn:aws:secretsmanager:*:*:secret:*" matches every resource of its type',
            ],
        ],
        [
            "15 alias",
            "kms:Decrypt",
            { StringEquals: { "kms:RequestAlias": "alias/app" } },
            undefined,
        ],
        [
            "15 every alias",
            "kms:Decrypt",
            { StringLike: { "kms:RequestAlias": "alias/*" } },
            ['kms:RequestAlias does not scope: "alias/*" matches every alias'],
        ],
        [
            "16 encryption context",
            "kms:Decrypt",
            { StringEquals: { "kms:EncryptionContext:app": "billing" } },
            undefined,
        ],
        ["17 prefix", "s3:ListBucket", { StringLike: { "s3:prefix": "home/*" } }, undefined],
        [
            "18 leading keys (always present)",
            "dynamodb:GetItem",
            { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${aws:userid}"] } },
            undefined,
        ],
        [
            "19 record names (always present)",
            "route53:ChangeResourceRecordSets",
            {
                "ForAllValues:StringLike": {
                    "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"],
                },
            },
            undefined,
        ],
        // §3.3: keys present in the request that never scope.
        [
            "account",
            "s3:GetObject",
            { StringEquals: { "s3:ResourceAccount": "123456789012" } },
            [
                "s3:ResourceAccount does not scope: it reaches every resource of an account or organisation, whichever it names",
            ],
        ],
        [
            "organisation",
            "kms:Decrypt",
            { StringEquals: { "aws:ResourceOrgID": "o-abc" } },
            [
                "aws:ResourceOrgID does not scope: it reaches every resource of an account or organisation, whichever it names",
            ],
        ],
        [
            "caller",
            "kms:Decrypt",
            { StringEquals: { "kms:CallerAccount": "123456789012" } },
            ["kms:CallerAccount does not scope: it is about the caller, not the resources reached"],
        ],
        [
            "route",
            "kms:Decrypt",
            { StringEquals: { "aws:SourceAccount": "123456789012" } },
            [
                "aws:SourceAccount does not scope: it is the route of a service-to-service call, not the resources reached",
            ],
        ],
        [
            "via service",
            "kms:Decrypt",
            { StringEquals: { "kms:ViaService": "ec2.us-east-1.amazonaws.com" } },
            [
                "kms:ViaService does not scope: it says through which service the call comes, not which resources it reaches",
            ],
        ],
        [
            "passed to service",
            "iam:PassRole",
            { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
            [
                "iam:PassedToService does not scope: it says to which service or resource a role is passed, not which role",
            ],
        ],
        [
            "session",
            "sts:AssumeRole",
            { StringEquals: { "sts:ExternalId": "x" } },
            [`sts:ExternalId does not scope: ${connection}`],
        ],
        [
            "a present key not in the table",
            "ec2:DeleteVolume",
            { StringEquals: { "ec2:VolumeType": "gp3" } },
            [`ec2:VolumeType does not scope: ${notScoping}`],
        ],
        [
            "IfExists",
            "ec2:DeleteVolume",
            { StringEqualsIfExists: { "aws:ResourceTag/team": "a" } },
            [
                "aws:ResourceTag/team does not scope: StringEqualsIfExists passes requests without the key",
            ],
        ],
        [
            "an empty list",
            "ec2:DeleteVolume",
            { StringEquals: { "aws:ResourceTag/team": [] } },
            ["aws:ResourceTag/team does not scope: it lists no values"],
        ],
        [
            "a negated operator",
            "iam:AttachRolePolicy",
            { ArnNotEquals: { "iam:PolicyARN": policy("AdministratorAccess") } },
            [
                "iam:PolicyARN does not scope: ArnNotEquals is negated: it passes every request whose value differs",
            ],
        ],
        [
            "an operator the row does not accept",
            "eks:CreateAccessEntry",
            { StringLike: { "eks:principalArn": "arn:aws:iam::123456789012:role/deployer" } },
            [
                "eks:principalArn does not scope: StringLike is not an operator with which eks:principalArn scopes (arnequals, arnlike)",
            ],
        ],
    ];
    for (const [row, action, condition, expected] of cases) {
        it(`${row}: ${action} with ${JSON.stringify(condition)} ${expected ? "does not scope" : "scopes"}`, () => {
            assert.deepStrictEqual(judge(action, condition), expected);
        });
    }

    it("scopes when one entry of several does (IAM ANDs them)", () => {
        assert.strictEqual(
            judge("ec2:DeleteVolume", {
                Bool: { "aws:SecureTransport": "true" },
                StringEquals: { "aws:ResourceTag/team": "a" },
            }),
            undefined,
        );
    });

    it("judges the same key per action: iam:PassedToService scopes ec2:DeleteVolume, not iam:PassRole", () => {
        const condition = { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } };
        assert.strictEqual(judge("ec2:DeleteVolume", condition), undefined);
        assert.notStrictEqual(judge("iam:PassRole", condition), undefined);
    });

    it("has a reason for every accepted key", () => {
        for (const row of scopingKeys) {
            assert.ok(row.reason.length > 10, row.label);
        }
    });
});
