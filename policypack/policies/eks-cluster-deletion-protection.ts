import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksClusterTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { show } from "../lib/values";

export const eksClusterDeletionProtection: ResourceValidationPolicy = {
    name: "eks-cluster-deletion-protection",
    description:
        "Checks that EKS clusters have deletion protection on, so that no DeleteCluster call removes them until it is turned off.",
    // Advisory: a cluster that is meant to be short-lived may go without it.
    enforcementLevel: "advisory",
    severity: "medium",
    // Both aws.eks.Cluster and @pulumi/eks's eks.Cluster (which passes it on,
    // pulumi/pulumi-eks@7bf0c1b1 nodejs/eks/cluster/cluster.ts:743) take `deletionProtection`;
    // @pulumi/aws 7.48.0 eks/cluster.d.ts:499-501: "Default: `false`". A string "true" (a
    // config value passed as is) counts as on: the policy does not fail what may be meant.
    validateResource: validateTypes(eksClusterTypes, (props, subject, report) => {
        const value = props.deletionProtection;
        const on = value === true || (typeof value === "string" && /^true$/i.test(value));
        if (!on) {
            report(
                `${subject} can be deleted by any DeleteCluster call (deletionProtection is ${value === undefined ? "unset, which means off" : show(value)}): set deletionProtection to true, and turn it off only in the update before the cluster is meant to go.`,
            );
        }
    }),
    remediationSteps:
        "Set deletionProtection: true on the cluster (HardenedCluster sets it by default). To delete the cluster, turn it off in one update, then delete.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html",
};
