import { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument } from "../lib/iam-document";
import { identityPolicyDocuments } from "../lib/iam-policy-sources";
import { wildcardPermissionProblems } from "../lib/iam-wildcards";
import { iamPolicyDocumentTypes, iamRole } from "../lib/types";
import { validateTypes } from "../lib/validation";

export interface IamNoWildcardPermissionsConfig {
    allowedActions: string[];
    allowVerbPrefixWildcards: boolean;
}

export const iamNoWildcardPermissions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-permissions",
    description:
        "Checks that IAM identity policies grant no wildcard actions, NotAction, NotResource, or wildcard resources for actions that support resource-level permissions.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            allowedActions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: 'Wildcard actions allowed anyway, e.g. "logs:*" (case-insensitive).',
            },
            allowVerbPrefixWildcards: {
                type: "boolean",
                default: true,
                description: 'Whether verb-prefix wildcards such as "ec2:Describe*" are allowed.',
            },
        },
    },
    validateResource: validateTypes(
        { ...iamPolicyDocumentTypes, [iamRole]: "IAM role" },
        (props, subject, report, args) => {
            const config = args.getConfig<IamNoWildcardPermissionsConfig>();
            for (const { where, document } of identityPolicyDocuments(args.type, props)) {
                const parsed = parsePolicyDocument(document);
                if (!parsed.ok) {
                    report(
                        `${subject}: ${where} ${parsed.error}: write a valid IAM policy document.`,
                    );
                    continue;
                }
                for (const statement of parsed.statements) {
                    for (const problem of wildcardPermissionProblems(statement, {
                        allowedActions: config.allowedActions,
                        allowVerbPrefixWildcards: config.allowVerbPrefixWildcards,
                    })) {
                        report(
                            `${subject}: ${where} ${statement.label} ${problem}: list the exact actions and resource ARNs the principal needs.`,
                        );
                    }
                }
            }
        },
    ),
    remediationSteps:
        'Replace "*" and "service:*" with the actions the principal calls; replace NotAction/NotResource with explicit lists; name resource ARNs instead of "*", or add a Condition that scopes a wildcard resource.',
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
};
