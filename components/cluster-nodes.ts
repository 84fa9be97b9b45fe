// HardenedCluster's data plane: the EKS-managed add-ons and the managed node groups, in the
// order a first `pulumi up` and a version upgrade need them: control plane, then the add-ons
// nodes need (vpc-cni, kube-proxy, the Pod Identity agent), then the node groups, then
// CoreDNS, which becomes active only on a node (eks-facts.ts cites why). Node groups and
// add-on versions follow the cluster's version, so raising `version` updates them in that
// order too (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HardenedClusterArgs, nodeGroupSizes } from "./cluster-args";
import { defaultAmiType, launchTemplateArgs, vpcCniConfiguration } from "./cluster-config";
import { ManagedAddonName } from "./eks-facts";
import { serviceTrustPolicy, trustPolicy } from "./irsa";

/** What the data plane is built on. */
export interface DataPlaneContext {
    /** The component's name, which children are named after. */
    name: string;
    parent: pulumi.Resource;
    clusterName: string;
    cluster: aws.eks.Cluster;
    oidcProviderArn: pulumi.Output<string>;
    issuerUrl: pulumi.Output<string>;
    /** The ARN of an AWS-managed IAM policy in the cluster's partition. */
    awsManaged: (policy: string) => pulumi.Output<string>;
    args: HardenedClusterArgs;
}

/**
 * An add-on's version: the one `addonVersions` pins, or else the most recent EKS offers for
 * the cluster's Kubernetes version, as pulumi-eks resolves kube-proxy's
 * (pulumi/pulumi-eks nodejs/eks/cluster/cluster.ts:766-776 at 7bf0c1b) and terraform-aws-eks
 * every add-on's (v21.19.0 main.tf:758-766, `most_recent = true` by default). The lookup
 * takes `cluster.version`, so it runs after the control plane is created or upgraded.
 */
export function addonVersion(
    addonName: ManagedAddonName,
    cluster: aws.eks.Cluster,
    pinned: Record<string, string> | undefined,
    opts: pulumi.InvokeOutputOptions,
): pulumi.Input<string> {
    return (
        pinned?.[addonName] ??
        aws.eks.getAddonVersionOutput(
            { addonName, kubernetesVersion: cluster.version, mostRecent: true },
            opts,
        ).version
    );
}

/** Creates the add-ons and node groups; returns every one of them. */
export function createDataPlane(ctx: DataPlaneContext): {
    addons: aws.eks.Addon[];
    nodeGroups: aws.eks.NodeGroup[];
} {
    const { name, parent, cluster, args, awsManaged } = ctx;
    const tags = args.tags;
    // The VPC CNI gets its AWS permissions through IRSA, not from the node role.
    const cniRole = new aws.iam.Role(
        `${name}-vpc-cni-role`,
        {
            description: `VPC CNI (kube-system/aws-node) of EKS cluster ${ctx.clusterName}`,
            assumeRolePolicy: pulumi
                .all([ctx.oidcProviderArn, ctx.issuerUrl])
                .apply(([arn, url]) =>
                    JSON.stringify(trustPolicy(arn, url, "kube-system", "aws-node")),
                ),
            tags,
        },
        { parent },
    );
    const cniPolicy = new aws.iam.RolePolicyAttachment(
        `${name}-vpc-cni-role-AmazonEKS_CNI_Policy`,
        { role: cniRole.name, policyArn: awsManaged("AmazonEKS_CNI_Policy") },
        { parent },
    );
    const addon = (
        addonName: ManagedAddonName,
        extra: Partial<aws.eks.AddonArgs>,
        dependsOn: pulumi.Resource[],
    ) =>
        new aws.eks.Addon(
            `${name}-${addonName}`,
            {
                clusterName: cluster.name,
                addonName,
                addonVersion: addonVersion(addonName, cluster, args.addonVersions, { parent }),
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                tags,
                ...extra,
            },
            { parent, dependsOn },
        );
    // DaemonSets the nodes need to become ready: before the node groups.
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
            description: `Nodes of EKS cluster ${ctx.clusterName}`,
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
            tags,
        },
        { parent },
    );
    const nodeRolePolicies = [
        "AmazonEKSWorkerNodePolicy",
        "AmazonEC2ContainerRegistryReadOnly",
    ].map(
        (policy) =>
            new aws.iam.RolePolicyAttachment(
                `${name}-node-role-${policy}`,
                { role: nodeRole.name, policyArn: awsManaged(policy) },
                { parent },
            ),
    );
    const nodeGroups = (args.nodeGroups ?? [{ name: "default" }]).map((group) => {
        const sizes = nodeGroupSizes(group);
        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-${group.name}-lt`,
            launchTemplateArgs(sizes.diskSizeGiB, tags),
            { parent },
        );
        return new aws.eks.NodeGroup(
            `${name}-${group.name}`,
            {
                clusterName: cluster.name,
                // The nodes' kubelet follows the control plane (as pulumi-eks' managed node
                // groups do, nodejs/eks/nodes/nodegroup.ts:1889-1890 at 7bf0c1b): a `version`
                // upgrade reaches them after the control plane and the add-ons. Left behind,
                // they would block the next one: "all of your node groups' Kubernetes versions
                // must match the cluster's Kubernetes version in order to update the cluster"
                // (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterVersion.html).
                version: cluster.version,
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
                parent,
                dependsOn: [...nodeRolePolicies, ...nodeAddons],
                // A cluster autoscaler owns the desired size once nodes run.
                ignoreChanges: ["scalingConfig.desiredSize"],
            },
        );
    });
    // CoreDNS runs as a Deployment: it becomes active only once nodes can run it.
    const coredns = addon("coredns", {}, nodeGroups);
    return { addons: [...nodeAddons, coredns], nodeGroups };
}
