// Scenario 2: a tenant application that may only read one S3 bucket. The bucket is
// KMS-encrypted, public access blocked, TLS-only. The application is a Job in a tenant
// namespace this program creates on an existing HardenedCluster (examples/multi-tenant's):
// its pod runs as a non-root user under the `restricted` Pod Security Standard and reads
// the bucket through an IRSA role that only its service account can assume, over the
// egress its tenant opens to STS and S3. Every value comes from Pulumi.<stack>.yaml.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TenantNamespace } from "../../components";

const config = new pulumi.Config();
const tenant = config.get("namespace") ?? "reports";
// ECR Public has no VPC endpoint: without NAT, set `image` to a copy in your account's ECR
// (a pull through cache rule for public.ecr.aws): see Pulumi.dev.yaml.
const image = config.get("image") ?? "public.ecr.aws/aws-cli/aws-cli:2.17.0";
const region = new pulumi.Config("aws").require("region");
const kubernetesProvider = new k8s.Provider("cluster", {
    kubeconfig: config.requireSecret("kubeconfig"),
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

// The tenant: its namespace (restricted, quota, default-deny), the reader's service account
// and IRSA role, and HTTPS egress to what IRSA and S3 need: the regional STS endpoint and
// S3 (see `egressCidrs` in Pulumi.dev.yaml).
const reports = new TenantNamespace("reports", {
    name: tenant,
    clusterName: config.require("clusterName"),
    oidcProviderArn: config.require("oidcProviderArn"),
    oidcIssuerUrl: config.require("oidcIssuerUrl"),
    kubernetesProvider,
    egressCidrs: config.requireObject<string[]>("egressCidrs"),
    serviceAccounts: [
        {
            name: "report-reader",
            s3Access: [{ bucketArn: bucket.arn, access: "read" }],
            // Objects are encrypted with the bucket's key: reading them needs kms:Decrypt on it.
            policyStatements: [
                { sid: "DecryptReports", actions: ["kms:Decrypt"], resources: [key.arn] },
            ],
        },
    ],
});

// A Job, not a Deployment: listing the bucket is one command that ends, and `pulumi up`
// waits for the Job to complete, so a missing permission or route fails the update.
// The AWS CLI image runs as root by default; this pod runs it as `nobody` (65534), with
// HOME on a writable emptyDir (/tmp), where the CLI caches the credentials it assumes; the
// root filesystem stays read-only.
new k8s.batch.v1.Job(
    "report-reader",
    {
        metadata: { name: "list-reports", namespace: reports.namespaceName },
        spec: {
            backoffLimit: 2,
            template: {
                metadata: { labels: { app: "report-reader" } },
                spec: {
                    serviceAccountName: "report-reader",
                    restartPolicy: "Never",
                    securityContext: {
                        runAsNonRoot: true,
                        runAsUser: 65534,
                        runAsGroup: 65534,
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                    containers: [
                        {
                            name: "list",
                            // From config: public.ecr.aws needs NAT (see `image` above).
                            image,
                            args: ["s3", "ls", pulumi.interpolate`s3://${bucket.bucket}`],
                            env: [
                                { name: "HOME", value: "/tmp" },
                                { name: "AWS_REGION", value: region },
                            ],
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                capabilities: { drop: ["ALL"] },
                                readOnlyRootFilesystem: true,
                            },
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            resources: {
                                requests: { cpu: "50m", memory: "64Mi" },
                                limits: { cpu: "200m", memory: "256Mi" },
                            },
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
                },
            },
        },
    },
    { provider: kubernetesProvider, dependsOn: [reports] },
);

export const bucketName = bucket.bucket;
export const namespace = reports.namespaceName;
export const roleArn = reports.serviceAccountRoleArns.apply((arns) => arns["report-reader"]);
