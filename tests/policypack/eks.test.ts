import * as assert from "assert";
import { ec2LaunchTemplateImdsv2 as imds } from "../../policypack/policies/ec2-launch-template-imdsv2";
import { eksClusterAuditLogging as audit } from "../../policypack/policies/eks-cluster-audit-logging";
import { eksClusterPrivateEndpoint as endpoint } from "../../policypack/policies/eks-cluster-private-endpoint";
import { eksClusterSecretsEncryption as secrets } from "../../policypack/policies/eks-cluster-secrets-encryption";
import { eksIrsaTrustScoped as irsa } from "../../policypack/policies/eks-irsa-trust-scoped";
import { eksNoUnlistedClusterAdmin as admin } from "../../policypack/policies/eks-no-unlisted-cluster-admin";
import { violations } from "./check";

const key = "arn:aws:kms:us-east-1:123456789012:key/abc";
/** A secure cluster as each type spells it: the provider resource and the eks.Cluster component. */
const secure = {
    "aws:eks/cluster:Cluster": {
        enabledClusterLogTypes: ["api", "audit"],
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: key } },
        vpcConfig: {
            endpointPrivateAccess: true,
            endpointPublicAccess: false,
            subnetIds: ["a", "b"],
        },
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    },
    "eks:index:Cluster": {
        enabledClusterLogTypes: ["api", "audit"],
        encryptionConfigKeyArn: key,
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
    },
} as const;
type ClusterType = keyof typeof secure;
const types = Object.keys(secure) as ClusterType[];

const vpc = (type: ClusterType, settings: Record<string, unknown>) =>
    type === "aws:eks/cluster:Cluster"
        ? { ...secure[type], vpcConfig: { ...secure[type].vpcConfig, ...settings } }
        : { ...secure[type], ...settings };

