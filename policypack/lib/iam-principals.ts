// Judges who a trust or resource policy statement lets in: an Allow open to anyone
// (`Principal: "*"`, a wildcard principal id) is judged by the Condition entries that narrow
// the callers, as IAM Access Analyzer does when it decides whether a policy grants public
// access (IAM User Guide, "Preview access with IAM Access Analyzer APIs", and "AWS global
// condition context keys" for each key below).
import { reportWithDetail } from "./exemptions";
import { hasConditionEntry, IamStatement } from "./iam-document";
import { documentsOf, readableDocuments } from "./iam-policy-sources";
import { iamRole } from "./types";
import { ResourceCheck } from "./validation";

export interface PrincipalFinding {
    level: "mandatory" | "advisory";
    /** What the statement allows: `has Principal "*", which allows anyone`. */
    problem: string;
    fix: string;
}

/** Keys that, tested positively, narrow anyone down to callers the policy's owner chose. */
interface NarrowingKey {
    /** The operators (without qualifiers) that narrow it. */
    operators: string[];
    /** Whether a value names particular callers (not a wildcard matching anyone). */
    names: (value: string) => boolean;
    /** Multivalued keys narrow only with ForAnyValue (ForAllValues passes an absent key). */
    multivalued?: boolean;
    /** Advisory: a network path, open to any principal of any account inside it. */
    network?: boolean;
}

const equals = ["stringequals", "stringequalsignorecase", "stringlike"];
const arns = ["arnequals", "arnlike", ...equals];
const noWildcard = (v: string) => v !== "" && !/[*?]/.test(v);
const account = (v: string) => /^\d{12}$/.test(v);
const orgId = (v: string) => /^o-[a-z0-9]{10,32}$/.test(v);
/** An organisation path whose organisation is literal: `o-x/r-y/ou-z/*`, not `o-*\/*`. */
const orgPath = (v: string) => orgId(v.split("/")[0]);
/** An ARN whose account field is one account: `arn:aws:iam::111122223333:role/*`. */
const accountArn = (v: string) => account(v.split(":")[4] ?? "");
/**
 * An ARN naming resources: its account field is one account, or it is an S3 bucket (S3 ARNs
 * have no account) whose name has no wildcard.
 */
