// A second RBAC authorizer, deliberately simple and independent of policypack/lib: each
// function follows one Kubernetes function line by line, so that a property test can compare
// the evaluator with it on generated objects. Sources (kubernetes/kubernetes unless named):
// - pkg/apis/rbac/v1/evaluation_helpers.go:31-113 (commit 03bf11a3): the five matchers;
// - plugin/pkg/auth/authorizer/rbac/rbac.go:178-192 (commit 01aa0f3f): RuleAllows;
// - pkg/registry/rbac/validation/rule.go:179-305 (commit 05c351a9): VisitRulesFor,
//   GetRoleReferenceRules, appliesTo, appliesToUser;
// - kubernetes/apimachinery pkg/apis/meta/v1/helpers.go:36-72 and pkg/labels/selector.go:247-268
//   (v0.36.3): LabelSelectorAsSelector and Requirement.Matches;
// - pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go:86-140 (commit
//   003e8629): syncClusterRole, run over every aggregated role until nothing changes.

export interface PolicyRule {
    verbs: string[];
    apiGroups?: string[];
    resources?: string[];
    resourceNames?: string[];
    nonResourceURLs?: string[];
}

export interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface ClusterRole {
    name: string;
    labels: Record<string, string>;
    aggregationRule?: { clusterRoleSelectors: Selector[] };
    rules: PolicyRule[];
}

export interface Role {
    namespace: string;
    name: string;
    rules: PolicyRule[];
}

export interface Subject {
    kind: string;
    name: string;
    namespace?: string;
}

export interface Binding {
    namespace?: string;
    name: string;
    roleRef: { kind: string; name: string };
    subjects: Subject[];
}

export interface Cluster {
    clusterRoles: ClusterRole[];
    roles: Role[];
    clusterRoleBindings: Binding[];
    roleBindings: Binding[];
}

export interface UserInfo {
    name: string;
    groups: string[];
}

/** authorizer.Attributes: a resource request, or a non-resource one with a path. */
export interface Attributes {
    verb: string;
    namespace: string;
    apiGroup: string;
    resource: string;
    subresource: string;
    name: string;
    isResourceRequest: boolean;
    path: string;
}

function verbMatches(rule: PolicyRule, requestedVerb: string): boolean {
    for (const ruleVerb of rule.verbs) {
        if (ruleVerb === "*") {
            return true;
        }
        if (ruleVerb === requestedVerb) {
            return true;
        }
    }
    return false;
}

function apiGroupMatches(rule: PolicyRule, requestedGroup: string): boolean {
    for (const ruleGroup of rule.apiGroups ?? []) {
        if (ruleGroup === "*") {
            return true;
        }
        if (ruleGroup === requestedGroup) {
            return true;
        }
    }
    return false;
}

function resourceMatches(
    rule: PolicyRule,
    combined: string,
    requestedSubresource: string,
): boolean {
    for (const ruleResource of rule.resources ?? []) {
        if (ruleResource === "*") {
            return true;
        }
        if (ruleResource === combined) {
            return true;
        }
        if (requestedSubresource.length === 0) {
            continue;
        }
        if (
            ruleResource.length === requestedSubresource.length + 2 &&
            ruleResource.startsWith("*/") &&
            ruleResource.endsWith(requestedSubresource)
        ) {
            return true;
        }
    }
    return false;
}

function resourceNameMatches(rule: PolicyRule, requestedName: string): boolean {
    if ((rule.resourceNames ?? []).length === 0) {
        return true;
    }
    for (const ruleName of rule.resourceNames!) {
        if (ruleName === requestedName) {
            return true;
        }
    }
    return false;
}

/** strings.TrimRight(s, "*"). */
function trimRightStars(s: string): string {
    let end = s.length;
    while (end > 0 && s[end - 1] === "*") {
        end--;
    }
    return s.slice(0, end);
}

function nonResourceURLMatches(rule: PolicyRule, requestedURL: string): boolean {
    for (const ruleURL of rule.nonResourceURLs ?? []) {
        if (ruleURL === "*") {
            return true;
        }
        if (ruleURL === requestedURL) {
            return true;
        }
        if (ruleURL.endsWith("*") && requestedURL.startsWith(trimRightStars(ruleURL))) {
            return true;
        }
    }
    return false;
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
    if (a.isResourceRequest) {
        let combinedResource = a.resource;
        if (a.subresource.length > 0) {
            combinedResource = a.resource + "/" + a.subresource;
        }
        return (
            verbMatches(rule, a.verb) &&
            apiGroupMatches(rule, a.apiGroup) &&
            resourceMatches(rule, combinedResource, a.subresource) &&
            resourceNameMatches(rule, a.name)
        );
    }
    return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path);
}

/** Requirement.Matches for the four operators a LabelSelector has (matchLabels is Equals). */
function requirementMatches(
    labels: Record<string, string>,
    key: string,
    operator: string,
    values: string[],
): boolean {
    const exists = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
        case "In":
        case "Equals":
            return exists && values.includes(labels[key]);
        case "NotIn":
            return !exists || !values.includes(labels[key]);
        case "Exists":
            return exists;
        case "DoesNotExist":
            return !exists;
    }
    return false;
}