describe("EKS cluster policies, on aws:eks/cluster:Cluster and eks:index:Cluster", () => {
    for (const type of types) {
        describe(type, () => {
            it("passes a secure cluster under every cluster policy", async () => {
                for (const policy of [audit, secrets, endpoint, admin]) {
                    assert.deepStrictEqual(
                        await violations(policy, type, { ...secure[type] }),
                        [],
                        policy.name,
                    );
                }
            });

            it("eks-cluster-audit-logging reports a cluster without audit logs", async () => {
                assert.deepStrictEqual(
                    await violations(
                        audit,
                        type,
                        { ...secure[type], enabledClusterLogTypes: ["api"] },
                        {},
                        "prod",
                    ),
                    [
                        'EKS cluster "prod" does not send "audit" logs to CloudWatch (enabledClusterLogTypes is ["api"]): add "audit" to enabledClusterLogTypes.',
                    ],
                );
            });

            it("eks-cluster-audit-logging reports unset log types and a wrongly cased Audit", async () => {
                const { enabledClusterLogTypes: _l, ...unset } = secure[type];
                assert.match(
                    (await violations(audit, type, unset))[0],
                    /enabledClusterLogTypes is undefined/,
                );
                assert.strictEqual(
                    (
                        await violations(audit, type, {
                            ...secure[type],
                            enabledClusterLogTypes: ["Audit"],
                        })
                    ).length,
                    1,
                );
            });

            it("eks-cluster-audit-logging checks the configured log types", async () => {
                const messages = await violations(
                    audit,
                    type,
                    { ...secure[type] },
                    { requiredLogTypes: ["audit", "authenticator"] },
                );
                assert.match(messages[0], /does not send "authenticator" logs/);
            });

            it("eks-cluster-secrets-encryption reports a cluster without envelope encryption", async () => {
                const {
                    [type === "eks:index:Cluster" ? "encryptionConfigKeyArn" : "encryptionConfig"]:
                        _e,
                    ...plain
                } = secure[type] as Record<string, unknown>;
                const [message] = await violations(secrets, type, plain, {}, "prod");
                assert.match(
                    message,
                    /^EKS cluster "prod" does not envelope-encrypt Secrets with a KMS key: set /,
                );
            });

            it("eks-cluster-private-endpoint reports an unset public endpoint, which means on", async () => {
                const [message] = await violations(
                    endpoint,
                    type,
                    vpc(type, { endpointPublicAccess: undefined }),
                    {},
                    "prod",
                );
                assert.match(
                    message,
                    /^EKS cluster "prod" has a public API endpoint open to the internet \(.*is unset, which means on with no publicAccessCidrs\)/,
                );
            });

            it("eks-cluster-private-endpoint reports a public endpoint with an empty CIDR list", async () => {
                const [message] = await violations(
                    endpoint,
                    type,
                    vpc(type, { endpointPublicAccess: true, publicAccessCidrs: [] }),
                );
                assert.match(
                    message,
                    /open to the internet \(.* is on with no publicAccessCidrs\)/,
                );
            });

            it("eks-cluster-private-endpoint reports 0.0.0.0/0 and ::/0", async () => {
                const messages = await violations(
                    endpoint,
                    type,
                    vpc(type, {
                        endpointPublicAccess: true,
                        publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0", "::/0"],
                    }),
                );
                assert.strictEqual(messages.length, 2);
                assert.match(
                    messages[0],
                    /publicAccessCidrs includes "0.0.0.0\/0", a \/0, broader than \/16/,
                );
                assert.match(
                    messages[1],
                    /publicAccessCidrs includes "::\/0", a \/0, broader than \/32/,
                );
            });

            it("eks-cluster-private-endpoint judges CIDRs by prefix length, not by string", async () => {
                const messages = await violations(
                    endpoint,
                    type,
                    vpc(type, {
                        endpointPublicAccess: true,
                        publicAccessCidrs: [
                            "0.0.0.0/1",
                            "128.0.0.0/1",
                            "1.2.3.4/0",
                            "10.0.0.0/15",
                            "2001:db8::/16",
                            "office",
                        ],
                    }),
                );
                assert.deepStrictEqual(
                    messages.map((m) =>
                        /includes "([^"]+)"|entry "([^"]+)"/.exec(m)!.slice(1).find(Boolean),
                    ),
                    [
                        "0.0.0.0/1",
                        "128.0.0.0/1",
                        "1.2.3.4/0",
                        "10.0.0.0/15",
                        "2001:db8::/16",
                        "office",
                    ],
                );
                assert.match(messages[5], /"office", which is not a CIDR/);
            });

            it("eks-cluster-private-endpoint takes the shortest prefix allowed from minPrefixLength", async () => {
                const props = vpc(type, {
                    endpointPublicAccess: true,
                    publicAccessCidrs: ["198.51.100.0/20"],
                });
                assert.deepStrictEqual(await violations(endpoint, type, props), []);
                assert.match(
                    (await violations(endpoint, type, props, { minPrefixLength: 24 }))[0],
                    /a \/20, broader than \/24/,
                );
            });

            it("eks-cluster-private-endpoint passes a public endpoint limited to listed CIDRs", async () => {
                assert.deepStrictEqual(
                    await violations(
                        endpoint,
                        type,
                        vpc(type, {
                            endpointPublicAccess: true,
                            publicAccessCidrs: ["203.0.113.0/24"],
                        }),
                    ),
                    [],
                );
            });
        });
    }
});

