// Documents and expected fix texts shared by the tests of the IAM grant policies.
import * as assert from "assert";
import { matchingActions } from "../../policypack/lib/iam-actions";
import { ConditionVerdict, conditionScopes } from "../../policypack/lib/iam-conditions";
import { parseStatement } from "../../policypack/lib/iam-document";
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

/** The condition judgement of one Allow statement granting `action` on `*` under `condition`. */
export function conditionVerdictOf(
    action: string,
    condition: Record<string, unknown>,
): ConditionVerdict {
    const [service, name] = action.split(":");
    const [data] = matchingActions(service, name);
    assert.ok(data, action);
    const statement = parseStatement(
        { Effect: "Allow", Action: action, Resource: "*", Condition: condition },
        0,
    );
    assert.ok(typeof statement !== "string", String(statement));
    return conditionScopes(statement, service, data);
}
