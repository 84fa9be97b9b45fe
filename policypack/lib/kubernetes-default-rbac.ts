// Kubernetes' default RBAC, as data. Source: the bootstrap RBAC policy,
// kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, as
// generated into bootstrappolicy/testdata/cluster-roles.yaml and cluster-role-bindings.yaml
// (commit 025f2834a128798cef30018a5e6a6ae82b5ad885). Only the roles user bindings reference
// (cluster-admin, admin, edit, view and the roles they aggregate) and those every
// authenticated user holds; the controllers' roles are bound to the control plane's own
// identities and left out.
//
// EKS access policies: Amazon EKS User Guide, "Review access policy permissions"
// (https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html):
// AmazonEKSClusterAdminPolicy is cluster-admin; AmazonEKSAdminPolicy, AmazonEKSEditPolicy and
// AmazonEKSViewPolicy include the permissions of the admin, edit and view ClusterRoles.

export interface DefaultClusterRole {
    name: string;
    labels?: Record<string, string>;
    aggregationRule?: { clusterRoleSelectors: { matchLabels: Record<string, string> }[] };
    rules: {
        apiGroups?: string[];
        resources?: string[];
        verbs: string[];
        nonResourceURLs?: string[];
    }[];
}

export const defaultClusterRoles: DefaultClusterRole[] = [
    {
        name: "cluster-admin",
        rules: [
            {
                apiGroups: ["*"],
                resources: ["*"],
                verbs: ["*"],
            },
            {
                nonResourceURLs: ["*"],
                verbs: ["*"],
            },
        ],
    },
    {
        name: "admin",
        aggregationRule: {
            clusterRoleSelectors: [
                {
                    matchLabels: {
                        "rbac.authorization.k8s.io/aggregate-to-admin": "true",
                    },
                },
            ],
        },
        rules: [],
    },
    {
        name: "edit",
        labels: {
            "rbac.authorization.k8s.io/aggregate-to-admin": "true",
        },
        aggregationRule: {
            clusterRoleSelectors: [
                {
                    matchLabels: {
                        "rbac.authorization.k8s.io/aggregate-to-edit": "true",
                    },
                },
            ],
        },
        rules: [],
    },
    {
        name: "view",
        labels: {
            "rbac.authorization.k8s.io/aggregate-to-edit": "true",
        },
        aggregationRule: {
            clusterRoleSelectors: [
                {
                    matchLabels: {
                        "rbac.authorization.k8s.io/aggregate-to-view": "true",
                    },
                },
            ],
        },
        rules: [],
    },
    {
        name: "system:aggregate-to-admin",
        labels: {
            "rbac.authorization.k8s.io/aggregate-to-admin": "true",
        },
        rules: [
            {
                apiGroups: ["authorization.k8s.io"],
                resources: ["localsubjectaccessreviews"],
                verbs: ["create"],
            },
            {
                apiGroups: ["rbac.authorization.k8s.io"],
                resources: ["rolebindings", "roles"],
                verbs: [
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch",
                ],
            },
        ],
    },
    {
        name: "system:aggregate-to-edit",
        labels: {
            "rbac.authorization.k8s.io/aggregate-to-edit": "true",
        },
        rules: [
            {
                apiGroups: [""],
                resources: [
                    "pods/attach",
                    "pods/exec",
                    "pods/portforward",
                    "pods/proxy",
                    "secrets",
                    "services/proxy",
                ],
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: [""],
                resources: ["serviceaccounts"],
                verbs: ["impersonate"],
            },
            {
                apiGroups: [""],
                resources: ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"],
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: [""],
                resources: ["pods/eviction"],
                verbs: ["create"],
            },
            {
                apiGroups: [""],
                resources: [
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
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: [""],
                resources: ["serviceaccounts/token"],
                verbs: ["create"],
            },
            {
                apiGroups: ["apps"],
                resources: [
                    "daemonsets",
                    "deployments",
                    "deployments/rollback",
                    "deployments/scale",
                    "replicasets",
                    "replicasets/scale",
                    "statefulsets",
                    "statefulsets/scale",
                ],
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: ["autoscaling"],
                resources: ["horizontalpodautoscalers"],
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: ["batch"],
                resources: ["cronjobs", "jobs"],
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: ["extensions"],
                resources: [
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
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: ["policy"],
                resources: ["poddisruptionbudgets"],
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: ["networking.k8s.io"],
                resources: ["ingresses", "networkpolicies"],
                verbs: ["create", "delete", "deletecollection", "patch", "update"],
            },
            {
                apiGroups: ["coordination.k8s.io"],
                resources: ["leases"],
                verbs: [
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch",
                ],
            },
        ],
    },
    {
        name: "system:aggregate-to-view",
        labels: {
            "rbac.authorization.k8s.io/aggregate-to-view": "true",
        },
        rules: [
            {
                apiGroups: [""],
                resources: [
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
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: [""],
                resources: [
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
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: [""],
                resources: ["namespaces"],
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: ["discovery.k8s.io"],
                resources: ["endpointslices"],
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: ["apps"],
                resources: [
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
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: ["autoscaling"],
                resources: ["horizontalpodautoscalers", "horizontalpodautoscalers/status"],
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: ["batch"],
                resources: ["cronjobs", "cronjobs/status", "jobs", "jobs/status"],
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: ["extensions"],
                resources: [
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
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: ["policy"],
                resources: ["poddisruptionbudgets", "poddisruptionbudgets/status"],
                verbs: ["get", "list", "watch"],
            },
            {
                apiGroups: ["networking.k8s.io"],
                resources: ["ingresses", "ingresses/status", "networkpolicies"],
                verbs: ["get", "list", "watch"],
            },
        ],
    },
    {
        name: "system:basic-user",
        rules: [
            {
                apiGroups: ["authorization.k8s.io"],
                resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                verbs: ["create"],
            },
            {
                apiGroups: ["authentication.k8s.io"],
                resources: ["selfsubjectreviews"],
                verbs: ["create"],
            },
        ],
    },
    {
        name: "system:discovery",
        rules: [
            {
                nonResourceURLs: [
                    "/api",
                    "/api/*",
                    "/apis",
                    "/apis/*",
                    "/healthz",
                    "/livez",
                    "/openapi",
                    "/openapi/*",
                    "/readyz",
                    "/version",
                    "/version/",
                ],
                verbs: ["get"],
            },
        ],
    },
];

/** The default ClusterRoleBindings that give users power: system:masters, and every authenticated user's. */
export const defaultClusterRoleBindings: {
    name: string;
    roleRef: string;
    subjects: { kind: string; name: string }[];
}[] = [
    {
        name: "cluster-admin",
        roleRef: "cluster-admin",
        subjects: [
            {
                kind: "Group",
                name: "system:masters",
            },
        ],
    },
    {
        name: "system:basic-user",
        roleRef: "system:basic-user",
        subjects: [
            {
                kind: "Group",
                name: "system:authenticated",
            },
        ],
    },
    {
        name: "system:discovery",
        roleRef: "system:discovery",
        subjects: [
            {
                kind: "Group",
                name: "system:authenticated",
            },
        ],
    },
];

/** EKS access policies and the ClusterRole each is equivalent to. */
export const eksAccessPolicyRoles: Record<string, string> = {
    AmazonEKSClusterAdminPolicy: "cluster-admin",
    AmazonEKSAdminPolicy: "admin",
    AmazonEKSEditPolicy: "edit",
    AmazonEKSViewPolicy: "view",
};
