// Kubernetes' default RBAC: every ClusterRole, ClusterRoleBinding, Role and RoleBinding the
// API server creates at start-up (its bootstrap policy, `system:` roles included), with the
// labels that aggregation selects on. The data, and where each part comes from, is in
// kubernetes-default-rbac-data.ts; this module gives it the shapes the evaluator reads.
import { onReset } from "./caches";
import {
    clusterRoleBindings,
    clusterRoles,
    controllerRoleBindings,
    controllerRoles,
    namespaceRoleBindings,
    namespaceRoles,
} from "./kubernetes-default-rbac-data";

/** A PolicyRule as the bootstrap policy writes it. */
export interface DefaultRule {
    apiGroups?: string[];
    resources?: string[];
    resourceNames?: string[];
    nonResourceURLs?: string[];
    verbs: string[];
}

/** A metav1.LabelSelector requirement: `In`, `NotIn`, `Exists` or `DoesNotExist`. */
export interface LabelSelectorRequirement {
    key: string;
    operator: string;
    values?: string[];
}

/**
 * An aggregation selector (a metav1.LabelSelector: both parts optional, `{}` selects every
 * ClusterRole). Every bootstrap selector has matchLabels; none has expressions yet.
 */
export interface ClusterRoleSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: LabelSelectorRequirement[];
}

export interface DefaultClusterRole {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    aggregationRule?: { clusterRoleSelectors: ClusterRoleSelector[] };
    /** Empty for an aggregated role: the aggregation controller fills it in. */
    rules: DefaultRule[];
}

/** A namespaced Role of the bootstrap policy (kube-system, kube-public). */
export interface DefaultRole extends DefaultClusterRole {
    namespace: string;
}

export interface DefaultSubject {
    kind: string;
    name: string;
    namespace?: string;
}

export interface DefaultClusterRoleBinding {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    /** The ClusterRole's name: a ClusterRoleBinding refers to nothing else. */
    roleRef: string;
    /** Empty for `system:node`, which the Node authorizer replaces. */
    subjects: DefaultSubject[];
}

export interface DefaultRoleBinding {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    roleRef: { kind: string; name: string };
    subjects: DefaultSubject[];
}

/** cluster-roles.yaml and controller-roles.yaml. */
export const defaultClusterRoles: DefaultClusterRole[] = [...clusterRoles, ...controllerRoles];

/** cluster-role-bindings.yaml and controller-role-bindings.yaml. */
export const defaultClusterRoleBindings: DefaultClusterRoleBinding[] = [
    ...clusterRoleBindings,
    ...controllerRoleBindings,
];

/** namespace-roles.yaml. */
export const defaultRoles: DefaultRole[] = namespaceRoles;

/** namespace-role-bindings.yaml. */
export const defaultRoleBindings: DefaultRoleBinding[] = namespaceRoleBindings;

/** A default object as the API server holds it: kind, name, namespace and its fields as props. */
export interface DefaultObject {
    kind: "ClusterRole" | "Role" | "ClusterRoleBinding" | "RoleBinding";
    name: string;
    namespace?: string;
    props: Record<string, unknown>;
}

let objects: readonly DefaultObject[] | undefined;
onReset(() => (objects = undefined));

/** Every default ClusterRole, Role, ClusterRoleBinding and RoleBinding, as objects (computed once). */
export function defaultObjects(): readonly DefaultObject[] {
    const meta = (
        o: { name: string; labels: object; annotations: object },
        namespace?: string,
    ) => ({
        name: o.name,
        ...(namespace ? { namespace } : {}),
        labels: o.labels,
        annotations: o.annotations,
    });
    objects ??= [
        ...defaultClusterRoles.map((r): DefaultObject => ({
            kind: "ClusterRole",
            name: r.name,
            props: { metadata: meta(r), rules: r.rules, aggregationRule: r.aggregationRule },
        })),
        ...defaultRoles.map((r): DefaultObject => ({
            kind: "Role",
            name: r.name,
            namespace: r.namespace,
            props: { metadata: meta(r, r.namespace), rules: r.rules },
        })),
        ...defaultClusterRoleBindings.map((b): DefaultObject => ({
            kind: "ClusterRoleBinding",
            name: b.name,
            props: {
                metadata: meta(b),
                roleRef: { kind: "ClusterRole", name: b.roleRef },
                subjects: b.subjects,
            },
        })),
        ...defaultRoleBindings.map((b): DefaultObject => ({
            kind: "RoleBinding",
            name: b.name,
            namespace: b.namespace,
            props: { metadata: meta(b, b.namespace), roleRef: b.roleRef, subjects: b.subjects },
        })),
    ];
    return objects;
}
