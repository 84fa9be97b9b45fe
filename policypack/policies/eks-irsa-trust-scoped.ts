import { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument } from "../lib/iam-document";
import { irsaTrustProblems, oidcIssuerOf } from "../lib/irsa-trust";
import { iamRole } from "../lib/types";
import { validateTypes } from "../lib/validation";

export const eksIrsaTrustScoped: ResourceValidationPolicy = {
    name: "eks-irsa-trust-scoped",
    description:
        "Checks that roles trusting an EKS OIDC provider pin <issuer>:sub with StringEquals to one service account and <issuer>:aud to sts.amazonaws.com.",
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
                    `${subject}: assumeRolePolicy ${statement.label} ${problem}: add StringEquals {"${issuer}:sub": "system:serviceaccount:<namespace>:<name>", "${issuer}:aud": "sts.amazonaws.com"}.`,
                );
            }
        }
    }),
    remediationSteps:
        "Use IrsaRole, or condition the trust with StringEquals on <issuer>:sub (one service account) and <issuer>:aud (sts.amazonaws.com).",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
};
