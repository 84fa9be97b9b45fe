// The escalation powers of Kubernetes RBAC, as data: each power a named entry with its source
// and the requests that confer it. policypack/lib/rbac-powers.ts judges them on the RBAC graph.
//
// Sources (the version each was read at):
// - Kubernetes "Role Based Access Control Good Practices", section "Kubernetes RBAC - privilege
//   escalation risks": https://kubernetes.io/docs/concepts/security/rbac-good-practices/
//   (kubernetes/website content/en/docs/concepts/security/rbac-good-practices.md, commit
//   037ed19f7a0151940df9de98ce66c8e79bac508e). `goodPractice` names the section.
// - CIS Amazon EKS Benchmark v1.8.0, section 4.1 "RBAC and Service Accounts", as kube-bench
//   encodes it (aquasecurity/kube-bench cfg/eks-1.8.0/policies.yaml, commit
//   581b68d985f2ae0b41a376c358fefced54abd97f). `cis` is the control's id.
// - Where neither covers a power, `reference` cites the upstream line or tool that does.

/** Each verb on each resource (`pods/exec` names a subresource) of one API group. */
export interface RequestPattern {
    verbs: string[];
    apiGroup: string;
    resources: string[];
}

/** A part of a power: any one of its requests, for any name or only for `names`. */
export interface Requirement {
    /** What the part lets its holder do, as messages name it. */
    label: string;
    requests: RequestPattern[];
    /** The object names the part needs (a signer, a ConfigMap); absent for any name. */
    names?: string[];
}

/**
 * How a power is judged (policypack/lib/rbac-powers.ts):
 * - `everything`: one rule with `*` verbs, API groups and resources, in any binding;
 * - `cluster`: any request of the requirement, cluster-wide (a ClusterRoleBinding);
 * - `all-cluster`: every requirement, cluster-wide, through any of the subject's bindings;
 * - `kube-system`: any request in namespace kube-system, for the requirement's names;
 * - `privileged-namespace`: any request in a namespace that holds a service account with a
 *   power the subject lacks (kube-system always): the subject runs code as, or takes the
 *   credentials of, that service account;
 * - `with-workloads`: the requirement cluster-wide, and workload creation in some namespace;
 * - `own-namespace`: the requirement on namespace N itself, and workload creation in N;
 * - `impersonate`, `bind`, `escalate`, `unauthenticated`: judged by their own code.
 */
export type PowerCheck =
    | "everything"
    | "cluster"
    | "all-cluster"
    | "kube-system"
    | "privileged-namespace"
    | "with-workloads"
    | "own-namespace"
    | "impersonate"
    | "bind"
    | "escalate"
    | "unauthenticated";

export interface EscalationPower {
    /** A stable name: `secrets`, `nodes-proxy`. */
    id: string;
    /** What the holder can do, as messages name it. */
    what: string;
    source: { goodPractice?: string; cis?: string; reference?: string };
    check: PowerCheck;
    requires: Requirement[];
}

export const core = "";
export const rbacGroup = "rbac.authorization.k8s.io";
const admission = "admissionregistration.k8s.io";
const certificates = "certificates.k8s.io";
const changes = ["create", "update", "patch"];
export const writes = ["create", "update", "patch", "delete", "deletecollection"];

/**
 * Creating or changing a pod or anything that makes pods: the pod runs as any service account
 * of its namespace and mounts its Secrets ("Workload creation"). `update` and `patch` count
 * as much as `create`: a changed pod template, or a pod's changed image, runs new code.
 */
export const workloadRequests: RequestPattern[] = [
    { verbs: changes, apiGroup: core, resources: ["pods", "replicationcontrollers"] },
    // Ephemeral containers are added through the subresource's update (kubectl debug).
    { verbs: ["update", "patch"], apiGroup: core, resources: ["pods/ephemeralcontainers"] },
    {
        verbs: changes,
        apiGroup: "apps",
        resources: ["deployments", "daemonsets", "statefulsets", "replicasets"],
    },
    { verbs: changes, apiGroup: "batch", resources: ["jobs", "cronjobs"] },
];

