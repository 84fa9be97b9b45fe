// Scenario 2: a tenant application that may only read one S3 bucket. The bucket is
// KMS-encrypted with public access blocked; the application's pods reach it through an
// IrsaRole that only their service account can assume.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { IrsaRole } from "../../components";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "reports";
const kubernetesProvider = new k8s.Provider("cluster", {
    kubeconfig: config.require("kubeconfig"),
});

const key = new aws.kms.Key("reports", {
    description: "Encrypts the reports bucket",
    enableKeyRotation: true,
});
const bucket = new aws.s3.Bucket("reports", { forceDestroy: false });
new aws.s3.BucketServerSideEncryptionConfiguration("reports", {
    bucket: bucket.id,
    rules: [
        {
            applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: key.arn,
            },
            bucketKeyEnabled: true,
        },
    ],
});
new aws.s3.BucketPublicAccessBlock("reports", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});
// Deny statements never grant: this one refuses any request that is not over TLS.
new aws.s3.BucketPolicy("reports-tls-only", {
    bucket: bucket.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    }),
});

const reader = new IrsaRole("report-reader", {
    oidcProviderArn: config.require("oidcProviderArn"),
    oidcIssuerUrl: config.require("oidcIssuerUrl"),
    namespace,
    serviceAccountName: "report-reader",
    s3Access: [{ bucketArn: bucket.arn, access: "read" }],
    // Objects are encrypted with the bucket's key: reading them needs kms:Decrypt on it.
    policyStatements: [{ sid: "DecryptReports", actions: ["kms:Decrypt"], resources: [key.arn] }],
    kubernetesProvider,
});

new k8s.apps.v1.Deployment(
    "report-reader",
    {
        metadata: { namespace },
        spec: {
            selector: { matchLabels: { app: "report-reader" } },
            template: {
                metadata: { labels: { app: "report-reader" } },
                spec: {
                    serviceAccountName: "report-reader",
                    securityContext: {
                        runAsNonRoot: true,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [
                        {
                            name: "app",
                            image: "public.ecr.aws/aws-cli/aws-cli:2.17.0",
                            args: ["s3", "ls", pulumi.interpolate`s3://${bucket.bucket}`],
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                capabilities: { drop: ["ALL"] },
                            },
                            resources: {
                                requests: { cpu: "50m", memory: "64Mi" },
                                limits: { cpu: "200m", memory: "128Mi" },
                            },
                        },
                    ],
                },
            },
        },
    },
    { provider: kubernetesProvider, dependsOn: [reader] },
);

export const bucketName = bucket.bucket;
export const roleArn = reader.roleArn;