describe("eks-no-unlisted-cluster-admin", () => {
    const adminPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
    const role = "arn:aws:iam::123456789012:role/platform-admin";

    it("reports bootstrapClusterCreatorAdminPermissions true or unset on aws:eks/cluster:Cluster", async () => {
        const cluster = secure["aws:eks/cluster:Cluster"];
        assert.match(
            (
                await violations(admin, "aws:eks/cluster:Cluster", {
                    ...cluster,
                    accessConfig: { bootstrapClusterCreatorAdminPermissions: true },
                })
            )[0],
            /bootstrapClusterCreatorAdminPermissions is true\): set it to false/,
        );
        assert.match(
            (
                await violations(admin, "aws:eks/cluster:Cluster", {
                    ...cluster,
                    accessConfig: undefined,
                })
            )[0],
            /is unset, which means true/,
        );
    });

    it("reports system:masters in eks.Cluster roleMappings and userMappings", async () => {
        const messages = await violations(
            admin,
            "eks:index:Cluster",
            {
                roleMappings: [{ roleArn: role, username: "admin", groups: ["system:masters"] }],
                userMappings: [
                    {
                        userArn: "arn:aws:iam::123456789012:user/alice",
                        username: "alice",
                        groups: ["system:masters"],
                    },
                ],
            },
            {},
            "prod",
        );
        assert.deepStrictEqual(messages, [
            `EKS cluster "prod" roleMappings[0] maps "${role}" to system:masters, which bypasses RBAC: grant a scoped access policy or RBAC role, or list the principal in allowedAdminPrincipalArns.`,
            'EKS cluster "prod" userMappings[0] maps "arn:aws:iam::123456789012:user/alice" to system:masters, which bypasses RBAC: grant a scoped access policy or RBAC role, or list the principal in allowedAdminPrincipalArns.',
        ]);
    });

    it("reports AmazonEKSClusterAdminPolicy in eks.Cluster accessEntries unless the principal is allowed", async () => {
        const props = {
            accessEntries: {
                ops: {
                    principalArn: role,
                    accessPolicies: {
                        admin: { policyArn: adminPolicy, accessScope: { type: "cluster" } },
                    },
                },
            },
        };
        assert.match(
            (await violations(admin, "eks:index:Cluster", props))[0],
            /accessEntries "ops" gives "arn:aws:iam::123456789012:role\/platform-admin" AmazonEKSClusterAdminPolicy/,
        );
        assert.deepStrictEqual(
            await violations(admin, "eks:index:Cluster", props, {
                allowedAdminPrincipalArns: [role],
            }),
            [],
        );
    });

    it("reports an AccessPolicyAssociation of AmazonEKSClusterAdminPolicy, in any partition", async () => {
        const type = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
        assert.strictEqual(
            (
                await violations(admin, type, {
                    clusterName: "prod",
                    principalArn: role,
                    policyArn: adminPolicy,
                })
            ).length,
            1,
        );
        assert.strictEqual(
            (
                await violations(admin, type, {
                    principalArn: role,
                    policyArn: adminPolicy.replace("arn:aws:", "arn:aws-us-gov:"),
                })
            ).length,
            1,
        );
        assert.deepStrictEqual(
            await violations(admin, type, {
                principalArn: role,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            }),
            [],
        );
    });

    it("reports system:masters in the aws-auth ConfigMap, and its patch", async () => {
        const mapRoles = `- rolearn: ${role}\n  username: admin\n  groups:\n    - system:masters\n`;
        for (const type of ["kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:ConfigMapPatch"]) {
            const [message] = await violations(
                admin,
                type,
                { metadata: { name: "aws-auth", namespace: "kube-system" }, data: { mapRoles } },
                {},
                "aws-auth",
            );
            assert.match(
                message,
                /mapRoles\[0\] maps "arn:aws:iam::123456789012:role\/platform-admin" to system:masters/,
            );
        }
    });

    it("ignores other ConfigMaps and reports aws-auth YAML it cannot read", async () => {
        assert.deepStrictEqual(
            await violations(admin, "kubernetes:core/v1:ConfigMap", {
                metadata: { name: "app", namespace: "kube-system" },
                data: { mapRoles: "system:masters" },
            }),
            [],
        );
        const [message] = await violations(admin, "kubernetes:core/v1:ConfigMap", {
            metadata: { name: "aws-auth", namespace: "kube-system" },
            data: { mapRoles: "- [" },
        });
        assert.match(message, /mapRoles is not valid YAML/);
    });
});

