// Kubernetes RBAC rules and requests, matched as the RBAC authorizer matches them:
// RuleAllows (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go:178-192, commit
// 01aa0f3f) over VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches and
// NonResourceURLMatches (pkg/apis/rbac/v1/evaluation_helpers.go:31-113, commit 03bf11a3).
import { UnknownValueError, asArray, isRecord } from "./values";

/** Where a rule an aggregated ClusterRole holds was written. */
export interface RuleOrigin {
    /** The ClusterRole that lists the rule itself. */
    role: string;
    /** The rule's index there. */
    index: number;
    /** That role's URN, or `default` for Kubernetes' own. */
    source: string;
    /** The aggregated ClusterRoles it passed through, nearest first (`edit` for admin from view's rules). */
    via: string[];
    /** URNs of the Patches merged into that role (its labels or rules). */
    patches: string[];
}

/** One PolicyRule, normalised: absent lists are empty. */
export interface Rule {
    verbs: string[];
    apiGroups: string[];
    resources: string[];
    resourceNames: string[];
    nonResourceURLs: string[];
    /** For a rule an aggregated ClusterRole took from another: where it was written. */
    origin?: RuleOrigin;
    /** The URN of the Patch or object that wrote the rule, when another object of the same name has rules too. */
    writer?: string;
}

/** A request as the authorizer sees it. */
export interface Request {
    verb: string;
    /** `""` for the core group. */
    apiGroup: string;
    /** `pods`; empty for a non-resource request. */
    resource: string;
    /** `exec` for `pods/exec`. */
    subresource?: string;
    /**
     * The object's name; absent (the API server's `""`) for create and deletecollection,
     * which name no object, and for a list or watch without a `metadata.name` field selector
     * (requestinfo.go NewRequestInfo, k8s.io/apiserver pkg/endpoints/request).
     */
    name?: string;
    /** The namespace; absent for cluster-scoped resources and non-resource URLs. */
    namespace?: string;
    /** `/healthz`, for a non-resource request. */
    nonResourceURL?: string;
}

/** A name in a rule that is unknown until deploy: it names some object, which one is not known yet. */
export const unknownName = "<unknown until deploy>";

/**
 * The strings of a list; an element unknown until deploy becomes `unknown` (or, when that is
 * undefined, the whole list is unknown and the error is thrown on).
 */
function strings(read: () => unknown, unknown?: string): string[] {
    let list: unknown;
    try {
        list = read();
    } catch (e) {
        if (e instanceof UnknownValueError && unknown !== undefined) {
            return [unknown];
        }
        throw e;
    }
    if (list === undefined || list === null) {
        return [];
    }
    if (!Array.isArray(list)) {
        return typeof list === "string" ? [list] : [];
    }
    const out: string[] = [];
    for (let i = 0; i < list.length; i++) {
        try {
            const v: unknown = list[i];
            if (typeof v === "string") {
                out.push(v);
            }
        } catch (e) {
            if (!(e instanceof UnknownValueError) || unknown === undefined) {
                throw e;
            }
            out.push(unknown);
        }
    }
    return out;
}

const rethrow = (e: Error) => {
    throw e;
};

const noRule = (): Rule => ({
    verbs: [],
    apiGroups: [],
    resources: [],
    resourceNames: [],
    nonResourceURLs: [],
});

/**
 * The rules of a Role or ClusterRole's props, index for index; an entry that is not an object
 * grants nothing, as the API server would refuse it. Unknown `resourceNames` name some object
 * (`unknownName`); a rule whose verbs, groups, resources or URLs are unknown until deploy cannot
 * be judged: it grants nothing here and `onUnknown` is told why (by default, it throws).
 */
export function parseRules(raw: unknown, onUnknown: (e: Error) => void = rethrow): Rule[] {
    const rules: Rule[] = [];
    const list = Array.isArray(raw) ? raw : (asArray(raw) ?? []);
    for (let i = 0; i < list.length; i++) {
        try {
            const entry: unknown = list[i];
            const r = isRecord(entry) ? entry : {};
            rules.push({
                verbs: strings(() => r.verbs),
                apiGroups: strings(() => r.apiGroups),
                resources: strings(() => r.resources),
                resourceNames: strings(() => r.resourceNames, unknownName),
                nonResourceURLs: strings(() => r.nonResourceURLs),
            });
        } catch (e) {
            if (!(e instanceof UnknownValueError)) {
                throw e;
            }
            // Keeps indices aligned with the role's own list.
            rules.push(noRule());
            onUnknown(e);
        }
    }
    return rules;
}

/** The fields of a rule that hold `*`: verbs, resources, apiGroups. */
export function wildcardFields(rule: Rule): ("verbs" | "resources" | "apiGroups")[] {
    return (["verbs", "resources", "apiGroups"] as const).filter((f) => rule[f].includes(all));
}

const all = "*";

/** evaluation_helpers.go:31-42. */
export const verbMatches = (rule: Rule, verb: string) =>
    rule.verbs.some((v) => v === all || v === verb);

/** evaluation_helpers.go:44-55. */
export const apiGroupMatches = (rule: Rule, group: string) =>
    rule.apiGroups.some((g) => g === all || g === group);

/**
 * `*`, the exact `resource/subresource`, or `*\/subresource` (evaluation_helpers.go:57-83);
 * `pods/*` matches nothing.
 */
