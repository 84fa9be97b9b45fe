// Models of @pulumi/eks's supporting components: `eks.NodeGroupSecurityGroup` (the node
// security group and its rules) and `eks.ClusterCreationRoleProvider` (an IAM role, its
// policy and a provider that assumes it, to create a cluster as another identity). Each value
// cites pulumi/pulumi-eks at commit 7bf0c1b1 (nodejs/eks/...).
import { eksSource } from "./eks";
import { ComponentModel, hasUnknown, ModelChild, record, UNKNOWN } from "./model";

/** One of the node security group's rules (nodes/securitygroup.ts:130-200). */
function rule(
    name: string,
    description: string,
    [type, fromPort, toPort, protocol]: [type: string, from: number, to: number, protocol: string],
    rest: Record<string, unknown>,
): ModelChild {
    return {
        type: "aws:ec2/securityGroupRule:SecurityGroupRule",
        name,
        inputs: { description, type, fromPort, toPort, protocol, ...rest },
    };
}

const nodeGroupSecurityGroup: ComponentModel = {
    source: `${eksSource} nodejs/eks/nodes/securitygroup.ts`,
    build(ctx, name, inputs) {
        // securitygroup.ts:118-125: the tags name the cluster, so they are unknown until its name is.
        const clusterName = ctx.resolve(inputs.eksCluster)?.inputs.name;
        const tags =
            clusterName === undefined || hasUnknown(clusterName) || hasUnknown(inputs.tags)
                ? UNKNOWN
                : {
                      Name: `${name}-nodeSecurityGroup`,
                      [`kubernetes.io/cluster/${String(clusterName)}`]: "owned",
                      ...record(inputs.tags),
                  };
        const securityGroup: ModelChild = {
            // securitygroup.ts:113-128
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: `${name}-nodeSecurityGroup`,
            inputs: { vpcId: inputs.vpcId, revokeRulesOnDelete: true, tags },
        };
        // The security groups' ids are the provider's to compute (securitygroup.ts:83, 138).
        const own = { securityGroupId: UNKNOWN };
        const fromCluster = { ...own, sourceSecurityGroupId: UNKNOWN };
        const clusterIngress = rule(
            `${name}-eksClusterIngressRule`,
            "Allow pods to communicate with the cluster API Server",
            ["ingress", 443, 443, "tcp"],
            fromCluster,
        );
        const children: ModelChild[] = [
            securityGroup,
            rule(
                `${name}-eksNodeIngressRule`,
                "Allow nodes to communicate with each other",
                ["ingress", 0, 0, "-1"],
                { ...own, self: true },
            ),
            rule(
                `${name}-eksNodeClusterIngressRule`,
                "Allow worker Kubelets and pods to receive communication from the cluster control plane",
                ["ingress", 1025, 65535, "tcp"],
                fromCluster,
            ),
            rule(
                `${name}-eksExtApiServerClusterIngressRule`,
                "Allow pods running extension API servers on port 443 to receive communication from cluster control plane",
                ["ingress", 443, 443, "tcp"],
                fromCluster,
            ),
            rule(
                `${name}-eksNodeInternetEgressRule`,
                "Allow internet access.",
                ["egress", 0, 0, "-1"],
                {
                    ...own,
                    cidrBlocks: ["0.0.0.0/0"],
                },
            ),
            clusterIngress,
        ];
        // cmd/provider/securitygroup.ts:26-31
        return {
            children,
            outputs: {
                securityGroup: ctx.ref(securityGroup),
                securityGroupRule: ctx.ref(clusterIngress),
            },
        };
    },
};

const clusterCreationRoleProvider: ComponentModel = {
    source: `${eksSource} nodejs/eks/cluster/cluster.ts`,
    build(ctx, name, inputs) {
        // cluster.ts:338-339: invokes, which a preview runs.
        const partition = ctx.invoke("aws:index/getPartition:getPartition", {}).partition;
        const accountId = ctx.invoke("aws:index/getCallerIdentity:getCallerIdentity", {}).accountId;
        const provider: ModelChild = {
            // cluster.ts:385-403, with the arguments @pulumi/aws's Provider sends (provider.js):
            // its list arguments as JSON text, unknown while the role's ARN is.
            type: "pulumi:providers:aws",
            name: `${name}-eksClusterCreatorEntity`,
            inputs: {
                region: inputs.region,
                profile: inputs.profile,
                assumeRoles: UNKNOWN,
                skipCredentialsValidation: "false",
                skipRegionValidation: "true",
            },
        };
        const role: ModelChild = {
            // cluster.ts:340-358: the account's root may assume it.
            type: "aws:iam/role:Role",
            name: `${name}-eksClusterCreatorRole`,
            inputs: {
                assumeRolePolicy: JSON.stringify(
                    {
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: {
                                    AWS: `arn:${String(partition)}:iam::${String(accountId)}:root`,
                                },
                                Action: "sts:AssumeRole",
                            },
                        ],
                    },
                    null,
                    4,
                ),
                description: `Admin access to eks-${name}`,
            },
            children: [
                {
                    // cluster.ts:360-383: every EKS action and iam:PassRole, on every resource.
                    type: "aws:iam/rolePolicy:RolePolicy",
                    name: `${name}-eksClusterCreatorPolicy`,
                    inputs: {
                        role: UNKNOWN,
                        policy: {
                            Version: "2012-10-17",
                            Statement: [
                                { Effect: "Allow", Action: "eks:*", Resource: "*" },
                                { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
                            ],
                        },
                    },
                },
                provider,
            ],
        };
        // cmd/provider/cluster.ts:71-77
        return {
            children: [role],
            outputs: { role: ctx.ref(role), provider: ctx.ref(provider) },
        };
    },
};

export const eksSupportModels: Record<string, ComponentModel> = {
    "eks:index:NodeGroupSecurityGroup": nodeGroupSecurityGroup,
    "eks:index:ClusterCreationRoleProvider": clusterCreationRoleProvider,
};
