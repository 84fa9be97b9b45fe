// The stack the k8s-tenant-isolation tests start from: tenants as TenantNamespace builds them.
import { StackResource } from "./check";

export const rbac = "kubernetes:rbac.authorization.k8s.io/v1";
export const account = "123456789012";
export const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
export const urnOf = (type: string, name: string) => `urn:pulumi:test::test::${type}::${name}`;

/** A tenant as TenantNamespace builds it: labelled namespace, developer Role and RoleBinding, access entry, worker service account. */
export function tenant(name: string): StackResource[] {
    return [
        {
            type: "kubernetes:core/v1:Namespace",
            name,
            props: { metadata: { name, labels: { "hardened-eks.io/tenant": name } } },
        },
        {
            type: `${rbac}:Role`,
            name: `${name}-developer`,
            props: {
                metadata: { name: "developer", namespace: name },
                rules: [
                    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "create"] },
                ],
            },
        },
        {
            type: `${rbac}:RoleBinding`,
            name: `${name}-developers`,
            props: {
                metadata: { name: "developers", namespace: name },
                subjects: [{ kind: "Group", name: `${name}-developers` }],
                roleRef: { kind: "Role", name: "developer" },
            },
        },
        {
            type: "aws:eks/accessEntry:AccessEntry",
            name: `${name}-developers`,
            props: {
                principalArn: roleArn(`${name}-developers`),
                kubernetesGroups: [`${name}-developers`],
            },
        },
        {
            type: "kubernetes:core/v1:ServiceAccount",
            name: `${name}-worker`,
            props: { metadata: { name: "worker", namespace: name } },
        },
    ];
}

/** Two tenants, payments and search. */
export const base = [...tenant("payments"), ...tenant("search")];
/** The remediation of a crossing, as the message ends. */
export const fix = "bind each tenant's subjects only in its own namespace, with namespaced roles.";
/** The remediation of a limit overstepped in the tenant's own namespace, as the message ends. */
export const ownFix =
    "leave namespaces and Service status to the platform: grant tenants no patch or update on namespaces or services/status.";
