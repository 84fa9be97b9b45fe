import { ResourceValidationPolicy } from "@pulumi/policy";
import { identityDocumentTypes } from "../lib/iam-document-sources";
import { grantCheck } from "../lib/iam-grant-check";
import { validateTypes } from "../lib/validation";

export interface IamNoWildcardPermissionsConfig {
    allowedActions: string[];
    allowVerbPrefixWildcards: boolean;
}

export const iamNoWildcardPermissions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-permissions",
    description:
        "Checks that IAM identity policies (IAM policies, role, user and group policies, Role inlinePolicies, IAM Identity Center permission set inline policies) grant no service-wide actions, NotAction or NotResource, and no Permissions management, Write or data-reading actions on all resources (Permissions management also on every resource of a type) unless a Condition scopes them to particular resources.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            allowedActions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'Action patterns not judged at all, exactly as written, e.g. "logs:*" (case-insensitive). Prefer an exemption, which names the resource and a reason.',
            },
            allowVerbPrefixWildcards: {
                type: "boolean",
                default: true,
                description:
                    'Whether wildcard patterns such as "ec2:Describe*" are expanded and judged action by action; when false, every wildcard pattern is a violation.',
            },
        },
    },
    validateResource: validateTypes(
        identityDocumentTypes,
        grantCheck("mandatory", (config: IamNoWildcardPermissionsConfig) => config),
    ),
    remediationSteps:
        'List the actions the principal calls instead of "*" or "service:*", and Action/Resource instead of NotAction/NotResource. For Permissions management, Write and data-reading actions, name the resource ARNs, or add a Condition on the target (aws:ResourceTag/<key>, iam:PassedToService, ec2:CreateAction, ...); conditions on the caller (aws:SecureTransport, aws:SourceIp, ...) do not scope. A statement that must stay broad gets an entry in the policy-exemptions config, with its reason.',
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
};
