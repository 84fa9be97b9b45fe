// The step from re-tagging into a statement scoped by tags: a document that lets its principal
// tag every resource of a type of a service (a Tagging action, type-wide or on all resources,
// no Condition that scopes it) and grants a sensitive action of the same service scoped only by
// a resource tag reaches every resource of that action: the principal tags any of them, then
// acts on it. The IAM User Guide's ABAC tutorial ("IAM tutorial: Define permissions to access
// AWS resources based on tags") denies tagging for that reason. Judged per document, since the
// path spans statements.
import { accessLevels, ActionData, matchingActions, resourceTypeArn } from "./iam-actions";
import { conditionScopes } from "./iam-conditions";
import { IamStatement } from "./iam-document";
import type { DocumentFinding, GrantRules } from "./iam-grants";
import { statementBreadth } from "./iam-resources";
import { isDataRead, isInjection, isPermissionGranting } from "./iam-sensitive-actions";

/** The concrete actions of an Allow statement, as `[service, data]`, allowed actions left out. */
function grantedActions(statement: IamStatement, rules: GrantRules): [string, ActionData][] {
    const allowed = new Set((rules.allowedActions ?? []).map((a) => a.toLowerCase()));
    const granted: [string, ActionData][] = [];
    for (const action of statement.actions) {
        const colon = action.indexOf(":");
        const service = action.slice(0, colon).toLowerCase();
        if (colon <= 0 || allowed.has(action.toLowerCase()) || /[*?]/.test(service)) {
            continue;
        }
        for (const data of matchingActions(service, action.slice(colon + 1))) {
            granted.push([service, data]);
        }
    }
    return granted;
}

const tagKey = /^(aws|[a-z0-9-]+):resourcetag\/.+$/;

/**
 * The services whose resources an action reaches, read from its resource types' ARN formats:
 * tags live on resources, so ssm:SendCommand scoped by aws:ResourceTag is re-tagged by
 * ec2:CreateTags on its instances.
 */
function resourceServices(service: string, data: ActionData): string[] {
    const services = data.resourceTypes
        .map((t) => resourceTypeArn(service, t.name)?.split(":")[2])
        .filter((s): s is string => s !== undefined && s !== "");
    return services.length > 0 ? [...new Set(services)] : [service];
}

/** Whether the action is one the grant judgement holds mandatory when it reaches a whole type. */
const sensitive = (service: string, data: ActionData) => {
    const full = `${service}:${data.name}`;
    return (
        accessLevels(data).includes("Permissions management") ||
        isPermissionGranting(full) ||
        isInjection(full) ||
        isDataRead(full)
    );
};

/** The re-tagging paths of a document: one mandatory finding per (tagging, tag-scoped) pair of statements. */
export function tagPathFindings(
    statements: IamStatement[],
    rules: GrantRules = {},
): DocumentFinding[] {
    const allows = statements.filter((s) => s.effect === "Allow" && !s.notActions);
    // Services whose resources a statement can re-tag: Tagging actions reaching a whole type.
    const taggers = allows.map((s) => {
        const services = new Map<string, string>();
        for (const [service, data] of grantedActions(s, rules)) {
            if (
                accessLevels(data).includes("Tagging") &&
                statementBreadth(s.resources, service, data) !== "scoped" &&
                !conditionScopes(s, service, data).scopes
            ) {
                for (const owner of resourceServices(service, data)) {
                    services.set(owner, services.get(owner) ?? `${service}:${data.name}`);
                }
            }
        }
        return { statement: s, services };
    });
    const findings: DocumentFinding[] = [];
    for (const reader of allows) {
        for (const [service, data] of grantedActions(reader, rules)) {
            if (
                !sensitive(service, data) ||
                statementBreadth(reader.resources, service, data) === "scoped"
            ) {
                continue;
            }
            const verdict = conditionScopes(reader, service, data);
            if (!verdict.scopes || verdict.scopedBy.some((s) => s.absent || !tagKey.test(s.key))) {
                continue;
            }
            const owners = resourceServices(service, data);
            const tagger = taggers.find(
                (t) => t.statement !== reader && owners.some((o) => t.services.has(o)),
            );
            if (!tagger) {
                continue;
            }
            const action = `${service}:${data.name}`;
            const tagging = tagger.services.get(owners.find((o) => tagger.services.has(o))!)!;
            const scoped = new Set(verdict.scopedBy.map((s) => s.key));
            const tags = Object.values(reader.condition ?? {})
                .flatMap((entries) => Object.keys(entries))
                .filter((k) => scoped.has(k.toLowerCase()));
            findings.push({
                level: "mandatory",
                problem: `grant ${tagging} on every resource of a type (statement ${tagger.statement.index}) and ${action} scoped only by ${[...new Set(tags)].join(", ")} (statement ${reader.index}): the principal can tag any resource with that tag, then ${action} reaches it`,
                fix: `scope ${tagging} (name the resources, or add a Condition on aws:ResourceTag/<key> that only the principal's resources carry), or name the resources of ${action}, or, if it is intended, exempt it with its reason in the policy-exemptions config`,
                actions: [tagging, action],
                statements: [tagger.statement.index, reader.index].sort((a, b) => a - b),
            });
            break;
        }
    }
    return findings;
}
