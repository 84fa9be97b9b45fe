// Every EKS access policy, as data: the Kubernetes permissions each grants the IAM principal
// it is associated with.
//
// Sources:
// - The names: the access policies `aws eks list-access-policies` returns (34 with
//   AmazonEKSClusterInsightsPolicy, which the page below documents), as the EKS User Guide
//   lists them in part ("List all policies") and as published in full in a `list-access-policies`
//   output of 2026.
// - The permissions: Amazon EKS User Guide, "Review access policy permissions"
//   (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html), source
//   awsdocs/amazon-eks-user-guide latest/ug/manage-access/k8s-access/access-policy-reference.adoc
//   at commit 145543a96a20b66b1e946cd818943e5aa7713f6c (its newest change: AmazonEKSSecretReaderPolicy,
//   November 6, 2025). Each table row there is one rule; the rules below keep the tables' order.
// - Capability policies (ACK, kro, Argo CD): User Guide "Security considerations for EKS
//   Capabilities" (capabilities-security), which describes them in prose only.
//
// A policy the page gives no rule table for is recorded with what the guide says of it and no
// rules: the pack cannot judge what it grants, and says so (as for an ARN not listed here).
import type { DefaultRule } from "./kubernetes-default-rbac";

export interface EksAccessPolicy {
    name: string;
    /** The access scope the guide says the policy is typically associated with, when it says. */
    typicalScope?: "cluster" | "namespace";
    /** The ClusterRole whose rules the guide's table equals. */
    clusterRole?: string;
    /** The guide's table, one rule per row. */
    rules?: DefaultRule[];
    /** When the guide gives no table: what it says instead, and so why the pack cannot judge. */
    undocumented?: string;
    /** The guide: "designated for AWS service-linked roles only". */
    serviceLinkedOnly?: boolean;
}

const read = ["get", "list", "watch"];
const write = ["create", "delete", "deletecollection", "patch", "update"];
const rule = (apiGroup: string, resources: string[], verbs: string[]): DefaultRule => ({
    apiGroups: [apiGroup],
    resources,
    verbs,
});

// The rows the Admin, Edit and View tables share, named once.
const appsWrite = rule(
    "apps",
    [
        "daemonsets",
        "deployments",
        "deployments/rollback",
        "deployments/scale",
        "replicasets",
        "replicasets/scale",
        "statefulsets",
        "statefulsets/scale",
    ],
    write,
);
const appsRead = rule(
    "apps",
    [
        "controllerrevisions",
        "daemonsets",
        "daemonsets/status",
        "deployments",
        "deployments/scale",
        "deployments/status",
        "replicasets",
        "replicasets/scale",
        "replicasets/status",
        "statefulsets",
        "statefulsets/scale",
        "statefulsets/status",
    ],
    read,
);
const localSubjectAccessReviews = rule(
    "authorization.k8s.io",
    ["localsubjectaccessreviews"],
    ["create"],
);
const hpaWrite = rule("autoscaling", ["horizontalpodautoscalers"], write);
const hpaRead = rule(
    "autoscaling",
    ["horizontalpodautoscalers", "horizontalpodautoscalers/status"],
    read,
);
const batchWrite = rule("batch", ["cronjobs", "jobs"], write);
const batchRead = rule("batch", ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], read);
const endpointSlicesRead = rule("discovery.k8s.io", ["endpointslices"], read);
const extensionsWrite = rule(
    "extensions",
    [
        "daemonsets",
        "deployments",
        "deployments/rollback",
        "deployments/scale",
        "ingresses",
        "networkpolicies",
        "replicasets",
        "replicasets/scale",
        "replicationcontrollers/scale",
    ],
    write,
);
const extensionsRead = rule(
    "extensions",
    [
        "daemonsets",
        "daemonsets/status",
        "deployments",
        "deployments/scale",
        "deployments/status",
        "ingresses",
        "ingresses/status",
        "networkpolicies",
        "replicasets",
        "replicasets/scale",
        "replicasets/status",
        "replicationcontrollers/scale",
    ],
    read,
);
const networkingRead = rule(
    "networking.k8s.io",
    ["ingresses", "ingresses/status", "networkpolicies"],
    read,
);
const networkingWrite = rule("networking.k8s.io", ["ingresses", "networkpolicies"], write);
const pdbWrite = rule("policy", ["poddisruptionbudgets"], write);
const pdbRead = rule("policy", ["poddisruptionbudgets", "poddisruptionbudgets/status"], read);
const rolesReadWrite = rule(
    "rbac.authorization.k8s.io",
    ["rolebindings", "roles"],
    ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
);
const coreRead = rule(
    "",
    [
        "configmaps",
        "endpoints",
        "persistentvolumeclaims",
        "persistentvolumeclaims/status",
        "pods",
        "replicationcontrollers",
        "replicationcontrollers/scale",
        "serviceaccounts",
        "services",
        "services/status",
    ],
    read,
);
const coreEscalatingRead = rule(
    "",
    ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"],
    read,
);
const coreWrite = rule(
    "",
    [
        "configmaps",
        "events",
        "persistentvolumeclaims",
        "replicationcontrollers",
        "replicationcontrollers/scale",
        "secrets",
        "serviceaccounts",
        "services",
        "services/proxy",
    ],
    write,
);
const podsWrite = rule(
    "",
    ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"],
    write,
);
const serviceAccountsImpersonate = rule("", ["serviceaccounts"], ["impersonate"]);
const coreStatusRead = rule(
    "",
    [
        "bindings",
        "events",
        "limitranges",
        "namespaces/status",
        "pods/log",
        "pods/status",
        "replicationcontrollers/status",
        "resourcequotas",
        "resourcequotas/status",
    ],
    read,
);
const namespacesRead = rule("", ["namespaces"], read);

