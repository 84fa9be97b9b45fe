// Pulumi type tokens the policies match on. Matching on strings (not provider classes)
// keeps the pack from loading @pulumi/aws or @pulumi/kubernetes at start-up.

export const iamPolicyDocumentTypes = {
    "aws:iam/policy:Policy": "IAM policy",
    "aws:iam/rolePolicy:RolePolicy": "IAM role policy",
    "aws:iam/userPolicy:UserPolicy": "IAM user policy",
    "aws:iam/groupPolicy:GroupPolicy": "IAM group policy",
} as const;

export const iamRole = "aws:iam/role:Role";

export const policyAttachmentTypes = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM role policy attachment",
    "aws:iam/policyAttachment:PolicyAttachment": "IAM policy attachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "IAM user policy attachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "IAM group policy attachment",
} as const;

export const awsEksCluster = "aws:eks/cluster:Cluster";
export const eksComponentCluster = "eks:index:Cluster";
export const eksClusterTypes = [awsEksCluster, eksComponentCluster] as const;
export const accessPolicyAssociation = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

export const launchTemplateTypes = {
    "aws:ec2/launchTemplate:LaunchTemplate": "launch template",
    "aws:ec2/launchConfiguration:LaunchConfiguration": "launch configuration",
    "aws:ec2/instance:Instance": "EC2 instance",
} as const;

/** Managed node groups: without a launch template, their nodes take the AMI's IMDS defaults. */
export const eksNodeGroup = "aws:eks/nodeGroup:NodeGroup";
/** @pulumi/eks's managed node group component; its inputs reach the NodeGroup unchanged. */
export const eksComponentManagedNodeGroup = "eks:index:ManagedNodeGroup";

/** Resources that attach a list of managed policies exclusively (`policyArns`). */
export const exclusiveAttachmentTypes = {
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
        "IAM role policy attachments",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive":
        "IAM user policy attachments",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive":
        "IAM group policy attachments",
} as const;

/** IAM Identity Center: a managed policy attached to a permission set (`managedPolicyArn`). */
export const ssoManagedPolicyAttachment =
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
/** The type token and its server-side-apply `...Patch` twin. */
const withPatch = (type: string) => [type, `${type}Patch`];

export const bindingTypes = [
    ...withPatch(`${rbac}:ClusterRoleBinding`),
    ...withPatch(`${rbac}:RoleBinding`),
];
export const roleTypes = [...withPatch(`${rbac}:ClusterRole`), ...withPatch(`${rbac}:Role`)];
export const namespaceTypes = withPatch("kubernetes:core/v1:Namespace");
export const configMapTypes = withPatch("kubernetes:core/v1:ConfigMap");
export const serviceAccountTypes = withPatch("kubernetes:core/v1:ServiceAccount");

/** The label TenantNamespace puts on each tenant's namespace; k8s-tenant-isolation reads it. */
export const tenantLabel = "hardened-eks.io/tenant";

/** Workload kinds and the path from their props to the pod spec. */
export const podSpecPaths: Record<string, string[]> = Object.fromEntries(
    [
        ["kubernetes:core/v1:Pod", ["spec"]],
        ["kubernetes:apps/v1:Deployment", ["spec", "template", "spec"]],
        ["kubernetes:apps/v1:StatefulSet", ["spec", "template", "spec"]],
        ["kubernetes:apps/v1:DaemonSet", ["spec", "template", "spec"]],
        ["kubernetes:apps/v1:ReplicaSet", ["spec", "template", "spec"]],
        ["kubernetes:core/v1:ReplicationController", ["spec", "template", "spec"]],
        ["kubernetes:batch/v1:Job", ["spec", "template", "spec"]],
        ["kubernetes:batch/v1:CronJob", ["spec", "jobTemplate", "spec", "template", "spec"]],
    ].flatMap(([type, path]) => withPatch(type as string).map((t) => [t, path as string[]])),
);

/** The kind a type token names: `ClusterRoleBindingPatch` for `...:ClusterRoleBindingPatch`. */
export function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}