describe("eks-irsa-trust-scoped", () => {
    const issuer = "oidc.eks.us-east-1.amazonaws.com/id/ABC";
    const trust = (condition: unknown) =>
        JSON.stringify({
            Statement: [
                {
                    Sid: "Irsa",
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: condition,
                },
            ],
        });
    const good = {
        StringEquals: {
            [`${issuer}:sub`]: "system:serviceaccount:payments:api",
            [`${issuer}:aud`]: "sts.amazonaws.com",
        },
    };
    const check = (condition: unknown) =>
        violations(irsa, "aws:iam/role:Role", { assumeRolePolicy: trust(condition) }, {}, "api");

    it("passes a trust pinned to one service account through STS", async () => {
        assert.deepStrictEqual(await check(good), []);
    });

    it("reports a trust with no sub condition", async () => {
        const [message] = await check({ StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" } });
        assert.match(
            message,
            /^IAM role "api": assumeRolePolicy statement 0 \("Irsa"\) does not pin ".*:sub" with StringEquals, so any service account in the cluster can assume the role: add StringEquals/,
        );
    });

    it("reports StringLike with a wildcard on sub", async () => {
        const messages = await check({
            StringLike: { [`${issuer}:sub`]: "system:serviceaccount:payments:*" },
            StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" },
        });
        assert.match(messages.join("\n"), /matches ".*:sub" with StringLike/);
    });

    it("reports a wildcard or several subjects in StringEquals", async () => {
        assert.match(
            (
                await check({
                    StringEquals: {
                        ...good.StringEquals,
                        [`${issuer}:sub`]: "system:serviceaccount:*:api",
                    },
                })
            )[0],
            /which is not one service account/,
        );
        assert.match(
            (
                await check({
                    StringEquals: {
                        ...good.StringEquals,
                        [`${issuer}:sub`]: [
                            "system:serviceaccount:a:x",
                            "system:serviceaccount:b:y",
                        ],
                    },
                })
            )[0],
            /lets 2 subjects assume/,
        );
    });

    it("reports a missing or wrong aud", async () => {
        assert.match(
            (
                await check({
                    StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:payments:api" },
                })
            )[0],
            /does not pin ".*:aud" to "sts.amazonaws.com"/,
        );
        assert.match(
            (
                await check({ StringEquals: { ...good.StringEquals, [`${issuer}:aud`]: "other" } })
            )[0],
            /:aud/,
        );
    });

    it("ignores trusts that are not web identity", async () => {
        const ec2 = JSON.stringify({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ec2.amazonaws.com" },
                    Action: "sts:AssumeRole",
                },
            ],
        });
        assert.deepStrictEqual(
            await violations(irsa, "aws:iam/role:Role", { assumeRolePolicy: ec2 }),
            [],
        );
    });
});

describe("ec2-launch-template-imdsv2", () => {
    const lt = (metadataOptions: unknown, config = {}) =>
        violations(
            imds,
            "aws:ec2/launchTemplate:LaunchTemplate",
            { metadataOptions },
            config,
            "nodes",
        );

    it("passes IMDSv2 with hop limit 1", async () => {
        assert.deepStrictEqual(
            await lt({
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
            }),
            [],
        );
    });

    it("reports optional tokens", async () => {
        assert.deepStrictEqual(await lt({ httpTokens: "optional", httpPutResponseHopLimit: 1 }), [
            'launch template "nodes" allows IMDSv1 (metadataOptions.httpTokens is "optional"): set metadataOptions.httpTokens to "required".',
        ]);
    });

    it("reports hop limit 2, as @pulumi/eks enableIMDSv2 sets it", async () => {
        assert.deepStrictEqual(await lt({ httpTokens: "required", httpPutResponseHopLimit: 2 }), [
            'launch template "nodes" lets containers reach instance metadata (metadataOptions.httpPutResponseHopLimit is 2): set it to 1.',
        ]);
    });

    it("reports missing metadataOptions twice: tokens and hop limit", async () => {
        assert.strictEqual(
            (await violations(imds, "aws:ec2/launchTemplate:LaunchTemplate", {})).length,
            2,
        );
    });

    it("accepts the configured hop limit and passes a disabled endpoint", async () => {
        assert.deepStrictEqual(
            await lt({ httpTokens: "required", httpPutResponseHopLimit: 2 }, { maxHopLimit: 2 }),
            [],
        );
        assert.deepStrictEqual(await lt({ httpEndpoint: "disabled" }), []);
    });

    it("checks EC2 instances too", async () => {
        assert.strictEqual(
            (
                await violations(imds, "aws:ec2/instance:Instance", {
                    metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 },
                })
            ).length,
            1,
        );
    });
});
