// The controls each policy of the pack implements, in the two catalogues security teams track
// for EKS: the CIS Amazon EKS Benchmark v1.8.0 and AWS Security Hub. Data, read when the pack
// is assembled (lib/compliance.ts turns an entry into the policy's `displayName`, `framework`
// and `tags`); update it when either catalogue changes.
//
// - CIS Amazon EKS Benchmark v1.8.0: ids, titles and assessment status (Automated or Manual)
//   as kube-bench encodes the benchmark, in the benchmark's own numbering:
//   aquasecurity/kube-bench@a73ce378 cfg/eks-1.8.0/controlplane.yaml, policies.yaml and
//   managedservices.yaml (added by #2020, 581b68d9); the line of each is in `source`.
// - AWS Security Hub controls: id, title and severity from the Security Hub User Guide's
//   control reference, https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html
//   (and iam-, kms-, sns-, ec2-, autoscaling-controls.html; each control's anchor in `url`),
//   titles and severities as prowler-cloud/prowler@3e000faa
//   prowler/compliance/aws/aws_foundational_security_best_practices_aws.json also lists them
//   (all are in the Foundational Security Best Practices standard). Read 2026-11-28.

export const cisEksBenchmark = { name: "CIS Amazon EKS Benchmark", version: "1.8.0" } as const;
export const securityHub = { name: "AWS Security Hub", version: "" } as const;

interface CisRecommendation {
    title: string;
    assessment: "Automated" | "Manual";
    /** kube-bench@a73ce378 cfg/eks-1.8.0/<file>:<line> of the recommendation's id. */
    source: string;
}

/** The benchmark's recommendations the pack implements, by id. */
export const cisRecommendations = {
    "2.1.1": { title: "Enable audit Logs", assessment: "Manual", source: "controlplane.yaml:11" },
    "4.1.1": {
        title: "Ensure that the cluster-admin role is only used where required",
        assessment: "Automated",
        source: "policies.yaml:11",
    },
    "4.1.2": {
        title: "Minimize access to secrets",
        assessment: "Automated",
        source: "policies.yaml:36",
    },
    "4.1.3": {
        title: "Minimize wildcard use in Roles and ClusterRoles",
        assessment: "Automated",
        source: "policies.yaml:57",
    },
    "4.1.4": {
        title: "Minimize access to create pods",
        assessment: "Automated",
        source: "policies.yaml:84",
    },
    "4.1.5": {
        title: "Ensure that default service accounts are not actively used.",
        assessment: "Automated",
        source: "policies.yaml:106",
    },
    "4.1.6": {
        title: "Ensure that Service Account Tokens are only mounted where necessary",
        assessment: "Automated",
        source: "policies.yaml:135",
    },
    "4.1.8": {
        title: "Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster",
        assessment: "Manual",
        source: "policies.yaml:166",
    },
    "4.2.1": {
        title: "Minimize the admission of privileged containers",
        assessment: "Automated",
        source: "policies.yaml:216",
    },
    "4.2.2": {
        title: "Minimize the admission of containers wishing to share the host process ID namespace",
        assessment: "Automated",
        source: "policies.yaml:237",
    },
    "4.2.3": {
        title: "Minimize the admission of containers wishing to share the host IPC namespace",
        assessment: "Automated",
        source: "policies.yaml:254",
    },
    "4.2.4": {
        title: "Minimize the admission of containers wishing to share the host network namespace",
        assessment: "Automated",
        source: "policies.yaml:270",
    },
    "4.2.5": {
        title: "Minimize the admission of containers with allowPrivilegeEscalation",
        assessment: "Automated",
        source: "policies.yaml:286",
    },
    "4.5.1": {
        title: "Create administrative boundaries between resources using namespaces",
        assessment: "Manual",
        source: "policies.yaml:373",
    },
    "5.2.1": {
        title: "Prefer using dedicated Amazon EKS Service Accounts",
        assessment: "Manual",
        source: "managedservices.yaml:97",
    },
    "5.3.1": {
        title: "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS",
        assessment: "Manual",
        source: "managedservices.yaml:133",
    },
    "5.4.1": {
        title: "Restrict Access to the Control Plane Endpoint",
        assessment: "Manual",
        source: "managedservices.yaml:146",
    },
    "5.4.2": {
        title: "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
        assessment: "Manual",
        source: "managedservices.yaml:172",
    },
} as const satisfies Record<string, CisRecommendation>;

