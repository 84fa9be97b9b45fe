// Documents and expected fix texts shared by the tests of the IAM grant policies.
import { iamNoWildcardPermissions as policy } from "../../policypack/policies/iam-no-wildcard-permissions";
import { violations } from "./check";

export const statement = (s: Record<string, unknown>) => ({
    Version: "2012-10-17",
    Statement: [s],
});
/** One Allow statement. */
export const allow = (s: Record<string, unknown>) => statement({ Effect: "Allow", ...s });

/** Runs iam-no-wildcard-permissions on an aws:iam/policy:Policy "deploy" whose document is `doc`. */
export const onPolicy = (doc: unknown, config = {}) =>
    violations(
        policy,
        "aws:iam/policy:Policy",
        { policy: typeof doc === "string" ? doc : JSON.stringify(doc) },
        config,
        "deploy",
    );

/** The fix of a finding on Write-like actions, with the example ARN of their type. */
export const fixAll = (example: string) =>
    `name the resources (${example}), add a Condition on aws:ResourceTag/<key> that only the principal's resources carry, or, if it is intended, exempt it with its reason in the policy-exemptions config.`;

/** The fix of a finding on iam:PassRole. */
export const passFix =
    "name the resources (arn:aws:iam::<Account>:role/<RoleNameWithPath>), or add a Condition that scopes them (e.g. aws:ResourceTag/<key> on the principal's resources), or, if it is intended, exempt it with its reason in the policy-exemptions config";

/** Why a connection, time or session key does not scope. */
export const connection =
    "it is about the connection, the time or the session, not the resources reached";
