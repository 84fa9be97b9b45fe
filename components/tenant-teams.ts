// The people of a tenant: IAM roles with an access level each, and the arguments that list
// them (a tenant's `teams` and `teamRoleArns`).
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { arnKey } from "./names";
import type { TenantSpecArgs } from "./tenant";
import { developerRules, viewerRules } from "./tenant-specs";

/** What a team's people may do in their tenant's namespace. */
export const TeamAccess = {
    /** Read workloads, their logs and events; no Secrets, no exec, no pod creation. */
    View: "view",
    /**
     * Deploy workloads in the namespace. A developer who can create pods can run them as any
     * service account of the namespace (and so with its IAM role) and mount any of its
     * Secrets: the namespace is the trust boundary, and this role is granted Secrets outright.
     */
    Develop: "develop",
} as const;
export type TeamAccess = (typeof TeamAccess)[keyof typeof TeamAccess];

/** An IAM role of the tenant's people and what it may do in the namespace. */
export interface TenantTeamArgs {
    /** ARN of the IAM role, as a string (its access entry is named after it). */
    roleArn: pulumi.Input<string>;
    /** `view` or `develop`. Defaults to `view`. */
    access?: TeamAccess;
}

/** One team role: its ARN as given, its access level, and the argument that lists it. */
export interface TeamMember {
    argument: string;
    roleArn: unknown;
    access: TeamAccess;
}

/**
 * Every team role of a tenant's arguments: `teams`, then `teamRoleArns` as `develop`, each
 * with the argument that lists it (`prefix` names the tenant within a cluster's arguments).
 */
export function teamMembers(args: TenantSpecArgs, prefix = ""): TeamMember[] {
    return [
        ...(args.teams ?? []).map((t, i) => ({
            argument: `${prefix}teams[${i}].roleArn`,
            roleArn: t?.roleArn,
            access: t?.access ?? TeamAccess.View,
        })),
        ...(args.teamRoleArns ?? []).map((roleArn, i) => ({
            argument: `${prefix}teamRoleArns[${i}]`,
            roleArn,
            access: TeamAccess.Develop,
        })),
    ];
}

/** The team role ARNs of a tenant's arguments, each with the argument that lists it. */
export function teamRoleArguments(args: TenantSpecArgs, prefix = ""): [string, unknown][] {
    return teamMembers(args, prefix).map((m) => [m.argument, m.roleArn]);
}

/** Where and for whom `createTeamAccess` creates a tenant's team access. */
export interface TeamAccessTarget {
    tenant: string;
    /** The namespace's name, as an output of the Namespace, so the RBAC objects wait for it. */
    namespace: pulumi.Input<string>;
    members: TeamMember[];
    allowIngress: boolean;
    clusterName: pulumi.Input<string>;
    /** Parent of the access entries. */
    parent: pulumi.Resource;
    /** Options of the Kubernetes objects (parent, provider, dependencies). */
    k8sOpts: pulumi.CustomResourceOptions;
}

/**
 * For each access level some team has, a Role and a RoleBinding to the level's group in the
 * tenant's namespace; for each team role, an EKS access entry in that group.
 */
export function createTeamAccess(name: string, target: TeamAccessTarget): void {
    const { tenant, members } = target;
    const metadata = (objectName: string) => ({ name: objectName, namespace: target.namespace });
    const roles = {
        [TeamAccess.View]: { role: "viewer", group: `${tenant}-viewers`, rules: viewerRules() },
        [TeamAccess.Develop]: {
            role: "developer",
            group: `${tenant}-developers`,
            rules: developerRules(target.allowIngress),
        },
    };
    for (const access of Object.values(TeamAccess)) {
        if (!members.some((m) => m.access === access)) {
            continue;
        }
        const { role, group, rules } = roles[access];
        const k8sRole = new k8s.rbac.v1.Role(
            `${name}-${role}`,
            { metadata: metadata(role), rules },
            target.k8sOpts,
        );
        new k8s.rbac.v1.RoleBinding(
            `${name}-${role}s`,
            {
                metadata: metadata(`${role}s`),
                subjects: [{ kind: "Group", name: group, apiGroup: "rbac.authorization.k8s.io" }],
                roleRef: {
                    kind: "Role",
                    name: k8sRole.metadata.name,
                    apiGroup: "rbac.authorization.k8s.io",
                },
            },
            target.k8sOpts,
        );
    }
    // Named after the role, so a change of access level updates the entry in place.
    for (const member of members) {
        // Validation made every team role ARN a string.
        const principalArn = member.roleArn as string;
        new aws.eks.AccessEntry(
            `${name}-team-${arnKey(principalArn)}`,
            {
                clusterName: target.clusterName,
                principalArn,
                kubernetesGroups: [roles[member.access].group],
                type: "STANDARD",
            },
            { parent: target.parent },
        );
    }
}
