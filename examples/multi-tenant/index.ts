// Scenario 1: a shared EKS cluster for several teams. Each tenant gets a namespace with a
// quota, restricted pod security, default-deny network policy, a developer and a viewer IAM
// role (created here), a job queue, and a `worker` service account with its own IRSA role.
// Every value the program needs comes from Pulumi.<stack>.yaml (see Pulumi.dev.yaml); every
// AWS resource it names, it creates.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    defaultClusterName,
    HardenedCluster,
    HardenedClusterArgs,
    TenantSpecArgs,
} from "../../components";

const config = new pulumi.Config();
const vpcId = config.require("vpcId");
const privateSubnetIds = config.requireObject<string[]>("privateSubnetIds");
// The role that runs `pulumi up` must be an admin, or it loses access to what it created.
const adminRoleArn = config.require("adminRoleArn");
const [, partition, , , account] = adminRoleArn.split(":");
const region = new pulumi.Config("aws").require("region");
// Who may reach the private API endpoint on 443: where `pulumi up` and kubectl run from.
const apiAccessCidrs = config.requireObject<string[]>("apiAccessCidrs");
// Default-deny egress blocks AWS APIs too: workers reach STS (for IRSA) and SQS through the
// VPC interface endpoints in these subnets, on HTTPS only.
const awsEndpointCidrs = config.requireObject<string[]>("awsEndpointCidrs");
// `tenantCount` builds team-1..team-N instead of the named tenants (used by the benchmark).
const tenantCount = config.getNumber("tenantCount");
const tenantNames = tenantCount
    ? Array.from({ length: tenantCount }, (_, i) => `team-${i + 1}`)
    : (config.getObject<string[]>("tenants") ?? ["payments", "search", "analytics"]);
const tags = { "managed-by": "pulumi", project: "hardened-eks" };

// Physical names carry the project and stack, so two stacks can share an account.
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
// The name HardenedCluster "platform" gives its cluster, for the team roles' policy.
const eksClusterName = defaultClusterName(pulumi.getProject(), pulumi.getStack(), "platform");
const clusterArn = `arn:${partition}:eks:${region}:${account}:cluster/${eksClusterName}`;

/**
 * A tenant's IAM role for its people, which any principal of this account may assume if its
 * own IAM policy allows it (grant `sts:AssumeRole` on it to the tenant's people). Its ARN is
 * built from the name, so the access entry has a string, as TenantNamespace requires.
 */
function teamRole(tenant: string, group: "developers" | "viewers") {
    const roleName = `${prefix}-${tenant}-${group}`;
    if (roleName.length > 64) {
        throw new Error(
            `IAM role name "${roleName}" is longer than 64 characters: use a shorter tenant name`,
        );
    }
    const role = new aws.iam.Role(`${tenant}-${group}`, {
        name: roleName,
        description: `The ${group} of tenant ${tenant} on EKS cluster ${eksClusterName}`,
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "PrincipalsOfThisAccount",
                    Effect: "Allow",
                    Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                    Action: "sts:AssumeRole",
                },
            ],
        }),
        tags,
    });
    // `aws eks update-kubeconfig` reads the cluster's endpoint and certificate authority.
    new aws.iam.RolePolicy(`${tenant}-${group}-describe-cluster`, {
        role: role.name,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "eks:DescribeCluster", Resource: clusterArn }],
        }),
    });
    return { role, arn: `arn:${partition}:iam::${account}:role/${roleName}` };
}

const teamRoles: aws.iam.Role[] = [];
const tenants: TenantSpecArgs[] = tenantNames.map((name) => {
    const developers = teamRole(name, "developers");
    const viewers = teamRole(name, "viewers");
    teamRoles.push(developers.role, viewers.role);
    const queueName = `${prefix}-${name}-jobs`;
    new aws.sqs.Queue(`${name}-jobs`, { name: queueName, sqsManagedSseEnabled: true, tags });
    return {
        name,
        teams: [
            { roleArn: developers.arn, access: "develop" },
            { roleArn: viewers.arn, access: "view" },
        ],
        egressCidrs: awsEndpointCidrs,
        serviceAccounts: [
            {
                name: "worker",
                policyStatements: [
                    {
                        sid: "ConsumeOwnQueue",
                        actions: [
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:GetQueueAttributes",
                        ],
                        resources: [`arn:${partition}:sqs:${region}:${account}:${queueName}`],
                    },
                ],
            },
        ],
    };
});

// A typed object, so that an argument HardenedCluster does not know fails the type-check.
const clusterArgs: HardenedClusterArgs = {
    vpcId,
    privateSubnetIds,
    adminRoleArns: [adminRoleArn],
    apiAccessCidrs,
    nodeGroups: [{ name: "general", instanceTypes: ["m6i.large"], minSize: 2, maxSize: 6 }],
    tenants,
    tags,
};
// EKS refuses an access entry for a principal that does not exist yet ("invalid principal"):
// the team roles are created before the cluster and its tenants.
const cluster = new HardenedCluster("platform", clusterArgs, { dependsOn: teamRoles });

export const clusterName = cluster.clusterName;
export const oidcProviderArn = cluster.oidcProviderArn;
export const oidcIssuerUrl = cluster.oidcIssuerUrl;
export const kubeconfig = cluster.kubeconfig;
export const tenantNamespaces = tenantNames;
export const teamRoleArns = Object.fromEntries(
    tenants.map((t) => [t.name, (t.teams ?? []).map((team) => team.roleArn)]),
);
