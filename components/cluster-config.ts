// The documents HardenedCluster's children are built from, as pure functions: launch
// template, key and IAM policies, add-on configuration and kubeconfig.
import type * as aws from "@pulumi/aws";

/** Every control-plane log type EKS can send to CloudWatch. */
export const controlPlaneLogTypes = [
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
];

/** Retention periods CloudWatch Logs accepts. */
export const logRetentionPeriods = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/** The AMI type of node groups that name none: Amazon Linux 2023, which requires IMDSv2 itself. */
export const defaultAmiType = "AL2023_x86_64_STANDARD";

/** The launch template of a node group: IMDSv2 only, hop limit 1, encrypted root volume, no SSH key. */
export function launchTemplateArgs(
    diskSizeGiB: number,
    tags?: Record<string, string>,
): aws.ec2.LaunchTemplateArgs {
    return {
        description:
            "hardened-eks managed node group: IMDSv2 with hop limit 1, encrypted root volume",
        updateDefaultVersion: true,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
            instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [
            {
                deviceName: "/dev/xvda",
                ebs: {
                    encrypted: "true",
                    volumeSize: diskSizeGiB,
                    volumeType: "gp3",
                    deleteOnTermination: "true",
                },
            },
        ],
        tagSpecifications: tags ? [{ resourceType: "instance", tags }] : undefined,
        tags,
    };
}

/** The key policy of the log group's key: the account administers it; CloudWatch Logs uses it for this log group only. */
export function logsKeyPolicy(
    partition: string,
    region: string,
    account: string,
    logGroupName: string,
) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsUsesForClusterLogGroup",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                Resource: "*",
                Condition: {
                    ArnEquals: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:${logGroupName}`,
                    },
                },
            },
        ],
    };
}

/**
 * What the cluster role needs of the secrets key for envelope encryption, on that key only
 * (as terraform-aws-eks's `cluster_encryption` policy grants).
 */
export function clusterEncryptionPolicy(keyArn: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "SecretsEnvelopeEncryption",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                Resource: keyArn,
            },
        ],
    };
}

/**
 * The vpc-cni add-on's configuration: the network policy agent on, so the tenants'
 * NetworkPolicies are enforced (https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html).
 */
export function vpcCniConfiguration() {
    return { enableNetworkPolicy: "true" };
}

/**
 * The identity `aws eks get-token` signs the cluster's tokens with, as pulumi-eks'
 * `providerCredentialOpts` (`roleArn`, `profileName`) choose it. Empty: the ambient AWS
 * credentials of whoever runs the command.
 */
export interface KubeconfigCredentials {
    /** An IAM role to assume first (`--role-arn`). */
    roleArn?: string;
    /** A named AWS CLI profile (`--profile`). */
    profile?: string;
}

/**
 * The arguments of `aws` that print a token for the cluster: `eks get-token --cluster-name
 * <name> --region <region> [--role-arn <arn>] [--profile <profile>] --output json`
 * (https://docs.aws.amazon.com/cli/latest/reference/eks/get-token.html). The profile is an
 * argument, not an `AWS_PROFILE` environment variable: `AWS_ACCESS_KEY_ID` in the
 * environment overrides `AWS_PROFILE` but not `--profile`, which is why pulumi-eks moved to
 * `--profile` (pulumi/pulumi-eks#1484, commit 9801c109; nodejs/eks/cluster/cluster.ts:232-237
 * at 7bf0c1b).
 */
export function getTokenArgs(
    clusterName: string,
    region: string,
    credentials: KubeconfigCredentials = {},
): string[] {
    return [
        "eks",
        "get-token",
        "--cluster-name",
        clusterName,
        "--region",
        region,
        ...(credentials.roleArn ? ["--role-arn", credentials.roleArn] : []),
        ...(credentials.profile ? ["--profile", credentials.profile] : []),
        "--output",
        "json",
    ];
}

/**
 * A kubeconfig for the cluster with no static credentials: `aws eks get-token` signs a
 * token with `credentials` (by default whatever AWS identity the caller has), which an
 * access entry must admit. The `aws` CLI must be on PATH wherever it is used.
 */
export function kubeconfigFor(
    clusterName: string,
    endpoint: string,
    certificateAuthorityData: string,
    region: string,
    credentials: KubeconfigCredentials = {},
) {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: clusterName,
                cluster: {
                    server: endpoint,
                    "certificate-authority-data": certificateAuthorityData,
                },
            },
        ],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: getTokenArgs(clusterName, region, credentials),
                    },
                },
            },
        ],
    };
}
