// Scenario 1: a shared EKS cluster for several teams. Each tenant gets a namespace with a
// quota, restricted pod security, default-deny network policy, a developer and a viewer
// team role, and a workload service account with its own IRSA role.
import * as pulumi from "@pulumi/pulumi";
import { HardenedCluster, TenantSpecArgs } from "../../components";

const config = new pulumi.Config();
const vpcId = config.require("vpcId");
const privateSubnetIds = config.requireObject<string[]>("privateSubnetIds");
// The role that runs `pulumi up` must be an admin, or it loses access to what it created.
const adminRoleArn = config.require("adminRoleArn");
const account = adminRoleArn.split(":")[4];
// `tenantCount` builds team-1..team-N instead of the named tenants (used by the benchmark).
const tenantCount = config.getNumber("tenantCount");
// Default-deny egress blocks AWS APIs too: workers reach SQS and STS (for IRSA) through the
// VPC endpoints in these subnets, on HTTPS only.
const awsEndpointCidrs = config.getObject<string[]>("awsEndpointCidrs");
const tenantNames = tenantCount
    ? Array.from({ length: tenantCount }, (_, i) => `team-${i + 1}`)
    : (config.getObject<string[]>("tenants") ?? ["payments", "search", "analytics"]);

const tenants: TenantSpecArgs[] = tenantNames.map((name) => ({
    name,
    teams: [
        { roleArn: `arn:aws:iam::${account}:role/${name}-developers`, access: "develop" },
        { roleArn: `arn:aws:iam::${account}:role/${name}-viewers`, access: "view" },
    ],
    egressCidrs: awsEndpointCidrs,
    serviceAccounts: [
        {
            name: "worker",
            policyStatements: [
                {
                    sid: "ConsumeOwnQueue",
                    actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                    resources: [`arn:aws:sqs:*:${account}:${name}-jobs`],
                },
            ],
        },
    ],
}));

const cluster = new HardenedCluster("platform", {
    vpcId,
    privateSubnetIds,
    adminRoleArns: [adminRoleArn],
    apiAccessCidrs: config.requireObject<string[]>("apiAccessCidrs"),
    nodeGroups: [{ name: "general", instanceTypes: ["m6i.large"], minSize: 2, maxSize: 6 }],
    tenants,
    tags: { "managed-by": "pulumi", project: "hardened-eks" },
});

export const clusterName = cluster.clusterName;
export const oidcProviderArn = cluster.oidcProviderArn;
export const kubeconfig = cluster.kubeconfig;
export const tenantNamespaces = tenantNames;