interface SecurityHubControl {
    title: string;
    severity: "Low" | "Medium" | "High" | "Critical";
    url: string;
}

const userGuide = "https://docs.aws.amazon.com/securityhub/latest/userguide";

/** The Security Hub controls the pack implements, by control id. */
export const securityHubControls = {
    "EKS.1": {
        title: "EKS cluster endpoints should not be publicly accessible",
        severity: "High",
        url: `${userGuide}/eks-controls.html#eks-1`,
    },
    "EKS.2": {
        title: "EKS clusters should run on a supported Kubernetes version",
        severity: "High",
        url: `${userGuide}/eks-controls.html#eks-2`,
    },
    "EKS.3": {
        title: "EKS clusters should use encrypted Kubernetes secrets",
        severity: "Medium",
        url: `${userGuide}/eks-controls.html#eks-3`,
    },
    "EKS.8": {
        title: "EKS clusters should have audit logging enabled",
        severity: "Medium",
        url: `${userGuide}/eks-controls.html#eks-8`,
    },
    "IAM.1": {
        title: 'IAM policies should not allow full "*" administrative privileges',
        severity: "High",
        url: `${userGuide}/iam-controls.html#iam-1`,
    },
    "IAM.21": {
        title: "IAM customer managed policies that you create should not allow wildcard actions for services",
        severity: "Low",
        url: `${userGuide}/iam-controls.html#iam-21`,
    },
    "KMS.1": {
        title: "IAM customer managed policies should not allow decryption actions on all KMS keys",
        severity: "Medium",
        url: `${userGuide}/kms-controls.html#kms-1`,
    },
    "KMS.2": {
        title: "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys",
        severity: "Medium",
        url: `${userGuide}/kms-controls.html#kms-2`,
    },
    "KMS.5": {
        title: "KMS keys should not be publicly accessible",
        severity: "Critical",
        url: `${userGuide}/kms-controls.html#kms-5`,
    },
    "SNS.4": {
        title: "SNS topic access policies should not allow public access",
        severity: "High",
        url: `${userGuide}/sns-controls.html#sns-4`,
    },
    "EC2.8": {
        title: "EC2 instances should use IMDSv2",
        severity: "High",
        url: `${userGuide}/ec2-controls.html#ec2-8`,
    },
    "EC2.13": {
        title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22",
        severity: "High",
        url: `${userGuide}/ec2-controls.html#ec2-13`,
    },
    "AutoScaling.3": {
        title: "Auto Scaling group should configure EC2 instances to require Instance Metadata Service Version 2 (IMDSv2)",
        severity: "High",
        url: `${userGuide}/autoscaling-controls.html#autoscaling-3`,
    },
    "AutoScaling.4": {
        title: "Auto Scaling group launch configuration should not have metadata response hop limit greater than 1",
        severity: "High",
        url: `${userGuide}/autoscaling-controls.html#autoscaling-4`,
    },
} as const satisfies Record<string, SecurityHubControl>;

export type CisId = keyof typeof cisRecommendations;
export type SecurityHubId = keyof typeof securityHubControls;

export interface PolicyControls {
    /** The policy's name in consoles and reports. */
    displayName: string;
    cis: CisId[];
    securityHub: SecurityHubId[];
    /** Where the policy's check and the controls' differ; shown in the README's table. */
    note?: string;
}

/**
 * Every policy of the pack, by name, with the controls it implements. A policy with none
 * says why in its note. tests/policypack/controls.test.ts fails when a policy has no entry.
 */
