import { StackValidationPolicy } from "@pulumi/policy";
import { clusterScopedResources, selfReviews } from "../lib/kubernetes-cluster-scoped-resources";
import { objectMeta, Subject } from "../lib/rbac";
import {
    BindingNode,
    bindingSubjectKey,
    namespaceReaches,
    RbacGraph,
    showRuleOf,
    stackSource,
} from "../lib/rbac-graph";
import { identityKeys } from "../lib/rbac-identity";
import { GrantPath } from "../lib/rbac-paths";
import { Request, Rule, ruleAllows, writeVerbs } from "../lib/rbac-rules";
import { namespaceTypes, serviceAccountTypes, tenantLabel } from "../lib/types";
import { isRecord } from "../lib/values";

/** Whether a rule grants anything on a namespaced resource (what a binding in another tenant's namespace would use). */
const namespacedRule = (rule: Rule) =>
    rule.resources.some((r) => r === "*" || !clusterScopedResources.has(r.split("/")[0]));

/**
 * Whether a rule grants anything in a namespace it is bound in (a RoleBinding's, an access
 * scope's): a namespaced resource, or that namespace itself, whose requests are in it
 * (requestinfo.go:192-204), so that another tenant could relabel it.
 */
const inNamespaceRule = (rule: Rule) =>
    namespacedRule(rule) || rule.resources.some((r) => r.split("/")[0] === "namespaces");

/** Whether a rule writes a cluster-scoped resource (self-reviews aside). */
const clusterWrite = (rule: Rule) =>
    rule.verbs.some((v) => v === "*" || writeVerbs.includes(v)) &&
    rule.resources.some(
        (r) =>
            r === "*" ||
            (clusterScopedResources.has(r.split("/")[0]) && !selfReviews.has(r.split("/")[0])),
    );

/**
 * What a tenant may not do even in its own namespace, as requests there: relabel the namespace
 * itself (its request is in that namespace: requestinfo.go:192-204), which sets its Pod Security
 * level and the labels other tenants' NetworkPolicies select ("Namespace modification",
 * https://kubernetes.io/docs/concepts/security/rbac-good-practices/); and set a Service's
 * status.loadBalancer.ingress, which kube-proxy routes on every node, so that any tenant's traffic
 * to that IP reaches this tenant's pods (CVE-2020-8554, kubernetes/kubernetes#97076).
 */
const ownNamespaceLimits: { what: (ns: string) => string; requests: (ns: string) => Request[] }[] =
    [
        {
            what: (ns) =>
                `relabel its own namespace ${ns} (patch namespaces), which sets its pod-security.kubernetes.io levels and the labels NetworkPolicies select`,
            requests: (ns) =>
                ["patch", "update"].map((verb) => ({
                    verb,
                    apiGroup: "",
                    resource: "namespaces",
                    name: ns,
                    namespace: ns,
                })),
        },
        {
            what: (ns) =>
                `set the load balancer IP of a Service in ${ns} (services/status), which kube-proxy routes on every node (CVE-2020-8554)`,
            requests: (ns) =>
                ["patch", "update"].map((verb) => ({
                    verb,
                    apiGroup: "",
                    resource: "services",
                    subresource: "status",
                    namespace: ns,
                })),
        },
    ];

/** The first path of a subject's binding whose rule passes `test`, with the stack resource it is owed to. */
type FirstPath = (test: (rule: Rule) => boolean) => { path: GrantPath; source: string } | undefined;

/**
 * The first path of `binding` for `subject` (the one of its subjects that names `member`) that
 * the stack wrote: through its own binding, or, through Kubernetes' own, the Patch that added the
 * subject or the rule (`stackSource`), or the aws-auth or eks.Cluster mapping that put the IAM
 * principal `member` in the group it binds (system:masters), or gave it the user name it binds
 * (system:kube-controller-manager, which Kubernetes binds to its own role). The defaults alone grant tenants
 * nothing this policy forbids.
 */
