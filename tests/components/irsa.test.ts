import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IrsaRole, IrsaRoleArgs, issuerHost } from "../../components/irsa";
import { MockedResource } from "../../preflight/mocks";
import { itRefuses, json, ofType, one, RefusalCase, refusal, underMocks } from "../harness";

const providerArn =
    "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123";
const issuer = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC123";
const host = "oidc.eks.us-east-1.amazonaws.com/id/ABC123";

function base(extra: Partial<IrsaRoleArgs> = {}): IrsaRoleArgs {
    return {
        oidcProviderArn: providerArn,
        oidcIssuerUrl: issuer,
        namespace: "payments",
        serviceAccountName: "api",
        ...extra,
    };
}

function build(extra: Partial<IrsaRoleArgs> = {}) {
    return underMocks(() => new IrsaRole("api", base(extra)));
}

describe("IrsaRole", () => {
    describe("trust policy", () => {
        it("lets only system:serviceaccount:<namespace>:<name> assume the role, only through STS", async () => {
            const resources = await build();
            const trust = json(one(resources, "aws:iam/role:Role").inputs.assumeRolePolicy);
            assert.strictEqual(trust.Statement.length, 1);
            const [statement] = trust.Statement;
            assert.deepStrictEqual(statement.Principal, { Federated: providerArn });
            assert.strictEqual(statement.Effect, "Allow");
            assert.strictEqual(statement.Action, "sts:AssumeRoleWithWebIdentity");
            assert.deepStrictEqual(statement.Condition, {
                StringEquals: {
                    [`${host}:sub`]: "system:serviceaccount:payments:api",
                    [`${host}:aud`]: "sts.amazonaws.com",
                },
            });
        });

        it("accepts the issuer without https:// and gives the same condition keys", async () => {
            const withScheme = json(
                one(await build(), "aws:iam/role:Role").inputs.assumeRolePolicy,
            );
            const without = json(
                one(await build({ oidcIssuerUrl: host }), "aws:iam/role:Role").inputs
                    .assumeRolePolicy,
            );
            assert.deepStrictEqual(without, withScheme);
            assert.strictEqual(issuerHost("https://example.com/id/X/"), "example.com/id/X");
        });
    });

    describe("permissions", () => {
        it("creates only the role when no permission is given", async () => {
            const resources = await build();
            assert.deepStrictEqual(
                resources.map((r) => r.type),
                ["hardened-eks:index:IrsaRole", "aws:iam/role:Role"],
            );
        });

        it("grants s3Access read on the bucket and its objects only", async () => {
            const resources = await build({
                s3Access: [{ bucketArn: "arn:aws:s3:::reports", access: "read" }],
            });
            const policy = json(one(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
            assert.deepStrictEqual(policy.Statement, [
                {
                    Sid: "S3Bucket0",
                    Effect: "Allow",
                    Action: ["s3:ListBucket", "s3:GetBucketLocation"],
                    Resource: ["arn:aws:s3:::reports"],
                },
                {
                    Sid: "S3Objects0",
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:GetObjectVersion"],
                    Resource: ["arn:aws:s3:::reports/*"],
                },
            ]);
        });

        it("grants s3Access read-write put and delete on objects, never bucket administration", async () => {
            const resources = await build({
                s3Access: [{ bucketArn: "arn:aws:s3:::uploads", access: "read-write" }],
            });
            const [bucket, objects] = json(
                one(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy,
            ).Statement;
            assert.deepStrictEqual(bucket.Resource, ["arn:aws:s3:::uploads"]);
            assert.ok(
                !bucket.Action.some((a: string) => /Put|Delete/.test(a)),
                bucket.Action.join(),
            );
            assert.deepStrictEqual(objects.Resource, ["arn:aws:s3:::uploads/*"]);
            assert.ok(
                objects.Action.includes("s3:PutObject") &&
                    objects.Action.includes("s3:DeleteObject"),
            );
        });

        it("combines policyStatements, s3Access and managedPolicyArns", async () => {
            const resources = await build({
                policyStatements: [
                    {
                        sid: "Queue",
                        actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                        resources: ["arn:aws:sqs:us-east-1:123456789012:jobs"],
                        conditions: [
                            { test: "Bool", variable: "aws:SecureTransport", values: ["true"] },
                        ],
                    },
                    { actions: ["ec2:DescribeInstances"], resources: ["*"] },
                ],
                s3Access: [{ bucketArn: "arn:aws:s3:::reports", access: "read" }],
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"],
            });
            const statements = json(
                one(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy,
            ).Statement;
            assert.deepStrictEqual(statements[0], {
                Sid: "Queue",
                Effect: "Allow",
                Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                Resource: ["arn:aws:sqs:us-east-1:123456789012:jobs"],
                Condition: { Bool: { "aws:SecureTransport": ["true"] } },
            });
            assert.deepStrictEqual(statements[1].Resource, ["*"]);
            assert.strictEqual(statements.length, 4);
            const attachment = one(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            assert.strictEqual(
                attachment.inputs.policyArn,
                "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess",
            );
            assert.strictEqual(attachment.inputs.role, "api-role");
        });

        it("creates the annotated ServiceAccount when given a kubernetesProvider", async () => {
            const resources = await underMocks(() => {
                const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
                return new IrsaRole("api", base({ kubernetesProvider: provider }));
            });
            const sa = one(resources, "kubernetes:core/v1:ServiceAccount");
            assert.deepStrictEqual(sa.inputs.metadata, {
                name: "api",
                namespace: "payments",
                annotations: {
                    "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/api-role",
                },
            });
            assert.match(sa.provider ?? "", /pulumi:providers:kubernetes::k8s/);
        });

        it("names each managed-policy attachment after its ARN, so reordering changes no URN", async () => {
            const sqs = "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess";
            const own = "arn:aws:iam::123456789012:policy/team/reports-read";
            const names = (resources: MockedResource[]) =>
                ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => [
                    r.urn,
                    r.inputs.policyArn,
                ]);
            const forward = names(await build({ managedPolicyArns: [sqs, own] }));
            assert.deepStrictEqual(
                forward.map(([urn]) => String(urn).split("::").pop()),
                [
                    "api-managed-aws-AmazonSQSReadOnlyAccess",
                    "api-managed-123456789012-team/reports-read",
                ],
            );
            const reversed = names(await build({ managedPolicyArns: [own, sqs] }));
            assert.deepStrictEqual([...reversed].sort(), [...forward].sort());
        });

        it("outputs roleArn, roleName and serviceAccountName", async () => {
            let role: IrsaRole | undefined;
            await underMocks(() => (role = new IrsaRole("api", base())));
            const value = <T>(o: { apply(f: (v: T) => void): unknown }) =>
                new Promise<T>((r) => o.apply(r));
            assert.strictEqual(
                await value(role!.roleArn),
                "arn:aws:iam::123456789012:role/api-role",
            );
            assert.strictEqual(await value(role!.roleName), "api-role");
            assert.strictEqual(await value(role!.serviceAccountName), "api");
        });
    });

    describe("EKS Pod Identity", () => {
        const podIdentity = (extra: Partial<IrsaRoleArgs> = {}) =>
            underMocks(() => {
                const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
                return new IrsaRole("api", {
                    namespace: "payments",
                    serviceAccountName: "api",
                    identity: "pod-identity",
                    clusterName: "prod",
                    kubernetesProvider: provider,
                    s3Access: [{ bucketArn: "arn:aws:s3:::reports", access: "read" }],
                    ...extra,
                });
            });

        it("trusts exactly pods.eks.amazonaws.com, for sts:AssumeRole and sts:TagSession", async () => {
            const trust = json(
                one(await podIdentity(), "aws:iam/role:Role").inputs.assumeRolePolicy,
            );
            assert.deepStrictEqual(trust, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "pods.eks.amazonaws.com" },
                        Action: ["sts:AssumeRole", "sts:TagSession"],
                    },
                ],
            });
        });

        it("associates the role with the one service account, which carries no IRSA annotation", async () => {
            const resources = await podIdentity();
            assert.deepStrictEqual(
                one(resources, "aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs,
                {
                    clusterName: "prod",
                    namespace: "payments",
                    serviceAccount: "api",
                    roleArn: "arn:aws:iam::123456789012:role/api-role",
                },
            );
            assert.deepStrictEqual(
                one(resources, "kubernetes:core/v1:ServiceAccount").inputs.metadata,
                {
                    name: "api",
                    namespace: "payments",
                },
            );
            assert.strictEqual(
                json(one(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy).Statement
                    .length,
                2,
            );
        });

        it("applies the same permission refusals as IRSA", async () => {
            const { error } = await refusal(
                () =>
                    new IrsaRole("api", {
                        namespace: "payments",
                        serviceAccountName: "api",
                        identity: "pod-identity",
                        clusterName: "prod",
                        policyStatements: [{ actions: ["s3:*"], resources: ["*"] }],
                    }),
            );
            assert.match(
                error.message,
                /^IrsaRole "api": policyStatements\[0\] .*"s3:\*" grants every action/,
            );
        });

        it("creates no association for IRSA roles", async () => {
            assert.strictEqual(
                ofType(await build(), "aws:eks/podIdentityAssociation:PodIdentityAssociation")
                    .length,
                0,
            );
        });
    });

    describe("refusals", () => {
        const refusals: RefusalCase[] = [
            [
                "pod-identity without a cluster name",
                { identity: "pod-identity", oidcProviderArn: undefined },
                /clusterName undefined is required with identity "pod-identity": pass the cluster's name/,
            ],
            [
                "irsa without an OIDC provider",
                { oidcProviderArn: undefined },
                /oidcProviderArn undefined is required with identity "irsa"/,
            ],
            [
                "a managed policy ARN known only after deployment",
                { managedPolicyArns: [pulumi.output("arn:aws:iam::aws:policy/ReadOnlyAccess")] },
                /managedPolicyArns\[0\] .* is not known before deployment/,
            ],
            [
                "a managed policy listed twice",
                {
                    managedPolicyArns: [
                        "arn:aws:iam::aws:policy/ReadOnlyAccess",
                        "arn:aws:iam::aws:policy/ReadOnlyAccess",
                    ],
                },
                /managedPolicyArns\[1\] ".*ReadOnlyAccess" is listed twice/,
            ],
            [
                "action *",
                { policyStatements: [{ actions: ["*"], resources: ["arn:aws:s3:::b"] }] },
                /policyStatements\[0\] .*"\*".*every service/,
            ],
            [
                "action *:*",
                { policyStatements: [{ actions: ["*:*"], resources: ["arn:aws:s3:::b"] }] },
                /policyStatements\[0\] .*every service/,
            ],
            [
                "action s3:*",
                {
                    policyStatements: [
                        { actions: ["s3:GetObject", "s3:*"], resources: ["arn:aws:s3:::b"] },
                    ],
                },
                /policyStatements\[0\] .*"s3:\*" grants every action of service "s3"/,
            ],
            [
                "action S3:* in another case",
                { policyStatements: [{ actions: ["S3:*"], resources: ["arn:aws:s3:::b"] }] },
                /"S3:\*" grants every action of service "s3"/,
            ],
            [
                "NotAction",
                {
                    policyStatements: [
                        {
                            actions: ["s3:GetObject"],
                            resources: ["arn:aws:s3:::b"],
                            notActions: ["iam:*"],
                        },
                    ],
                },
                /policyStatements\[0\]\.notActions .*grants everything not listed/,
            ],
            [
                "NotResource",
                {
                    policyStatements: [
                        {
                            actions: ["s3:GetObject"],
                            resources: ["arn:aws:s3:::b"],
                            NotResource: ["arn:aws:s3:::x"],
                        },
                    ],
                },
                /policyStatements\[0\]\.NotResource/,
            ],
            [
                "Resource * for a data-reading action",
                { policyStatements: [{ actions: ["s3:GetObject"], resources: ["*"] }] },
                /policyStatements\[0\] \["s3:GetObject"\] grants data-reading actions s3:GetObject \(Read\) on all resources \("\*"\), which reads every such object of the account: name the resources \(arn:aws:s3:::<BucketName>\/<ObjectName>\), add a Condition on aws:ResourceTag\/<key> that only the principal's resources carry/,
            ],
            [
                "kms:Decrypt on every key (a data read on a type-wide resource)",
                {
                    policyStatements: [
                        { actions: ["kms:Decrypt"], resources: ["arn:aws:kms:*:*:key/*"] },
                    ],
                },
                /policyStatements\[0\] \["kms:Decrypt"\] grants data-reading actions kms:Decrypt \(Write\) on every resource of a type \("arn:aws:kms:\*:\*:key\/\*"\), which reads every such object of the account: name the resources \(arn:aws:kms:<Region>:<Account>:key\/<KeyId>\)/,
            ],
            [
                "iam:CreateAccessKey on every user (credential injection)",
                {
                    policyStatements: [
                        {
                            actions: ["iam:CreateAccessKey"],
                            resources: ["arn:aws:iam::123456789012:user/*"],
                        },
                    ],
                },
                /policyStatements\[0\] \["iam:CreateAccessKey"\] grants credential or code injection actions iam:CreateAccessKey \(Write\) on every resource of a type \("arn:aws:iam::123456789012:user\/\*"\) with no Condition that scopes them/,
            ],
            [
                "eks:AssociateAccessPolicy on * (the step into the cluster)",
                {
                    policyStatements: [
                        { actions: ["eks:AssociateAccessPolicy"], resources: ["*"] },
                    ],
                },
                /policyStatements\[0\] \["eks:AssociateAccessPolicy"\] grants eks:AssociateAccessPolicy on every cluster of the account \("\*"\) with no eks:policyArn Condition that admits only weaker access policies: the principal can associate AmazonEKSClusterAdminPolicy with any access entry, its own included, which is cluster-admin with no Kubernetes object left behind: add eks:policyArn naming the access policies it may associate \(or eks:accessScope "namespace" with ForAllValues eks:namespaces naming the namespaces\)$/,
            ],
            [
                "eks:CreateAccessEntry and eks:AssociateAccessPolicy in two statements, on one cluster",
                {
                    policyStatements: [
                        {
                            actions: ["eks:CreateAccessEntry"],
                            resources: ["arn:aws:eks:us-east-1:123456789012:cluster/prod"],
                        },
                        {
                            actions: ["eks:AssociateAccessPolicy"],
                            resources: ["arn:aws:eks:us-east-1:123456789012:access-entry/prod/*"],
                        },
                    ],
                },
                /policyStatements\[0\], policyStatements\[1\] \[\["eks:CreateAccessEntry"\],\["eks:AssociateAccessPolicy"\]\] grant eks:CreateAccessEntry and eks:AssociateAccessPolicy on cluster "prod" .*AmazonEKSClusterAdminPolicy.*: add eks:policyArn naming the access policies it may associate and eks:principalArn naming the principals$/,
            ],
            [
                "a one-letter verb prefix on Resource *",
                { policyStatements: [{ actions: ["iam:P*"], resources: ["*"] }] },
                /grants Permissions management actions iam:PassRole \(Write\), iam:PutGroupPolicy/,
            ],
            [
                "Resource * with a condition on the caller only",
                {
                    policyStatements: [
                        {
                            actions: ["dynamodb:GetItem"],
                            resources: ["*"],
                            conditions: [
                                {
                                    test: "StringEquals",
                                    variable: "aws:RequestedRegion",
                                    values: ["us-east-1"],
                                },
                            ],
                        },
                    ],
                },
                /grants data-reading actions dynamodb:GetItem \(Read\) on all resources \("\*"\)/,
            ],
            [
                "a wildcard bucket ARN",
                {
                    policyStatements: [
                        { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::*"] },
                    ],
                },
                /on all resources \("arn:aws:s3:::\*"\)/,
            ],
            [
                "AdministratorAccess",
                { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
                /managedPolicyArns\[0\] "arn:aws:iam::aws:policy\/AdministratorAccess" is the AWS-managed AdministratorAccess/,
            ],
            [
                "AdministratorAccess in aws-us-gov",
                { managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"] },
                /managedPolicyArns\[0\]/,
            ],
            [
                "IAMFullAccess in aws-cn",
                {
                    managedPolicyArns: [
                        "arn:aws:iam::aws:policy/ReadOnlyAccess",
                        "arn:aws-cn:iam::aws:policy/IAMFullAccess",
                    ],
                },
                /managedPolicyArns\[1\] .*IAMFullAccess/,
            ],
            [
                "a namespace that is not DNS-1123",
                { namespace: "Team_A" },
                /namespace "Team_A" is not a DNS-1123 label/,
            ],
            [
                "a service account name that is not DNS-1123",
                { serviceAccountName: "api!" },
                /serviceAccountName "api!" is not a DNS-1123 name/,
            ],
            [
                "an unknown s3 access level",
                { s3Access: [{ bucketArn: "arn:aws:s3:::b", access: "admin" }] },
                /s3Access\[0\]\.access "admin" is not an S3 access level/,
            ],
            [
                "an s3 bucket ARN with a wildcard",
                { s3Access: [{ bucketArn: "arn:aws:s3:::*", access: "read" }] },
                /s3Access\[0\]\.bucketArn "arn:aws:s3:::\*" is not the ARN of one bucket/,
            ],
            [
                "a missing OIDC provider",
                { oidcProviderArn: undefined },
                /oidcProviderArn undefined is required/,
            ],
        ];
        itRefuses(
            'IrsaRole "api"',
            refusals,
            (extra) => new IrsaRole("api", base(extra as Partial<IrsaRoleArgs>)),
        );

        it("accepts verb-prefix wildcards and wildcard-only actions on Resource *", async () => {
            const resources = await build({
                policyStatements: [
                    { actions: ["s3:Get*"], resources: ["arn:aws:s3:::reports/*"] },
                    { actions: ["ec2:DescribeInstances", "ec2:DescribeVolumes"], resources: ["*"] },
                ],
            });
            assert.strictEqual(ofType(resources, "aws:iam/rolePolicy:RolePolicy").length, 1);
        });

        it("accepts data reads on one bucket's objects and a key named in full", async () => {
            const resources = await build({
                policyStatements: [
                    { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::reports/*"] },
                    {
                        actions: ["kms:Decrypt"],
                        resources: [
                            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                        ],
                    },
                ],
            });
            assert.strictEqual(ofType(resources, "aws:iam/rolePolicy:RolePolicy").length, 1);
        });

        it("accepts Write on Resource * when a known condition scopes it to tagged resources, as the pack does", async () => {
            const resources = await build({
                policyStatements: [
                    {
                        actions: ["ec2:DeleteVolume"],
                        resources: ["*"],
                        conditions: [
                            {
                                test: "StringEquals",
                                variable: "aws:ResourceTag/ebs.csi.aws.com/cluster",
                                values: ["true"],
                            },
                        ],
                    },
                ],
            });
            const [policy] = ofType(resources, "aws:iam/rolePolicy:RolePolicy");
            assert.deepStrictEqual(
                JSON.parse(policy.inputs.policy as string).Statement[0].Condition,
                {
                    StringEquals: { "aws:ResourceTag/ebs.csi.aws.com/cluster": ["true"] },
                },
            );
        });

        it("judges a condition whose value is an Output as absent", async () => {
            await assert.rejects(
                build({
                    policyStatements: [
                        {
                            actions: ["ec2:DeleteVolume"],
                            resources: ["*"],
                            conditions: [
                                {
                                    test: "StringEquals",
                                    variable: "aws:ResourceTag/owner",
                                    values: [pulumi.output("team")],
                                },
                            ],
                        },
                    ],
                }),
                /grants Write actions ec2:DeleteVolume \(Write\) on all resources/,
            );
        });

        /** Builds the role and returns the errors its Outputs raised once resolved, and what was registered. */
        async function resolvedRefusals(extra: Partial<IrsaRoleArgs>) {
            const errors = new Set<string>();
            const record = (e: unknown) => errors.add(String(e));
            process.on("unhandledRejection", record);
            try {
                const resources = await build(extra);
                await new Promise((resolve) => setTimeout(resolve, 50));
                return { errors: [...errors], resources };
            } finally {
                process.off("unhandledRejection", record);
            }
        }

        // Review (issue 17): a Resource known only as an Output was left out of the judgement,
        // so pulumi.output("*") passed; the deployed document is judged again once resolved.
        it("refuses a Resource that resolves to * once the Output is known, before the RolePolicy exists", async () => {
            const { errors, resources } = await resolvedRefusals({
                policyStatements: [
                    {
                        actions: ["secretsmanager:GetSecretValue"],
                        resources: [pulumi.output("*")],
                    },
                ],
            });
            assert.deepStrictEqual(errors, [
                'ArgumentError: error serializing property "policy": IrsaRole "api": policyStatements[0] ["*"] grants data-reading actions secretsmanager:GetSecretValue (Read) on all resources ("*"), which reads every such object of the account: name the resources (arn:aws:secretsmanager:<Region>:<Account>:secret:<SecretId>), add a Condition on aws:ResourceTag/<key> that only the principal\'s resources carry',
            ]);
            assert.deepStrictEqual(ofType(resources, "aws:iam/rolePolicy:RolePolicy"), []);
        });

        it("refuses an s3Access bucket ARN that resolves to every bucket", async () => {
            const { errors } = await resolvedRefusals({
                s3Access: [{ bucketArn: pulumi.output("arn:aws:s3:::*"), access: "read" }],
            });
            assert.deepStrictEqual(errors, [
                'ArgumentError: error serializing property "policy": IrsaRole "api": s3Access[0] ["arn:aws:s3:::*/*"] grants data-reading actions s3:GetObject (Read), s3:GetObjectVersion (Read) on every resource of a type ("arn:aws:s3:::*/*"), which reads every such object of the account: name the resources (arn:aws:s3:::<BucketName>/<ObjectName>), add a Condition on aws:ResourceTag/<key> that only the principal\'s resources carry',
            ]);
        });

        it("accepts a Resource Output that resolves to one resource", async () => {
            const { errors, resources } = await resolvedRefusals({
                policyStatements: [
                    {
                        actions: ["secretsmanager:GetSecretValue"],
                        resources: [
                            pulumi.output(
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
                            ),
                        ],
                    },
                ],
                s3Access: [{ bucketArn: pulumi.output("arn:aws:s3:::reports"), access: "read" }],
            });
            assert.deepStrictEqual(errors, []);
            assert.strictEqual(ofType(resources, "aws:iam/rolePolicy:RolePolicy").length, 1);
        });

        it("accepts a customer policy that shares the name AdministratorAccess", async () => {
            const resources = await build({
                managedPolicyArns: ["arn:aws:iam::123456789012:policy/AdministratorAccess"],
            });
            assert.strictEqual(
                ofType(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").length,
                1,
            );
        });
    });
});
