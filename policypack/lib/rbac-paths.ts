// Grant paths of the RBAC graph (rbac-graph.ts) and how messages show them: subject, binding,
// role, rule, and where an aggregated rule was written.
import { Subject, subjectKey } from "./rbac";
import { Rule, showRule } from "./rbac-rules";

/** A grant of a role to subjects, in one namespace or cluster-wide. */
export interface BindingNode {
    /** `RoleBinding`, `ClusterRoleBinding`, or `AccessPolicyAssociation` for EKS access policies. */
    kind: string;
    name: string;
    /**
     * The namespaces it grants in; absent for cluster-wide. An unknown namespace
     * (`isUnknownNamespace`) may be any; an access scope's `name*` is a prefix.
     */
    namespaces?: string[];
    roleRef: { kind: string; name: string };
    subjects: Subject[];
    /** The resource's URN, or `default` for Kubernetes' own bindings. */
    source: string;
    /** URNs of the Patches merged into it. */
    patches?: string[];
}

/** Who a request comes from: a user name and its groups. */
export interface Identity {
    /** How the CLI or a policy names it: `user:alice`, `serviceaccount:ns:name`, an IAM ARN. */
    label: string;
    user?: string;
    groups: string[];
    /** The IAM principal, when the identity is one. */
    iamArn?: string;
    /** Binding subject keys it answers to besides its user and groups (a subject unknown until deploy). */
    keys?: string[];
}

/** One way a request is granted: subject, binding, role, rule. */
export interface GrantPath {
    subject: Subject;
    binding: BindingNode;
    role: {
        kind: string;
        name: string;
        namespace?: string;
        source: string;
        /** URNs of the Patches merged into the role. */
        patches: string[];
        /** URNs of the writers other than its first that gave it aggregation selectors. */
        selectorWriters: string[];
    };
    ruleIndex: number;
    rule: Rule;
    /** Where the grant holds: a namespace (maybe unknown, maybe an access scope's `name*`); absent for cluster-wide. */
    namespace?: string;
    /** Why the path holds only possibly (a namespace unknown until deploy); absent when it holds. */
    possibly?: string[];
}

/** A binding subject's key (`subjectKey`), a RoleBinding's service accounts in its namespace. */
export const bindingSubjectKey = (s: Subject, binding: BindingNode) =>
    subjectKey(s, binding.namespaces?.[0]);

/**
 * The object names a set of paths allows (`rule.resourceNames`), or `every` when one of them
 * names none: for a power held only for named objects.
 */
export function namesOf(paths: readonly GrantPath[]): "every" | string[] {
    if (paths.some((p) => p.rule.resourceNames.length === 0)) {
        return "every";
    }
    return [...new Set(paths.flatMap((p) => p.rule.resourceNames))].sort();
}

/** `Group:payments-developers → RoleBinding "developers" in payments → ClusterRole "edit", aggregated from ...`. */
export function showPath(path: GrantPath): string {
    const ns = path.binding.namespaces
        ? ` in ${path.binding.namespaces.join(", ")}`
        : " (cluster-wide)";
    const from = path.binding.source === "default" ? " (Kubernetes default)" : "";
    const patched = path.binding.patches?.length
        ? ` (patched by ${path.binding.patches.join(", ")})`
        : "";
    const possibly = path.possibly ? ` (possibly: ${path.possibly.join("; ")})` : "";
    return `${bindingSubjectKey(path.subject, path.binding)} → ${path.binding.kind} "${path.binding.name}"${ns}${from}${patched} → ${showRuleOf(path)}${possibly}`;
}

/** `ClusterRole "edit", aggregated from ClusterRole "system:aggregate-to-edit" rules[0] {...}`. */
export function showRuleOf(path: GrantPath): string {
    const origin = path.rule.origin;
    const role = `${path.role.kind} "${path.role.name}"`;
    const writer = path.rule.writer ? ` (written by ${path.rule.writer})` : "";
    if (!origin) {
        return `${role} rules[${path.ruleIndex}] ${showRule(path.rule)}${writer}`;
    }
    const patched = origin.patches.length ? ` (patched by ${origin.patches.join(", ")})` : "";
    return `${role}, aggregated from ClusterRole "${origin.role}"${patched} rules[${origin.index}] ${showRule(path.rule)}${writer}`;
}

/**
 * The stack resource a path is owed to: its binding, or, through Kubernetes' own binding, the
 * Patch that wrote its subject or rule, the stack role its rule was aggregated from (or the
 * Patch into that role), the Patch that gave its role the selectors that aggregated the rule,
 * or the stack role the binding names; `undefined` when Kubernetes' defaults alone grant it.
 */
export function stackSource(path: GrantPath): string | undefined {
    if (path.binding.source !== "default") {
        return path.binding.source;
    }
    const ofStack = (urn?: string) => (urn === "default" ? undefined : urn);
    const origin = path.rule.origin;
    return (
        path.subject.writer ??
        path.rule.writer ??
        origin?.patches[0] ??
        ofStack(origin?.source) ??
        (origin ? path.role.selectorWriters[0] : ofStack(path.role.source))
    );
}