const resourceArn = (v: string) => accountArn(v) || /^arn:[^:*?]+:s3:::[^/*?]+(\/.*)?$/.test(v);

const narrowingKeys: Record<string, NarrowingKey> = {
    "aws:principalorgid": { operators: equals, names: (v) => orgId(v) },
    "aws:principalorgpaths": { operators: equals, names: orgPath, multivalued: true },
    "aws:principalaccount": { operators: equals, names: account },
    "aws:principalarn": { operators: arns, names: accountArn },
    // Set only when an AWS service calls on behalf of a resource (IAM User Guide, "The
    // confused deputy problem"); the SQS Developer Guide's SNS-to-SQS example uses SourceArn.
    "aws:sourcearn": { operators: arns, names: resourceArn },
    "aws:sourceaccount": { operators: equals, names: account },
    "aws:sourceorgid": { operators: equals, names: (v) => orgId(v) },
    "aws:sourceorgpaths": { operators: equals, names: orgPath, multivalued: true },
    "aws:sourcevpce": { operators: equals, names: noWildcard, network: true },
    "aws:sourcevpc": { operators: equals, names: noWildcard, network: true },
    "aws:sourcevpcarn": { operators: arns, names: noWildcard, network: true },
    "aws:vpceaccount": { operators: equals, names: account, network: true },
    "aws:vpceorgid": { operators: equals, names: (v) => orgId(v), network: true },
    "aws:vpceorgpaths": { operators: equals, names: orgPath, multivalued: true, network: true },
};

/** One Condition entry, as written, for messages: `aws:SourceVpce ("vpce-1a2b")`. */
const written = (key: string, values: string[]) =>
    `${key} (${values.map((v) => JSON.stringify(v)).join(", ")})`;

/**
 * How the statement's Condition narrows who it lets in: `narrowed` when some entry limits the
 * callers to chosen accounts, organisations or resources; `network` lists the entries that
 * limit them to a network path only; `rejected` the narrowing-key entries that do not narrow.
 */
function narrowing(statement: IamStatement): {
    narrowed: boolean;
    network: string[];
    rejected: string[];
} {
    const network: string[] = [];
    const rejected: string[] = [];
    let narrowed = false;
    for (const [operator, entries] of Object.entries(statement.condition ?? {})) {
        const lower = operator.toLowerCase();
        const forAny = lower.startsWith("foranyvalue:");
        const base = lower.replace(/^for(any|all)values?:/, "");
        for (const [key, values] of Object.entries(entries)) {
            // Own keys only: `narrowingKeys["constructor"]` is Object itself.
            const lowerKey = key.toLowerCase();
            const rule = Object.hasOwn(narrowingKeys, lowerKey)
                ? narrowingKeys[lowerKey]
                : undefined;
            if (!rule) {
                continue;
            }
            // IfExists and ForAllValues pass a request without the key; negated operators
            // pass every value but the listed; an empty list matches nothing useful.
            const ok =
                !base.endsWith("ifexists") &&
                !lower.startsWith("forallvalues:") &&
                (forAny ? rule.multivalued === true : rule.multivalued !== true) &&
                rule.operators.includes(base) &&
                values.length > 0 &&
                values.every(rule.names);
            if (!ok) {
                rejected.push(`${operator} ${written(key, values)}`);
            } else if (rule.network) {
                network.push(written(key, values));
            } else {
                narrowed = true;
            }
        }
    }
    return { narrowed, network, rejected };
}

/** The ways an Allow statement opens itself to anyone, and whom each allows, for messages. */
function openings(statement: IamStatement): { opening: string; allows: string }[] {
    if (statement.principal === "*") {
        return [{ opening: 'has Principal "*"', allows: "which allows anyone" }];
    }
    return Object.entries(statement.principal ?? {}).flatMap(([type, ids]) =>
        ids
            .filter((i) => i.includes("*"))
            .map((id) => ({
                opening: `has ${type} principal "${id}"`,
                allows:
                    id === "*"
                        ? "which allows anyone"
                        : "a wildcard that allows any matching principal",
            })),
    );
}

/** Whether the statement opens a Lambda function URL to anyone: auth type NONE. */
function publicFunctionUrl(statement: IamStatement): boolean {
    return hasConditionEntry(
        statement.condition,
        (op) => /^string(equals|like)/.test(op),
        "lambda:FunctionUrlAuthType",
        (values) => values.includes("NONE"),
    );
}

const nameFix =
    "name the account, role or service principals that need access, or add a Condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceAccount that names them";

/**
 * Each way an Allow statement opens itself to anyone, judged by what narrows it:
 * `NotPrincipal` (everyone but the listed) is mandatory whatever the Condition; a wildcard
 * principal passes when an organisation, account, principal ARN or source resource condition
 * names the callers, is advisory when only a VPC endpoint or network condition does, and is
 * mandatory otherwise, as is a public Lambda function URL (auth type NONE). In a role's trust
 * policy (`trust`) a network condition narrows nothing: it limits where sts:AssumeRole is
 * called, not where the role's temporary credentials are used afterwards (IAM User Guide,
 * "Using temporary credentials with AWS resources"), so any account's principal inside that
 * network takes the role's permissions anywhere: mandatory.
 */
export function wildcardPrincipalFindings(
    statement: IamStatement,
    trust = false,
): PrincipalFinding[] {
    if (statement.effect !== "Allow") {
        return [];
    }
    const findings: PrincipalFinding[] = [];
    if (statement.notPrincipal !== undefined) {
        findings.push({
            level: "mandatory",
            problem: "uses NotPrincipal, which allows every principal not listed",
            fix: "replace NotPrincipal with a Principal naming the account, role or service principals that need access",
        });
    }
    const open = openings(statement);
    if (open.length === 0) {
        return findings;
    }
    if (statement.principal === "*" && publicFunctionUrl(statement)) {
        return [
            ...findings,
            {
                level: "mandatory",
                problem:
                    'has Principal "*" with lambda:FunctionUrlAuthType "NONE", which makes the function URL public: anyone on the internet can invoke it',
                fix: "use the function URL auth type AWS_IAM and name the principals that need access, or put the function behind an authenticating front (API Gateway, CloudFront with origin access control)",
            },
        ];
    }
    const { narrowed, network: paths, rejected: notNaming } = narrowing(statement);
    if (narrowed) {
        return findings;
    }
    const network = trust ? [] : paths;
    const rejected = trust ? [...notNaming, ...paths] : notNaming;
    const why =
        rejected.length > 0
            ? ` (${rejected.join(", ")} ${rejected.length > 1 ? "do" : "does"} not name the callers)`
            : "";
    const path = network.every((n) => /^aws:(sourcevpce|vpce)/i.test(n))
        ? "that endpoint"
        : "that network";
    for (const { opening, allows } of open) {
        findings.push(
            network.length > 0
                ? {
                      level: "advisory",
                      problem: `${opening}, narrowed only by ${network.join(", ")}: anyone whose requests come through ${path}, from any account, is allowed`,
                      fix: "add aws:PrincipalOrgID or aws:PrincipalAccount, or name the principals",
                  }
                : { level: "mandatory", problem: `${opening}, ${allows}${why}`, fix: nameFix },
        );
    }
    return findings;
}

/**
 * A check reporting each finding of `level` in the resource's trust and resource policies and
 * permissions; malformed documents are the mandatory policy's to report, once.
 */
export function principalCheck(level: PrincipalFinding["level"]): ResourceCheck {
    return (props, subject, report, args) => {
        const sources = documentsOf(args.type, props, "resource", "permission");
        // A role's only document of these kinds is its trust policy.
        const trust = args.type === iamRole;
        for (const { where, statements } of readableDocuments(
            sources,
            subject,
            report,
            level === "mandatory",
        )) {
            for (const statement of statements) {
                // A permission is one statement the resource itself stands for.
                const at = where === "" ? subject : `${subject}: ${where} ${statement.label}`;
                for (const finding of wildcardPrincipalFindings(statement, trust)) {
                    if (finding.level === level) {
                        reportWithDetail(report, `${at} ${finding.problem}: ${finding.fix}.`, {
                            statements: [
                                {
                                    document: where === "" ? "permission" : where,
                                    index: statement.index,
                                    sid: statement.sid,
                                },
                            ],
                        });
                    }
                }
            }
        }
    };
}
