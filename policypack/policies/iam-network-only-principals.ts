import { ResourceValidationPolicy } from "@pulumi/policy";
import { principalDocumentTypes } from "../lib/iam-document-sources";
import { principalCheck } from "../lib/iam-principals";
import { iamRole } from "../lib/types";
import { validateTypes } from "../lib/validation";

/** Trust policies are left out: there a network condition narrows nothing (iam-principals.ts). */
const networkNarrowable = Object.fromEntries(
    Object.entries(principalDocumentTypes).filter(([type]) => type !== iamRole),
);

export const iamNetworkOnlyPrincipals: ResourceValidationPolicy = {
    name: "iam-network-only-principals",
    description:
        "Checks that resource policies do not allow a wildcard principal narrowed only by a VPC endpoint or network Condition (aws:SourceVpce, aws:SourceVpc, aws:VpceAccount, ...), which lets in any principal of any account whose requests take that path.",
    // Advisory: keeping a bucket or a key private to a VPC endpoint is the documented pattern
    // (S3 User Guide, "Controlling access from VPC endpoints with bucket policies"); what it
    // does not say is that any account's credentials used inside that network pass.
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: validateTypes(networkNarrowable, principalCheck("advisory")),
    remediationSteps:
        "Beside the endpoint or network Condition, add aws:PrincipalOrgID or aws:PrincipalAccount, or name the principals that need access.",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html",
};