/** LabelSelectorAsSelector(ps).Matches(labels); `{}` is Everything. */
export function selectorMatches(ps: Selector, labels: Record<string, string>): boolean {
    const matchLabels = Object.entries(ps.matchLabels ?? {});
    const matchExpressions = ps.matchExpressions ?? [];
    if (matchLabels.length + matchExpressions.length === 0) {
        return true;
    }
    for (const [k, v] of matchLabels) {
        if (!requirementMatches(labels, k, "Equals", [v])) {
            return false;
        }
    }
    for (const expr of matchExpressions) {
        if (!requirementMatches(labels, expr.key, expr.operator, expr.values ?? [])) {
            return false;
        }
    }
    return true;
}

/** equality.Semantic.DeepEqual of two rules (nil and empty lists alike), as a key. */
const keys = new WeakMap<PolicyRule, string>();
function ruleKey(r: PolicyRule): string {
    let key = keys.get(r);
    if (key === undefined) {
        key = JSON.stringify([
            r.verbs,
            r.apiGroups ?? [],
            r.resources ?? [],
            r.resourceNames ?? [],
            r.nonResourceURLs ?? [],
        ]);
        keys.set(r, key);
    }
    return key;
}

/**
 * The controller's syncClusterRole, applied to every aggregated role in turn until a whole
 * round changes nothing. `start` says what an aggregated role holds before its first sync:
 * the rules it was created with (`stored`), or none (`empty`, as when each role is synced as
 * soon as it is created).
 */
export function aggregate(clusterRoles: ClusterRole[], start: "stored" | "empty"): ClusterRole[] {
    const current = clusterRoles.map((r) => ({
        ...r,
        rules: r.aggregationRule && start === "empty" ? [] : r.rules,
    }));
    for (let round = 0; round < 100; round++) {
        let changed = false;
        for (const shared of current) {
            if (!shared.aggregationRule) {
                continue;
            }
            const newPolicyRules: PolicyRule[] = [];
            const exists = new Set<string>();
            for (const selector of shared.aggregationRule.clusterRoleSelectors) {
                const selected = current
                    .filter((r) => selectorMatches(selector, r.labels))
                    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
                for (const role of selected) {
                    if (role.name === shared.name) {
                        continue;
                    }
                    for (const rule of role.rules) {
                        if (!exists.has(ruleKey(rule))) {
                            exists.add(ruleKey(rule));
                            newPolicyRules.push(rule);
                        }
                    }
                }
            }
            const same =
                newPolicyRules.length === shared.rules.length &&
                newPolicyRules.every((r, i) => ruleKey(r) === ruleKey(shared.rules[i]));
            if (!same) {
                shared.rules = newPolicyRules;
                changed = true;
            }
        }
        if (!changed) {
            return current;
        }
    }
    // The controller never settles (roles that copy each other's rules in a cycle, in turn).
    return current;
}

function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
    switch (subject.kind) {
        case "User":
            return user.name === subject.name;
        case "Group":
            return user.groups.includes(subject.name);
        case "ServiceAccount": {
            let saNamespace = namespace;
            if ((subject.namespace ?? "").length > 0) {
                saNamespace = subject.namespace!;
            }
            if (saNamespace.length === 0) {
                return false;
            }
            return user.name === `system:serviceaccount:${saNamespace}:${subject.name}`;
        }
        default:
            return false;
    }
}

function getRoleReferenceRules(
    cluster: Cluster,
    roleRef: { kind: string; name: string },
    bindingNamespace: string,
): PolicyRule[] | undefined {
    switch (roleRef.kind) {
        case "Role": {
            if (bindingNamespace.length === 0) {
                return undefined;
            }
            return cluster.roles.find(
                (r) => r.namespace === bindingNamespace && r.name === roleRef.name,
            )?.rules;
        }
        case "ClusterRole":
            return cluster.clusterRoles.find((r) => r.name === roleRef.name)?.rules;
        default:
            return undefined;
    }
}

/** RBACAuthorizer.Authorize over VisitRulesFor: allowed or not. */
export function authorize(cluster: Cluster, user: UserInfo, a: Attributes): boolean {
    for (const crb of cluster.clusterRoleBindings) {
        if (!crb.subjects.some((s) => appliesToUser(user, s, ""))) {
            continue;
        }
        const rules = getRoleReferenceRules(cluster, crb.roleRef, "");
        if (rules?.some((rule) => ruleAllows(a, rule))) {
            return true;
        }
    }
    if (a.namespace.length > 0) {
        for (const rb of cluster.roleBindings.filter((b) => b.namespace === a.namespace)) {
            if (!rb.subjects.some((s) => appliesToUser(user, s, a.namespace))) {
                continue;
            }
            const rules = getRoleReferenceRules(cluster, rb.roleRef, a.namespace);
            if (rules?.some((rule) => ruleAllows(a, rule))) {
                return true;
            }
        }
    }
    return false;
}
