// TenantNamespace: everything one tenant gets on a shared cluster, isolated from every
// other tenant (EKS Best Practices: multi-tenancy, network security, pod security).
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    AdmissionPolicySpecs,
    createAdmissionPolicy,
    noDefaultServiceAccountPolicy,
    noIngressPolicy,
} from "./admission";
import { IrsaPermissionArgs, IrsaRole, validateIrsaPermissions } from "./irsa";
import { parseCidr } from "../policypack/lib/cidr";
import { tenantLabel } from "../policypack/lib/types";
import { arnKey } from "./names";
import {
    checkArray,
    checkDns1123Label,
    checkDns1123Subdomain,
    checkOneAccessEntryEach,
    checkRoleArns,
    Fail,
    failer,
} from "./validation";

/** The label every tenant namespace carries, with the tenant's name as its value (k8s-tenant-isolation reads it). */
export { tenantLabel };

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

/** Pod Security Standards levels, https://kubernetes.io/docs/concepts/security/pod-security-standards/. */
export const PodSecurityLevel = {
    Privileged: "privileged",
    Baseline: "baseline",
    Restricted: "restricted",
} as const;
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

/** The tenant's ResourceQuota. */
export interface TenantQuotaArgs {
    /** `requests.cpu`. Defaults to `"4"`. */
    requestsCpu?: string;
    /** `requests.memory`. Defaults to `"8Gi"`. */
    requestsMemory?: string;
    /** `limits.cpu`. Defaults to `"8"`. */
    limitsCpu?: string;
    /** `limits.memory`. Defaults to `"16Gi"`. */
    limitsMemory?: string;
    /** `pods`. Defaults to `50`. */
    pods?: number;
    /** `services.loadbalancers`: internet-facing entry points need a platform decision. Defaults to `0`. */
    loadBalancers?: number;
    /** `services.nodeports`: node ports bypass network policy on the node. Defaults to `0`. */
    nodePorts?: number;
}

/** Default requests and limits the LimitRange gives containers that set none. */
export interface TenantContainerDefaultsArgs {
    /** Defaults to `"100m"`. */
    cpuRequest?: string;
    /** Defaults to `"128Mi"`. */
    memoryRequest?: string;
    /** Defaults to `"500m"`. */
    cpuLimit?: string;
    /** Defaults to `"512Mi"`. */
    memoryLimit?: string;
}

/** A workload service account of the tenant, with its own IAM role (IRSA or EKS Pod Identity). */
export interface TenantServiceAccountArgs extends IrsaPermissionArgs {
    /** ServiceAccount name (DNS-1123). */
    name: string;
}

/** What a tenant is, independent of the cluster it lives on (HardenedCluster's `tenants`). */
export interface TenantSpecArgs {
    /** Tenant and namespace name: a DNS-1123 label, not `default` nor `kube-*`. */
    name: string;
    /** Pod Security Standards level enforced, audited and warned. Defaults to `restricted`; `privileged` is refused. */
    podSecurityLevel?: PodSecurityLevel;
    /** ResourceQuota. Defaults as in `TenantQuotaArgs`. */
    quota?: TenantQuotaArgs;
    /** LimitRange container defaults. Defaults as in `TenantContainerDefaultsArgs`. */
    containerDefaults?: TenantContainerDefaultsArgs;
    /** Workload service accounts, each with an IRSA role. Defaults to none. */
    serviceAccounts?: TenantServiceAccountArgs[];
    /**
     * IAM roles of the tenant's people, each with its access level. Each gets an EKS access
     * entry in the Kubernetes group `<name>-viewers` or `<name>-developers`, bound to the
     * `viewer` or `developer` Role in this namespace only. Defaults to none.
     */
    teams?: TenantTeamArgs[];
    /**
     * IAM roles with `develop` access, as in `teams` (kept for programs written before
     * `teams`). A role may be listed once across `teams`, `teamRoleArns` and the cluster's
     * admins. Defaults to none.
     */
    teamRoleArns?: pulumi.Input<string>[];
    /**
     * Whether the tenant may have Ingresses: developers may write them, and the namespace's
     * admission policy admits them. An Ingress is an internet-facing load balancer that the
     * `services.loadbalancers` quota does not count. Defaults to `false`.
     */
    allowIngress?: boolean;
    /**
     * CIDRs the tenant's pods may reach on TCP 443 despite default-deny egress, e.g. the VPC
     * endpoints' subnets for STS, S3 and SQS, which IRSA workloads need. `0.0.0.0/0`, `::/0`
     * and prefixes shorter than /8 are refused. Defaults to none.
     */
    egressCidrs?: string[];
}

