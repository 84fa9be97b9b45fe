// Whether a statement's Condition narrows which existing resources one action reaches, below
// the whole account. Judged per (statement, action): the same key is absent from one action's
// requests (so the action is granted nothing) and present but harmless in another's.
// IAM ANDs the entries of a Condition, so one entry that scopes suffices. Sources: IAM User
// Guide, "Condition operators" ("If the key that you specify in a policy condition is not
// present in the request context, the values do not match and the condition is false") and
// "Multivalued context keys" ("the ForAllValues set operator also returns true if there are no
// context keys in the request"); the keys' rows are in `iam-condition-table.ts`.
import { ClearableWeakMap, resettable } from "./caches";
import { eksAccessPolicies } from "./eks-access-policies";
import {
    accessLevels,
    actionHasConditionKey,
    ActionData,
    conditionKeyType,
    globMatcher,
} from "./iam-actions";
import {
    nonScopingKeys,
    powerfulAccessPolicies,
    privilegedNamespaces,
    ScopingKey,
    scopingKeys,
    ValueRule,
    weakUnlistedAccessPolicies,
} from "./iam-condition-table";
import { hasConditionEntry, IamStatement } from "./iam-document";
import { perCaller } from "./iam-arn-match";
import { resourceBreadth, withDefaultValues } from "./iam-resources";
import { adminEquivalentManagedPolicies } from "./managed-policies";

/** Whether the Condition scopes the action, and why each entry the statement relies on does not. */
export interface ConditionVerdict {
    scopes: boolean;
    /** The keys (lower case) of the entries that scope, and whether by the action never having them. */
    scopedBy: { key: string; absent: boolean }[];
    /** One sentence per entry that does not scope: `aws:ResourceAccount does not scope: ...`. */
    rejected: string[];
}

type Entries = Record<string, Record<string, string[]>>;

const unconditioned: ConditionVerdict = { scopes: false, scopedBy: [], rejected: [] };
const verdicts = resettable(new Map<string, ConditionVerdict>());
const texts = resettable(new ClearableWeakMap<object, string>());

/** Forgets the kept verdicts, so a test judges afresh. */
export function resetConditionVerdicts(): void {
    verdicts.clear();
}

