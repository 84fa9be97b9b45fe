import { ResourceValidationPolicy } from "@pulumi/policy";
import { principalDocumentTypes } from "../lib/iam-document-sources";
import { principalCheck } from "../lib/iam-principals";
import { validateTypes } from "../lib/validation";

export const iamNoWildcardPrincipals: ResourceValidationPolicy = {
    name: "iam-no-wildcard-principals",
    description:
        "Checks that role trust policies, resource policies (S3, KMS, SQS, SNS, ECR, Secrets Manager, EFS, OpenSearch, Lambda, and every other @pulumi/aws resource that takes one) and permissions (lambda.Permission, EventBridge) use no NotPrincipal and allow no wildcard principal unless a Condition names the callers (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceArn, aws:SourceAccount), and open no Lambda function URL to anyone.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateTypes(principalDocumentTypes, principalCheck("mandatory")),
    remediationSteps:
        'Replace "*" principals with the ARNs of the accounts, roles or services that need access, or keep "*" with a Condition that names the callers: aws:PrincipalOrgID or aws:PrincipalAccount for principals, aws:SourceArn or aws:SourceAccount for AWS services acting for your resources. Replace NotPrincipal with an explicit Principal list.',
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
};