/** The signers whose certificates the API server accepts for client authentication. */
export const clientSigners = [
    "kubernetes.io/kube-apiserver-client",
    "kubernetes.io/kube-apiserver-client-kubelet",
];

export const escalationPowers: EscalationPower[] = [
    {
        id: "everything",
        what: "every verb on every resource",
        source: { goodPractice: "Least privilege", cis: "4.1.1, 4.1.3" },
        check: "everything",
        requires: [],
    },
    {
        id: "impersonate",
        what: "impersonate users or groups",
        // Groups, UIDs and extras need a user to impersonate too: the filter refuses them
        // alone (k8s.io/apiserver pkg/endpoints/filters/impersonation/impersonation.go:269-271,
        // commit 24a394e516bfda066d7e2221d7d92c052de27c54); users and groups are in the core
        // group (ibid. :84-99).
        source: { goodPractice: "Impersonate verb", cis: "4.1.8" },
        check: "impersonate",
        requires: [
            {
                label: "impersonate users",
                requests: [{ verbs: ["impersonate"], apiGroup: core, resources: ["users"] }],
            },
            {
                label: "impersonate groups",
                requests: [{ verbs: ["impersonate"], apiGroup: core, resources: ["groups"] }],
            },
        ],
    },
    {
        id: "bind",
        what: "bind roles it does not hold",
        // The binding storage lets a writer bind a role it does not hold only with `bind` on
        // that role, in the binding's namespace (kubernetes/kubernetes
        // pkg/registry/rbac/escalation_check.go BindingAuthorized, commit
        // 31b6ba4e9469592a7ca2f56235750767f34ab3fb): bind is a power with the binding write.
        source: { goodPractice: "Bind verb", cis: "4.1.8" },
        check: "bind",
        requires: [
            {
                label: "bind",
                requests: [{ verbs: ["bind"], apiGroup: rbacGroup, resources: ["clusterroles"] }],
            },
            {
                label: "write ClusterRoleBindings",
                requests: [
                    { verbs: changes, apiGroup: rbacGroup, resources: ["clusterrolebindings"] },
                ],
            },
            {
                label: "write RoleBindings",
                requests: [{ verbs: changes, apiGroup: rbacGroup, resources: ["rolebindings"] }],
            },
        ],
    },
    {
        id: "escalate",
        what: "write roles with rules it does not hold",
        // `escalate` skips the check that a role's writer holds its rules, aggregationRule
        // included (kubernetes/kubernetes pkg/registry/rbac/clusterrole/policybased/storage.go:58-76,
        // commit f57072c8cd5e803d5bef17af8c27c1b0feefb018): a power with the role write.
        source: { goodPractice: "Escalate verb", cis: "4.1.8" },
        check: "escalate",
        requires: [
            {
                label: "escalate",
                requests: [
                    { verbs: ["escalate"], apiGroup: rbacGroup, resources: ["clusterroles"] },
                ],
            },
            {
                label: "write ClusterRoles",
                requests: [{ verbs: changes, apiGroup: rbacGroup, resources: ["clusterroles"] }],
            },
            {
                label: "escalate Roles",
                requests: [{ verbs: ["escalate"], apiGroup: rbacGroup, resources: ["roles"] }],
            },
            {
                label: "write Roles",
                requests: [{ verbs: changes, apiGroup: rbacGroup, resources: ["roles"] }],
            },
        ],
    },
    {
        id: "admission",
        what: "write admission webhooks or policies, which see or change every object admitted",
        source: { goodPractice: "Control admission webhooks", cis: "4.1.11" },
        check: "cluster",
        requires: [
            {
                label: "write admission configuration",
                requests: [
                    {
                        verbs: writes,
                        apiGroup: admission,
                        resources: [
                            "validatingwebhookconfigurations",
                            "mutatingwebhookconfigurations",
                            "validatingadmissionpolicies",
                            "validatingadmissionpolicybindings",
                            "mutatingadmissionpolicies",
                            "mutatingadmissionpolicybindings",
                        ],
                    },
                ],
            },
        ],
    },
    {
        id: "nodes-proxy",
        what: "reach the kubelet API through nodes/proxy, which runs commands in every pod of a node",
        // `get` is enough: the kubelet authorizes a websocket upgrade, an HTTP GET, as `get`.
        source: { goodPractice: "Access to proxy subresource of Nodes", cis: "4.1.10" },
        check: "cluster",
        requires: [
            {
                label: "nodes/proxy",
                requests: [
                    { verbs: ["get", "create"], apiGroup: core, resources: ["nodes/proxy"] },
                ],
            },
        ],
    },
    {
        id: "client-certificates",
        what: "issue client certificates the API server accepts, under any user and group name",
        // The approval admission asks `approve` on `signers` named by the signer, then by
        // `<domain>/*` (kubernetes/kubernetes plugin/pkg/admission/certificates/util.go:28-75,
        // commit 11004393201d5c166c115161a6f740f750319bcb); the signers the API server trusts
        // for clients: https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#kubernetes-signers
        source: { goodPractice: "CSRs and certificate issuing" },
        check: "all-cluster",
        requires: [
            {
                label: "create CertificateSigningRequests",
                requests: [
                    {
                        verbs: ["create"],
                        apiGroup: certificates,
                        resources: ["certificatesigningrequests"],
                    },
                ],
            },
            {
                label: "approve them",
                requests: [
                    {
                        verbs: ["update", "patch"],
                        apiGroup: certificates,
                        resources: ["certificatesigningrequests/approval"],
                    },
                ],
            },
            {
                label: "approve for a client signer",
                requests: [{ verbs: ["approve"], apiGroup: certificates, resources: ["signers"] }],
                names: [...clientSigners, "kubernetes.io/*"],
            },
        ],
    },
    {
        id: "persistent-volumes",
        what: "create PersistentVolumes, a hostPath one included, and pods that mount them: the node's filesystem",
        // Pod Security's baseline level refuses hostPath volumes in a pod, not a PersistentVolume
        // a claim binds. Without a pod to mount it, a volume reaches nothing: CSI provisioners
        // create volumes and no pods, and are not reported.
        source: { goodPractice: "Persistent volume creation", cis: "4.1.9" },
        check: "with-workloads",
        requires: [
            {
                label: "create PersistentVolumes",
                requests: [{ verbs: ["create"], apiGroup: core, resources: ["persistentvolumes"] }],
            },
        ],
    },
    {
        id: "namespace-relabel",
        what: "relabel a namespace it runs pods in (pod-security.kubernetes.io/enforce: privileged), then run privileged pods",
        // A request on a namespace object is in that namespace: /api/v1/namespaces/{name} sets
        // the request's namespace to the name (k8s.io/apiserver
        // pkg/endpoints/request/requestinfo.go:192-204, commit
        // 24a394e516bfda066d7e2221d7d92c052de27c54), so a RoleBinding in N reaches namespace N.
        source: { goodPractice: "Namespace modification" },
        check: "own-namespace",
        requires: [
            {
                label: "patch its namespace",
                requests: [
                    { verbs: ["patch", "update"], apiGroup: core, resources: ["namespaces"] },
                ],
            },
        ],
    },
    {
        id: "workloads",
        what: "create or change pods or pod controllers",
        source: { goodPractice: "Workload creation", cis: "4.1.4" },
        check: "privileged-namespace",
        requires: [{ label: "create pods", requests: workloadRequests }],
    },
    {
        id: "exec",
        what: "exec or attach into running pods",
        // `get` is enough over a websocket until the AuthorizePodWebsocketUpgradeCreatePermission
        // gate (beta in Kubernetes 1.35): kubernetes/kubernetes#78741, #128743.
        source: {
            goodPractice: "Workload creation",
            reference: "rbac-police lib/pods_exec.rego",
        },
        check: "privileged-namespace",
        requires: [
            {
                label: "exec into pods",
                requests: [
                    {
                        verbs: ["create", "get"],
                        apiGroup: core,
                        resources: ["pods/exec", "pods/attach"],
                    },
                ],
            },
        ],
    },
    {
        id: "token-request",
        what: "create service account tokens",
        source: { goodPractice: "Token request", cis: "4.1.12" },
        check: "privileged-namespace",
        requires: [
            {
                label: "create tokens",
                requests: [
                    { verbs: ["create"], apiGroup: core, resources: ["serviceaccounts/token"] },
                ],
            },
        ],
    },
    {
        id: "secrets",
        what: "read Secrets (list and watch return their contents)",
        source: { goodPractice: "Listing secrets", cis: "4.1.2" },
        check: "privileged-namespace",
        requires: [
            {
                label: "read Secrets",
                requests: [
                    { verbs: ["get", "list", "watch"], apiGroup: core, resources: ["secrets"] },
                ],
            },
        ],
    },
    {
        id: "impersonate-serviceaccounts",
        what: "impersonate service accounts",
        // A service account is impersonated in its own namespace (impersonation.go:79, :86).
        source: { goodPractice: "Impersonate verb", cis: "4.1.8" },
        check: "privileged-namespace",
        requires: [
            {
                label: "impersonate service accounts",
                requests: [
                    { verbs: ["impersonate"], apiGroup: core, resources: ["serviceaccounts"] },
                ],
            },
        ],
    },
    {
        id: "aws-auth",
        what: "rewrite the aws-auth ConfigMap in kube-system, which maps IAM principals to groups, system:masters included",
        source: {
            reference:
                "https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html; rbac-police lib/eks_modify_aws_auth.rego",
        },
        check: "kube-system",
        requires: [
            {
                label: "rewrite aws-auth",
                requests: [
                    { verbs: ["update", "patch"], apiGroup: core, resources: ["configmaps"] },
                ],
                names: ["aws-auth"],
            },
        ],
    },
    {
        id: "unauthenticated",
        what: "grant permissions to unauthenticated callers: anyone who reaches the API server",
        source: { goodPractice: "Hardening" },
        check: "unauthenticated",
        requires: [],
    },
];