/** A tenant and the cluster it is created on. */
export interface TenantNamespaceArgs extends TenantSpecArgs {
    /** Name of the EKS cluster, for the team's access entries. */
    clusterName: pulumi.Input<string>;
    /** ARN of the cluster's IAM OIDC provider, for IRSA. */
    oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL, with or without `https://`, for IRSA. */
    oidcIssuerUrl: pulumi.Input<string>;
    /** Provider of the cluster the namespace is created in. */
    kubernetesProvider: k8s.Provider;
}

/** Quota values with defaults applied, as `ResourceQuota.spec.hard`. */
export function quotaHard(q: TenantQuotaArgs = {}): Record<string, string> {
    return {
        "requests.cpu": q.requestsCpu ?? "4",
        "requests.memory": q.requestsMemory ?? "8Gi",
        "limits.cpu": q.limitsCpu ?? "8",
        "limits.memory": q.limitsMemory ?? "16Gi",
        pods: String(q.pods ?? 50),
        "services.loadbalancers": String(q.loadBalancers ?? 0),
        "services.nodeports": String(q.nodePorts ?? 0),
    };
}

/** The LimitRange item for containers. */
export function containerLimits(d: TenantContainerDefaultsArgs = {}) {
    return {
        type: "Container",
        defaultRequest: { cpu: d.cpuRequest ?? "100m", memory: d.memoryRequest ?? "128Mi" },
        default: { cpu: d.cpuLimit ?? "500m", memory: d.memoryLimit ?? "512Mi" },
    };
}

/** Labels of the namespace: Pod Security Admission at `level` in all three modes. */
export function namespaceLabels(tenant: string, level: PodSecurityLevel): Record<string, string> {
    return {
        [tenantLabel]: tenant,
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/warn": level,
    };
}

/**
 * NetworkPolicy specs: deny all, then allow DNS to kube-system and traffic within the
 * namespace, and HTTPS to `egressCidrs` when there are any.
 */
export function networkPolicySpecs(egressCidrs: string[] = []) {
    const dnsPorts = [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
    ];
    return {
        "default-deny": { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        "allow-dns": {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [
                        {
                            namespaceSelector: {
                                matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
                            },
                            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                        },
                    ],
                    ports: dnsPorts,
                },
            ],
        },
        "allow-same-namespace": {
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [{ from: [{ podSelector: {} }] }],
            egress: [{ to: [{ podSelector: {} }] }],
        },
        ...(egressCidrs.length > 0
            ? {
                  "allow-https-egress": {
                      podSelector: {},
                      policyTypes: ["Egress"],
                      egress: [
                          {
                              to: egressCidrs.map((cidr) => ({ ipBlock: { cidr } })),
                              ports: [{ protocol: "TCP", port: 443 }],
                          },
                      ],
                  },
              }
            : {}),
    };
}

const read = ["get", "list", "watch"];
const write = ["get", "list", "watch", "create", "update", "patch", "delete"];

/** What both access levels may read: workloads, their logs and events, the tenant's guards. */
const readable = [
    {
        apiGroups: [""],
        resources: [
            "pods",
            "pods/log",
            "services",
            "endpoints",
            "configmaps",
            "persistentvolumeclaims",
            "events",
            "serviceaccounts",
            "resourcequotas",
            "limitranges",
        ],
        verbs: read,
    },
    {
        apiGroups: ["apps"],
        resources: ["deployments", "statefulsets", "daemonsets", "replicasets"],
        verbs: read,
    },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: read },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: read },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: read },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: read },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: read },
];

/** Rules of the `viewer` Role: read only; no Secrets, no exec, no pod creation. */
export function viewerRules() {
    return readable;
}

/**
 * Rules of the `developer` Role: explicit verbs on workload resources and Secrets, on top
 * of what viewers read. Read-only on what isolates the tenant (NetworkPolicies, quotas,
 * limit ranges, service accounts); no `*` anywhere; no exec, attach or port-forward;
 * Ingresses only when `allowIngress`.
 */
