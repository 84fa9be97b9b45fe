import { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument } from "../lib/iam-document";
import { wildcardPrincipalProblems } from "../lib/iam-principals";
import { iamRole, resourcePolicyTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";

export const iamNoWildcardPrincipals: ResourceValidationPolicy = {
    name: "iam-no-wildcard-principals",
    description:
        "Checks that role trust policies and resource policies (S3, KMS, SQS, SNS, ECR) allow no wildcard principal and use no NotPrincipal.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateTypes(
        { ...resourcePolicyTypes, [iamRole]: "IAM role" },
        (props, subject, report, args) => {
            const where = args.type === iamRole ? "assumeRolePolicy" : "policy";
            const document = props[where];
            if (document === undefined || document === "") {
                return;
            }
            const parsed = parsePolicyDocument(document);
            if (!parsed.ok) {
                report(`${subject}: ${where} ${parsed.error}: write a valid IAM policy document.`);
                return;
            }
            for (const statement of parsed.statements) {
                for (const problem of wildcardPrincipalProblems(statement)) {
                    report(
                        `${subject}: ${where} ${statement.label} ${problem}: name the account, role or service principals that need access.`,
                    );
                }
            }
        },
    ),
    remediationSteps:
        'Replace "*" principals with the ARNs of the accounts, roles or services that need access; replace NotPrincipal with an explicit Principal list.',
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
};
