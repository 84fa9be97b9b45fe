// The add-ons of the pulumi-eks examples: CoreDNS and the EBS CSI driver as eks.Addon, the
// VPC CNI with network policy, a node security group of its own, and a cluster creation role.
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";

const key = new aws.kms.Key("secrets", { enableKeyRotation: true });
const cluster = new eks.Cluster("cluster", {
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    authenticationMode: eks.AuthenticationMode.Api,
    enabledClusterLogTypes: ["api", "audit"],
    encryptionConfigKeyArn: key.arn,
    endpointPublicAccess: false,
    endpointPrivateAccess: true,
    skipDefaultNodeGroup: true,
    version: "1.31",
});
new eks.Addon("coredns", {
    cluster,
    addonName: "coredns",
    configurationValues: { replicaCount: 3 },
});
new eks.Addon("ebs-csi", {
    cluster,
    addonName: "aws-ebs-csi-driver",
    serviceAccountRoleArn: "arn:aws:iam::123456789012:role/ebs-csi",
});
new eks.VpcCniAddon("vpc-cni", {
    clusterName: cluster.eksCluster.name,
    clusterVersion: "1.31",
    enableNetworkPolicy: true,
});
// A role the platform team assumes to create clusters: every EKS action, on every resource.
export const creatorRoleArn = new eks.ClusterCreationRoleProvider("creator", {}).role.arn;
new eks.NodeGroupSecurityGroup("nodes", {
    vpcId: "vpc-0123456789abcdef0",
    clusterSecurityGroup: cluster.clusterSecurityGroup as unknown as aws.ec2.SecurityGroup,
    eksCluster: cluster.eksCluster,
});
