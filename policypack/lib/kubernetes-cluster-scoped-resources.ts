// The resources of the Kubernetes API that have no namespace: a RoleBinding never grants them,
// and a subject that may write one acts beyond any namespace (k8s-tenant-isolation).
//
// Source: every type marked `+genclient:nonNamespaced` in k8s.io/api (kubernetes/api, commit
// 10b39a39bcee995dfe7cd5e8e7b922be5e46f1e2, every group and version), as plural resource names;
// APIService (k8s.io/kube-aggregator apiregistration/v1) and CustomResourceDefinition
// (k8s.io/apiextensions-apiserver apiextensions/v1), served by the same API server; and the
// resources the API server authorizes without an object: impersonation's users, groups, uids
// and userextras (k8s.io/apiserver pkg/endpoints/filters/impersonation/impersonation.go:84-111,
// commit 24a394e516bfda066d7e2221d7d92c052de27c54) and the certificate signers
// (kubernetes/kubernetes plugin/pkg/admission/certificates/util.go:59-69, commit
// 11004393201d5c166c115161a6f740f750319bcb).

export const clusterScopedResources: ReadonlySet<string> = new Set([
    // core/v1
    "componentstatuses",
    "namespaces",
    "nodes",
    "persistentvolumes",
    // admissionregistration.k8s.io
    "mutatingadmissionpolicies",
    "mutatingadmissionpolicybindings",
    "mutatingwebhookconfigurations",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
    "validatingwebhookconfigurations",
    // apiextensions.k8s.io, apiregistration.k8s.io
    "customresourcedefinitions",
    "apiservices",
    // authentication.k8s.io, authorization.k8s.io
    "selfsubjectreviews",
    "tokenreviews",
    "selfsubjectaccessreviews",
    "selfsubjectrulesreviews",
    "subjectaccessreviews",
    // certificates.k8s.io
    "certificatesigningrequests",
    "clustertrustbundles",
    // flowcontrol.apiserver.k8s.io, internal.apiserver.k8s.io, storagemigration.k8s.io
    "flowschemas",
    "prioritylevelconfigurations",
    "storageversions",
    "storageversionmigrations",
    // imagepolicy.k8s.io
    "imagereviews",
    // networking.k8s.io, node.k8s.io, scheduling.k8s.io
    "ingressclasses",
    "ipaddresses",
    "servicecidrs",
    "runtimeclasses",
    "priorityclasses",
    // rbac.authorization.k8s.io
    "clusterroles",
    "clusterrolebindings",
    // resource.k8s.io
    "deviceclasses",
    "devicetaintrules",
    "resourcepoolstatusrequests",
    "resourceslices",
    // storage.k8s.io
    "csidrivers",
    "csinodes",
    "storageclasses",
    "volumeattachments",
    "volumeattributesclasses",
    // Authorized with no object: impersonation and certificate signers.
    "users",
    "groups",
    "uids",
    "userextras",
    "signers",
]);

/** Reviews of the caller's own permissions, which every user may create: they read nothing else. */
export const selfReviews: ReadonlySet<string> = new Set([
    "selfsubjectaccessreviews",
    "selfsubjectrulesreviews",
    "selfsubjectreviews",
]);
