// Kubernetes RBAC rules and requests, matched as the RBAC authorizer matches them
// (kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go: VerbMatches,
// APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches, RuleAllows).
import { asArray, isRecord } from "./values";

/** One PolicyRule, normalised: absent lists are empty. */
export interface Rule {
    verbs: string[];
    apiGroups: string[];
    resources: string[];
    resourceNames: string[];
    nonResourceURLs: string[];
    /** For a rule an aggregated ClusterRole took from another: that role and the rule's index there. */
    origin?: { role: string; index: number };
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
    /** The object's name, when the request names one. */
    name?: string;
    /** The namespace; absent for cluster-scoped resources and non-resource URLs. */
    namespace?: string;
    /** `/healthz`, for a non-resource request. */
    nonResourceURL?: string;
}

const strings = (value: unknown): string[] =>
    (asArray(value) ?? []).filter((v): v is string => typeof v === "string");

/**
 * The rules of a Role or ClusterRole's props, index for index; an entry that is not an object
 * grants nothing, as the API server would refuse it.
 */
export function parseRules(raw: unknown): Rule[] {
    return (asArray(raw) ?? []).map((entry) => {
        const r = isRecord(entry) ? entry : {};
        return {
            verbs: strings(r.verbs),
            apiGroups: strings(r.apiGroups),
            resources: strings(r.resources),
            resourceNames: strings(r.resourceNames),
            nonResourceURLs: strings(r.nonResourceURLs),
        };
    });
}

/** The fields of a rule that hold `*`: verbs, resources, apiGroups. */
export function wildcardFields(rule: Rule): ("verbs" | "resources" | "apiGroups")[] {
    return (["verbs", "resources", "apiGroups"] as const).filter((f) => rule[f].includes(all));
}

const all = "*";

export const verbMatches = (rule: Rule, verb: string) =>
    rule.verbs.some((v) => v === all || v === verb);

export const apiGroupMatches = (rule: Rule, group: string) =>
    rule.apiGroups.some((g) => g === all || g === group);

/** `*`, the exact `resource/subresource`, or `*\/subresource`; `pods/*` matches nothing. */
export function resourceMatches(rule: Rule, resource: string, subresource?: string): boolean {
    const combined = subresource ? `${resource}/${subresource}` : resource;
    return rule.resources.some(
        (r) => r === all || r === combined || (!!subresource && r === `*/${subresource}`),
    );
}

/** No names means every name; names never match a request without one (list, create). */
export const resourceNameMatches = (rule: Rule, name?: string) =>
    rule.resourceNames.length === 0 || (name !== undefined && rule.resourceNames.includes(name));

export function nonResourceURLMatches(rule: Rule, url: string): boolean {
    return rule.nonResourceURLs.some(
        (u) => u === all || u === url || (u.endsWith("*") && url.startsWith(u.slice(0, -1))),
    );
}

/** Whether one rule allows the request. */
export function ruleAllows(rule: Rule, request: Request): boolean {
    if (request.nonResourceURL !== undefined) {
        return (
            verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.nonResourceURL)
        );
    }
    return (
        verbMatches(rule, request.verb) &&
        apiGroupMatches(rule, request.apiGroup) &&
        resourceMatches(rule, request.resource, request.subresource) &&
        resourceNameMatches(rule, request.name)
    );
}

/** `{verbs: [get], apiGroups: [""], resources: [secrets]}`, for messages. */
export function showRule(rule: Rule): string {
    const parts = [`verbs: [${rule.verbs.join(", ")}]`];
    if (rule.nonResourceURLs.length > 0) {
        parts.push(`nonResourceURLs: [${rule.nonResourceURLs.join(", ")}]`);
    } else {
        parts.push(`apiGroups: [${rule.apiGroups.map((g) => (g === "" ? '""' : g)).join(", ")}]`);
        parts.push(`resources: [${rule.resources.join(", ")}]`);
    }
    if (rule.resourceNames.length > 0) {
        parts.push(`resourceNames: [${rule.resourceNames.join(", ")}]`);
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

/** Resources that have no namespace: a RoleBinding never grants them. */
export const clusterScopedResources = new Set([
    "namespaces",
    "nodes",
    "persistentvolumes",
    "clusterroles",
    "clusterrolebindings",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
    "validatingwebhookconfigurations",
    "mutatingwebhookconfigurations",
    "customresourcedefinitions",
    "storageclasses",
    "certificatesigningrequests",
    "tokenreviews",
    "subjectaccessreviews",
    "selfsubjectaccessreviews",
    "selfsubjectrulesreviews",
    "selfsubjectreviews",
    "priorityclasses",
    "ingressclasses",
    "users",
    "groups",
]);

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