export function resourceMatches(rule: Rule, resource: string, subresource?: string): boolean {
    const combined = subresource ? `${resource}/${subresource}` : resource;
    return rule.resources.some(
        (r) => r === all || r === combined || (!!subresource && r === `*/${subresource}`),
    );
}

/**
 * No names means every name; otherwise the request's name must be listed
 * (evaluation_helpers.go:85-97). A request that names no object (create, deletecollection,
 * a list or watch of every object) has the name `""`, which only `resourceNames: [""]` lists.
 */
export const resourceNameMatches = (rule: Rule, name = "") =>
    rule.resourceNames.length === 0 || rule.resourceNames.includes(name);

/**
 * `*`, the exact path, or a prefix: a URL ending in `*` matches every path that starts with it
 * once all its trailing `*` are trimmed (evaluation_helpers.go:99-113, strings.TrimRight).
 */
export function nonResourceURLMatches(rule: Rule, url: string): boolean {
    return rule.nonResourceURLs.some(
        (u) => u === all || u === url || (u.endsWith("*") && url.startsWith(u.replace(/\*+$/, ""))),
    );
}

/** How a rule is matched: `anyName` ignores resourceNames, to find rules held only for named objects. */
export interface MatchOptions {
    anyName?: boolean;
}

/** Whether one rule allows the request (rbac.go:178-192). */
export function ruleAllows(rule: Rule, request: Request, options: MatchOptions = {}): boolean {
    if (request.nonResourceURL !== undefined) {
        return (
            verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.nonResourceURL)
        );
    }
    return (
        verbMatches(rule, request.verb) &&
        apiGroupMatches(rule, request.apiGroup) &&
        resourceMatches(rule, request.resource, request.subresource) &&
        (options.anyName === true || resourceNameMatches(rule, request.name))
    );
}

/** `{verbs: [get], apiGroups: [""], resources: [secrets]}`, for messages; `""` shown quoted. */
export function showRule(rule: Rule): string {
    const list = (values: string[]) => values.map((v) => (v === "" ? '""' : v)).join(", ");
    const parts = [`verbs: [${list(rule.verbs)}]`];
    if (rule.nonResourceURLs.length > 0) {
        parts.push(`nonResourceURLs: [${list(rule.nonResourceURLs)}]`);
    } else {
        parts.push(`apiGroups: [${list(rule.apiGroups)}]`);
        parts.push(`resources: [${list(rule.resources)}]`);
    }
    if (rule.resourceNames.length > 0) {
        parts.push(`resourceNames: [${list(rule.resourceNames)}]`);
    }
    return `{${parts.join(", ")}}`;
}

/** The API group of common resources, so `can-i create deployments` needs no `.apps`. */
const groups: Record<string, string> = {
    deployments: "apps",
    statefulsets: "apps",
    daemonsets: "apps",
    replicasets: "apps",
    controllerrevisions: "apps",
    jobs: "batch",
    cronjobs: "batch",
    horizontalpodautoscalers: "autoscaling",
    ingresses: "networking.k8s.io",
    networkpolicies: "networking.k8s.io",
    ingressclasses: "networking.k8s.io",
    poddisruptionbudgets: "policy",
    roles: "rbac.authorization.k8s.io",
    rolebindings: "rbac.authorization.k8s.io",
    clusterroles: "rbac.authorization.k8s.io",
    clusterrolebindings: "rbac.authorization.k8s.io",
    validatingadmissionpolicies: "admissionregistration.k8s.io",
    validatingadmissionpolicybindings: "admissionregistration.k8s.io",
    validatingwebhookconfigurations: "admissionregistration.k8s.io",
    mutatingwebhookconfigurations: "admissionregistration.k8s.io",
    customresourcedefinitions: "apiextensions.k8s.io",
    leases: "coordination.k8s.io",
    endpointslices: "discovery.k8s.io",
    storageclasses: "storage.k8s.io",
    certificatesigningrequests: "certificates.k8s.io",
    tokenreviews: "authentication.k8s.io",
    subjectaccessreviews: "authorization.k8s.io",
    localsubjectaccessreviews: "authorization.k8s.io",
    selfsubjectaccessreviews: "authorization.k8s.io",
    selfsubjectrulesreviews: "authorization.k8s.io",
    priorityclasses: "scheduling.k8s.io",
};

/** Resources that have no namespace (a RoleBinding never grants them): one list, the data file's. */
export { clusterScopedResources } from "./kubernetes-cluster-scoped-resources";

/**
 * A resource as kubectl names it, `deployments`, `deployments.apps`, `pods/exec` or
 * `deployments.apps/scale`, split into resource, group and subresource.
 */
export function parseResource(spec: string): {
    resource: string;
    apiGroup: string;
    subresource?: string;
} {
    const [head, subresource] = spec.split("/", 2);
    const dot = head.indexOf(".");
    const resource = dot < 0 ? head : head.slice(0, dot);
    const apiGroup = dot < 0 ? (groups[resource] ?? "") : head.slice(dot + 1);
    return { resource, apiGroup, subresource: subresource || undefined };
}

/** Verbs that change objects or grant power, as opposed to get, list, watch. */
export const writeVerbs = [
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "bind",
    "escalate",
    "impersonate",
    "approve",
];
