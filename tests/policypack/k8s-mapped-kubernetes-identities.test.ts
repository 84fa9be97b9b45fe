// k8s-no-cluster-admin-binding on IAM principals that aws-auth or eks.Cluster maps to one of
// Kubernetes' own users or groups: they hold what Kubernetes binds to it
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy cluster-role-bindings, in
// policypack/lib/kubernetes-default-rbac-data.ts), which the stack never wrote.
import * as assert from "assert";
import { k8sNoClusterAdminBinding as policy } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { stackViolations } from "./check";

const ci = "arn:aws:iam::123456789012:role/ci";
const awsAuthUrn = "urn:pulumi:test::test::kubernetes:core/v1:ConfigMap::aws-auth";
const awsAuth = (mapRoles: string) => ({
    type: "kubernetes:core/v1:ConfigMap",
    name: "aws-auth",
    props: { metadata: { name: "aws-auth", namespace: "kube-system" }, data: { mapRoles } },
});
const controllerManager =
    `which Kubernetes' own ClusterRoleBinding "system:kube-controller-manager" gives cluster-admin-equivalent power: ` +
    `create service account tokens in every namespace, kube-system included, through ClusterRole "system:kube-controller-manager" rules[10] {verbs: [create], apiGroups: [""], resources: [serviceaccounts/token]}; ` +
    `read Secrets (list and watch return their contents) in every namespace, kube-system included, through ClusterRole "system:kube-controller-manager" rules[5] {verbs: [get], apiGroups: [""], resources: [configmaps, namespaces, secrets, serviceaccounts]}: ` +
    `map it to a user name and groups of its own, bound to what it needs, or list "IAM:${ci}" in allowedSubjects if it is a break-glass principal.`;

describe("k8s-no-cluster-admin-binding: IAM principals mapped to Kubernetes' own identities", () => {
    it("reports a role mapped to system:kube-controller-manager, on the mapping", async () => {
        const found = await stackViolations(policy, [
            awsAuth(`- rolearn: ${ci}\n  username: system:kube-controller-manager\n  groups: []\n`),
        ]);
        assert.deepStrictEqual(found, [
            {
                message: `IAM:${ci} is mapped into User:system:kube-controller-manager, ${controllerManager}`,
                urn: awsAuthUrn,
            },
        ]);
    });

    it("reports a user name template the caller's session name may render as it", async () => {
        const found = await stackViolations(policy, [
            awsAuth(`- rolearn: ${ci}\n  username: "system:{{SessionName}}"\n  groups: []\n`),
        ]);
        assert.deepStrictEqual(
            found.map((f) => f.message),
            [
                `IAM:${ci} is mapped into User:system:{{SessionName}}, which the session name it chooses may render as User:system:kube-controller-manager, ${controllerManager}`,
            ],
        );
    });

    // system:serviceaccount:<ns>:<name> is that service account to RBAC (rule.go
    // appliesToUser; rbac-identity.ts identityKeys): a role so named holds its bindings.
    it("reports a role mapped to a service account's user name, one of Kubernetes' controllers", async () => {
        const found = await stackViolations(policy, [
            awsAuth(
                `- rolearn: ${ci}\n  username: system:serviceaccount:kube-system:clusterrole-aggregation-controller\n  groups: []\n`,
            ),
        ]);
        assert.strictEqual(found.length, 1);
        assert.strictEqual(found[0].urn, awsAuthUrn);
        assert.match(
            found[0].message,
            /^IAM:\S+ is mapped into ServiceAccount:kube-system:clusterrole-aggregation-controller, which Kubernetes' own ClusterRoleBinding "system:controller:clusterrole-aggregation-controller" gives cluster-admin-equivalent power: escalate and rewrite ClusterRole/,
        );
    });

    it("reports a role of eks.Cluster's roleMappings, on the cluster", async () => {
        const cluster = {
            type: "eks:index:Cluster",
            name: "eks",
            props: {
                roleMappings: [
                    { roleArn: ci, username: "system:kube-controller-manager", groups: [] },
                ],
            },
        };
        const found = await stackViolations(policy, [cluster]);
        assert.deepStrictEqual(
            found.map((f) => f.urn),
            ["urn:pulumi:test::test::eks:index:Cluster::eks"],
        );
    });

    // The node role's mapping every EKS cluster has (EKS User Guide, "aws-auth ConfigMap"), a
    // user whose defaults grant nothing this policy counts, and system:masters (judged by
    // eks-no-unlisted-cluster-admin) pass; so does a principal listed in allowedSubjects.
    it("passes the node role's mapping, the scheduler, system:masters and a listed principal", async () => {
        for (const mapRoles of [
            `- rolearn: ${ci}\n  username: "system:node:{{EC2PrivateDNSName}}"\n  groups: [system:bootstrappers, system:nodes]\n`,
            `- rolearn: ${ci}\n  username: system:kube-scheduler\n  groups: []\n`,
            `- rolearn: ${ci}\n  username: admin\n  groups: [system:masters]\n`,
        ]) {
            assert.deepStrictEqual(
                await stackViolations(policy, [awsAuth(mapRoles)]),
                [],
                mapRoles,
            );
        }
        const mapped = awsAuth(
            `- rolearn: ${ci}\n  username: system:kube-controller-manager\n  groups: []\n`,
        );
        assert.deepStrictEqual(
            await stackViolations(policy, [mapped], { allowedSubjects: [`IAM:${ci}`] }),
            [],
        );
    });
});