export function developerRules(allowIngress: boolean) {
    return [
        ...readable,
        {
            apiGroups: [""],
            resources: ["pods", "services", "configmaps", "persistentvolumeclaims", "secrets"],
            verbs: write,
        },
        { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: write },
        { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: write },
        { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: write },
        { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: write },
        ...(allowIngress
            ? [{ apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: write }]
            : []),
    ];
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

/** Checks every argument of a TenantNamespace; throws the first problem. */
export function validateTenantArgs(fail: Fail, args: TenantNamespaceArgs): void {
    validateTenantSpec(fail, args);
    for (const field of [
        "clusterName",
        "oidcProviderArn",
        "oidcIssuerUrl",
        "kubernetesProvider",
    ] as const) {
        if (args[field] === undefined || args[field] === "") {
            fail(
                field,
                args[field],
                "is required",
                `pass the cluster's ${field} (HardenedCluster outputs it)`,
            );
        }
    }
}

/** Checks a tenant's own arguments; throws the first problem. */
export function validateTenantSpec(fail: Fail, args: TenantSpecArgs): void {
    const name = checkDns1123Label(fail, "name", args.name);
    if (name === "default" || name.startsWith("kube-")) {
        fail(
            "name",
            name,
            "is reserved by Kubernetes",
            "choose a tenant name that is not default nor kube-*",
        );
    }
    const level = args.podSecurityLevel ?? PodSecurityLevel.Restricted;
    if (!Object.values(PodSecurityLevel).includes(level)) {
        fail(
            "podSecurityLevel",
            level,
            "is not a Pod Security Standards level",
            'use "restricted" or "baseline"',
        );
    }
    if (level === PodSecurityLevel.Privileged) {
        fail(
            "podSecurityLevel",
            level,
            "lets tenant pods escape to the node",
            'use "restricted" (the default) or "baseline"',
        );
    }
    const hard = quotaHard(args.quota);
    for (const key of ["pods", "services.loadbalancers", "services.nodeports"]) {
        if (!/^\d+$/.test(hard[key])) {
            fail(
                `quota (${key})`,
                hard[key],
                "is not a whole number",
                "pass a non-negative integer",
            );
        }
    }
    const seen = new Set<string>();
    checkArray(fail, "serviceAccounts", args.serviceAccounts).forEach((raw, i) => {
        const sa = raw as TenantServiceAccountArgs;
        const saName = checkDns1123Subdomain(fail, `serviceAccounts[${i}].name`, sa?.name);
        if (saName === "default" || seen.has(saName)) {
            fail(
                `serviceAccounts[${i}].name`,
                saName,
                saName === "default"
                    ? "is the namespace's default service account"
                    : "is listed twice",
                "give each workload its own service account name",
            );
        }
        seen.add(saName);
        validateIrsaPermissions(
            (argument, value, problem, fix) =>
                fail(`serviceAccounts[${i}].${argument}`, value, problem, fix),
            sa,
        );
    });
    checkArray(fail, "egressCidrs", args.egressCidrs).forEach((cidr, i) => {
        const parsed = typeof cidr === "string" ? parseCidr(cidr) : undefined;
        if (!parsed) {
            fail(`egressCidrs[${i}]`, cidr, "is not a CIDR", "use the form 10.0.64.0/20");
        }
        if (parsed.prefixLength < 8) {
            fail(
                `egressCidrs[${i}]`,
                cidr,
                "opens HTTPS egress to the internet (a prefix shorter than /8)",
                "list the CIDRs of the VPC endpoints or services the pods call, e.g. 10.0.64.0/20",
            );
        }
    });
    if ("allowSecretsAccess" in args) {
        fail(
            "allowSecretsAccess",
            (args as Record<string, unknown>).allowSecretsAccess,
            "was replaced by access levels",
            'list the role in teams with access: "develop", which includes the namespace\'s Secrets, or "view", which excludes them',
        );
    }
    const teams = checkArray(fail, "teams", args.teams) as TenantTeamArgs[];
    teams.forEach((t, i) => {
        if (typeof t !== "object" || t === null) {
            fail(`teams[${i}]`, t, "is not a team", 'pass { roleArn, access: "view" }');
        }
        const levels = Object.values(TeamAccess) as unknown[];
        if (t.access !== undefined && !levels.includes(t.access)) {
            fail(
                `teams[${i}].access`,
                t.access,
                "is not an access level",
                'use "view" (the default) or "develop"',
            );
        }
    });
    checkArray(fail, "teamRoleArns", args.teamRoleArns);
    const arns = teamRoleArguments(args);
    checkRoleArns(fail, arns);
    checkOneAccessEntryEach(fail, arns);
}

/**
 * A tenant's namespace with Pod Security Admission, quota, default-deny network policy,
 * a developer Role bound to the tenant's IAM roles, and IRSA service accounts.
 */
export class TenantNamespace extends pulumi.ComponentResource {
    /** Name of the namespace (the tenant name). */
    public readonly namespaceName: pulumi.Output<string>;
    /** Each workload service account's name mapped to its IAM role ARN. */
    public readonly serviceAccountRoleArns: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: TenantNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        validateTenantArgs(failer("TenantNamespace", name), args);
        super("hardened-eks:index:TenantNamespace", name, {}, opts);

        const tenant = args.name;
        const level = args.podSecurityLevel ?? PodSecurityLevel.Restricted;
        const k8sOpts = { parent: this, provider: args.kubernetesProvider };

        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: tenant, labels: namespaceLabels(tenant, level) } },
            k8sOpts,
        );
        const inNs = { ...k8sOpts, dependsOn: [ns] };
        const metadata = (objectName: string) => ({
            name: objectName,
            namespace: ns.metadata.name,
        });

        new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            { metadata: metadata("tenant-quota"), spec: { hard: quotaHard(args.quota) } },
            inNs,
        );
        new k8s.core.v1.LimitRange(
            `${name}-limits`,
            {
                metadata: metadata("tenant-limits"),
                spec: { limits: [containerLimits(args.containerDefaults)] },
            },
            inNs,
        );
        for (const [policyName, spec] of Object.entries(networkPolicySpecs(args.egressCidrs))) {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${policyName}`,
                { metadata: metadata(policyName), spec },
                inNs,
            );
        }
        // The namespace controller creates `default`; patch it so pods that name no
        // service account get no API token.
        new k8s.core.v1.ServiceAccountPatch(
            `${name}-default-sa`,
            { metadata: metadata("default"), automountServiceAccountToken: false },
            inNs,
        );

        const roleArns: Record<string, pulumi.Output<string>> = {};
        for (const sa of args.serviceAccounts ?? []) {
            const irsa = new IrsaRole(
                `${name}-${sa.name}`,
                {
                    oidcProviderArn: args.oidcProviderArn,
                    oidcIssuerUrl: args.oidcIssuerUrl,
                    namespace: tenant,
                    serviceAccountName: sa.name,
                    identity: sa.identity,
                    clusterName: args.clusterName,
                    policyStatements: sa.policyStatements,
                    managedPolicyArns: sa.managedPolicyArns,
                    s3Access: sa.s3Access,
                    kubernetesProvider: args.kubernetesProvider,
                },
                { parent: this, dependsOn: [ns] },
            );
            roleArns[sa.name] = irsa.roleArn;
        }

        const members = teamMembers(args);
        const roles = {
            [TeamAccess.View]: { role: "viewer", group: `${tenant}-viewers`, rules: viewerRules() },
            [TeamAccess.Develop]: {
                role: "developer",
                group: `${tenant}-developers`,
                rules: developerRules(args.allowIngress ?? false),
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
                inNs,
            );
            new k8s.rbac.v1.RoleBinding(
                `${name}-${role}s`,
                {
                    metadata: metadata(`${role}s`),
                    subjects: [
                        { kind: "Group", name: group, apiGroup: "rbac.authorization.k8s.io" },
                    ],
                    roleRef: {
                        kind: "Role",
                        name: k8sRole.metadata.name,
                        apiGroup: "rbac.authorization.k8s.io",
                    },
                },
                inNs,
            );
        }
        // Named after the role, so a change of access level updates the entry in place.
        for (const member of members) {
            // Validation made every team role ARN a string.
            const principalArn = member.roleArn as string;
            new aws.eks.AccessEntry(
                `${name}-team-${arnKey(principalArn)}`,
                {
                    clusterName: args.clusterName,
                    principalArn,
                    kubernetesGroups: [roles[member.access].group],
                    type: "STANDARD",
                },
                { parent: this },
            );
        }

        const admission: [string, AdmissionPolicySpecs][] = [
            ["no-default-sa", noDefaultServiceAccountPolicy(tenant)],
            ...(args.allowIngress
                ? []
                : [["no-ingress", noIngressPolicy(tenant)] as [string, AdmissionPolicySpecs]]),
        ];
        for (const [policyName, specs] of admission) {
            createAdmissionPolicy(
                `${name}-${policyName}`,
                `hardened-eks-${tenant}-${policyName}`,
                specs,
                k8sOpts,
            );
        }

        this.namespaceName = ns.metadata.name;
        this.serviceAccountRoleArns = pulumi.output(roleArns);
        this.registerOutputs({
            namespaceName: this.namespaceName,
            serviceAccountRoleArns: this.serviceAccountRoleArns,
        });
    }
}
