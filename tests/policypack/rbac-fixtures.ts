// Builders of Kubernetes RBAC resources as a stack holds them, for the RBAC policy tests.
import type { GraphResource } from "../../policypack/lib/rbac-graph";
import type { Rule } from "../../policypack/lib/rbac-rules";
import { StackResource } from "./check";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
export const crbType = `${rbac}:ClusterRoleBinding`;
export const rbType = `${rbac}:RoleBinding`;
export const clusterRoleType = `${rbac}:ClusterRole`;
export const roleType = `${rbac}:Role`;
export const urnOf = (type: string, name: string) => `urn:pulumi:test::test::${type}::${name}`;

/** An RBAC object of `kind` (`ClusterRole`, `RoleBinding`, ...) as the RBAC graph reads it. */
export const graphResource = (
    kind: string,
    name: string,
    props: Record<string, unknown>,
): GraphResource => ({ type: `${rbac}:${kind}`, name, urn: urnOf(`${rbac}:${kind}`, name), props });

export interface RuleSpec {
    apiGroups?: readonly string[];
    resources?: readonly string[];
    verbs: readonly string[];
    resourceNames?: readonly string[];
    nonResourceURLs?: readonly string[];
}

export const group = (name: string) => ({ kind: "Group", name });
export const user = (name: string) => ({ kind: "User", name });
export const serviceAccount = (namespace: string, name: string) => ({
    kind: "ServiceAccount",
    name,
    namespace,
});

export function clusterRole(
    name: string,
    rules: readonly RuleSpec[],
    labels?: Record<string, string>,
    aggregate?: Record<string, string>[],
): StackResource {
    return {
        type: clusterRoleType,
        name,
        props: {
            metadata: { name, labels },
            rules,
            ...(aggregate
                ? {
                      aggregationRule: {
                          clusterRoleSelectors: aggregate.map((m) => ({ matchLabels: m })),
                      },
                  }
                : {}),
        },
    };
}

export function role(namespace: string, name: string, rules: RuleSpec[]): StackResource {
    return {
        type: roleType,
        name: `${namespace}-${name}`,
        props: { metadata: { name, namespace }, rules },
    };
}

export function crb(name: string, roleName: string, subjects: unknown[]): StackResource {
    return {
        type: crbType,
        name,
        props: { metadata: { name }, subjects, roleRef: { kind: "ClusterRole", name: roleName } },
    };
}

export function rb(
    name: string,
    namespace: string,
    roleName: string,
    subjects: unknown[],
    kind = "ClusterRole",
): StackResource {
    return {
        type: rbType,
        name: `${namespace}-${name}`,
        props: { metadata: { name, namespace }, subjects, roleRef: { kind, name: roleName } },
    };
}

/** A ClusterRole and the ClusterRoleBinding of the same name to `subjects`. */
export const boundClusterRole = (name: string, rules: RuleSpec[], subjects: unknown[]) => [
    clusterRole(name, rules),
    crb(name, name, subjects),
];

/** ClusterRole "power" with `rules`, bound by ClusterRoleBinding "ops" to `subjects` (group ops). */
export const grantToOps = (rules: RuleSpec[], subjects: unknown[] = [group("ops")]) => [
    clusterRole("power", rules),
    crb("ops", "power", subjects),
];

/** A parsed rule: the lists given, every other list empty. */
export const rule = (r: Partial<Rule>): Rule => ({
    verbs: [],
    apiGroups: [],
    resources: [],
    resourceNames: [],
    nonResourceURLs: [],
    ...r,
});
