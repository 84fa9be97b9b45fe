// The same program as awsx-eks-mng, hardened with the components' @pulumi/eks transforms.
// Preflight (and a preview) should then find neither hidden admin nor IMDS hop limit 2.
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as eks from "@pulumi/eks";
import { hardenEksCluster } from "../../../../components";

const vpc = new awsx.ec2.Vpc("vpc", { numberOfAvailabilityZones: 2 });
const key = new aws.kms.Key("secrets", { enableKeyRotation: true });
const nodeRole = new aws.iam.Role("nodes", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "ec2.amazonaws.com" }),
});
const cluster = new eks.Cluster(
    "cluster",
    {
        vpcId: vpc.vpcId,
        publicSubnetIds: vpc.publicSubnetIds,
        privateSubnetIds: vpc.privateSubnetIds,
        authenticationMode: eks.AuthenticationMode.Api,
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        encryptionConfigKeyArn: key.arn,
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
        createOidcProvider: true,
    },
    { transforms: hardenEksCluster() },
);
new eks.ManagedNodeGroup(
    "workers",
    {
        cluster,
        nodeRole,
        enableIMDSv2: true,
        subnetIds: vpc.privateSubnetIds,
    },
    { transforms: hardenEksCluster() },
);
export const kubeconfig = cluster.getKubeconfig().result;
