// The HardenedCluster arguments the cluster tests start from: the smallest valid set.
import { HardenedClusterArgs } from "../../components/cluster";

export const admin = "arn:aws:iam::123456789012:role/platform-admin";

/** Valid arguments for a cluster named "prod", with `extra` on top. */
export function clusterArgs(extra: Partial<HardenedClusterArgs> = {}): HardenedClusterArgs {
    return {
        vpcId: "vpc-1",
        privateSubnetIds: ["subnet-a", "subnet-b"],
        adminRoleArns: [admin],
        clusterName: "prod",
        apiAccessCidrs: ["10.0.0.0/16"],
        ...extra,
    };
}
