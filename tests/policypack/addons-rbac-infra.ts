// The RBAC of widely used networking, node, storage and operator add-ons, written by hand after
// their published manifests (each cites repository, path and commit; templating resolved to the
// chart's defaults, unrelated rules left out). See addons-rbac.ts.
import type { Addon } from "./addons-rbac";
import { clusterRole, rb, role, serviceAccount, boundClusterRole } from "./rbac-fixtures";

const core = "";
const read = ["get", "list", "watch"];
const sa = serviceAccount;
const bound = boundClusterRole;

export const infraAddons: Addon[] = [
    {
        name: "ingress-nginx",
        sources: [
            "kubernetes/ingress-nginx charts/ingress-nginx/templates/clusterrole.yaml@c0d2989e3701032e893f0eac5af56b39d853d0af",
        ],
        resources: bound(
            "ingress-nginx",
            [
                {
                    apiGroups: [core],
                    resources: ["configmaps", "endpoints", "nodes", "pods", "secrets"],
                    verbs: ["list", "watch"],
                },
                {
                    apiGroups: [core],
                    resources: ["services"],
                    verbs: ["get", "list", "update", "watch"],
                },
                {
                    apiGroups: ["networking.k8s.io"],
                    resources: ["ingresses/status"],
                    verbs: ["update"],
                },
            ],
            [sa("ingress-nginx", "ingress-nginx")],
        ),
        // List and watch return every Secret's contents.
        powers: { "ingress-nginx": ["secrets"] },
    },
    {
        name: "Calico",
        sources: [
            "projectcalico/calico charts/calico/templates/calico-node-rbac.yaml@02d4e3c03ccb9feb6a4aeebdce844f25ae20ec23",
        ],
        resources: bound(
            "calico-node",
            [
                {
                    apiGroups: [core],
                    resources: ["serviceaccounts/token"],
                    verbs: ["create"],
                    resourceNames: ["calico-node"],
                },
                { apiGroups: [core], resources: ["pods", "nodes", "namespaces"], verbs: ["get"] },
                { apiGroups: [core], resources: ["nodes/status"], verbs: ["patch", "update"] },
                { apiGroups: [core], resources: ["pods/status"], verbs: ["patch"] },
            ],
            [sa("kube-system", "calico-node")],
        ),
        powers: {},
    },
    {
        name: "AWS Load Balancer Controller",
        sources: [
            "kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/templates/rbac.yaml@7ddd3d9be26ce4f3b5e4804e2321db3870964ebb",
        ],
        resources: [
            ...bound(
                "aws-load-balancer-controller-role",
                [
                    { apiGroups: [core], resources: ["pods"], verbs: read },
                    {
                        apiGroups: [core, "networking.k8s.io"],
                        resources: ["services", "ingresses"],
                        verbs: ["get", "list", "patch", "update", "watch"],
                    },
                    {
                        apiGroups: [core],
                        resources: ["nodes", "secrets", "namespaces", "endpoints"],
                        verbs: read,
                    },
                    {
                        apiGroups: ["elbv2.k8s.aws", core, "networking.k8s.io"],
                        resources: [
                            "targetgroupbindings/status",
                            "pods/status",
                            "services/status",
                            "ingresses/status",
                        ],
                        verbs: ["update", "patch"],
                    },
                ],
                [sa("kube-system", "aws-load-balancer-controller")],
            ),
            role("kube-system", "aws-load-balancer-controller-leader-election-role", [
                { apiGroups: [core], resources: ["configmaps"], verbs: ["create"] },
                {
                    apiGroups: [core],
                    resources: ["configmaps"],
                    verbs: ["get", "patch", "update"],
                    resourceNames: ["aws-load-balancer-controller-leader"],
                },
            ]),
            rb(
                "aws-load-balancer-controller-leader-election-rolebinding",
                "kube-system",
                "aws-load-balancer-controller-leader-election-role",
                [sa("kube-system", "aws-load-balancer-controller")],
                "Role",
            ),
        ],
        // Status subresources (pods, services) are traffic, not cluster-admin.
        powers: { "aws-load-balancer-controller-role": ["secrets"] },
    },
    {
        name: "Karpenter",
        sources: [
            "aws/karpenter-provider-aws charts/karpenter/templates/clusterrole-core.yaml@4cecea29d04b34c9b7a8a2ec5261b71d8be4af4f",
            "aws/karpenter-provider-aws charts/karpenter/templates/role.yaml@6c080f32e01fe32676671859b7ecfa2c0d5e3bf8",
        ],
        resources: [
            ...bound(
                "karpenter-core",
                [
                    {
                        apiGroups: [core],
                        resources: [
                            "pods",
                            "nodes",
                            "persistentvolumes",
                            "persistentvolumeclaims",
                            "namespaces",
                        ],
                        verbs: read,
                    },
                    {
                        apiGroups: [core],
                        resources: ["nodes"],
                        verbs: ["create", "patch", "delete"],
                    },
                    { apiGroups: [core], resources: ["pods/eviction"], verbs: ["create"] },
                    {
                        apiGroups: ["admissionregistration.k8s.io"],
                        resources: ["validatingwebhookconfigurations"],
                        verbs: ["update"],
                        resourceNames: [
                            "validation.webhook.karpenter.sh",
                            "validation.webhook.config.karpenter.sh",
                        ],
                    },
                ],
                [sa("kube-system", "karpenter")],
            ),
            // Installed in kube-system, as its getting-started guide does.
            role("kube-system", "karpenter", [
                {
                    apiGroups: ["coordination.k8s.io"],
                    resources: ["leases"],
                    verbs: ["get", "watch"],
                },
                { apiGroups: [core], resources: ["configmaps", "secrets"], verbs: read },
                {
                    apiGroups: [core],
                    resources: ["secrets"],
                    verbs: ["update"],
                    resourceNames: ["karpenter-cert"],
                },
            ]),
            rb("karpenter", "kube-system", "karpenter", [sa("kube-system", "karpenter")], "Role"),
        ],
        powers: {
            // Only its own webhooks, named: rewriting one is still every admitted object.
            "karpenter-core": ["admission"],
            "kube-system-karpenter": ["secrets"],
        },
    },
    {
        name: "Istio",
        sources: [
            "istio/istio manifests/charts/istio-control/istio-discovery/templates/clusterrole.yaml@e6378040ae948ba811a9d635c00d1b5395078b0c",
        ],
        resources: [
            ...bound(
                "istiod-clusterrole-istio-system",
                [
                    {
                        apiGroups: ["admissionregistration.k8s.io"],
                        resources: ["mutatingwebhookconfigurations"],
                        verbs: [...read, "update", "patch"],
                    },
                    {
                        apiGroups: [core],
                        resources: ["services/status"],
                        verbs: [...read, "update", "patch", "create", "delete"],
                    },
                    {
                        apiGroups: [core],
                        resources: ["configmaps"],
                        verbs: ["create", "get", "list", "watch", "update"],
                    },
                    // With certSigners set to the v1beta1-era signer.
                    {
                        apiGroups: ["certificates.k8s.io"],
                        resources: [
                            "certificatesigningrequests",
                            "certificatesigningrequests/approval",
                            "certificatesigningrequests/status",
                        ],
                        verbs: ["update", "create", "get", "delete", "watch"],
                    },
                    {
                        apiGroups: ["certificates.k8s.io"],
                        resources: ["signers"],
                        verbs: ["approve"],
                        resourceNames: ["kubernetes.io/legacy-unknown"],
                    },
                    { apiGroups: [core], resources: ["secrets"], verbs: read },
                ],
                [sa("istio-system", "istiod")],
            ),
            ...bound(
                "istiod-gateway-controller-istio-system",
                [
                    {
                        apiGroups: ["apps"],
                        resources: ["deployments"],
                        verbs: [...read, "update", "patch", "create", "delete"],
                    },
                ],
                [sa("istio-system", "istiod")],
            ),
        ],
        powers: {
            // CSRs only for kubernetes.io/legacy-unknown, which the API server does not trust.
            "istiod-clusterrole-istio-system": ["admission", "secrets", "aws-auth"],
            "istiod-gateway-controller-istio-system": ["workloads"],
        },
    },
    {
        name: "Strimzi (a namespace-scoped operator that writes RoleBindings)",
        sources: [
            "strimzi/strimzi-kafka-operator install/cluster-operator/020-ClusterRole-strimzi-cluster-operator-role.yaml@6aeaee8cfb89cc1385618dbf8d6c502cfd9c9b5b",
        ],
        resources: [
            clusterRole("strimzi-cluster-operator-namespaced", [
                {
                    apiGroups: [core],
                    resources: ["serviceaccounts"],
                    verbs: ["get", "create", "delete", "patch", "update"],
                },
                {
                    apiGroups: ["rbac.authorization.k8s.io"],
                    resources: ["rolebindings"],
                    verbs: ["get", "create", "delete", "patch", "update"],
                },
                { apiGroups: [core], resources: ["pods"], verbs: [...read, "delete"] },
                {
                    apiGroups: ["apps"],
                    resources: ["deployments", "statefulsets", "replicasets"],
                    verbs: [...read, "create", "delete", "patch", "update"],
                },
                {
                    apiGroups: [core],
                    resources: ["secrets"],
                    verbs: ["get", "list", "create", "delete", "patch", "update"],
                },
            ]),
            rb("strimzi-cluster-operator", "kafka", "strimzi-cluster-operator-namespaced", [
                sa("kafka", "strimzi-cluster-operator"),
            ]),
        ],
        // The escalation check bounds its RoleBinding writes; kafka holds no stronger account.
        powers: {},
    },
    {
        name: "Amazon EBS CSI driver's provisioner",
        sources: [
            "kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/templates/clusterrole-provisioner.yaml@b1c02265d905e1386b0d9ecdd9874b655d3ed869",
        ],
        resources: bound(
            "ebs-external-provisioner-role",
            [
                {
                    apiGroups: [core],
                    resources: ["persistentvolumes"],
                    verbs: [...read, "create", "patch", "delete"],
                },
                {
                    apiGroups: [core],
                    resources: ["persistentvolumeclaims"],
                    verbs: [...read, "update"],
                },
            ],
            [sa("kube-system", "ebs-csi-controller-sa")],
        ),
        // Volumes, and no pod to mount a hostPath one.
        powers: {},
    },
];