export const policyControls: Record<string, PolicyControls> = {
    "policy-exemptions": {
        displayName: "Policy exemptions",
        cis: [],
        securityHub: [],
        note: "reports the exemptions the other policies' findings got; no control of its own",
    },
    "iam-no-wildcard-permissions": {
        displayName: "No wildcard IAM permissions",
        cis: [],
        securityHub: ["IAM.1", "IAM.21", "KMS.1", "KMS.2"],
        note: "stricter: also inline and role policies, and actions judged one by one; a Condition that scopes a statement passes it here (KMS.1 and KMS.2 ignore conditions)",
    },
    "iam-no-wildcard-principals": {
        displayName: "No wildcard principals in trust and resource policies",
        cis: [],
        securityHub: ["KMS.5", "SNS.4"],
        note: 'stricter: a "*" principal fails unless a Condition names the callers (organisation, account, principal ARN, source resource or account); one narrowed only by a VPC endpoint or network is left to iam-network-only-principals in resource policies and fails in role trusts',
    },
    "iam-no-admin-managed-policies": {
        displayName: "No AWS-managed administrator policies",
        cis: [],
        securityHub: [],
        note: "IAM.1 checks the policies you write, not AWS-managed AdministratorAccess; no Security Hub or CIS EKS control checks attaching it",
    },
    "k8s-no-cluster-admin-binding": {
        displayName: "No cluster-admin-equivalent bindings",
        cis: ["4.1.1", "4.1.2", "4.1.4", "4.1.8"],
        securityHub: [],
        note: "4.1.2 and 4.1.4 as far as cluster-wide Secrets and pods in kube-system",
    },
    "k8s-tenant-isolation": {
        displayName: "Tenant namespaces isolated",
        cis: ["4.5.1"],
        securityHub: [],
    },
    "eks-no-unlisted-cluster-admin": {
        displayName: "EKS cluster admin only for listed principals",
        cis: ["4.1.1"],
        securityHub: [],
    },
    "eks-cluster-audit-logging": {
        displayName: "EKS audit logging",
        cis: ["2.1.1"],
        securityHub: ["EKS.8"],
    },
    "eks-cluster-secrets-encryption": {
        displayName: "EKS Secrets envelope-encrypted with KMS",
        cis: ["5.3.1"],
        securityHub: ["EKS.3"],
        note: "any KMS key passes here; eks-cluster-secrets-cmk checks that it is a customer managed one",
    },
    "eks-cluster-private-endpoint": {
        displayName: "EKS API endpoint private",
        cis: ["5.4.1", "5.4.2"],
        securityHub: ["EKS.1"],
        note: "a public endpoint restricted to narrow CIDRs passes here and fails EKS.1 and 5.4.2",
    },
    "eks-irsa-trust-scoped": {
        displayName: "IRSA trust scoped to one service account",
        cis: ["5.2.1"],
        securityHub: [],
    },
    "ec2-launch-template-imdsv2": {
        displayName: "IMDSv2 with hop limit 1",
        cis: [],
        securityHub: ["EC2.8", "AutoScaling.3", "AutoScaling.4"],
    },
    "k8s-namespace-pod-security": {
        displayName: "Namespaces enforce Pod Security Standards",
        cis: ["4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5"],
        securityHub: [],
        note: '4.2.5 needs minimumLevel "restricted"; the default "baseline" covers 4.2.1 to 4.2.4',
    },
    "k8s-no-wildcard-rbac-rules": {
        displayName: "No wildcard RBAC rules",
        cis: ["4.1.3"],
        securityHub: [],
    },
    "k8s-no-default-service-account": {
        displayName: "Workloads do not run as the default service account",
        cis: ["4.1.5", "4.1.6"],
        securityHub: [],
    },
    "k8s-eks-subject-identity": {
        displayName: "RBAC subjects named as EKS authenticates them",
        cis: [],
        securityHub: [],
        note: "no control covers it: a binding EKS never matches, or one any caller of a role can match",
    },
    "eks-node-group-launch-template": {
        displayName: "Managed node groups use a launch template",
        cis: [],
        securityHub: [],
        note: "the way to ec2-launch-template-imdsv2's controls for managed node groups",
    },
    "iam-type-wide-write": {
        displayName: "No type-wide IAM writes without a Condition",
        cis: [],
        securityHub: [],
        note: "least privilege beyond IAM.21, which only looks for service-wide wildcards",
    },
    "iam-network-only-principals": {
        displayName: "No resource policies open to anyone on a network path",
        cis: [],
        securityHub: [],
        note: "no control covers it: a wildcard principal kept to a VPC endpoint or network, which any account's credentials used there pass",
    },
    "eks-cluster-version-supported": {
        displayName: "EKS Kubernetes version in standard support",
        cis: [],
        securityHub: ["EKS.2"],
        note: "reports extended support as well as versions past it, and a cluster that sets no version",
    },
    "eks-cluster-deletion-protection": {
        displayName: "EKS deletion protection",
        cis: [],
        securityHub: [],
        note: "no CIS EKS or Security Hub control yet covers EKS deletion protection",
    },
    "eks-node-group-remote-access": {
        displayName: "Managed node group SSH not open to the internet",
        cis: [],
        securityHub: ["EC2.13"],
        note: "EC2.13 fails on the security group EKS creates for such a node group",
    },
    "eks-cluster-secrets-cmk": {
        displayName: "EKS Secrets encrypted with a customer managed key",
        cis: ["5.3.1"],
        securityHub: [],
    },
};
