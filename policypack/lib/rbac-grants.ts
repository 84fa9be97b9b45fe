// The parts of a power judgement that the judge (rbac-powers.ts) and the checks that need more
// than a request match (rbac-power-checks.ts) share: grants of requests, found on a holder's
// paths with the authorizer's own matching, and findings as messages show them.
import { ClearableWeakMap, resettable } from "./caches";
import { Subject } from "./rbac";
import {
    BindingNode,
    GrantPath,
    Identity,
    isUnknownNamespace,
    namespaceReaches,
    showRuleOf,
} from "./rbac-graph";
import { EscalationPower, RequestPattern, Requirement } from "./rbac-escalation-powers";
import { Request, Rule, ruleAllows } from "./rbac-rules";

/** A path that grants part of a power, for any object name or only for `names`. */
export interface Grant {
    path: GrantPath;
    names?: string[];
    /** A request the path allows (for one of `names`), as can-i and who-can would ask it. */
    request?: Request;
}

/** A part of a power the subject holds, and every path that grants it. */
export interface Part {
    label: string;
    grants: Grant[];
}

/** A power a subject holds: what and where, and a part for each of its requirements. */
export interface Finding {
    power: EscalationPower;
    /** `read Secrets (list and watch return their contents)`. */
    what: string;
    /** Where: `in namespace kube-system`, `in every namespace, kube-system included`. */
    place?: string;
    /** Why the place matters, said once: `where ServiceAccount:apps:ci has more power (...)`. */
    why?: string;
    parts: Part[];
    /** Whether `what` already names the objects a named grant is for. */
    named?: boolean;
}

/** A subject and every rule its identity is granted, each as a path. */
export interface Holder {
    key: string;
    subject: Subject;
    paths: GrantPath[];
    /** For a service account: its namespace, where it is one of the accounts. */
    namespace?: string;
}

/**
 * A binding subject that is unknown until deploy (a name, kind or namespace that is an Output):
 * the graph marks it `unknown` and names it after where it is written
 * (`<unknown until deploy: ClusterRoleBinding "ci" subjects[0]>`, rbac-objects.ts). Such a
 * binding is judged by its role alone, and no allowedSubjects entry can name it.
 */
export const isUnknownSubject = (s: Subject) => s.unknown === true;

/**
 * Whether a binding grants in namespace `ns` (`undefined`: a cluster-wide request), as the graph
 * matches a namespace (`namespaceReaches`: exactly, by an EKS access scope's wildcard), or
 * possibly when the binding's namespace is unknown until deploy (`<...>`, judged as possibly any
 * namespace). A request in an unknown namespace is one of that binding's own, not any other's.
 */
export const appliesIn = (b: BindingNode, ns?: string) =>
    !b.namespaces ||
    (ns !== undefined &&
        b.namespaces.some(
            (where) => isUnknownNamespace(where) || namespaceReaches(where, ns) === "yes",
        ));

const expanded = resettable(
    new ClearableWeakMap<RequestPattern[], Map<string | undefined, Request[]>>(),
);

/** Every request of the patterns, in namespace `ns` (cached: the patterns are data). */
export function requestsOf(patterns: RequestPattern[], ns?: string): Request[] {
    let byNamespace = expanded.get(patterns);
    if (!byNamespace) {
        byNamespace = new Map();
        expanded.set(patterns, byNamespace);
    }
    let requests = byNamespace.get(ns);
    if (!requests) {
        requests = patterns.flatMap((p) =>
            p.resources.flatMap((spec) => {
                const [resource, subresource] = spec.split("/", 2);
                return p.verbs.map((verb) => ({
                    verb,
                    apiGroup: p.apiGroup,
                    resource,
                    subresource,
                    namespace: ns,
                }));
            }),
        );
        byNamespace.set(ns, requests);
    }
    return requests;
}