/** Whether the statement's Condition scopes what it grants of `service:action`. */
export function conditionScopes(
    statement: IamStatement,
    service: string,
    action: ActionData,
): ConditionVerdict {
    if (!statement.condition || Object.keys(statement.condition).length === 0) {
        return unconditioned;
    }
    // The same few conditions meet the same actions in statement after statement.
    let text = texts.get(statement.condition);
    if (text === undefined) {
        text = JSON.stringify(statement.condition);
        texts.set(statement.condition, text);
    }
    const key = `${service}:${action.name}\u0000${text}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
        verdict = judge(statement.condition, service, action);
        if (verdicts.size >= 2048) {
            verdicts.delete(verdicts.keys().next().value!);
        }
        verdicts.set(key, verdict);
    }
    return verdict;
}

function judge(condition: Entries, service: string, action: ActionData): ConditionVerdict {
    const rejected: string[] = [];
    const scopedBy: ConditionVerdict["scopedBy"] = [];
    for (const [operator, entries] of Object.entries(condition)) {
        for (const [key, values] of Object.entries(entries)) {
            const why = entryProblem(condition, operator, key, values, service, action);
            if (why === undefined) {
                const absent = !actionHasConditionKey(service, action, key);
                scopedBy.push({ key: key.toLowerCase(), absent });
            } else {
                rejected.push(`${key} does not scope: ${why}`);
            }
        }
    }
    return scopedBy.length > 0
        ? { scopes: true, scopedBy, rejected: [] }
        : { scopes: false, scopedBy, rejected };
}

const wildcardOnly = (v: string) => /^[*?]*$/.test(v);
const hasWildcard = (v: string) => /[*?]/.test(v);

/** Why one entry does not scope the action, or `undefined` when it does. */
function entryProblem(
    condition: Entries,
    operator: string,
    key: string,
    values: string[],
    service: string,
    action: ActionData,
): string | undefined {
    const op = operator.toLowerCase();
    const lowerKey = key.toLowerCase();
    const base = op.replace(/^(forallvalues|foranyvalue):/, "");
    if (values.length === 0) {
        return "it lists no values";
    }
    if (base.endsWith("ifexists")) {
        return `${operator} passes requests without the key`;
    }
    if (base.includes("not")) {
        return `${operator} is negated: it passes every request whose value differs`;
    }
    if (base === "null" && !values.every((v) => v.toLowerCase() === "false")) {
        return `${operator} "true" passes requests without the key`;
    }
    if (!actionHasConditionKey(service, action, key)) {
        // Absent from every request of the action: a positive test on it is false, so the
        // action is granted nothing. ForAllValues is true on an absent key.
        return op.startsWith("forallvalues:")
            ? `ForAllValues is true when the key is absent, and ${service}:${action.name} never has it`
            : undefined;
    }
    const rejection = nonScopingKeys.find((k) => k.key.test(lowerKey));
    if (rejection) {
        return rejection.why;
    }
    const row = scopingKeys.find((r) => r.key.test(lowerKey));
    if (!row) {
        return "it is not one of the keys that narrow which resources a statement reaches";
    }
    if (row.notOnTagging && accessLevels(action).includes("Tagging")) {
        return `${service}:${action.name} tags resources that already exist, so the tags it writes do not narrow which of them it reaches`;
    }
    if (op === "null" && !row.operators.includes(op)) {
        return 'Null "false" only requires the key, whatever its value';
    }
    if (!row.operators.includes(op)) {
        return `${operator} is not an operator with which ${row.label} scopes (${row.operators.join(", ")})`;
    }
    if (op.startsWith("forallvalues:") && !row.alwaysPresent && !requiresPresent(condition, key)) {
        return "ForAllValues is true when the key is absent: also require it (Null false)";
    }
    if (row.requires && !hasEntry(condition, row.requires)) {
        const { operator: o, key: k, value: v } = row.requires;
        return `it scopes only together with ${o} ${k} "${v}"`;
    }
    return valueProblem(row, key, values);
}

/** Whether the Condition also requires `key` present: `Null` false, or a positive test on it. */
function requiresPresent(condition: Entries, key: string): boolean {
    return Object.entries(condition).some(([operator, entries]) => {
        const op = operator.toLowerCase();
        return Object.entries(entries).some(([k, values]) => {
            if (k.toLowerCase() !== key.toLowerCase()) {
                return false;
            }
            if (op === "null") {
                return values.length > 0 && values.every((v) => v.toLowerCase() === "false");
            }
            return (
                !op.startsWith("forallvalues:") &&
                !op.includes("not") &&
                !op.endsWith("ifexists") &&
                values.length > 0
            );
        });
    });
}

function hasEntry(condition: Entries, need: { operator: string; key: string; value: string }) {
    const value = need.value.toLowerCase();
    return hasConditionEntry(
        condition,
        (op) => op === need.operator.toLowerCase(),
        need.key,
        (values) => values.length > 0 && values.every((v) => v.toLowerCase() === value),
    );
}

/** Why the values of an entry do not scope under its row's rule, or `undefined` when they do. */
function valueProblem(row: ScopingKey, key: string, values: string[]): string | undefined {
    const rule: ValueRule = row.values;
    if (rule === "any") {
        return undefined;
    }
    // A value only of wildcards, or for an ARN-typed key an ARN wildcarded from its service
    // on (`arn:*`, `arn:aws:*`), matches every value the key can have.
    const arnTyped = /^(ArrayOf)?ARN$/i.test(conditionKeyType(key) ?? "");
    const vacuous = values.filter(
        (v) => wildcardOnly(v) || (arnTyped && /^arn(:[^:*?]*){0,2}:?[*?][*?:]*$/i.test(v)),
    );
    if (vacuous.length > 0) {
        return `${quote(vacuous)} matches every value`;
    }
    // ARN-typed keys: a value as wide as a whole resource type scopes nothing (docs/iam-judgement.md §3.1.5).
    const wide = (v: string) =>
        (row.formats ?? []).some(
            (f) => resourceBreadth(v, f.service, pseudoAction(f.service, f.type)) !== "scoped",
        );
    switch (rule) {
        case "notVacuous":
            return undefined;
        case "literal": {
            const wild = values.filter(hasWildcard);
            return wild.length > 0 ? `${quote(wild)} is a pattern, not a name` : undefined;
        }
        case "scopedArn": {
            const broad = values.filter(wide);
            return broad.length > 0
                ? `${quote(broad)} matches every resource of its type`
                : undefined;
        }
        case "noAdminPolicy": {
            const broad = values.filter(wide);
            if (broad.length > 0) {
                return `${quote(broad)} admits every policy, an administrator's included`;
            }
            const admin = values.filter((v) => admittedAdminPolicy(v) !== undefined);
            return admin.length > 0
                ? `${quote(admin)} admits ${admittedAdminPolicy(admin[0])}`
                : undefined;
        }
        case "noPowerfulAccessPolicy": {
            const admitted = values.map(admittedAccessPolicy).find((p) => p !== undefined);
            return admitted === undefined ? undefined : `it admits ${admitted}`;
        }
        case "noSystemGroup": {
            const sys = values.filter((v) => mayMatchPrefix(v, "system:"));
            return sys.length > 0 ? `${quote(sys)} admits a system: group` : undefined;
        }
        case "noPrivilegedNamespace": {
            const globs = values.map((v) => globMatcher(v));
            const ns = privilegedNamespaces.find((n) => globs.some((glob) => glob.test(n)));
            return ns === undefined ? undefined : `it admits namespace ${ns}`;
        }
        case "notAliasWildcard": {
            const all = values.filter((v) => /(^|:)alias\/[*?]*$/i.test(v));
            return all.length > 0 ? `${quote(all)} matches every alias` : undefined;
        }
    }
}