function firstPathOf(
    graph: RbacGraph,
    member: Subject,
    subject: Subject,
    binding: BindingNode,
): FirstPath {
    const mapping = () =>
        member.kind === "IAM"
            ? graph.iamMappings().find(
                  (m) =>
                      m.arn.toLowerCase() === member.name.toLowerCase() &&
                      identityKeys({
                          label: m.arn,
                          user: m.username,
                          groups: m.groups,
                      }).keys.includes(bindingSubjectKey(subject, binding)),
              )?.source
            : undefined;
    return (test) => {
        for (const path of graph.pathsThrough(subject, binding, test)) {
            const source = stackSource(path) ?? mapping();
            if (source !== undefined) {
                return { path, source };
            }
        }
        return undefined;
    };
}

/** The first limit a binding in the tenant's own namespace oversteps there, with its path. */
function ownNamespaceProblem(
    first: FirstPath,
    ns: string,
): { problem: string; source: string } | undefined {
    for (const limit of ownNamespaceLimits) {
        const requests = limit.requests(ns);
        const found = first((rule) => requests.some((r) => ruleAllows(rule, r)));
        if (found) {
            return {
                problem: `can ${limit.what(ns)}, through ${showRuleOf(found.path)}`,
                source: found.source,
            };
        }
    }
    return undefined;
}

/**
 * The tenant namespaces a binding grants in: its namespace, or those an EKS access scope's
 * entries reach (`sea*` reaches `search`, `namespaceReaches`); none for a cluster-wide binding.
 * Only an entry with a wildcard reaches a namespace of another name.
 */
function tenantNamespacesOf(binding: BindingNode, tenants: Map<string, string>): string[] {
    const found = new Set<string>();
    for (const where of binding.namespaces ?? []) {
        if (!where.includes("*")) {
            if (tenants.has(where)) {
                found.add(where);
            }
            continue;
        }
        for (const t of tenants.keys()) {
            if (namespaceReaches(where, t) === "yes") {
                found.add(t);
            }
        }
    }
    return [...found];
}

const crossFix = "bind each tenant's subjects only in its own namespace, with namespaced roles";
const defaultFix =
    "keep tenants' subjects out of Kubernetes' default bindings and leave the roles those grant as the API server writes them: grant tenants in their own namespaces instead";
const ownFix =
    "leave namespaces and Service status to the platform: grant tenants no patch or update on namespaces or services/status";

