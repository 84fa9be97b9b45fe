// HardenedCluster: an EKS cluster built from @pulumi/aws resources it owns, with every
// control of the EKS Best Practices security guide switched on
// (https://docs.aws.amazon.com/eks/latest/best-practices/security.html). Every
// security-relevant resource is a registered child, so a unit test under mocks, preflight
// and a real preview all see the same thing; it uses no transforms.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createAdmissionPolicy, noExternalIpsPolicy } from "./admission";
import {
    clusterEncryptionPolicy,
    controlPlaneLogTypes,
    defaultAmiType,
    kubeconfigFor,
    launchTemplateArgs,
    logRetentionPeriods,
    logsKeyPolicy,
    vpcCniConfiguration,
} from "./cluster-config";
import { serviceTrustPolicy, trustPolicy } from "./irsa";
import { arnKey, defaultClusterName, eksClusterNamePattern } from "./names";
import { TenantNamespace, TenantSpecArgs, teamRoleArguments, validateTenantSpec } from "./tenant";
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
    /**
     * EKS AMI type, e.g. `AL2023_ARM_64_STANDARD` for Graviton instance types or
     * `BOTTLEROCKET_x86_64`. Defaults to `AL2023_x86_64_STANDARD`.
     * See https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
     */
    amiType?: string;
    /** Kubernetes labels of the nodes. Defaults to none. */
    labels?: Record<string, string>;
}

export interface HardenedClusterArgs {
    /** VPC of the cluster: the one `privateSubnetIds` belong to (EKS derives it from them). */
    vpcId: pulumi.Input<string>;
    /** Private subnets of the control-plane ENIs and the nodes: at least two, in different AZs. */
    privateSubnetIds: pulumi.Input<string>[];
    /**
     * IAM roles that get cluster admin (`AmazonEKSClusterAdminPolicy` through EKS access
     * entries), the only principals that do: at least one, each an ARN string (its access
     * entry is named after it, so removing or reordering admins never touches another's).
     * Include the role that runs `pulumi up`, or it loses access to what it created.
     */
    adminRoleArns: pulumi.Input<string>[];
    /**
     * Name of the EKS cluster; changing it replaces the cluster. Defaults to
     * `<project>-<stack>-<name>` (shortened with a hash to EKS's 100 characters), unique per
     * stack so that two stacks of one program can share an account.
     */
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
     * rotation on, kept when the component is deleted. It cannot change once the cluster
     * exists: EKS cannot re-key secrets encryption, so such an update fails; a new key means a
     * new cluster, under a new name.
     * See https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
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
    /**
     * Managed node groups, at least one (the `coredns` add-on needs nodes to become active).
     * Defaults to one group named `default` with the defaults of `NodeGroupArgs`.
     */
    nodeGroups?: NodeGroupArgs[];
    /** Tenants, each a TenantNamespace on this cluster. Defaults to none. */
    tenants?: TenantSpecArgs[];
    /**
     * Whether EKS refuses to delete the cluster. Turn it off for test stacks that are
     * destroyed. Defaults to `true`.
     * See https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html
     */
    deletionProtection?: boolean;
    /** Tags of the AWS resources. Defaults to none. */
    tags?: Record<string, string>;
}

