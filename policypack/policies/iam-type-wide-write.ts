import { ResourceValidationPolicy } from "@pulumi/policy";
import { identityDocumentTypes } from "../lib/iam-document-sources";
import { grantCheck } from "../lib/iam-grant-check";
import { validateTypes } from "../lib/validation";

export const iamTypeWideWrite: ResourceValidationPolicy = {
    name: "iam-type-wide-write",
    description:
        "Checks that IAM identity policies (IAM policies, role, user and group policies, Role inlinePolicies, IAM Identity Center permission set inline policies) grant Write and Tagging actions on every resource of a type (volume/*, hostedzone/*) only with a Condition that scopes them to particular resources.",
    // Advisory: add-ons such as the EBS CSI driver legitimately act on resources they create
    // at runtime, which no ARN can name in advance; a tag condition is the better grant.
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: validateTypes(
        identityDocumentTypes,
        grantCheck("advisory", () => ({})),
    ),
    remediationSteps:
        "Name the resources the principal acts on, or add a Condition that only its resources meet, such as aws:ResourceTag/<key> on a tag it sets when it creates them (aws:RequestTag/<key>).",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html",
};
