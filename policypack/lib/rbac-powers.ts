// What makes a grant cluster-admin-equivalent, as requests the RBAC authorizer would allow,
// and the sensitive permissions the `rbac` matrix shows. One list each, judged by the graph.
import { BindingNode, GrantPath, RbacGraph } from "./rbac-graph";
import { Request, ruleAllows } from "./rbac-rules";

/** A power: a description and the requests any one of which confers it. */
interface Power {
    what: string;
    /** Only through a grant that covers the whole cluster (a ClusterRoleBinding). */
    clusterScope: boolean;
    requests: Request[];
}

const rbacGroup = "rbac.authorization.k8s.io";
const admission = "admissionregistration.k8s.io";
const writes = ["create", "update", "patch", "delete"];

const writeOn = (apiGroup: string, resources: string[]) =>
    resources.flatMap((resource) => writes.map((verb) => ({ verb, apiGroup, resource })));

/**
 * Cluster-admin-equivalent powers: each lets its holder take the rest of the cluster
 * (k8s-no-cluster-admin-binding).
 */
export const adminPowers: Power[] = [
    {
        what: "every verb on every resource",
        clusterScope: false,
        requests: [],
    },
    {
        what: "bind or escalate roles, or impersonate users, groups or service accounts, cluster-wide",
        clusterScope: true,
        requests: [
            { verb: "bind", apiGroup: rbacGroup, resource: "clusterroles" },
            { verb: "escalate", apiGroup: rbacGroup, resource: "clusterroles" },
            { verb: "impersonate", apiGroup: "", resource: "users" },
            { verb: "impersonate", apiGroup: "", resource: "groups" },
            { verb: "impersonate", apiGroup: "", resource: "serviceaccounts" },
        ],
    },
    {
        what: "write ClusterRoles, ClusterRoleBindings or ValidatingAdmissionPolicies",
        clusterScope: true,
        requests: [
            ...writeOn(rbacGroup, ["clusterroles", "clusterrolebindings"]),
            ...writeOn(admission, [
                "validatingadmissionpolicies",
                "validatingadmissionpolicybindings",
            ]),
        ],
    },
    {
        what: "create pods or pods/exec in kube-system",
        clusterScope: false,
        requests: [
            { verb: "create", apiGroup: "", resource: "pods", namespace: "kube-system" },
            {
                verb: "create",
                apiGroup: "",
                resource: "pods",
                subresource: "exec",
                namespace: "kube-system",
            },
        ],
    },
    {
        what: "read Secrets in every namespace",
        clusterScope: true,
        requests: ["get", "list", "watch"].map((verb) => ({
            verb,
            apiGroup: "",
            resource: "secrets",
        })),
    },
];

/** The first rule of the binding's role that confers the power, if any. */
export function powerThrough(
    graph: RbacGraph,
    binding: BindingNode,
    power: Power,
): GrantPath | undefined {
    if (power.clusterScope && binding.namespaces) {
        return undefined;
    }
    const subject = binding.subjects[0] ?? { kind: "?", name: "?" };
    const test =
        power.requests.length === 0
            ? (rule: { verbs: string[]; apiGroups: string[]; resources: string[] }) =>
                  rule.verbs.includes("*") &&
                  rule.apiGroups.includes("*") &&
                  rule.resources.includes("*")
            : (rule: Parameters<typeof ruleAllows>[0]) =>
                  power.requests.some(
                      (r) =>
                          (r.namespace === undefined ||
                              !binding.namespaces ||
                              binding.namespaces.includes(r.namespace)) &&
                          ruleAllows(rule, r),
                  );
    return graph.pathsThrough(subject, binding, test)[0];
}

/** The sensitive permissions of a RoleBinding review, as the `rbac` matrix's columns. */
export const sensitivePermissions: { column: string; requests: Omit<Request, "namespace">[] }[] = [
    { column: "read secrets", requests: [{ verb: "get", apiGroup: "", resource: "secrets" }] },
    { column: "create pods", requests: [{ verb: "create", apiGroup: "", resource: "pods" }] },
    {
        column: "pods/exec",
        requests: [{ verb: "create", apiGroup: "", resource: "pods", subresource: "exec" }],
    },
    {
        column: "write roles/bindings",
        requests: writeOn(rbacGroup, ["roles", "rolebindings"]),
    },
    {
        column: "write networkpolicies",
        requests: writeOn("networking.k8s.io", ["networkpolicies"]),
    },
];
