// The RBAC of widely used add-ons, written by hand after their published manifests (each cites
// repository, path and commit; templating resolved to the chart's defaults, unrelated rules left
// out), with the escalation powers each really holds. k8s-addons-rbac.test.ts judges them.
// GitOps, policy, certificates, backup and secrets here; networking, nodes, storage and
// operators in addons-rbac-infra.ts.
import { StackResource } from "./check";
import { clusterRole, crb, rb, role, serviceAccount, boundClusterRole } from "./rbac-fixtures";
import { infraAddons } from "./addons-rbac-infra";

export interface Addon {
    name: string;
    /** Repository, path and commit of each manifest the fixture follows. */
    sources: string[];
    resources: StackResource[];
    /** A binding resource's name → the power ids it is reported for; one not listed passes. */
    powers: Record<string, string[]>;
}

const core = "";
const read = ["get", "list", "watch"];
const sa = serviceAccount;
const bound = boundClusterRole;

export const addons: Addon[] = [
    {
        name: "Argo CD",
        sources: [
            "argoproj/argo-cd manifests/cluster-rbac/application-controller/argocd-application-controller-clusterrole.yaml@be2be7c99bdd4f4d349d9dd1fc6c3ebbeb3f4f05",
            "argoproj/argo-cd manifests/cluster-rbac/server/argocd-server-clusterrole.yaml@28537f0ee934ae2d6ca8d8bf6131b352f13cfed4",
            "argoproj/argo-cd manifests/cluster-rbac/applicationset-controller/argocd-applicationset-controller-clusterrole.yaml@0060cd136092bc889419ffac3679082845f92330",
        ],
        resources: [
            ...bound(
                "argocd-application-controller",
                [
                    { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
                    { nonResourceURLs: ["*"], verbs: ["*"] },
                ],
                [sa("argocd", "argocd-application-controller")],
            ),
            ...bound(
                "argocd-server",
                [
                    { apiGroups: ["*"], resources: ["*"], verbs: ["delete", "get", "patch"] },
                    { apiGroups: [core], resources: ["events"], verbs: ["list"] },
                    { apiGroups: [core], resources: ["pods", "pods/log"], verbs: ["get"] },
                ],
                [sa("argocd", "argocd-server")],
            ),
            ...bound(
                "argocd-applicationset-controller",
                [
                    {
                        apiGroups: ["argoproj.io"],
                        resources: ["applications", "applicationsets"],
                        verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
                    },
                    {
                        apiGroups: [core],
                        resources: ["configmaps"],
                        verbs: ["create", "update", "delete", "get", "list", "patch", "watch"],
                    },
                    { apiGroups: [core], resources: ["secrets"], verbs: read },
                    { apiGroups: ["apps", "extensions"], resources: ["deployments"], verbs: read },
                ],
                [sa("argocd", "argocd-applicationset-controller")],
            ),
        ],
        powers: {
            "argocd-application-controller": ["everything"],
            // get, patch and delete on everything: webhooks, nodes/proxy, pods anywhere, every
            // Secret, aws-auth, and a namespace's labels where it patches pods.
            "argocd-server": [
                "admission",
                "nodes-proxy",
                "namespace-relabel",
                "workloads",
                "exec",
                "secrets",
                "aws-auth",
            ],
            // configmaps written cluster-wide reach aws-auth in kube-system.
            "argocd-applicationset-controller": ["secrets", "aws-auth"],
        },
    },
    {
        name: "Flux",
        sources: [
            "fluxcd/flux2 manifests/rbac/reconciler.yaml@1b581d6f513c62e8af53eed3666ef803614dfeab",
            "fluxcd/flux2 manifests/rbac/controller.yaml@0a64800784a487a9f05372e249bfac3791353a12",
        ],
        resources: [
            crb("cluster-reconciler", "cluster-admin", [
                sa("flux-system", "kustomize-controller"),
                sa("flux-system", "helm-controller"),
            ]),
            ...bound(
                "crd-controller",
                [
                    { apiGroups: ["source.toolkit.fluxcd.io"], resources: ["*"], verbs: ["*"] },
                    {
                        apiGroups: [core],
                        resources: ["namespaces", "secrets", "configmaps", "serviceaccounts"],
                        verbs: read,
                    },
                    {
                        apiGroups: [core],
                        resources: ["configmaps"],
                        verbs: [...read, "create", "update", "patch", "delete"],
                    },
                    { apiGroups: [core], resources: ["serviceaccounts/token"], verbs: ["create"] },
                ],
                [sa("flux-system", "kustomize-controller"), sa("flux-system", "source-controller")],
            ),
        ],
        powers: {
            "cluster-reconciler": ["everything"],
            "crd-controller": ["token-request", "secrets", "aws-auth"],
        },
    },
    {
        name: "Kyverno admission controller",
        sources: [
            "kyverno/kyverno charts/kyverno/templates/admission-controller/clusterrole.yaml@57b5c12deaf66eb2d22492817e24f27e4643b902",
            "kyverno/kyverno charts/kyverno/templates/admission-controller/role.yaml@df50d805b8f10d4258e61b03015d1d3cf5c94f94",
        ],
        resources: [
            clusterRole("kyverno:admission-controller", [], undefined, [
                { "app.kubernetes.io/component": "admission-controller" },
            ]),
            clusterRole(
                "kyverno:admission-controller:core",
                [
                    {
                        apiGroups: ["admissionregistration.k8s.io"],
                        resources: [
                            "mutatingwebhookconfigurations",
                            "validatingwebhookconfigurations",
                        ],
                        verbs: [
                            "create",
                            "delete",
                            "get",
                            "list",
                            "patch",
                            "update",
                            "watch",
                            "deletecollection",
                        ],
                    },
                    {
                        apiGroups: ["rbac.authorization.k8s.io"],
                        resources: ["roles", "clusterroles", "rolebindings", "clusterrolebindings"],
                        verbs: ["list", "watch"],
                    },
                    { apiGroups: ["*"], resources: ["*"], verbs: read },
                ],
                { "app.kubernetes.io/component": "admission-controller" },
            ),
            crb("kyverno:admission-controller", "kyverno:admission-controller", [
                sa("kyverno", "kyverno-admission-controller"),
            ]),
            role("kyverno", "kyverno:admission-controller", [
                {
                    apiGroups: [core],
                    resources: ["secrets"],
                    verbs: [...read, "create", "update", "delete"],
                },
                { apiGroups: ["apps"], resources: ["deployments"], verbs: read },
            ]),
            rb(
                "kyverno:admission-controller",
                "kyverno",
                "kyverno:admission-controller",
                [sa("kyverno", "kyverno-admission-controller")],
                "Role",
            ),
        ],
        powers: {
            // Reading everything includes nodes/proxy and pods/exec with get.
            "kyverno:admission-controller": ["admission", "nodes-proxy", "exec", "secrets"],
        },
    },
    {
        name: "cert-manager",
        sources: [
            "cert-manager/cert-manager deploy/charts/cert-manager/templates/rbac.yaml@c38e37ed27f6b0b7169b0cf5393fd3d9a0225556",
            "cert-manager/cert-manager deploy/charts/cert-manager/templates/cainjector-rbac.yaml@b7fe6a72865311ad2f502cf22c4e86cd0803d859",
        ],
        resources: [
            ...bound(
                "cert-manager-controller-issuers",
                [
                    {
                        apiGroups: [core],
                        resources: ["secrets"],
                        verbs: [...read, "create", "update", "delete"],
                    },
                ],
                [sa("cert-manager", "cert-manager")],
            ),
            ...bound(
                "cert-manager-controller-challenges",
                [
                    {
                        apiGroups: [core],
                        resources: ["pods", "services"],
                        verbs: [...read, "create", "delete"],
                    },
                ],
                [sa("cert-manager", "cert-manager")],
            ),
            // Approving its own CertificateRequests (signers of the cert-manager.io group) and
            // signing Kubernetes CSRs for its issuers: not a client certificate of the API server.
            ...bound(
                "cert-manager-controller-approve:cert-manager-io",
                [
                    {
                        apiGroups: ["cert-manager.io"],
                        resources: ["signers"],
                        verbs: ["approve"],
                        resourceNames: [
                            "issuers.cert-manager.io/*",
                            "clusterissuers.cert-manager.io/*",
                        ],
                    },
                ],
                [sa("cert-manager", "cert-manager")],
            ),
            ...bound(
                "cert-manager-controller-certificatesigningrequests",
                [
                    {
                        apiGroups: ["certificates.k8s.io"],
                        resources: ["certificatesigningrequests"],
                        verbs: [...read, "update"],
                    },
                    {
                        apiGroups: ["certificates.k8s.io"],
                        resources: ["certificatesigningrequests/status"],
                        verbs: ["update", "patch"],
                    },
                    {
                        apiGroups: ["certificates.k8s.io"],
                        resources: ["signers"],
                        verbs: ["sign"],
                        resourceNames: [
                            "issuers.cert-manager.io/*",
                            "clusterissuers.cert-manager.io/*",
                        ],
                    },
                ],
                [sa("cert-manager", "cert-manager")],
            ),
            ...bound(
                "cert-manager-cainjector",
                [
                    { apiGroups: [core], resources: ["secrets"], verbs: read },
                    {
                        apiGroups: ["admissionregistration.k8s.io"],
                        resources: [
                            "validatingwebhookconfigurations",
                            "mutatingwebhookconfigurations",
                        ],
                        verbs: [...read, "update"],
                    },
                    {
                        apiGroups: ["apiregistration.k8s.io"],
                        resources: ["apiservices"],
                        verbs: [...read, "update"],
                    },
                ],
                [sa("cert-manager", "cert-manager-cainjector")],
            ),
            // Leader election in kube-system, the chart's default namespace for it then.
            role("kube-system", "cert-manager-cainjector:leaderelection", [
                {
                    apiGroups: [core],
                    resources: ["configmaps"],
                    verbs: ["get", "create", "update", "patch"],
                },
            ]),
            rb(
                "cert-manager-cainjector:leaderelection",
                "kube-system",
                "cert-manager-cainjector:leaderelection",
                [sa("cert-manager", "cert-manager-cainjector")],
                "Role",
            ),
            // Its token for itself only.
            role("cert-manager", "cert-manager-tokenrequest", [
                {
                    apiGroups: [core],
                    resources: ["serviceaccounts/token"],
                    verbs: ["create"],
                    resourceNames: ["cert-manager"],
                },
            ]),
            rb(
                "cert-manager-tokenrequest",
                "cert-manager",
                "cert-manager-tokenrequest",
                [sa("cert-manager", "cert-manager")],
                "Role",
            ),
        ],
        powers: {
            "cert-manager-controller-issuers": ["secrets"],
            // HTTP-01 solver pods, in any namespace.
            "cert-manager-controller-challenges": ["workloads"],
            "cert-manager-cainjector": ["admission", "secrets"],
            "kube-system-cert-manager-cainjector:leaderelection": ["aws-auth"],
        },
    },
    {
        name: "Velero",
        sources: [
            "vmware-tanzu/helm-charts charts/velero/templates/clusterrolebinding.yaml@cbf40c2b38d34309892d125942bb82c0975e771a",
        ],
        resources: [crb("velero-server", "cluster-admin", [sa("velero", "velero-server")])],
        powers: { "velero-server": ["everything"] },
    },
    {
        name: "External Secrets",
        sources: [
            "external-secrets/external-secrets deploy/charts/external-secrets/templates/rbac.yaml@6959c19382c90f9b684f700eaf34aa08c9f3b10e",
        ],
        resources: [
            ...bound(
                "external-secrets-controller",
                [
                    {
                        apiGroups: [core],
                        resources: ["serviceaccounts", "namespaces", "configmaps"],
                        verbs: read,
                    },
                    {
                        apiGroups: [core],
                        resources: ["secrets"],
                        verbs: [...read, "create", "update", "delete", "patch"],
                    },
                    { apiGroups: [core], resources: ["serviceaccounts/token"], verbs: ["create"] },
                ],
                [sa("external-secrets", "external-secrets")],
            ),
            role("external-secrets", "external-secrets-leaderelection", [
                {
                    apiGroups: [core],
                    resources: ["configmaps"],
                    verbs: ["get", "update", "patch"],
                    resourceNames: ["external-secrets-controller"],
                },
                { apiGroups: [core], resources: ["configmaps"], verbs: ["create"] },
            ]),
            rb(
                "external-secrets-leaderelection",
                "external-secrets",
                "external-secrets-leaderelection",
                [sa("external-secrets", "external-secrets")],
                "Role",
            ),
        ],
        powers: { "external-secrets-controller": ["token-request", "secrets"] },
    },
    ...infraAddons,
];