const quote = (values: string[]) => values.map((v) => JSON.stringify(v)).join(", ");

// Every partition an ARN can name (AWS General Reference, "Amazon Resource Names (ARNs)",
// partition; the ISO and European Sovereign Cloud partitions included): a value written for
// another partition than the one the stack runs in is still an allow-list there.
const partitions = [
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/**
 * The admin-equivalent AWS managed policy a policy ARN pattern admits, if any (docs/iam-judgement.md §3.4);
 * or, when the pattern can name AWS's own account (`aws`, `*`) and wildcards the policy's
 * path or name, every AWS managed policy it matches: hundreds today (`Ama*`,
 * `service-role/*`), unreviewable, and whatever AWS publishes under it tomorrow.
 */
export function admittedAdminPolicy(value: string): string | undefined {
    for (const form of variableForms(value)) {
        const glob = globMatcher(form, true);
        const admin = adminEquivalentManagedPolicies.find((name) =>
            partitions.some((p) => glob.test(`arn:${p}:iam::aws:policy/${name}`)),
        );
        if (admin !== undefined) {
            return admin;
        }
        const names = awsManagedNames(form);
        if (names !== undefined && hasWildcard(names)) {
            return `every AWS managed policy matching "${names}", those AWS adds later included`;
        }
    }
    return undefined;
}

/**
 * The patterns a condition value is for IAM, which replaces each policy variable with the
 * request's value for its key and, when the request lacks the key, with the variable's
 * default value (IAM User Guide, "IAM policy elements: Variables and tags", "Where you can
 * use policy variables" and "Specifying default values"): a variable the caller can choose
 * as `*`, as a Resource pattern reads it (iam-arn-match.ts parsePattern); one with a value
 * per caller, or an account id (never AWS's `aws`), or `${*}`, `${?}`, `${$}`, as written;
 * and the value with its default values in their place.
 */
function variableForms(value: string): string[] {
    if (!value.includes("${")) {
        return [value];
    }
    const chosen = (text: string) =>
        text.replace(/\$\{([^}]*)\}/g, (variable, inner: string) => {
            const name = inner.split(",")[0].trim().toLowerCase();
            const kept =
                ["*", "?", "$"].includes(name) ||
                perCaller.test(name) ||
                /^aws:(principal|resource|source)account$/.test(name);
            return kept ? variable : "*";
        });
    const defaulted = withDefaultValues(value);
    return defaulted === value ? [chosen(value)] : [chosen(value), chosen(defaulted)];
}

