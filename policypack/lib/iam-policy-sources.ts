// Reads the IAM documents of a resource where iam-document-sources.ts says they are, so each
// policy reads them the same way. A permission written as fields (lambda.Permission, ...) is
// read as the one statement AWS adds to the resource's policy for it.
import { ReportViolation } from "@pulumi/policy";
import { IamStatement, parsePolicyDocument } from "./iam-document";
import { DocumentKind, DocumentSourceEntry, documentSourcesOf } from "./iam-document-sources";
import { asArray, isRecord } from "./values";

export interface DocumentSource {
    /**
     * Where the document is, for messages: `policy`, `inlinePolicies[0] "deploy"`,
     * `details.policy`; empty for a permission, which is the resource itself.
     */
    where: string;
    kind: DocumentKind;
    document: unknown;
}

/** The documents of a resource of `type`, of the given kinds (all when none are given). */
export function documentsOf(
    type: string,
    props: Record<string, unknown>,
    ...kinds: DocumentKind[]
): DocumentSource[] {
    return documentSourcesOf(type)
        .filter((s) => kinds.length === 0 || kinds.includes(s.kind))
        .flatMap((source) => read(source, props));
}

/** The identity policies of a resource: its `policy`, each of a Role's `inlinePolicies`, ... */
export function identityPolicyDocuments(
    type: string,
    props: Record<string, unknown>,
): DocumentSource[] {
    return documentsOf(type, props, "identity");
}

function read(source: DocumentSourceEntry, props: Record<string, unknown>): DocumentSource[] {
    const { kind, path } = source;
    if (kind === "permission") {
        const document = permissionDocument(source.type, props);
        return document ? [{ where: "", kind, document }] : [];
    }
    if (path.endsWith("[].policy")) {
        const list = path.slice(0, -"[].policy".length);
        return (asArray(props[list]) ?? []).flatMap((inline, i) => {
            if (!isRecord(inline)) {
                return [{ where: `${list}[${i}]`, kind, document: inline }];
            }
            // An inline policy with only a name (Pulumi's way of removing all) has no document.
            if (inline.policy === undefined || inline.policy === "") {
                return [];
            }
            const name = typeof inline.name === "string" ? ` "${inline.name}"` : "";
            return [{ where: `${list}[${i}]${name}`, kind, document: inline.policy }];
        });
    }
    let value: unknown = props;
    for (const key of path.split(".")) {
        value = isRecord(value) ? value[key] : undefined;
    }
    return value === undefined || value === "" ? [] : [{ where: path, kind, document: value }];
}

/** `"*"`, a service principal (`events.amazonaws.com`), or an account or ARN. */
function principalOf(principal: string): "*" | Record<string, string> {
    if (principal === "*") {
        return "*";
    }
    // Service principals end in amazonaws.com (amazonaws.com.cn in China).
    return /\.amazonaws\.com(\.cn)?$/.test(principal) ? { Service: principal } : { AWS: principal };
}

const str = (value: unknown): string | undefined =>
    typeof value === "string" && value !== "" ? value : undefined;

/**
 * The statement a permission resource adds to its resource's policy, as a document:
 * - lambda.Permission: `principal`, `action`; `sourceArn` → `ArnLike aws:SourceArn`,
 *   `sourceAccount` → `StringEquals aws:SourceAccount`, `principalOrgId` →
 *   `StringEquals aws:PrincipalOrgID`, `functionUrlAuthType` →
 *   `StringEquals lambda:FunctionUrlAuthType` (Lambda Developer Guide, "Working with
 *   resource-based IAM policies in Lambda", and the AddPermission API reference, which maps
 *   each parameter to the condition it adds);
 * - lambda.LayerVersionPermission: `principal`, `action`; `organizationId` →
 *   `StringEquals aws:PrincipalOrgID` (AddLayerVersionPermission API reference);
 * - cloudwatch.EventPermission: `principal`, `action`; `condition {type, key, value}` →
 *   `{type: {key: value}}` (PutPermission API reference, Condition).
 * `undefined` when the principal is absent.
 */
function permissionDocument(
    type: string,
    props: Record<string, unknown>,
): Record<string, unknown> | undefined {
    const principal = str(props.principal);
    if (principal === undefined) {
        return undefined;
    }
    const condition: Record<string, Record<string, string>> = {};
    const add = (operator: string, key: string, value: string | undefined) => {
        if (value !== undefined) {
            condition[operator] = { ...condition[operator], [key]: value };
        }
    };
    if (type === "aws:lambda/permission:Permission") {
        add("ArnLike", "aws:SourceArn", str(props.sourceArn));
        add("StringEquals", "aws:SourceAccount", str(props.sourceAccount));
        add("StringEquals", "aws:PrincipalOrgID", str(props.principalOrgId));
        add("StringEquals", "lambda:FunctionUrlAuthType", str(props.functionUrlAuthType));
    } else if (type === "aws:lambda/layerVersionPermission:LayerVersionPermission") {
        add("StringEquals", "aws:PrincipalOrgID", str(props.organizationId));
    } else if (isRecord(props.condition)) {
        const c = props.condition;
        const operator = str(c.type);
        const key = str(c.key);
        if (operator && key) {
            add(operator, key, str(c.value));
        }
    }
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: principalOf(principal),
                // EventPermission's action defaults to events:PutEvents (its Args docs).
                Action: str(props.action) ?? "events:PutEvents",
                Resource: "*",
                ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
            },
        ],
    };
}

/**
 * The statements of each document of `sources`. A document that cannot be read is reported
 * with its fix when `reportMalformed` is set (the mandatory policy of a pair reports it, once)
 * and skipped.
 */
export function readableDocuments(
    sources: DocumentSource[],
    subject: string,
    report: ReportViolation,
    reportMalformed: boolean,
): { where: string; statements: IamStatement[] }[] {
    const readable: { where: string; statements: IamStatement[] }[] = [];
    for (const { where, document } of sources) {
        const parsed = parsePolicyDocument(document);
        if (parsed.ok) {
            readable.push({ where, statements: parsed.statements });
        } else if (reportMalformed) {
            report(`${subject}: ${where} ${parsed.error}: write a valid IAM policy document.`);
        }
    }
    return readable;
}
