// The Kubernetes documents a TenantNamespace is made of, as pure functions of its arguments:
// namespace labels, quota, limit range, network policies and the RBAC rules of its teams.
import { tenantLabel } from "../policypack/lib/types";
import { podIdentityAgentCidrs, podIdentityAgentPort } from "./pod-identity-agent";
import type { PodSecurityLevel, TenantContainerDefaultsArgs, TenantQuotaArgs } from "./tenant";

/**
 * The service account every tenant gets for workloads that need no AWS identity: no IAM
 * role, no annotation, no API token unless the pod asks for one. Tenant pods may not run as
 * `default` (an admission policy refuses it) and developers may not create service
 * accounts, so without it a developer could run no pod at all.
 */
export const workloadServiceAccountName = "workload";

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
        "count/services": String(q.services ?? 20),
        "count/secrets": String(q.secrets ?? 100),
        "count/configmaps": String(q.configMaps ?? 100),
        persistentvolumeclaims: String(q.persistentVolumeClaims ?? 10),
        "requests.storage": q.requestsStorage ?? "100Gi",
    };
}

/** The quota keys that count objects, whose values must be whole numbers. */
export const quotaCountKeys = [
    "pods",
    "services.loadbalancers",
    "services.nodeports",
    "count/services",
    "count/secrets",
    "count/configmaps",
    "persistentvolumeclaims",
];

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
 * namespace, HTTPS to `egressCidrs` when there are any, and the EKS Pod Identity agent when
 * `podIdentity` (the tenant has a `pod-identity` service account).
 *
 * The agent rule selects every pod of the namespace, not only those of the Pod Identity
 * service accounts: a NetworkPolicy selects pods by label, which the tenant's developers set
 * themselves, so a per-account selector would add a label to remember without keeping any
 * pod out. What keeps a pod from another account's role is the agent itself: it answers only
 * for the projected token (audience `pods.eks.amazonaws.com`) that EKS mounts into pods of an
 * associated service account (EKS User Guide, pod-id-how-it-works).
 */
export function networkPolicySpecs(egressCidrs: string[] = [], podIdentity = false) {
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
        ...(podIdentity
            ? {
                  "allow-pod-identity-agent": {
                      podSelector: {},
                      policyTypes: ["Egress"],
                      egress: [
                          {
                              to: podIdentityAgentCidrs.map((cidr) => ({ ipBlock: { cidr } })),
                              ports: [{ ...podIdentityAgentPort }],
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
 *
 * Developers run pods as the tenant's service accounts (`workload`, and those with a role)
 * without any rule on `serviceaccounts`: Kubernetes has no "use" verb for them, and whoever
 * may create pods in a namespace may name any of its service accounts
 * (https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation).
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
