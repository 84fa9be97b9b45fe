// Pulumi transforms that correct what `@pulumi/eks` hard-codes below the EKS Best Practices
// bar, for clusters that already run `eks.Cluster` and cannot be replaced. Transforms reach
// the children of remote components, which their arguments cannot configure. Each is pure:
// same props in, same props out. HardenedCluster itself uses none: it owns its children.
import * as pulumi from "@pulumi/pulumi";

/**
 * `eks.Cluster` sets `accessConfig.bootstrapClusterCreatorAdminPermissions: true` whenever
 * `authenticationMode` is set (pulumi-eks `nodejs/eks/cluster/cluster.ts`, "Explicitely grants
 * the principal creating the cluster admin access"), making whoever ran `pulumi up` a hidden,
 * permanent cluster admin. EKS reads the flag only when it creates a cluster, and
 * `eks.Cluster` ignores later changes to it, so this protects new clusters only.
 */
export function disableBootstrapClusterCreatorAdmin(
    args: pulumi.ResourceTransformArgs,
): pulumi.ResourceTransformResult | undefined {
    if (args.type !== "aws:eks/cluster:Cluster") {
        return undefined;
    }
    const accessConfig = (args.props.accessConfig ?? {}) as Record<string, unknown>;
    return {
        props: {
            ...args.props,
            accessConfig: { ...accessConfig, bootstrapClusterCreatorAdminPermissions: false },
        },
        opts: args.opts,
    };
}

/** The node launch types `@pulumi/eks` builds: templates (NodeGroupV2, ManagedNodeGroup) and configurations (NodeGroup). */
export const nodeLaunchTypes = [
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/launchConfiguration:LaunchConfiguration",
];

/**
 * Node launch templates and configurations built inside `@pulumi/eks` (its `enableIMDSv2`
 * uses hop limit 2, which lets pods reach the node role's credentials; without it the AMI's
 * defaults apply): require IMDSv2 tokens with hop limit 1.
 */
export function requireImdsv2HopLimit1(
    args: pulumi.ResourceTransformArgs,
): pulumi.ResourceTransformResult | undefined {
    if (!nodeLaunchTypes.includes(args.type)) {
        return undefined;
    }
    const metadataOptions = (args.props.metadataOptions ?? {}) as Record<string, unknown>;
    return {
        props: {
            ...args.props,
            metadataOptions: {
                ...metadataOptions,
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
            },
        },
        opts: args.opts,
    };
}

/**
 * The transforms that harden an existing `@pulumi/eks` cluster: pass them as `transforms`
 * of `eks.Cluster` and of each `eks.ManagedNodeGroup`, `eks.NodeGroupV2` or `eks.NodeGroup`
 * (or register them for the whole stack with `pulumi.runtime.registerResourceTransform`).
 *
 * - the cluster creator is not made a hidden admin (new clusters only: EKS reads the flag at
 *   creation);
 * - every launch template or configuration requires IMDSv2 with hop limit 1. A
 *   `ManagedNodeGroup` builds a launch template only when given one of its template
 *   arguments: pass `enableIMDSv2: true` so it does.
 */
export function hardenEksCluster(): pulumi.ResourceTransform[] {
    return [disableBootstrapClusterCreatorAdmin, requireImdsv2HopLimit1];
}
