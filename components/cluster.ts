// HardenedCluster: `@pulumi/eks` eks.Cluster with every control of the EKS Best Practices
// security guide switched on (https://docs.aws.amazon.com/eks/latest/best-practices/security.html).
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TenantNamespace, TenantSpecArgs, validateTenantSpec } from "./tenant";
import { clusterTransforms } from "./transforms";
import {
    checkArray,
    checkDns1123Label,
    checkOneAccessEntryEach,
    checkRoleArns,
    Fail,
    failer,
    isCidr,
    isPlainString,
} from "./validation";

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

/** A managed node group on the cluster's private subnets. */
export interface NodeGroupArgs {
    /** Name of the group (a DNS-1123 label). */
    name: string;
    /** EC2 instance types. Defaults to `["m6i.large"]`. */
    instanceTypes?: string[];
    /** Minimum number of nodes. Defaults to `2`. */
    minSize?: number;
    /** Desired number of nodes. Defaults to `minSize`. */
    desiredSize?: number;
    /** Maximum number of nodes. Defaults to `4`, and at least `desiredSize`. */
    maxSize?: number;
    /** Size of the encrypted root volume in GiB. Defaults to `50`. */
    diskSizeGiB?: number;
    /** Kubernetes labels of the nodes. Defaults to none. */
    labels?: Record<string, string>;
}

export interface HardenedClusterArgs {
    /** VPC of the cluster. */
    vpcId: pulumi.Input<string>;
    /** Private subnets of the control-plane ENIs and the nodes: at least two, in different AZs. */
    privateSubnetIds: pulumi.Input<string>[];
    /**
     * IAM roles that get cluster admin (`AmazonEKSClusterAdminPolicy` through EKS access
     * entries), the only principals that do: at least one. Include the role that runs
     * `pulumi up`, or it loses access to what it created.
     */
    adminRoleArns: pulumi.Input<string>[];
    /** Name of the EKS cluster. Defaults to the component's name. */
    clusterName?: string;
    /** Kubernetes version. Defaults to the EKS default version. */
    version?: pulumi.Input<string>;
    /**
     * Days control-plane logs are kept, a CloudWatch Logs retention period. Defaults to `90`.
     * See https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
     */
    logRetentionDays?: number;
    /**
     * KMS key for secrets envelope encryption. Defaults to a key the component creates, with
     * rotation on. See https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
     */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Whether the API endpoint is also reachable from the internet. Defaults to `false`
     * (private only). When `true`, `publicAccessCidrs` is required.
     * See https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
     */
    endpointPublicAccess?: boolean;
    /** CIDRs allowed to the public endpoint; neither empty nor `0.0.0.0/0` or `::/0`. Only with `endpointPublicAccess`. */
    publicAccessCidrs?: string[];
    /** Managed node groups. Defaults to one group named `default` with the defaults of `NodeGroupArgs`. */
    nodeGroups?: NodeGroupArgs[];
    /** Tenants, each a TenantNamespace on this cluster. Defaults to none. */
    tenants?: TenantSpecArgs[];
    /** Tags of the AWS resources. Defaults to none. */
    tags?: Record<string, string>;
}