/**
 * Whether a request can name its object, so that `resourceNames` can allow it:
 * deletecollection and a create on a collection cannot; a list or watch does when the client
 * selects one object with a `metadata.name` field selector (kubernetes.io/docs/reference/
 * access-authn-authz/rbac/#referring-to-resources: "You cannot restrict create or
 * deletecollection requests by their resource name. [...] If you restrict list or watch by
 * resourceName, clients must include a metadata.name field selector").
 */
const carriesName = (r: Request) =>
    r.verb !== "deletecollection" && !(r.verb === "create" && !r.subresource);

/**
 * The names for which `rule` allows `request`: `undefined` for any name, a list when the rule
 * (or `only`) restricts them, `null` when it does not allow the request at all.
 */
export function namesAllowed(
    rule: Rule,
    request: Request,
    only?: string[],
): string[] | undefined | null {
    if (request.name !== undefined) {
        return ruleAllows(rule, request) ? undefined : null;
    }
    if (only) {
        const ok = only.filter((name) => ruleAllows(rule, { ...request, name }));
        return ok.length === 0 ? null : rule.resourceNames.length === 0 ? undefined : ok;
    }
    if (ruleAllows(rule, request)) {
        return undefined;
    }
    if (rule.resourceNames.length === 0 || !carriesName(request)) {
        return null;
    }
    const ok = rule.resourceNames.filter((name) => ruleAllows(rule, { ...request, name }));
    return ok.length === 0 ? null : ok;
}

/** A rule that grants every verb on every resource. */
export const grantsEverything = (r: Rule) =>
    r.verbs.includes("*") &&
    r.apiGroups.includes("*") &&
    r.resources.includes("*") &&
    r.resourceNames.length === 0;

/** What a list of requests asks, to rule out at a glance the rules that allow none of them. */
interface Asked {
    verbs: Set<string>;
    groups: Set<string>;
    /** `pods`, `pods/exec`, and `*\/exec` for a subresource. */
    resources: Set<string>;
    /** Whether one of the requests is for a non-resource URL (`/metrics`). */
    urls: boolean;
}

const asked = resettable(new ClearableWeakMap<Request[], Asked>());

function askedBy(requests: Request[]): Asked {
    let found = asked.get(requests);
    if (!found) {
        found = { verbs: new Set(), groups: new Set(), resources: new Set(), urls: false };
        for (const r of requests) {
            found.verbs.add(r.verb);
            found.urls ||= r.nonResourceURL !== undefined;
            found.groups.add(r.apiGroup);
            found.resources.add(r.subresource ? `${r.resource}/${r.subresource}` : r.resource);
            if (r.subresource) {
                found.resources.add(`*/${r.subresource}`);
            }
        }
        asked.set(requests, found);
    }
    return found;
}

/**
 * Whether a rule may allow one of the requests: verbs meet, and groups and resources meet, or
 * the rule lists URLs and a request is for one (rbac.go RuleAllows matches a non-resource
 * request by verb and URL alone).
 */
function mayAllow(rule: Rule, a: Asked): boolean {
    const meets = (values: string[], set: Set<string>) =>
        values.some((v) => v === "*" || set.has(v));
    return (
        meets(rule.verbs, a.verbs) &&
        ((a.urls && rule.nonResourceURLs.length > 0) ||
            (meets(rule.apiGroups, a.groups) && meets(rule.resources, a.resources)))
    );
}

/**
 * The paths of `paths` that allow any request of `requests`, with their names: in the order of
 * the requests (the data lists the strongest first), each path once.
 */
export function grantsFor(paths: GrantPath[], requests: Request[], only?: string[]): Grant[] {
    const a = askedBy(requests);
    const candidates = paths.filter((p) => mayAllow(p.rule, a));
    const grants: Grant[] = [];
    if (candidates.length === 0) {
        return grants;
    }
    const seen = new Set<GrantPath>();
    for (const r of requests) {
        for (const path of candidates) {
            if (seen.has(path) || !appliesIn(path.binding, r.namespace)) {
                continue;
            }
            const names = namesAllowed(path.rule, r, only);
            if (names !== null) {
                grants.push({ path, names, request: names ? { ...r, name: names[0] } : r });
                seen.add(path);
            }
        }
    }
    return grants;
}

