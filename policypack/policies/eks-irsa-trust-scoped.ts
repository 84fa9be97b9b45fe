import { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument } from "../lib/iam-document";
import { irsaTrustProblems, oidcIssuerOf, trustFix } from "../lib/irsa-trust";
import { iamRole } from "../lib/types";
import { validateTypes } from "../lib/validation";

export const eksIrsaTrustScoped: ResourceValidationPolicy = {
    name: "eks-irsa-trust-scoped",
    description:
        "Checks that roles trusting an OIDC provider pin its tokens: on EKS, <issuer>:sub to one service account and <issuer>:aud to sts.amazonaws.com with StringEquals; on GitHub Actions, the STS audience and one repository; on any other issuer, its audience or subject.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateTypes({ [iamRole]: "IAM role" }, (props, subject, report) => {
        if (props.assumeRolePolicy === undefined) {
            return;
        }
        const parsed = parsePolicyDocument(props.assumeRolePolicy);
        if (!parsed.ok) {
            // iam-no-wildcard-principals reports the malformed document.
            return;
        }
        for (const statement of parsed.statements) {
            const issuer = oidcIssuerOf(statement);
            if (issuer === undefined) {
                continue;
            }
            for (const problem of irsaTrustProblems(statement, issuer)) {
                report(
                    `${subject}: assumeRolePolicy ${statement.label} ${problem}: ${trustFix(issuer)}.`,
                );
            }
        }
    }),
    remediationSteps:
        "Use IrsaRole, or condition the trust with StringEquals on <issuer>:sub (one service account) and <issuer>:aud (sts.amazonaws.com); for GitHub Actions pin the audience and the repository; for other issuers pin the audience or subject.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
};
