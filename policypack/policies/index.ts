// Every policy of the pack, in the order of the README's policy table, with
// `policy-exemptions` first (see lib/exemptions.ts), each with the controls it implements
// (lib/controls.ts) as its display name, framework and tags.
import { Policies } from "@pulumi/policy";
import { withControls } from "../lib/compliance";
import { ec2LaunchTemplateImdsv2 } from "./ec2-launch-template-imdsv2";
import { eksClusterAuditLogging } from "./eks-cluster-audit-logging";
import { eksClusterDeletionProtection } from "./eks-cluster-deletion-protection";
import { eksClusterPrivateEndpoint } from "./eks-cluster-private-endpoint";
import { eksClusterSecretsCmk } from "./eks-cluster-secrets-cmk";
import { eksClusterSecretsEncryption } from "./eks-cluster-secrets-encryption";
import { eksClusterVersionSupported } from "./eks-cluster-version-supported";
import { eksIrsaTrustScoped } from "./eks-irsa-trust-scoped";
import { eksNodeGroupLaunchTemplate } from "./eks-node-group-launch-template";
import { eksNodeGroupRemoteAccess } from "./eks-node-group-remote-access";
import { eksNoUnlistedClusterAdmin } from "./eks-no-unlisted-cluster-admin";
import { iamNoAdminManagedPolicies } from "./iam-no-admin-managed-policies";
import { iamNoWildcardPermissions } from "./iam-no-wildcard-permissions";
import { iamNetworkOnlyPrincipals } from "./iam-network-only-principals";
import { iamNoWildcardPrincipals } from "./iam-no-wildcard-principals";
import { iamTypeWideWrite } from "./iam-type-wide-write";
import { k8sEksSubjectIdentity } from "./k8s-eks-subject-identity";
import { k8sNamespacePodSecurity } from "./k8s-namespace-pod-security";
import { k8sNoClusterAdminBinding } from "./k8s-no-cluster-admin-binding";
import { k8sNoDefaultServiceAccount } from "./k8s-no-default-service-account";
import { k8sNoWildcardRbacRules } from "./k8s-no-wildcard-rbac-rules";
import { k8sTenantIsolation } from "./k8s-tenant-isolation";
import { withExemptions } from "./policy-exemptions";

export const policies: Policies = withControls(
    withExemptions([
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
        eksNodeGroupRemoteAccess,
        k8sNoWildcardRbacRules,
        k8sNoDefaultServiceAccount,
        k8sEksSubjectIdentity,
        eksNodeGroupLaunchTemplate,
        iamTypeWideWrite,
        iamNetworkOnlyPrincipals,
        eksClusterVersionSupported,
        eksClusterDeletionProtection,
        eksClusterSecretsCmk,
    ]),
);
