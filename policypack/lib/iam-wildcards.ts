// Judges the permissions an IAM statement grants: wildcard actions, NotAction /
// NotResource, and wildcard resource identifiers. Shared by the pack's
// `iam-no-wildcard-permissions` policy and the IrsaRole component.
import { isWildcardOnlyAction } from "./iam-actions";
import { IamStatement } from "./iam-document";

export interface WildcardRules {
    /** Actions allowed even though they contain a wildcard (case-insensitive). Defaults to none. */
    allowedActions?: string[];
    /** Whether verb-prefix wildcards such as `ec2:Describe*` are allowed. Defaults to `true`. */
    allowVerbPrefixWildcards?: boolean;
    /**
     * Whether a wildcard resource is allowed when the statement has a Condition.
     * Defaults to `true`.
     */
    allowWildcardResourceWithCondition?: boolean;
}

const verbPrefix = /^[a-z0-9-]+:[a-z][a-z0-9]*\*$/i;
const wellFormedAction = /^[a-z0-9-]+:[a-z0-9*?]+$/i;

/**
 * Why an action is a wildcard grant, or `undefined` when it is not one:
 * `*`, `*:*`, `<service>:*` in any case, or a wildcard anywhere but a verb prefix.
 */
export function wildcardActionProblem(
    action: string,
    rules: WildcardRules = {},
): string | undefined {
    const lower = action.toLowerCase();
    if ((rules.allowedActions ?? []).some((a) => a.toLowerCase() === lower)) {
        return undefined;
    }
    if (!/[*?]/.test(lower)) {
        return wellFormedAction.test(lower)
            ? undefined
            : `action "${action}" is not "<service>:<action>"`;
    }
    const [service, name] = lower.includes(":") ? lower.split(":", 2) : ["*", lower];
    if (/[*?]/.test(service)) {
        return `action "${action}" grants actions of every service`;
    }
    if (/^[*?]+$/.test(name)) {
        return `action "${action}" grants every action of service "${service}"`;
    }
    if ((rules.allowVerbPrefixWildcards ?? true) && verbPrefix.test(lower)) {
        return undefined;
    }
    return `action "${action}" uses a wildcard that is not a verb prefix such as "ec2:Describe*"`;
}

/**
 * Whether an ARN (or `*`) leaves its resource identifier to a wildcard: `*`,
 * `arn:aws:s3:::*`, `arn:aws:iam::*:role/*`, `arn:aws:dynamodb:r:a:table/*`. Object keys
 * under a named bucket (`arn:aws:s3:::b/*`) and qualifiers after a named resource
 * (`arn:aws:logs:r:a:log-group:g:*`) are not wildcard identifiers.
 */
export function isWildcardResource(resource: string): boolean {
    if (/^[*?]+$/.test(resource)) {
        return true;
    }
    const parts = resource.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return false;
    }
    const service = parts[2];
    const rest = parts.slice(5).join(":");
    const segments = rest.split(/[/:]/);
    // S3 names its bucket first and has no resource type; other services put the
    // type first (`role/name`, `table/name`, `log-group:name`) unless there is only one part.
    const identifier = service === "s3" || segments.length === 1 ? segments[0] : segments[1];
    return /^[*?]+$/.test(identifier ?? "");
}

/**
 * Each wildcard grant of an Allow statement, as a phrase naming the offending element.
 * Deny statements grant nothing and never have problems.
 */
export function wildcardPermissionProblems(
    statement: IamStatement,
    rules: WildcardRules = {},
): string[] {
    if (statement.effect !== "Allow") {
        return [];
    }
    const problems: string[] = [];
    if (statement.notActions) {
        problems.push(`uses NotAction, which grants every action not listed`);
    }
    if (statement.notResources) {
        problems.push(`uses NotResource, which grants every resource not listed`);
    }
    const flagged = new Set<string>();
    for (const action of statement.actions) {
        const problem = wildcardActionProblem(action, rules);
        if (problem) {
            problems.push(problem);
            flagged.add(action);
        }
    }
    const wildcardResources = statement.resources.filter(isWildcardResource);
    const conditionExempts =
        (rules.allowWildcardResourceWithCondition ?? true) &&
        statement.condition !== undefined &&
        Object.keys(statement.condition).length > 0;
    if (wildcardResources.length > 0 && !conditionExempts) {
        // Actions already reported as wildcards are not named twice.
        const scoped = statement.actions.filter((a) => !flagged.has(a) && !isWildcardOnlyAction(a));
        if (scoped.length > 0) {
            problems.push(
                `resource ${wildcardResources.map((r) => `"${r}"`).join(", ")} is a wildcard for actions that support resource-level permissions (${scoped.map((a) => `"${a}"`).join(", ")})`,
            );
        }
    }
    return problems;
}