/** Checks every argument of a HardenedCluster; throws the first problem. */
export function validateClusterArgs(fail: Fail, args: HardenedClusterArgs, name: string): void {
    if (args.vpcId === undefined || args.vpcId === "") {
        fail("vpcId", args.vpcId, "is required", "pass the ID of the cluster's VPC");
    }
    const subnets = checkArray(fail, "privateSubnetIds", args.privateSubnetIds);
    if (subnets.length < 2) {
        fail(
            "privateSubnetIds",
            args.privateSubnetIds,
            "has fewer than two subnets",
            "pass private subnets in at least two availability zones",
        );
    }
    const admins = checkArray(fail, "adminRoleArns", args.adminRoleArns);
    if (admins.length === 0) {
        fail(
            "adminRoleArns",
            args.adminRoleArns,
            "is empty",
            "list at least one IAM role, including the role that runs `pulumi up`",
        );
    }
    checkRoleArns(fail, "adminRoleArns", admins);
    const clusterName = args.clusterName ?? name;
    if (!/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(clusterName)) {
        fail(
            "clusterName",
            clusterName,
            "is not a valid EKS cluster name",
            "use up to 100 letters, digits, '-' and '_', starting with a letter or digit",
        );
    }
    const retention = args.logRetentionDays ?? 90;
    if (!logRetentionPeriods.includes(retention)) {
        fail(
            "logRetentionDays",
            retention,
            "is not a CloudWatch Logs retention period",
            `use one of ${logRetentionPeriods.join(", ")}`,
        );
    }
    if (
        isPlainString(args.kmsKeyArn) &&
        !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(args.kmsKeyArn)
    ) {
        fail(
            "kmsKeyArn",
            args.kmsKeyArn,
            "is not a KMS key ARN",
            "pass arn:aws:kms:<region>:<account>:key/<id>, or omit it to have a key created",
        );
    }
    validateEndpoint(fail, args);
    const groups = checkArray(fail, "nodeGroups", args.nodeGroups) as NodeGroupArgs[];
    const groupNames = new Set<string>();
    groups.forEach((g, i) => {
        const groupName = checkDns1123Label(fail, `nodeGroups[${i}].name`, g?.name);
        if (groupNames.has(groupName)) {
            fail(
                `nodeGroups[${i}].name`,
                groupName,
                "is listed twice",
                "give each node group its own name",
            );
        }
        groupNames.add(groupName);
        const s = nodeGroupSizes(g);
        if (
            ![s.minSize, s.desiredSize, s.maxSize, s.diskSizeGiB].every(Number.isInteger) ||
            s.minSize < 0 ||
            s.minSize > s.desiredSize ||
            s.desiredSize > s.maxSize ||
            s.maxSize < 1
        ) {
            fail(
                `nodeGroups[${i}]`,
                s,
                "has sizes that do not satisfy 0 <= minSize <= desiredSize <= maxSize, maxSize >= 1",
                "pass whole numbers in that order",
            );
        }
    });
    const tenantNames = new Set<string>();
    checkArray(fail, "tenants", args.tenants).forEach((t, i) => {
        const tenant = t as TenantSpecArgs;
        validateTenantSpec(
            (argument, value, problem, fix) =>
                fail(`tenants[${i}].${argument}`, value, problem, fix),
            tenant,
        );
        if (tenantNames.has(tenant.name)) {
            fail(
                `tenants[${i}].name`,
                tenant.name,
                "is listed twice",
                "give each tenant its own name",
            );
        }
        tenantNames.add(tenant.name);
    });
    checkOneAccessEntryEach(fail, [
        ...admins.map((arn, i): [string, unknown] => [`adminRoleArns[${i}]`, arn]),
        ...(args.tenants ?? []).flatMap((t, i) =>
            (t.teamRoleArns ?? []).map((arn, j): [string, unknown] => [
                `tenants[${i}].teamRoleArns[${j}]`,
                arn,
            ]),
        ),
    ]);
}

function validateEndpoint(fail: Fail, args: HardenedClusterArgs): void {
    if (!args.endpointPublicAccess) {
        if (args.publicAccessCidrs !== undefined) {
            fail(
                "publicAccessCidrs",
                args.publicAccessCidrs,
                "is set while endpointPublicAccess is off",
                "set endpointPublicAccess: true to use it, or remove it",
            );
        }
        return;
    }
    const cidrs = checkArray(fail, "publicAccessCidrs", args.publicAccessCidrs);
    if (cidrs.length === 0) {
        fail(
            "publicAccessCidrs",
            args.publicAccessCidrs,
            "is empty while endpointPublicAccess is on, which EKS reads as 0.0.0.0/0",
            "list the CIDRs of your offices or CI runners",
        );
    }
    cidrs.forEach((cidr, i) => {
        if (cidr === "0.0.0.0/0" || cidr === "::/0") {
            fail(
                `publicAccessCidrs[${i}]`,
                cidr,
                "opens the API endpoint to the whole internet",
                "list the CIDRs of your offices or CI runners, or keep the endpoint private",
            );
        }
        if (typeof cidr !== "string" || !isCidr(cidr)) {
            fail(`publicAccessCidrs[${i}]`, cidr, "is not a CIDR", "use the form 203.0.113.0/24");
        }
    });
}

/** A node group's sizes with defaults applied. */
export function nodeGroupSizes(g: NodeGroupArgs) {
    const minSize = g.minSize ?? 2;
    const desiredSize = g.desiredSize ?? minSize;
    return {
        minSize,
        desiredSize,
        maxSize: g.maxSize ?? Math.max(4, desiredSize),
        diskSizeGiB: g.diskSizeGiB ?? 50,
    };
}

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

/** Cluster-admin access entries for the listed roles, the only cluster admins. */
export function adminAccessEntries(
    adminRoleArns: pulumi.Input<string>[],
    partition: pulumi.Input<string>,
) {
    const entries: Record<string, eks.types.input.AccessEntryArgs> = {};
    adminRoleArns.forEach((principalArn, i) => {
        entries[`admin-${i}`] = {
            principalArn,
            type: "STANDARD",
            accessPolicies: {
                admin: {
                    policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                    accessScope: { type: "cluster" },
                },
            },
        };
    });
    return entries;
}

/**
 * An EKS cluster with audit logging, KMS secrets encryption, a private endpoint,
 * access entries instead of aws-auth, IMDSv2 managed nodes and optional tenants.
 */
