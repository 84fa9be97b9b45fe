// HardenedCluster: an EKS cluster built from @pulumi/aws resources it owns, with every
// control of the EKS Best Practices security guide switched on
// (https://docs.aws.amazon.com/eks/latest/best-practices/security.html). Every
// security-relevant resource is a registered child, so a unit test under mocks, preflight
// and a real preview all see the same thing; it uses no transforms. Its arguments and their
// checks are in cluster-args.ts, the add-ons and nodes in cluster-nodes.ts.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createAdmissionPolicy, noExternalIpsPolicy } from "./admission";
import { createApiAccess } from "./api-access";
import { clusterProbe, deploysToRealEngine, waitForApi } from "./api-readiness";
import { HardenedClusterArgs, validateClusterArgs } from "./cluster-args";
import {
    clusterEncryptionPolicy,
    controlPlaneLogTypes,
    getTokenArgs,
    KubeconfigCredentials,
    kubeconfigFor,
    logsKeyPolicy,
} from "./cluster-config";
import { createDataPlane } from "./cluster-nodes";
import { guardStage } from "./deletion-protection";
import { serviceTrustPolicy } from "./irsa";
import { arnKey, defaultClusterName } from "./names";
import { TenantNamespace } from "./tenant";
import { failer } from "./validation";

export type { HardenedClusterArgs, NodeGroupArgs } from "./cluster-args";
export { nodeGroupSizes, validateClusterArgs } from "./cluster-args";

/**
 * An EKS cluster with audit logging, KMS secrets encryption, a private endpoint, access
 * entries instead of aws-auth, IMDSv2 managed nodes, managed add-ons and optional tenants.
 */
export class HardenedCluster extends pulumi.ComponentResource {
    /** Name of the EKS cluster. */
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of the cluster (secret), authenticating with `aws eks get-token`. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** ARN of the cluster's IAM OIDC provider, for IRSA. */
    public readonly oidcProviderArn: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL (`https://oidc.eks...`), for IRSA. */
    public readonly oidcIssuerUrl: pulumi.Output<string>;
    /**
     * The security group EKS created for the cluster, on the control plane and on every
     * managed node: the source to admit in other groups (a database's) for the nodes.
     */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    /**
     * A Kubernetes provider for the cluster, used once the API answers the admins' credentials
     * (reachable from `apiAccessCidrs`, `apiAccessSecurityGroupIds` or `publicAccessCidrs`).
     */
    public readonly kubernetesProvider: k8s.Provider;

    constructor(name: string, args: HardenedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        validateClusterArgs(failer("HardenedCluster", name), args);
        super("hardened-eks:index:HardenedCluster", name, {}, opts);

        const clusterName =
            args.clusterName ?? defaultClusterName(pulumi.getProject(), pulumi.getStack(), name);
        const logGroupName = `/aws/eks/${clusterName}/cluster`;
        const tags = args.tags;
        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent).partition;
        const region = aws.getRegionOutput({}, parent).region;
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const awsManaged = (policy: string) =>
            pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;
        // While deletionProtection is on, `pulumi destroy` must refuse before deleting
        // anything, with or without a preview (deletion-protection.ts); `undefined` keeps the
        // caller's own `protect`.
        const deletionProtection = args.deletionProtection ?? true;
        const protect = deletionProtection ? true : undefined;
        // Kept on delete: logs and Secrets encrypted with them stay readable, and a key
        // cannot be undeleted once its deletion window ends. They have no alias or name, so a
        // kept key never collides with the keys a later `pulumi up` of this stack creates.
        const keyOpts = { parent: this, retainOnDelete: true };

