// Recognises AWS-managed IAM policies by ARN: the account field is the literal `aws`,
// in any partition (aws, aws-cn, aws-us-gov, ...).

/**
 * The AWS-managed policies that grant administrator-equivalent power. AdministratorAccess-Amplify:
 * "this policy should be considered as powerful as the AdministratorAccess policy" (Amplify
 * Hosting User Guide, "AWS managed policies for AWS Amplify"): IAM role actions and
 * iam:PassRole on all resources.
 */
export const adminEquivalentManagedPolicies = [
    "AdministratorAccess",
    "IAMFullAccess",
    "AdministratorAccess-Amplify",
];

/** The policy name when `arn` is an AWS-managed policy, else `undefined`. */
export function awsManagedPolicyName(arn: unknown): string | undefined {
    if (typeof arn !== "string") {
        return undefined;
    }
    const match = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[^/]+\/)*([^/]+)$/.exec(arn);
    return match ? match[1] : undefined;
}

/** The denied AWS-managed policy `arn` names, or `undefined` when it is not one of them. */
export function deniedManagedPolicy(
    arn: unknown,
    denied: string[] = adminEquivalentManagedPolicies,
): string | undefined {
    const name = awsManagedPolicyName(arn);
    return name !== undefined && denied.includes(name) ? name : undefined;
}
