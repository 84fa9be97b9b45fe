// The shape of the pulumi-eks examples: an awsx VPC, an eks.Cluster with access entries and
// a managed node group with IMDSv2. Its children carry the two settings @pulumi/eks hard-codes.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";

const vpc = new awsx.ec2.Vpc("vpc", { numberOfAvailabilityZones: 2 });
const key = new aws.kms.Key("secrets", { enableKeyRotation: true });
const nodeRole = new aws.iam.Role("nodes", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "ec2.amazonaws.com" }),
});
const cluster = new eks.Cluster("cluster", {
    vpcId: vpc.vpcId,
    publicSubnetIds: vpc.publicSubnetIds,
    privateSubnetIds: vpc.privateSubnetIds,
    authenticationMode: eks.AuthenticationMode.Api,
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    encryptionConfigKeyArn: key.arn,
    endpointPrivateAccess: true,
    endpointPublicAccess: false,
    createOidcProvider: true,
});
new eks.ManagedNodeGroup("workers", {
    cluster,
    nodeRole,
    enableIMDSv2: true,
    subnetIds: vpc.privateSubnetIds,
});
export const kubeconfig = cluster.getKubeconfig().result;