const autoMode =
    "Amazon EKS creates its access entry for the cluster IAM role when Auto Mode is enabled";
const prose = (what: string) =>
    `the EKS User Guide describes its permissions only in prose (${what}), with no rules`;
const unpublished =
    "the EKS User Guide publishes no permissions for it (it is listed by `aws eks list-access-policies` only)";

const policies: EksAccessPolicy[] = [
    {
        name: "AmazonEKSAdminPolicy",
        typicalScope: "namespace",
        rules: [
            appsWrite,
            appsRead,
            localSubjectAccessReviews,
            hpaWrite,
            hpaRead,
            batchWrite,
            batchRead,
            endpointSlicesRead,
            extensionsWrite,
            extensionsRead,
            networkingRead,
            networkingWrite,
            pdbWrite,
            pdbRead,
            rolesReadWrite,
            coreRead,
            coreEscalatingRead,
            coreWrite,
            podsWrite,
            serviceAccountsImpersonate,
            coreStatusRead,
            namespacesRead,
        ],
    },
    // Its table is cluster-admin's two rules exactly (tested against the default ClusterRole).
    { name: "AmazonEKSClusterAdminPolicy", typicalScope: "cluster", clusterRole: "cluster-admin" },
    { name: "AmazonEKSAdminViewPolicy", rules: [rule("*", ["*"], read)] },
    {
        name: "AmazonEKSEditPolicy",
        rules: [
            appsWrite,
            appsRead,
            hpaRead,
            hpaWrite,
            batchWrite,
            batchRead,
            endpointSlicesRead,
            extensionsWrite,
            extensionsRead,
            networkingWrite,
            networkingRead,
            pdbWrite,
            pdbRead,
            namespacesRead,
            coreEscalatingRead,
            serviceAccountsImpersonate,
            podsWrite,
            coreWrite,
            coreRead,
            coreStatusRead,
        ],
    },
    {
        name: "AmazonEKSViewPolicy",
        rules: [
            appsRead,
            hpaRead,
            batchRead,
            endpointSlicesRead,
            extensionsRead,
            networkingRead,
            pdbRead,
            coreRead,
            coreStatusRead,
            namespacesRead,
        ],
    },
    { name: "AmazonEKSSecretReaderPolicy", rules: [rule("", ["secrets"], read)] },
    {
        name: "AmazonEKSHybridPolicy",
        typicalScope: "cluster",
        serviceLinkedOnly: true,
        rules: [rule("*", ["nodes"], ["list"])],
    },
    {
        name: "AmazonEKSAutoNodePolicy",
        undocumented: prose(
            "kube-proxy, ipamd, coredns, ebs-csi-driver, neuron and node-monitoring-agent, each through its own service account",
        ),
    },
    {
        name: "AmazonEKSBlockStoragePolicy",
        serviceLinkedOnly: true,
        undocumented: prose(`leases for leader election; ${autoMode}`),
    },
    {
        name: "AmazonEKSLoadBalancingPolicy",
        undocumented: prose(`leases for leader election; ${autoMode}`),
    },
    {
        name: "AmazonEKSNetworkingPolicy",
        undocumented: prose(`leases for leader election; ${autoMode}`),
    },
    {
        name: "AmazonEKSComputePolicy",
        serviceLinkedOnly: true,
        undocumented: prose(`leases for leader election, get and watch on all leases; ${autoMode}`),
    },
    {
        name: "AmazonEKSBlockStorageClusterPolicy",
        serviceLinkedOnly: true,
        undocumented: prose(
            `CSI drivers, persistent volumes and claims, volume attachments, snapshots; ${autoMode}`,
        ),
    },
    {
        name: "AmazonEKSComputeClusterPolicy",
        serviceLinkedOnly: true,
        undocumented: prose(
            `NodePools, NodeClaims, NodeClasses, node update and delete, pod eviction and delete, CRD creation; ${autoMode}`,
        ),
    },
    {
        name: "AmazonEKSLoadBalancingClusterPolicy",
        undocumented: prose(
            `services, ingresses, target group bindings, CRD creation, creating mutating and validating webhook configurations; ${autoMode}`,
        ),
    },
    {
        name: "AmazonEKSNetworkingClusterPolicy",
        undocumented: prose(`CNINodes, CRD creation, events; ${autoMode}`),
    },
    {
        name: "AmazonEKSClusterInsightsPolicy",
        serviceLinkedOnly: true,
        undocumented: prose("read nodes, node status and the kube-proxy DaemonSet"),
    },
    {
        name: "AmazonEKSACKPolicy",
        typicalScope: "cluster",
        undocumented: prose("create, read, update and delete ACK custom resources"),
    },
    {
        name: "AmazonEKSKROPolicy",
        typicalScope: "cluster",
        undocumented: prose(
            "watch and manage ResourceGraphDefinitions and create instances of the custom resources they define",
        ),
    },
    {
        name: "AmazonEKSArgoCDClusterPolicy",
        typicalScope: "cluster",
        undocumented: prose("discover resources and manage cluster-scoped objects"),
    },
    {
        name: "AmazonEKSArgoCDPolicy",
        typicalScope: "namespace",
        undocumented: prose("deploy and manage applications, every Secret in its namespace"),
    },
    ...[
        "AIDevOpsAgentAccessPolicy",
        "AmazonAIOpsAssistantPolicy",
        "AmazonARCRegionSwitchScalingPolicy",
        "AmazonEKSEventPolicy",
        "AmazonEKSPodIdentityPolicy",
        "AmazonEKSSecretAdminPolicy",
        "AmazonEMRJobPolicy",
        "AmazonSagemakerHyperpodClusterPolicy",
        "AmazonSagemakerHyperpodControllerPolicy",
        "AmazonSagemakerHyperpodSpacePolicy",
        "AmazonSagemakerHyperpodSpaceTemplatePolicy",
        "AmazonSagemakerHyperpodSystemNamespacePolicy",
        "AmazonSagemakerHyperpodUserClusterPolicy",
    ].map((name) => ({ name, undocumented: unpublished })),
];

