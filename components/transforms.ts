// Pulumi transforms that correct what `@pulumi/eks` hard-codes below the EKS Best
// Practices bar. Transforms reach the children of remote components, which the
// component cannot configure any other way. Each is pure: same props in, same props out.
import * as pulumi from "@pulumi/pulumi";

/**
 * `eks.Cluster` sets `accessConfig.bootstrapClusterCreatorAdminPermissions: true` when
 * `authenticationMode` is set, making whoever ran `pulumi up` a hidden, permanent
 * cluster admin. Admins must be the listed access entries only.
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

/**
 * Launch templates built inside `@pulumi/eks` (its `enableIMDSv2` uses hop limit 2, which
 * lets pods reach the node's credentials): require IMDSv2 tokens with hop limit 1.
 */
export function requireImdsv2HopLimit1(
    args: pulumi.ResourceTransformArgs,
): pulumi.ResourceTransformResult | undefined {
    if (args.type !== "aws:ec2/launchTemplate:LaunchTemplate") {
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

/** The transforms HardenedCluster puts on `eks.Cluster` and its node groups. */
export const clusterTransforms: pulumi.ResourceTransform[] = [
    disableBootstrapClusterCreatorAdmin,
    requireImdsv2HopLimit1,
];
