// Parses IAM policy documents as Pulumi programs give them: a JSON string or an object,
// `Statement` as one object or an array, `Action` / `Resource` / `Principal` as a string
// or an array. A document that cannot be read is reported, never thrown.
import { asArray, asStringArray, isRecord, parseJsonObject, show, text } from "./values";

/** How messages name a statement: `statement 3`, or `statement 3 ("AllowDescribe")` with a Sid. */
export function statementLabel(index: number, sid: unknown): string {
    return typeof sid === "string" && sid !== ""
        ? `statement ${index} (${JSON.stringify(sid)})`
        : `statement ${index}`;
}

/** One statement, normalised. `label` names it in messages: its index, and its Sid if any. */
export interface IamStatement {
    label: string;
    /** The statement's position in its document, from 0: how findings and exemptions name it. */
    index: number;
    /** The statement's Sid, when it has a non-empty one. */
    sid?: string;
    effect: "Allow" | "Deny";
    actions: string[];
    notActions?: string[];
    resources: string[];
    notResources?: string[];
    /** `"*"` or a map of principal type (AWS, Service, Federated, ...) to identifiers. */
    principal?: "*" | Record<string, string[]>;
    notPrincipal?: "*" | Record<string, string[]>;
    condition?: Record<string, Record<string, string[]>>;
}

/**
 * Whether a Condition has an entry on `key` (compared in any case) under an operator that
 * `operator` accepts (given in lower case) whose values pass `values`.
 */
export function hasConditionEntry(
    condition: IamStatement["condition"],
    operator: (lowerCaseOperator: string) => boolean,
    key: string,
    values: (values: string[]) => boolean,
): boolean {
    const lowerKey = key.toLowerCase();
    return Object.entries(condition ?? {}).some(
        ([op, entries]) =>
            operator(op.toLowerCase()) &&
            Object.entries(entries).some(([k, v]) => k.toLowerCase() === lowerKey && values(v)),
    );
}

export type ParsedDocument =
    { ok: true; statements: IamStatement[] } | { ok: false; error: string };

/**
 * The first key a JSON text repeats within one object, if any. `JSON.parse` keeps the last of
 * them; IAM's reading of such a document is not documented (IAM User Guide, "IAM JSON policy
 * grammar", which has no repeated element), so `"Resource": "*", "Resource": "<arn>"` would
 * be judged on the ARN and might be deployed as `*`. The pack refuses to guess.
 */
export function repeatedJsonKey(text: string): string | undefined {
    const stack: (Set<string> | undefined)[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === '"') {
            let j = i + 1;
            while (j < text.length && text[j] !== '"') {
                j += text[j] === "\\" ? 2 : 1;
            }
            const keys = stack[stack.length - 1];
            let k = j + 1;
            while (k < text.length && /\s/.test(text[k])) {
                k++;
            }
            if (keys && text[k] === ":") {
                let key: string;
                try {
                    key = JSON.parse(text.slice(i, j + 1)) as string;
                } catch {
                    return undefined;
                }
                if (keys.has(key)) {
                    return key;
                }
                keys.add(key);
            }
            i = j + 1;
            continue;
        }
        if (c === "{") {
            stack.push(new Set());
        } else if (c === "[") {
            stack.push(undefined);
        } else if (c === "}" || c === "]") {
            stack.pop();
        }
        i++;
    }
    return undefined;
}

/** Parses a whole policy document. */
export function parsePolicyDocument(document: unknown): ParsedDocument {
    const repeated = typeof document === "string" ? repeatedJsonKey(document) : undefined;
    if (repeated !== undefined) {
        return {
            ok: false,
            error: `repeats the key ${JSON.stringify(repeated)} within one object, so which value IAM applies is not defined`,
        };
    }
    const doc = parseJsonObject(document);
    if (!doc) {
        return {
            ok: false,
            error:
                typeof document === "string"
                    ? "is not valid JSON for an IAM policy document"
                    : `is not an IAM policy document object (got ${show(document)})`,
        };
    }
    const raw = asArray(doc.Statement);
    if (!raw) {
        return { ok: false, error: "has no Statement" };
    }
    const statements: IamStatement[] = [];
    for (let i = 0; i < raw.length; i++) {
        const parsed = parseStatement(raw[i], i);
        if (typeof parsed === "string") {
            return { ok: false, error: parsed };
        }
        statements.push(parsed);
    }
    return { ok: true, statements };
}

/** Parses one statement; a string is the reason it is malformed. */
export function parseStatement(raw: unknown, index: number): IamStatement | string {
    if (!isRecord(raw)) {
        return `statement ${index} is not an object (got ${show(raw)})`;
    }
    const label = statementLabel(index, raw.Sid);
    if (raw.Effect !== "Allow" && raw.Effect !== "Deny") {
        return `${label} has Effect ${show(raw.Effect)}: it must be exactly "Allow" or "Deny"`;
    }
    const statement: IamStatement = {
        label,
        index,
        effect: raw.Effect,
        actions: [],
        resources: [],
    };
    if (typeof raw.Sid === "string" && raw.Sid !== "") {
        statement.sid = raw.Sid;
    }
    const lists: [keyof IamStatement & string, string][] = [
        ["actions", "Action"],
        ["notActions", "NotAction"],
        ["resources", "Resource"],
        ["notResources", "NotResource"],
    ];
    for (const [field, key] of lists) {
        if (raw[key] === undefined) {
            continue;
        }
        const values = asStringArray(raw[key]);
        if (!values) {
            return `${label} has ${key} ${show(raw[key])}: it must be a string or an array of strings`;
        }
        (statement as unknown as Record<string, string[]>)[field] = values;
    }
    for (const key of ["Principal", "NotPrincipal"] as const) {
        if (raw[key] === undefined) {
            continue;
        }
        const principal = parsePrincipal(raw[key]);
        if (!principal) {
            return `${label} has ${key} ${show(raw[key])}: it must be "*" or a map of principal types to identifiers`;
        }
        statement[key === "Principal" ? "principal" : "notPrincipal"] = principal;
    }
    if (raw.Condition !== undefined) {
        const condition = parseCondition(raw.Condition);
        if (!condition) {
            return `${label} has Condition ${show(raw.Condition)}: it must map operators to keys and values`;
        }
        statement.condition = condition;
    }
    return statement;
}

function parsePrincipal(raw: unknown): "*" | Record<string, string[]> | undefined {
    if (raw === "*") {
        return "*";
    }
    if (!isRecord(raw)) {
        return undefined;
    }
    const result: Record<string, string[]> = {};
    for (const [type, ids] of Object.entries(raw)) {
        const values = asStringArray(ids);
        if (!values) {
            return undefined;
        }
        result[type] = values;
    }
    return result;
}

function parseCondition(raw: unknown): Record<string, Record<string, string[]>> | undefined {
    if (!isRecord(raw)) {
        return undefined;
    }
    const result: Record<string, Record<string, string[]>> = {};
    for (const [operator, entries] of Object.entries(raw)) {
        if (!isRecord(entries)) {
            return undefined;
        }
        result[operator] = {};
        for (const [key, value] of Object.entries(entries)) {
            const values = asArray(value)?.map(text);
            if (!values) {
                return undefined;
            }
            result[operator][key] = values;
        }
    }
    return result;
}
