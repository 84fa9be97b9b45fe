// Every policy of the pack, in the order of the README's policy table, with
// `policy-exemptions` first (see lib/exemptions.ts).
import { Policies } from "@pulumi/policy";
import { ec2LaunchTemplateImdsv2 } from "./ec2-launch-template-imdsv2";
import { eksClusterAuditLogging } from "./eks-cluster-audit-logging";
import { eksClusterPrivateEndpoint } from "./eks-cluster-private-endpoint";
import { eksClusterSecretsEncryption } from "./eks-cluster-secrets-encryption";
import { eksIrsaTrustScoped } from "./eks-irsa-trust-scoped";
import { eksNodeGroupLaunchTemplate } from "./eks-node-group-launch-template";
import { eksNoUnlistedClusterAdmin } from "./eks-no-unlisted-cluster-admin";
import { iamNoAdminManagedPolicies } from "./iam-no-admin-managed-policies";
import { iamNoWildcardPermissions } from "./iam-no-wildcard-permissions";
import { iamNoWildcardPrincipals } from "./iam-no-wildcard-principals";
import { iamTypeWideWrite } from "./iam-type-wide-write";
import { k8sEksSubjectIdentity } from "./k8s-eks-subject-identity";
import { k8sNamespacePodSecurity } from "./k8s-namespace-pod-security";
import { k8sNoClusterAdminBinding } from "./k8s-no-cluster-admin-binding";
import { k8sNoDefaultServiceAccount } from "./k8s-no-default-service-account";
import { k8sNoWildcardRbacRules } from "./k8s-no-wildcard-rbac-rules";
import { k8sTenantIsolation } from "./k8s-tenant-isolation";
import { withExemptions } from "./policy-exemptions";

export const policies: Policies = withExemptions([
    iamNoWildcardPermissions,
    iamNoWildcardPrincipals,
    iamNoAdminManagedPolicies,
    k8sNoClusterAdminBinding,
    k8sTenantIsolation,
    eksNoUnlistedClusterAdmin,
    eksClusterAuditLogging,
    eksClusterSecretsEncryption,
    eksClusterPrivateEndpoint,
    eksIrsaTrustScoped,
    ec2LaunchTemplateImdsv2,
    k8sNamespacePodSecurity,
    k8sNoWildcardRbacRules,
    k8sNoDefaultServiceAccount,
    k8sEksSubjectIdentity,
    eksNodeGroupLaunchTemplate,
    iamTypeWideWrite,
]);
