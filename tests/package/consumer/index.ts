// A user's program: the components imported from the installed package.
import { HardenedCluster } from "hardened-eks";

export const cluster = new HardenedCluster("platform", {
    vpcId: "vpc-0123456789abcdef0",
    privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
    adminRoleArns: ["arn:aws:iam::123456789012:role/platform-admin"],
    apiAccessCidrs: ["10.0.0.0/16"],
    tenants: [
        {
            name: "payments",
            teams: [{ roleArn: "arn:aws:iam::123456789012:role/payments-dev", access: "develop" }],
            serviceAccounts: [{ name: "api", identity: "pod-identity" }],
        },
    ],
});

export const kubeconfig = cluster.kubeconfig;