/** The group that bypasses RBAC (reported on the binding alone). */
export const systemMasters = {
    what: "bypasses RBAC entirely",
    source: { goodPractice: "Least privilege", cis: "4.1.1" },
};

/** Subjects every caller, or every caller without credentials, is: bindings to them are public. */
export const unauthenticatedSubjects = [
    { kind: "Group", name: "system:unauthenticated" },
    { kind: "User", name: "system:anonymous" },
];

/** The sensitive permissions of a RoleBinding review, as the `rbac` matrix's columns. */
export const sensitivePermissions: {
    column: string;
    requests: { verb: string; apiGroup: string; resource: string; subresource?: string }[];
}[] = [
    { column: "read secrets", requests: [{ verb: "get", apiGroup: core, resource: "secrets" }] },
    { column: "create pods", requests: [{ verb: "create", apiGroup: core, resource: "pods" }] },
    {
        column: "pods/exec",
        requests: [{ verb: "create", apiGroup: core, resource: "pods", subresource: "exec" }],
    },
    {
        column: "write roles/bindings",
        requests: ["roles", "rolebindings"].flatMap((resource) =>
            ["create", "update", "patch", "delete"].map((verb) => ({
                verb,
                apiGroup: rbacGroup,
                resource,
            })),
        ),
    },
    {
        column: "write networkpolicies",
        requests: ["create", "update", "patch", "delete"].map((verb) => ({
            verb,
            apiGroup: "networking.k8s.io",
            resource: "networkpolicies",
        })),
    },
];