/** Where each partition's AWS managed policies start: their path and name follow. */
const managedPolicyStarts = partitions.map((p) => `arn:${p}:iam::aws:policy/`);
const longestManagedPolicyStart = Math.max(...managedPolicyStarts.map((s) => s.length));

/**
 * What a policy ARN pattern leaves for the path and name of AWS's own policies: the rest after
 * its longest start that can spell a managed policy's start (`arn:aws:iam::*:policy/`,
 * `*:policy/`, `*arn:aws:iam::aws:policy/`), with a run of `*` that ends that start, which can
 * reach into the name. `undefined` when no start can, or when the rest holds a character no
 * path or name can (IAM API Reference, CreatePolicy: PolicyName `[\w+=,.@-]+`, Path characters
 * from U+0021 to U+007F). A start holding more characters other than `*` than a managed
 * policy's start has cannot spell it; one ending inside a run of `*` is the same glob as one
 * ending after the run.
 */
function awsManagedNames(value: string): string | undefined {
    let names: string | undefined;
    let literal = 0; // the characters of `start` other than `*`
    for (let end = 0; end <= value.length && literal <= longestManagedPolicyStart; end++) {
        const start = value.slice(0, end);
        const insideRun = start.endsWith("*") && value[end] === "*";
        if (!insideRun) {
            const glob = globMatcher(start, true);
            if (managedPolicyStarts.some((s) => glob.test(s))) {
                // Where the run of `*` ending the start begins, read back from its end: a
                // regex search for `\**$` tries every `*` of the run, quadratic in its length.
                let run = end;
                while (run > 0 && value[run - 1] === "*") {
                    run--;
                }
                names = value.slice(run);
            }
        }
        if (value[end] !== "*") {
            literal++;
        }
    }
    return names !== undefined && /^[\u0021-\u007f]*$/.test(names) ? names : undefined;
}

/**
 * The powerful EKS access policy an `eks:policyArn` pattern admits, if any: a listed one, a
 * name neither `eks-access-policies.ts` nor the reviewed `weakUnlistedAccessPolicies` know
 * (the pack cannot tell what it grants), or (through a wildcard in the name) one AWS adds later.
 */
export function admittedAccessPolicy(value: string): string | undefined {
    const glob = globMatcher(value, true);
    const arn = (p: string, name: string) => `arn:${p}:eks::aws:cluster-access-policy/${name}`;
    for (const name of powerfulAccessPolicies) {
        if (partitions.some((p) => glob.test(arn(p, name)))) {
            return name;
        }
    }
    const named = /cluster-access-policy\/(.*)$/i.exec(value)?.[1];
    if (named !== undefined && hasWildcard(named)) {
        return `access policies AWS adds under "${named}"`;
    }
    const known = [...eksAccessPolicies.keys(), ...weakUnlistedAccessPolicies.keys()];
    if (named !== undefined && !known.some((n) => glob.test(arn("aws", n)))) {
        return `"${named}", an access policy the EKS User Guide does not list`;
    }
    return undefined;
}

/** Whether a glob can match some text starting with `prefix`. */
function mayMatchPrefix(glob: string, prefix: string): boolean {
    const literal = glob.split(/[*?]/)[0];
    if (!hasWildcard(glob)) {
        return glob.startsWith(prefix);
    }
    return literal.startsWith(prefix) || prefix.startsWith(literal);
}

const pseudo = resettable(new Map<string, ActionData>());

/** An action taking one resource type: reads a value against that type's ARN format. */
function pseudoAction(service: string, type: string): ActionData {
    const key = `${service}:${type}`;
    let action = pseudo.get(key);
    if (!action) {
        action = {
            name: `condition value as ${type}`,
            accessLevel: "Read",
            resourceTypes: [{ name: type, required: true, conditionKeys: [] }],
            conditionKeys: [],
        };
        pseudo.set(key, action);
    }
    return action;
}
