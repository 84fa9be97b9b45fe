// How EKS stacks get written without guardrails: plain @pulumi/aws, @pulumi/eks and
// @pulumi/kubernetes, each line a mistake the policy pack catches. Do not deploy this.
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

// The account's ARNs come from Pulumi.dev.yaml, as in every example.
const stackConfig = new pulumi.Config();
const config = {
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    opsRoleArn: stackConfig.require("opsRoleArn"),
    oidcProviderArn: stackConfig.require("oidcProviderArn"),
};

// No audit log, no secrets encryption, a public endpoint, and the whole ops team mapped
// to system:masters through aws-auth.
const cluster = new eks.Cluster("cluster", {
    vpcId: config.vpcId,
    subnetIds: config.subnetIds,
    enabledClusterLogTypes: ["api"],
    roleMappings: [
        {
            roleArn: config.opsRoleArn,
            username: "ops",
            groups: ["system:masters"],
        },
    ],
    skipDefaultNodeGroup: true,
});

// "Just make it work": every action on every resource.
new aws.iam.Policy("ci-deployer", {
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    }),
});

// Anyone in any account may assume this role.
const shared = new aws.iam.Role("shared", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicyAttachment("shared-admin", {
    role: shared.name,
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
});

// An IRSA role any service account in the cluster can assume. The cluster's OIDC provider
// comes from the platform stack that owns it (a new cluster's would be unknown to a preview).
const oidcProviderArn = config.oidcProviderArn;
const issuer = oidcProviderArn.split(":oidc-provider/")[1];
new aws.iam.Role("app-irsa", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringLike: { [`${issuer}:sub`]: "system:serviceaccount:*" } },
            },
        ],
    }),
});

// Nodes that answer IMDSv1 and let every pod reach the node's credentials.
new aws.ec2.LaunchTemplate("nodes", {
    imageId: "ami-0123456789abcdef0",
    instanceType: "m6i.large",
    metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 },
});

const provider = new k8s.Provider("cluster", { kubeconfig: cluster.kubeconfigJson });

// Developers get cluster-admin "for now".
new k8s.rbac.v1.ClusterRoleBinding(
    "developers-admin",
    {
        subjects: [{ kind: "Group", name: "developers", apiGroup: "rbac.authorization.k8s.io" }],
        roleRef: {
            kind: "ClusterRole",
            name: "cluster-admin",
            apiGroup: "rbac.authorization.k8s.io",
        },
    },
    { provider },
);

// A role that can do anything, for the operator's service account.
new k8s.rbac.v1.ClusterRole(
    "operator",
    { rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] },
    { provider },
);

// A namespace with no Pod Security Admission label, and an app on the default service account.
const apps = new k8s.core.v1.Namespace("apps", { metadata: { name: "apps" } }, { provider });
new k8s.apps.v1.Deployment(
    "web",
    {
        metadata: { namespace: apps.metadata.name },
        spec: {
            selector: { matchLabels: { app: "web" } },
            template: {
                metadata: { labels: { app: "web" } },
                spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
            },
        },
    },
    { provider },
);