export const k8sTenantIsolation: StackValidationPolicy = {
    name: "k8s-tenant-isolation",
    description: `Checks that no subject bound in one tenant's namespace (labelled ${tenantLabel}) — its groups, service accounts, and IAM principals through access entries — can do anything in another tenant's namespace, write any cluster-scoped resource, or relabel its own namespace or set a Service's load balancer IP there.`,
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const graph = RbacGraph.fromResources(args.resources);
        const tenants = new Map<string, string>();
        const accounts: { namespace: string; name: string }[] = [];
        for (const r of args.resources) {
            graph.unknown.attempt(r.urn, () => {
                if (namespaceTypes.includes(r.type)) {
                    const metadata = isRecord(r.props.metadata) ? r.props.metadata : {};
                    const labels = isRecord(metadata.labels) ? metadata.labels : {};
                    const tenant = labels[tenantLabel];
                    if (typeof tenant === "string" && typeof metadata.name === "string") {
                        tenants.set(metadata.name, tenant);
                    }
                } else if (serviceAccountTypes.includes(r.type)) {
                    const meta = objectMeta(r.props);
                    if (meta.name && meta.namespace) {
                        accounts.push({ namespace: meta.namespace, name: meta.name });
                    }
                }
            });
        }
        // Each tenant's subjects: those its namespace's bindings name, its service accounts,
        // and the IAM principals whose groups are among them.
        const members = new Map<string, { tenant: string; namespace: string; subject: Subject }>();
        for (const binding of graph.bindings) {
            for (const ns of tenantNamespacesOf(binding, tenants)) {
                if (binding.source === "default") {
                    continue;
                }
                // A subject bound in two tenants belongs to the first (TenantNamespace binds a
                // tenant's own subjects first); its binding in the other is the crossing.
                for (const s of binding.subjects.filter(
                    (s) => !members.has(bindingSubjectKey(s, binding)),
                )) {
                    // A service account belongs to its own namespace's tenant, wherever it is bound.
                    const home =
                        s.kind === "ServiceAccount" && s.namespace && tenants.has(s.namespace)
                            ? s.namespace
                            : ns;
                    members.set(bindingSubjectKey(s, binding), {
                        tenant: tenants.get(home)!,
                        namespace: home,
                        subject: s,
                    });
                }
            }
        }
        // The tenants' service accounts, bound or not.
        for (const a of accounts.filter((a) => tenants.has(a.namespace))) {
            const s = { kind: "ServiceAccount", name: a.name, namespace: a.namespace };
            members.set(`ServiceAccount:${a.namespace}:${a.name}`, {
                tenant: tenants.get(a.namespace)!,
                namespace: a.namespace,
                subject: s,
            });
        }
        for (const arn of graph.iamPrincipals()) {
            const groups = graph.iamIdentity(arn).groups;
            const home = [...members.values()].find(
                (m) => m.subject.kind === "Group" && groups.includes(m.subject.name),
            );
            if (home && !members.has(`IAM:${arn}`)) {
                members.set(`IAM:${arn}`, { ...home, subject: { kind: "IAM", name: arn } });
            }
        }

        const reported = new Set<string>();
        for (const [key, member] of members) {
            const identity = graph.subjectIdentity(member.subject, member.namespace);
            for (const { subject, binding } of graph.bindingsOf(identity)) {
                const first = firstPathOf(graph, member.subject, subject, binding);
                const problems: string[] = [];
                // The stack resource the first problem is owed to, which the report names.
                const sources: string[] = [];
                const reached = binding.namespaces
                    ? tenantNamespacesOf(binding, tenants)
                    : [...tenants.keys()];
                const others = reached.filter((ns) => tenants.get(ns) !== member.tenant);
                if (others.length > 0) {
                    const found = first(binding.namespaces ? inNamespaceRule : namespacedRule);
                    if (found) {
                        const where = binding.namespaces
                            ? `tenant namespace ${others.join(", ")}`
                            : `every namespace, tenants ${others.join(", ")} included`;
                        problems.push(`can act in ${where} through ${showRuleOf(found.path)}`);
                        sources.push(found.source);
                    }
                }
                if (!binding.namespaces) {
                    const found = first(clusterWrite);
                    if (found) {
                        problems.push(
                            `can write cluster-scoped resources through ${showRuleOf(found.path)}`,
                        );
                        sources.push(found.source);
                    }
                }
                const crossing = problems.length > 0;
                for (const ns of (binding.namespaces ? reached : []).filter(
                    (n) => tenants.get(n) === member.tenant,
                )) {
                    const found = ownNamespaceProblem(first, ns);
                    if (found) {
                        problems.push(found.problem);
                        sources.push(found.source);
                    }
                }
                const scope = binding.namespaces
                    ? ` in namespace ${binding.namespaces.join(", ")}`
                    : "";
                // Once for a subject and a binding, which an identity may match twice (an IAM
                // principal and its group); a default binding is named by where it is.
                const id = `${key} ${sources[0]} ${binding.kind} "${binding.name}"${scope}`;
                if (problems.length > 0 && !reported.has(id)) {
                    reported.add(id);
                    report(
                        `${key}, a subject of tenant "${member.tenant}" (namespace ${member.namespace}), ${problems.join("; ")}, granted by ${binding.kind} "${binding.name}"${binding.source === "default" ? " (Kubernetes default)" : ""}${scope}: ${binding.source === "default" ? defaultFix : crossing ? crossFix : ownFix}.`,
                        sources[0],
                    );
                }
            }
        }
        graph.unknown.raise();
    },
    remediationSteps:
        "Give each tenant's groups, service accounts and IAM roles RoleBindings in the tenant's namespace only (TenantNamespace does), never ClusterRoleBindings or RoleBindings in another tenant's namespace, and no patch or update on namespaces or services/status even in its own.",
    url: "https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html",
};
