// TenantNamespace: everything one tenant gets on a shared cluster, isolated from every
// other tenant (EKS Best Practices: multi-tenancy, network security, pod security).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    AdmissionPolicySpecs,
    createAdmissionPolicy,
    noDefaultServiceAccountPolicy,
    noIngressPolicy,
} from "./admission";
import { IrsaPermissionArgs, IrsaRole, validateIrsaPermissions, WorkloadIdentity } from "./irsa";
import { parseCidr } from "../policypack/lib/cidr";
import { tenantLabel } from "../policypack/lib/types";
import {
    createTeamAccess,
    TeamAccess,
    TenantTeamArgs,
    teamMembers,
    teamRoleArguments,
} from "./tenant-teams";
import {
    containerLimits,
    namespaceLabels,
    networkPolicySpecs,
    quotaCountKeys,
    quotaHard,
    workloadServiceAccountName,
} from "./tenant-specs";
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
export * from "./tenant-specs";
export * from "./tenant-teams";

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
    /**
     * `count/services`: Services of any type; each one adds endpoints and rules that every
     * node's kube-proxy programs. Defaults to `20`.
     */
    services?: number;
    /**
     * `count/secrets`: objects in the cluster's etcd, which all tenants share (its size is
     * capped); Helm keeps each release revision as a Secret, 10 per release by default.
     * Defaults to `100`.
     */
    secrets?: number;
    /** `count/configmaps`: likewise (the namespace's `kube-root-ca.crt` counts). Defaults to `100`. */
    configMaps?: number;
    /** `persistentvolumeclaims`: each claim can create an EBS volume. Defaults to `10`. */
    persistentVolumeClaims?: number;
    /** `requests.storage`: the storage all claims may request together. Defaults to `"100Gi"`. */
    requestsStorage?: string;
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
    /**
     * Workload service accounts, each with its own IAM role (IRSA or EKS Pod Identity). Every
     * tenant also gets the service account `workload`, with no role, for pods that need no AWS
     * identity; that name and `default` are refused here. When one account has identity
     * `pod-identity`, the namespace's pods may reach the Pod Identity agent (169.254.170.23
     * and fd00:ec2::23, TCP 80). Defaults to none.
     */
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
     * CIDRs the tenant's pods may reach on TCP 443 despite default-deny egress: what their
     * AWS identity and calls need. IRSA needs the regional STS endpoint (the subnets of the
     * `com.amazonaws.<region>.sts` interface endpoint); S3 through a gateway endpoint needs
     * the CIDRs of the `com.amazonaws.<region>.s3` prefix list (`aws ec2
     * get-managed-prefix-list-entries`); other services, their interface endpoints' subnets.
     * Pod Identity's agent needs none of these (see `serviceAccounts`). `0.0.0.0/0`, `::/0`
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
    for (const key of quotaCountKeys) {
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
        if (saName === "default" || saName === workloadServiceAccountName || seen.has(saName)) {
            fail(
                `serviceAccounts[${i}].name`,
                saName,
                saName === "default"
                    ? "is the namespace's default service account"
                    : saName === workloadServiceAccountName
                      ? "is the service account every tenant gets, with no IAM role"
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
 * Roles bound to the tenant's IAM roles, a `workload` service account with no IAM role, and
 * service accounts with IRSA or Pod Identity roles.
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
        const podIdentity = (args.serviceAccounts ?? []).some(
            (sa) => sa.identity === WorkloadIdentity.PodIdentity,
        );
        for (const [policyName, spec] of Object.entries(
            networkPolicySpecs(args.egressCidrs, podIdentity),
        )) {
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
        // The account developers run pods as when they need no AWS identity (see
        // workloadServiceAccountName): no role, and no API token unless a pod asks for one.
        new k8s.core.v1.ServiceAccount(
            `${name}-workload-sa`,
            {
                metadata: metadata(workloadServiceAccountName),
                automountServiceAccountToken: false,
            },
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

        createTeamAccess(name, {
            tenant,
            namespace: ns.metadata.name,
            members: teamMembers(args),
            allowIngress: args.allowIngress ?? false,
            clusterName: args.clusterName,
            parent: this,
            k8sOpts: inNs,
        });

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