/** Checks every argument of a HardenedCluster; throws the first problem. */
export function validateClusterArgs(fail: Fail, args: HardenedClusterArgs): void {
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
    const adminArguments = admins.map((arn, i): [string, unknown] => [`adminRoleArns[${i}]`, arn]);
    checkRoleArns(fail, adminArguments);
    if (args.clusterName !== undefined && !eksClusterNamePattern.test(args.clusterName)) {
        fail(
            "clusterName",
            args.clusterName,
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
    if (args.nodeGroups !== undefined && groups.length === 0) {
        fail(
            "nodeGroups",
            args.nodeGroups,
            "is empty, and the coredns add-on needs nodes to become active",
            "list at least one node group, or omit nodeGroups for one group named default",
        );
    }
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
        ...adminArguments,
        ...(args.tenants ?? []).flatMap((t, i) => teamRoleArguments(t, `tenants[${i}].`)),
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

/**
 * An EKS cluster with audit logging, KMS secrets encryption, a private endpoint, access
 * entries instead of aws-auth, IMDSv2 managed nodes, managed add-ons and optional tenants.
 */
export class HardenedCluster extends pulumi.ComponentResource {
    /** Name of the EKS cluster. */
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of the cluster (secret), authenticating with `aws eks get-token`. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** ARN of the cluster's IAM OIDC provider, for IRSA. */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL (`https://oidc.eks...`), for IRSA. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /**
     * A Kubernetes provider for the cluster, usable once the admins' access entries exist
     * (reachable only from where the private endpoint is).
     */
    public readonly kubernetesProvider: k8s.Provider;

    constructor(name: string, args: HardenedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        validateClusterArgs(failer("HardenedCluster", name), args);
        super("hardened-eks:index:HardenedCluster", name, {}, opts);

        const clusterName =
            args.clusterName ?? defaultClusterName(pulumi.getProject(), pulumi.getStack(), name);
        const logGroupName = `/aws/eks/${clusterName}/cluster`;
        const tags = args.tags;
        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent).partition;
        const region = aws.getRegionOutput({}, parent).region;
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const awsManaged = (policy: string) =>
            pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;
        // Kept on delete: logs and Secrets encrypted with them stay readable, and a key
        // cannot be undeleted once its deletion window ends.
        const keyOpts = { parent: this, retainOnDelete: true };

        const logsKey = new aws.kms.Key(
            `${name}-logs-key`,
            {
                description: `Encrypts control-plane logs of EKS cluster ${clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([partition, region, account])
                    .apply(([p, r, a]) => JSON.stringify(logsKeyPolicy(p, r, a, logGroupName))),
                tags,
            },
            keyOpts,
        );
        // EKS creates this log group itself, without retention or encryption, unless it exists first.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            {
                name: logGroupName,
                retentionInDays: args.logRetentionDays ?? 90,
                kmsKeyId: logsKey.arn,
                tags,
            },
            parent,
        );
        const secretsKeyArn = pulumi.output(
            args.kmsKeyArn ??
                new aws.kms.Key(
                    `${name}-secrets-key`,
                    {
                        description: `Envelope encryption of Secrets of EKS cluster ${clusterName}`,
                        enableKeyRotation: true,
                        deletionWindowInDays: 30,
                        tags,
                    },
                    keyOpts,
                ).arn,
        );

        const clusterRole = new aws.iam.Role(
            `${name}-cluster-role`,
            {
                description: `Control plane of EKS cluster ${clusterName}`,
                assumeRolePolicy: JSON.stringify(
                    serviceTrustPolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
                ),
                tags,
            },
            parent,
        );
        const clusterRolePolicies = [
            new aws.iam.RolePolicyAttachment(
                `${name}-cluster-role-AmazonEKSClusterPolicy`,
                { role: clusterRole.name, policyArn: awsManaged("AmazonEKSClusterPolicy") },
                parent,
            ),
            new aws.iam.RolePolicy(
                `${name}-cluster-role-secrets-key`,
                {
                    role: clusterRole.name,
                    policy: secretsKeyArn.apply((arn) =>
                        JSON.stringify(clusterEncryptionPolicy(arn)),
                    ),
                },
                parent,
            ),
        ];

        const cluster = new aws.eks.Cluster(
            `${name}-cluster`,
            {
                name: clusterName,
                roleArn: clusterRole.arn,
                version: args.version,
                vpcConfig: {
                    subnetIds: args.privateSubnetIds,
                    endpointPrivateAccess: true,
                    endpointPublicAccess: args.endpointPublicAccess ?? false,
                    publicAccessCidrs: args.endpointPublicAccess
                        ? args.publicAccessCidrs
                        : undefined,
                },
                accessConfig: {
                    authenticationMode: "API",
                    bootstrapClusterCreatorAdminPermissions: false,
                },
                encryptionConfig: { provider: { keyArn: secretsKeyArn }, resources: ["secrets"] },
                enabledClusterLogTypes: controlPlaneLogTypes,
                // The add-ons below are EKS-managed; no self-managed copies to take over.
                bootstrapSelfManagedAddons: false,
                deletionProtection: args.deletionProtection ?? true,
                tags,
            },
            // The log group must exist first, or EKS creates it without retention or a key.
            { parent: this, dependsOn: [logGroup, ...clusterRolePolicies] },
        );
        const issuerUrl = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
        const oidcProvider = new aws.iam.OpenIdConnectProvider(
            `${name}-oidc`,
            { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"], tags },
            parent,
        );

        // Admins: one access entry and one cluster-admin association each, named after the ARN.
        const adminAssociations = (args.adminRoleArns as string[]).map((principalArn) => {
            const key = `${name}-admin-${arnKey(principalArn)}`;
            const entry = new aws.eks.AccessEntry(
                key,
                { clusterName: cluster.name, principalArn, type: "STANDARD", tags },
                parent,
            );
            return new aws.eks.AccessPolicyAssociation(
                key,
                {
                    clusterName: cluster.name,
                    principalArn,
                    policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                    accessScope: { type: "cluster" },
                },
                { parent: this, dependsOn: [entry] },
            );
        });

        // The VPC CNI gets its AWS permissions through IRSA, not from the node role.
        const cniRole = new aws.iam.Role(
            `${name}-vpc-cni-role`,
            {
                description: `VPC CNI (kube-system/aws-node) of EKS cluster ${clusterName}`,
                assumeRolePolicy: pulumi
                    .all([oidcProvider.arn, issuerUrl])
                    .apply(([arn, url]) =>
                        JSON.stringify(trustPolicy(arn, url, "kube-system", "aws-node")),
                    ),
                tags,
            },
            parent,
        );
        const cniPolicy = new aws.iam.RolePolicyAttachment(
            `${name}-vpc-cni-role-AmazonEKS_CNI_Policy`,
            { role: cniRole.name, policyArn: awsManaged("AmazonEKS_CNI_Policy") },
            parent,
        );
        const addon = (
            addonName: string,
            extra: Partial<aws.eks.AddonArgs>,
            dependsOn: pulumi.Resource[],
        ) =>
            new aws.eks.Addon(
                `${name}-${addonName}`,
                {
                    clusterName: cluster.name,
                    addonName,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                    tags,
                    ...extra,
                },
                { parent: this, dependsOn },
            );
        // Daemon sets the nodes need to become ready: before the node groups.
        const nodeAddons = [
            addon(
                "vpc-cni",
                {
                    serviceAccountRoleArn: cniRole.arn,
                    configurationValues: JSON.stringify(vpcCniConfiguration()),
                },
                [cniPolicy],
            ),
            addon("kube-proxy", {}, []),
            addon("eks-pod-identity-agent", {}, []),
        ];

        const nodeRole = new aws.iam.Role(
            `${name}-node-role`,
            {
                description: `Nodes of EKS cluster ${clusterName}`,
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
                tags,
            },
            parent,
        );
        const nodeRolePolicies = [
            "AmazonEKSWorkerNodePolicy",
            "AmazonEC2ContainerRegistryReadOnly",
        ].map(
            (policy) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-role-${policy}`,
                    { role: nodeRole.name, policyArn: awsManaged(policy) },
                    parent,
                ),
        );
        const nodeGroups = (args.nodeGroups ?? [{ name: "default" }]).map((group) => {
            const sizes = nodeGroupSizes(group);
            const launchTemplate = new aws.ec2.LaunchTemplate(
                `${name}-${group.name}-lt`,
                launchTemplateArgs(sizes.diskSizeGiB, tags),
                parent,
            );
            return new aws.eks.NodeGroup(
                `${name}-${group.name}`,
                {
                    clusterName: cluster.name,
                    nodeRoleArn: nodeRole.arn,
                    subnetIds: args.privateSubnetIds,
                    amiType: group.amiType ?? defaultAmiType,
                    instanceTypes: group.instanceTypes ?? ["m6i.large"],
                    scalingConfig: {
                        minSize: sizes.minSize,
                        desiredSize: sizes.desiredSize,
                        maxSize: sizes.maxSize,
                    },
                    updateConfig: { maxUnavailable: 1 },
                    launchTemplate: {
                        id: launchTemplate.id,
                        version: launchTemplate.latestVersion.apply(String),
                    },
                    labels: group.labels,
                    tags,
                },
                {
                    parent: this,
                    dependsOn: [...nodeRolePolicies, ...nodeAddons],
                    // A cluster autoscaler owns the desired size once nodes run.
                    ignoreChanges: ["scalingConfig.desiredSize"],
                },
            );
        });
        // CoreDNS runs as a Deployment: it becomes active only once nodes can run it.
        addon("coredns", {}, nodeGroups);

        this.clusterName = cluster.name;
        this.oidcProviderArn = oidcProvider.arn;
        this.oidcIssuerUrl = issuerUrl;
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([cluster.name, cluster.endpoint, cluster.certificateAuthority, region])
                .apply(([n, endpoint, ca, r]) =>
                    JSON.stringify(kubeconfigFor(n, endpoint, ca?.data ?? "", r)),
                ),
        );
        this.kubernetesProvider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: this.kubeconfig, enableServerSideApply: true },
            // Nobody can reach the API before the admins' access entries exist.
            { parent: this, dependsOn: adminAssociations },
        );
        const k8sOpts = { parent: this, provider: this.kubernetesProvider };
        createAdmissionPolicy(
            `${name}-no-external-ips`,
            "hardened-eks-no-external-ips",
            noExternalIpsPolicy(),
            k8sOpts,
        );

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
                parent,
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
