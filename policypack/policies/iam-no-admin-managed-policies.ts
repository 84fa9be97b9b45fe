import { ResourceValidationPolicy } from "@pulumi/policy";
import { adminEquivalentManagedPolicies, deniedManagedPolicy } from "../lib/managed-policies";
import {
    exclusiveAttachmentTypes,
    iamRole,
    policyAttachmentTypes,
    ssoManagedPolicyAttachment,
} from "../lib/types";
import { validateTypes } from "../lib/validation";
import { asArray, text } from "../lib/values";

export interface IamNoAdminManagedPoliciesConfig {
    deniedPolicies: string[];
}

export const iamNoAdminManagedPolicies: ResourceValidationPolicy = {
    name: "iam-no-admin-managed-policies",
    description:
        "Checks that no AWS-managed administrator-equivalent policy (AdministratorAccess, IAMFullAccess) is attached.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            deniedPolicies: {
                type: "array",
                items: { type: "string" },
                default: adminEquivalentManagedPolicies,
                description:
                    "Names of AWS-managed policies that may not be attached, in any partition.",
            },
        },
    },
    validateResource: validateTypes(
        {
            ...policyAttachmentTypes,
            ...exclusiveAttachmentTypes,
            [ssoManagedPolicyAttachment]: "IAM Identity Center permission set policy attachment",
            [iamRole]: "IAM role",
        },
        (props, subject, report, args) => {
            const { deniedPolicies } = args.getConfig<IamNoAdminManagedPoliciesConfig>();
            const list = (field: string): [string, unknown][] =>
                (asArray(props[field]) ?? []).map((arn, i) => [`${field}[${i}]`, arn]);
            const arns: [string, unknown][] =
                args.type === iamRole
                    ? list("managedPolicyArns")
                    : args.type in exclusiveAttachmentTypes
                      ? list("policyArns")
                      : args.type === ssoManagedPolicyAttachment
                        ? [["managedPolicyArn", props.managedPolicyArn]]
                        : [["policyArn", props.policyArn]];
            for (const [where, arn] of arns) {
                const denied = deniedManagedPolicy(arn, deniedPolicies);
                if (denied) {
                    report(
                        `${subject}: ${where} attaches the AWS-managed ${denied} policy ("${text(arn)}"), which is administrator-equivalent: attach a policy that grants only the actions needed.`,
                    );
                }
            }
        },
    ),
    remediationSteps:
        "Detach AdministratorAccess / IAMFullAccess and attach a customer-managed policy listing the needed actions and resources.",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
};
