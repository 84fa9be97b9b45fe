// Whether a statement's Condition scopes what it grants to particular resources, or only
// constrains the caller or the connection. Only the former narrows a broad Resource.
import { IamStatement } from "./iam-document";

/** Global keys that constrain the resource acted on, or the request's target. */
const scopingGlobalKeys = [
    /^aws:resourcetag\//,
    /^aws:requesttag\//,
    /^aws:tagkeys$/,
    /^aws:resourceaccount$/,
    /^aws:resourceorgid$/,
    /^aws:resourceorgpaths$/,
    /^aws:sourcearn$/,
    /^aws:sourceaccount$/,
    /^aws:sourceorgid$/,
    /^aws:sourceorgpaths$/,
    /^aws:calledvia(first|last)?$/,
];

/**
 * Service keys that describe the caller or the connection, not the target (the service
 * equivalents of `aws:SecureTransport`, `aws:RequestedRegion`, ...).
 */
const callerServiceKeys = [
    /:region$/,
    /^s3:(tlsversion|authtype|signatureage|signatureversion|x-amz-content-sha256)$/,
    /^kms:calleraccount$/,
    /^sts:(rolesessionname|sourceidentity|externalid)$/,
];

/**
 * Whether a condition key constrains the target: the scoping global keys, and any
 * service-specific key (`iam:PassedToService`, `ec2:CreateAction`, `kms:ViaService`,
 * `ec2:ResourceTag/...`) but those about the caller. A service key that an action does not
 * have is absent from its requests, so a positive test on it grants that action nothing:
 * that too scopes. Other `aws:` keys (`aws:SecureTransport`, `aws:SourceIp`,
 * `aws:PrincipalTag/...`, ...) do not.
 */
export function isScopingKey(key: string): boolean {
    const lower = key.toLowerCase();
    if (lower.startsWith("aws:")) {
        return scopingGlobalKeys.some((k) => k.test(lower));
    }
    return /^[a-z0-9-]+:./.test(lower) && !callerServiceKeys.some((k) => k.test(lower));
}

/**
 * Whether one condition entry requires something of the target. Negated operators
 * (`StringNotEquals`), `...IfExists` and `ForAllValues:` pass requests without the key, so
 * they do not scope; a positive test requires the key, so even `StringLike` on `"*"` (the
 * resource carries the tag) scopes, as does `Null` with `false`; `Null` with `true` does not.
 */
function isScopingEntry(operator: string, key: string, values: string[]): boolean {
    const lower = operator.toLowerCase();
    if (!isScopingKey(key) || lower.startsWith("forallvalues:") || lower.endsWith("ifexists")) {
        return false;
    }
    const base = lower.replace(/^foranyvalue:/, "");
    if (base === "null") {
        return values.length > 0 && values.every((v) => v.toLowerCase() === "false");
    }
    return !base.includes("not") && values.length > 0;
}

/** The condition keys that scope the statement to particular targets (empty when none do). */
export function scopingConditionKeys(statement: IamStatement): string[] {
    const keys: string[] = [];
    for (const [operator, entries] of Object.entries(statement.condition ?? {})) {
        for (const [key, values] of Object.entries(entries)) {
            if (isScopingEntry(operator, key, values)) {
                keys.push(key);
            }
        }
    }
    return keys;
}