export class HardenedCluster extends pulumi.ComponentResource {
    /** Name of the EKS cluster. */
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of the cluster (secret). */
    public readonly kubeconfig: pulumi.Output<string>;
    /** ARN of the cluster's IAM OIDC provider, for IRSA. */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL, for IRSA. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /** A Kubernetes provider for the cluster (reachable only from where the private endpoint is). */
    public readonly kubernetesProvider: k8s.Provider;

    constructor(name: string, args: HardenedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        validateClusterArgs(failer("HardenedCluster", name), args, name);
        super("hardened-eks:index:HardenedCluster", name, {}, opts);

        const clusterName = args.clusterName ?? name;
        const logGroupName = `/aws/eks/${clusterName}/cluster`;
        const invokeOpts = { parent: this };
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;
        const region = aws.getRegionOutput({}, invokeOpts).region;
        const account = aws.getCallerIdentityOutput({}, invokeOpts).accountId;

        const logsKey = new aws.kms.Key(
            `${name}-logs-key`,
            {
                description: `Encrypts control-plane logs of EKS cluster ${clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([partition, region, account])
                    .apply(([p, r, a]) => JSON.stringify(logsKeyPolicy(p, r, a, logGroupName))),
                tags: args.tags,
            },
            { parent: this },
        );
        // EKS creates this log group itself, without retention or encryption, unless it exists first.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            {
                name: logGroupName,
                retentionInDays: args.logRetentionDays ?? 90,
                kmsKeyId: logsKey.arn,
                tags: args.tags,
            },
            { parent: this },
        );
        const secretsKeyArn =
            args.kmsKeyArn ??
            new aws.kms.Key(
                `${name}-secrets-key`,
                {
                    description: `Envelope encryption of Secrets of EKS cluster ${clusterName}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    tags: args.tags,
                },
                { parent: this },
            ).arn;

        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: clusterName,
                version: args.version,
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                endpointPrivateAccess: true,
                endpointPublicAccess: args.endpointPublicAccess ?? false,
                publicAccessCidrs: args.endpointPublicAccess ? args.publicAccessCidrs : undefined,
                enabledClusterLogTypes: controlPlaneLogTypes,
                encryptionConfigKeyArn: secretsKeyArn,
                createOidcProvider: true,
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: adminAccessEntries(args.adminRoleArns, partition),
                skipDefaultNodeGroup: true,
                nodeAssociatePublicIpAddress: false,
                vpcCniOptions: { enableNetworkPolicy: true },
                tags: args.tags,
            },
            { parent: this, dependsOn: [logGroup], transforms: clusterTransforms },
        );

        this.clusterName = cluster.eksCluster.apply((c) => c.name);
        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcIssuerUrl = cluster.oidcIssuer;
        this.kubernetesProvider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: cluster.kubeconfigJson, enableServerSideApply: true },
            { parent: this },
        );

        const nodeRole = new aws.iam.Role(
            `${name}-node-role`,
            {
                description: `Nodes of EKS cluster ${clusterName}`,
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
                tags: args.tags,
            },
            { parent: this },
        );
        [
            "AmazonEKSWorkerNodePolicy",
            "AmazonEKS_CNI_Policy",
            "AmazonEC2ContainerRegistryReadOnly",
        ].forEach(
            (policy, i) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-policy-${i}`,
                    {
                        role: nodeRole.name,
                        policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`,
                    },
                    { parent: this },
                ),
        );
        for (const group of args.nodeGroups ?? [{ name: "default" }]) {
            const sizes = nodeGroupSizes(group);
            const launchTemplate = new aws.ec2.LaunchTemplate(
                `${name}-${group.name}-lt`,
                launchTemplateArgs(sizes.diskSizeGiB, args.tags),
                { parent: this },
            );
            new eks.ManagedNodeGroup(
                `${name}-${group.name}`,
                {
                    cluster,
                    nodeRole,
                    subnetIds: args.privateSubnetIds,
                    instanceTypes: group.instanceTypes ?? ["m6i.large"],
                    scalingConfig: {
                        minSize: sizes.minSize,
                        desiredSize: sizes.desiredSize,
                        maxSize: sizes.maxSize,
                    },
                    launchTemplate: {
                        id: launchTemplate.id,
                        version: launchTemplate.latestVersion.apply(String),
                    },
                    labels: group.labels,
                    tags: args.tags,
                },
                { parent: this, transforms: clusterTransforms },
            );
        }

        for (const tenant of args.tenants ?? []) {
            new TenantNamespace(
                `${name}-${tenant.name}`,
                {
                    ...tenant,
                    clusterName: this.clusterName,
                    oidcProviderArn: this.oidcProviderArn,
                    oidcIssuerUrl: this.oidcIssuerUrl,
                    kubernetesProvider: this.kubernetesProvider,
                },
                { parent: this },
            );
        }

        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuerUrl: this.oidcIssuerUrl,
            kubernetesProvider: this.kubernetesProvider,
        });
    }
}