/** Every access policy, by name. */
export const eksAccessPolicies: ReadonlyMap<string, EksAccessPolicy> = new Map(
    policies.map((p) => [p.name, p]),
);

/**
 * The policy name of an access policy ARN, `arn:<partition>:eks::aws:cluster-access-policy/<name>`
 * (the form the page gives each ARN in); `undefined` for anything else.
 */
export function accessPolicyName(arn: string): string | undefined {
    return /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/([A-Za-z0-9]+)$/.exec(arn)?.[1];
}

/**
 * Whether an access scope's namespace entry reaches a namespace. The User Guide ("Associate
 * access policies with access entries", grant-k8s-access.adoc:401 at awsdocs commit 4d52b4d):
 * "You can use wildcard characters for a namespace name. For example, if you want to scope an
 * access policy to all namespaces that start with `dev-`, you can specify `dev-*`". A `*`
 * stands for any run of characters, the empty one included; nothing else is special.
 */
export function accessScopeCovers(entry: string, namespace: string): boolean {
    if (!entry.includes("*")) {
        return entry === namespace;
    }
    // The text between the *s in order, each at its first place after the one before (a later
    // place never leaves more room): linear, where `.*` per `*` backtracked exponentially.
    const parts = entry.split("*");
    const first = parts[0];
    const last = parts[parts.length - 1];
    if (namespace.length < first.length + last.length || !namespace.startsWith(first)) {
        return false;
    }
    let at = first.length;
    for (const part of parts.slice(1, -1)) {
        const found = namespace.indexOf(part, at);
        if (found < 0) {
            return false;
        }
        at = found + part.length;
    }
    return namespace.length - last.length >= at && namespace.endsWith(last);
}
