// Mixed resources for the benchmarks: what a real EKS stack registers, insecure and
// secure, across the types both packs check and many they do not.
import { AnalyzedResource } from "../preflight/analyzer-client";

const templates: [string, (i: number) => Record<string, unknown>][] = [
    [
        "aws:iam/policy:Policy",
        (i) => ({
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: i % 2 ? "s3:*" : ["s3:GetObject"],
                        Resource: `arn:aws:s3:::b${i}/*`,
                    },
                ],
            }),
        }),
    ],
    [
        "aws:iam/role:Role",
        (i) => ({
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ec2.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
            name: `role-${i}`,
        }),
    ],
    [
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        (i) => ({
            role: `role-${i}`,
            policyArn:
                i % 5
                    ? "arn:aws:iam::aws:policy/ReadOnlyAccess"
                    : "arn:aws:iam::aws:policy/AdministratorAccess",
        }),
    ],
    [
        "aws:s3/bucket:Bucket",
        (i) => ({
            bucket: `bucket-${i}`,
            acl: "private",
            serverSideEncryptionConfiguration: {
                rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
            },
        }),
    ],
    [
        "aws:ec2/securityGroup:SecurityGroup",
        (i) => ({
            description: `sg ${i}`,
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }],
        }),
    ],
    [
        "aws:ec2/launchTemplate:LaunchTemplate",
        (i) => ({
            metadataOptions: {
                httpTokens: i % 2 ? "required" : "optional",
                httpPutResponseHopLimit: 1,
            },
        }),
    ],
    [
        "aws:eks/cluster:Cluster",
        (i) => ({
            name: `c${i}`,
            roleArn: "arn:aws:iam::123456789012:role/eks",
            enabledClusterLogTypes: ["api"],
            vpcConfig: { subnetIds: ["a", "b"], endpointPublicAccess: true },
        }),
    ],
    [
        "aws:kms/key:Key",
        () => ({
            enableKeyRotation: true,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::123456789012:root" },
                        Action: "kms:*",
                        Resource: "*",
                    },
                ],
            }),
        }),
    ],
    [
        "kubernetes:core/v1:Namespace",
        (i) => ({
            metadata: {
                name: `ns-${i}`,
                labels: { "pod-security.kubernetes.io/enforce": "restricted" },
            },
        }),
    ],
    [
        "kubernetes:apps/v1:Deployment",
        (i) => ({
            metadata: { name: `app-${i}` },
            spec: { template: { spec: { containers: [{ name: "app", image: "app:1" }] } } },
        }),
    ],
    [
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        (i) => ({
            subjects: [{ kind: "Group", name: `g${i}` }],
            roleRef: { kind: "ClusterRole", name: i % 3 ? "view" : "cluster-admin" },
        }),
    ],
    [
        "kubernetes:core/v1:ConfigMap",
        (i) => ({ metadata: { name: `cm-${i}` }, data: { key: "value" } }),
    ],
];

/** `count` resources cycling through the templates, each with a unique URN. */
export function mixedResources(count: number): AnalyzedResource[] {
    return Array.from({ length: count }, (_, i) => {
        const [type, props] = templates[i % templates.length];
        const name = `r${i}`;
        return {
            type,
            name,
            urn: `urn:pulumi:bench::bench::${type}::${name}`,
            properties: props(i),
        };
    });
}