        const logsKey = new aws.kms.Key(
            `${name}-logs-key`,
            {
                description: `Encrypts control-plane logs of EKS cluster ${clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([partition, region, account])
                    .apply(([p, r, a]) => JSON.stringify(logsKeyPolicy(p, r, a, logGroupName))),
                tags,
            },
            keyOpts,
        );
        // EKS creates this log group itself, without retention or encryption, unless it exists
        // first. Not kept on delete: its name is fixed, and a kept group would make the next
        // `pulumi up` of this stack fail with ResourceAlreadyExistsException
        // (terraform-aws-modules/terraform-aws-eks#2763). It is deleted after the cluster.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            {
                name: logGroupName,
                retentionInDays: args.logRetentionDays ?? 90,
                kmsKeyId: logsKey.arn,
                tags,
            },
            parent,
        );
        const secretsKeyArn = pulumi.output(
            args.kmsKeyArn ??
                new aws.kms.Key(
                    `${name}-secrets-key`,
                    {
                        description: `Envelope encryption of Secrets of EKS cluster ${clusterName}`,
                        enableKeyRotation: true,
                        deletionWindowInDays: 30,
                        tags,
                    },
                    keyOpts,
                ).arn,
        );

        const clusterRole = new aws.iam.Role(
            `${name}-cluster-role`,
            {
                description: `Control plane of EKS cluster ${clusterName}`,
                assumeRolePolicy: JSON.stringify(
                    serviceTrustPolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
                ),
                tags,
            },
            parent,
        );
        const clusterRolePolicies = [
            new aws.iam.RolePolicyAttachment(
                `${name}-cluster-role-AmazonEKSClusterPolicy`,
                { role: clusterRole.name, policyArn: awsManaged("AmazonEKSClusterPolicy") },
                parent,
            ),
            new aws.iam.RolePolicy(
                `${name}-cluster-role-secrets-key`,
                {
                    role: clusterRole.name,
                    policy: secretsKeyArn.apply((arn) =>
                        JSON.stringify(clusterEncryptionPolicy(arn)),
                    ),
                },
                parent,
            ),
        ];
        // Who reaches the API: a security group of the control plane's own (api-access.ts).
        const apiAccess = createApiAccess(name, clusterName, args.vpcId, args, tags, this);

        const cluster = new aws.eks.Cluster(
            `${name}-cluster`,
            {
                name: clusterName,
                roleArn: clusterRole.arn,
                version: args.version,
                vpcConfig: {
                    subnetIds: args.privateSubnetIds,
                    securityGroupIds: [apiAccess.securityGroup.id],
                    endpointPrivateAccess: true,
                    endpointPublicAccess: args.endpointPublicAccess ?? false,
                    publicAccessCidrs: args.endpointPublicAccess
                        ? args.publicAccessCidrs
                        : undefined,
                },
                accessConfig: {
                    authenticationMode: "API",
                    bootstrapClusterCreatorAdminPermissions: false,
                },
                encryptionConfig: { provider: { keyArn: secretsKeyArn }, resources: ["secrets"] },
                enabledClusterLogTypes: controlPlaneLogTypes,
                // The add-ons are EKS-managed; no self-managed copies to take over.
                bootstrapSelfManagedAddons: false,
                deletionProtection,
                tags,
            },
            // The log group must exist first, or EKS creates it without retention or a key.
            // Protected too, so that a change that would replace (delete) the cluster is
            // refused in the preview (pulumi/pulumi step_generator.go:1954-1961 at 1b59498).
            { parent: this, protect, dependsOn: [logGroup, ...clusterRolePolicies] },
        );
        const issuerUrl = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
        const oidcProvider = new aws.iam.OpenIdConnectProvider(
            `${name}-oidc`,
            { url: issuerUrl, clientIdLists: ["sts.amazonaws.com"], tags },
            parent,
        );

        // Admins: one access entry and one cluster-admin association each, named after the ARN.
        const adminEntries: aws.eks.AccessEntry[] = [];
        const adminAssociations = (args.adminRoleArns as string[]).map((principalArn) => {
            const key = `${name}-admin-${arnKey(principalArn)}`;
            const entry = new aws.eks.AccessEntry(
                key,
                { clusterName: cluster.name, principalArn, type: "STANDARD", tags },
                parent,
            );
            adminEntries.push(entry);
            return new aws.eks.AccessPolicyAssociation(
                key,
                {
                    clusterName: cluster.name,
                    principalArn,
                    policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                    accessScope: { type: "cluster" },
                },
                { parent: this, dependsOn: [entry] },
            );
        });

        const apiRules = apiAccess.rules;
        // Guards of the AWS half, each registered as soon as its stage exists
        // (deletion-protection.ts).
        const controlPlane = [
            cluster,
            oidcProvider,
            ...adminEntries,
            ...adminAssociations,
            ...apiRules,
        ];
        const controlPlaneGuard = guardStage(name, "control-plane", protect, this, controlPlane);
        const dataPlane = createDataPlane({
            name,
            parent: this,
            clusterName,
            cluster,
            oidcProviderArn: oidcProvider.arn,
            issuerUrl,
            awsManaged,
            args,
        });
        const dataPlaneGuard = guardStage(name, "data-plane", protect, this, [
            ...controlPlane,
            ...dataPlane.addons,
            ...dataPlane.nodeGroups,
        ]);

        this.clusterName = cluster.name;
        this.oidcProviderArn = oidcProvider.arn;
        this.oidcIssuerUrl = issuerUrl;
        this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
        const credentials: KubeconfigCredentials = {
            roleArn: args.kubeconfigRoleArn,
            profile: args.kubeconfigProfile,
        };
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([cluster.name, cluster.endpoint, cluster.certificateAuthority, region])
                .apply(([n, endpoint, ca, r]) =>
                    JSON.stringify(kubeconfigFor(n, endpoint, ca?.data ?? "", r, credentials)),
                ),
        );
        // Nobody reaches the API before the ingress rules and the admins' access entries exist,
        // and EKS honours them a little later still: the provider's kubeconfig is handed over
        // once the API answers it (api-readiness.ts), in a real `pulumi up` only. Before that,
        // the AWS half's guards must be in the stack's state, so that a Kubernetes half that
        // fails leaves the AWS half guarded. A guard is a component without children, which
        // `dependsOn` would not wait for (it keeps custom and remote resources only: pulumi/pulumi
        // sdk/nodejs/runtime/dependsOn.ts:88-101 at 1b59498); its URN resolves once the engine
        // has registered it.
        const readyKubeconfig = pulumi
            .all([
                this.kubeconfig,
                cluster.name,
                cluster.endpoint,
                cluster.certificateAuthority,
                region,
                pulumi.all([...adminAssociations, ...apiRules].map((r) => r.id)),
                controlPlaneGuard.urn,
                dataPlaneGuard.urn,
            ])
            .apply(async ([kubeconfig, n, endpoint, ca, r]) => {
                if (deploysToRealEngine()) {
                    await waitForApi({
                        component: `HardenedCluster "${name}"`,
                        endpoint,
                        clusterName: n,
                        probe: clusterProbe({
                            endpoint,
                            certificateAuthorityData: ca?.data ?? "",
                            tokenArgs: getTokenArgs(n, r, credentials),
                        }),
                    });
                }
                return kubeconfig;
            });
        this.kubernetesProvider = new k8s.Provider(
            `${name}-k8s`,
            { kubeconfig: readyKubeconfig, enableServerSideApply: true },
            { parent: this, dependsOn: [...adminAssociations, ...apiRules] },
        );
        const k8sOpts = { parent: this, provider: this.kubernetesProvider };
        createAdmissionPolicy(
            `${name}-no-external-ips`,
            "hardened-eks-no-external-ips",
            noExternalIpsPolicy(),
            k8sOpts,
        );

        for (const tenant of args.tenants ?? []) {
            new TenantNamespace(
                `${name}-${tenant.name}`,
                {
                    ...tenant,
                    clusterName: this.clusterName,
                    oidcProviderArn: this.oidcProviderArn,
                    oidcIssuerUrl: this.oidcIssuerUrl,
                    kubernetesProvider: this.kubernetesProvider,
                },
                parent,
            );
        }

        // Last, depending on every other child (all of `this`): deleted first, refused while
        // protected, so a destroy stops before it deletes anything (deletion-protection.ts).
        guardStage(name, "kubernetes", protect, this, [this]);

        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuerUrl: this.oidcIssuerUrl,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            kubernetesProvider: this.kubernetesProvider,
        });
    }
}