/** A finding with one part. */
export const single = (
    power: EscalationPower,
    grants: Grant[],
    place?: string,
    why?: string,
): Finding => ({ power, what: power.what, place, why, parts: [{ label: power.what, grants }] });

/** What the checks ask of the judge: paths, identities, and the powers of a hypothetical holder. */
export interface Judge {
    pathsOf(subject: Subject, binding: BindingNode): GrantPath[];
    holderOfIdentity(key: string, subject: Subject, identity: Identity): Holder;
    standingOfHypothetical(holder: Holder, depth: number): Finding[];
}

/** A binding as messages name it, when a path goes through a binding other than the one reported. */
function showBinding(b: BindingNode): string {
    const ns = b.namespaces ? ` in ${b.namespaces.join(", ")}` : "";
    const from = b.source === "default" ? " (Kubernetes default)" : "";
    return `${b.kind} "${b.name}"${ns}${from}`;
}

/** One grant, relative to the binding being reported. */
function showGrant(grant: Grant, reported?: BindingNode): string {
    const via = grant.path.binding === reported ? "" : `${showBinding(grant.path.binding)} → `;
    return `${via}${showRuleOf(grant.path)}`;
}

/** Whether a finding has a part granted through `binding`. */
export const through = (f: Finding, binding: BindingNode) =>
    f.parts.some((p) => p.grants.some((g) => g.path.binding === binding));

/**
 * A finding as a message names it, each part through its path (the one through `reported`
 * first): `read Secrets (...) in namespace kube-system, through ClusterRole "x" rules[0] {...}`.
 * `said` holds the places whose reason was already given.
 */
export function showFinding(f: Finding, reported?: BindingNode, said = new Set<string>()): string {
    const chosen = f.parts.map((p) => ({
        label: p.label,
        grant: p.grants.find((g) => g.path.binding === reported) ?? p.grants[0],
    }));
    const names = (g: Grant) => (g.names && !f.named ? ` (only ${g.names.join(", ")})` : "");
    let what = f.what;
    if (f.place) {
        const key = `${f.place} ${f.why ?? ""}`;
        what += ` ${f.place}${f.why && !said.has(key) ? `, ${f.why}` : ""}`;
        said.add(key);
    }
    if (chosen.length === 1) {
        return `${what}${names(chosen[0].grant)}, through ${showGrant(chosen[0].grant, reported)}`;
    }
    const parts = chosen.map(
        (c) => `${c.label}${names(c.grant)} through ${showGrant(c.grant, reported)}`,
    );
    return `${what}: ${parts.join(", ")}`;
}

/** Findings as one message names them, `; `-separated, each place's reason given once. */
export function showFindings(findings: Finding[], reported?: BindingNode): string {
    const said = new Set<string>();
    return findings.map((f) => showFinding(f, reported, said)).join("; ");
}

/** The requirement of a power with the label given. */
export const requirement = (power: EscalationPower, label: string): Requirement =>
    power.requires.find((r) => r.label === label)!;

/** The namespace a cluster-wide grant reaches: any. */
export const anyNamespace = "*";

/** Whether a binding's namespace is an EKS access scope entry with a wildcard (`pay*`). */
export const isScopePattern = (ns: string) => ns.includes("*");

/**
 * The namespaces the paths grant in, and `anyNamespace` when one is cluster-wide. An access
 * scope's wildcard entry stands for each namespace of `known` it reaches (`pay*`: payments),
 * and for itself, the namespaces it reaches that the stack does not name.
 */
export function namespacesOf(paths: GrantPath[], known: Iterable<string>): string[] {
    const names = new Set<string>();
    for (const p of paths) {
        for (const ns of p.binding.namespaces ?? [anyNamespace]) {
            names.add(ns);
            if (p.binding.namespaces && isScopePattern(ns)) {
                for (const k of known) {
                    if (namespaceReaches(ns, k) === "yes") {
                        names.add(k);
                    }
                }
            }
        }
    }
    return [...names];
}
