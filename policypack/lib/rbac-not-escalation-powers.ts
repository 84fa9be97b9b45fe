// Permissions weighed as escalation powers (rbac-escalation-powers.ts) and not counted, as data:
// each held cluster-wide and alone grants nothing Kubernetes does not bound, for the reason given
// with its source. k8s-no-cluster-admin-binding's tests hold each to passing.
import { core, rbacGroup, writes } from "./rbac-escalation-powers";

/**
 * Permissions weighed and not counted as powers (each held cluster-wide, alone), with why: a
 * reviewer must not switch the policy off for a finding that grants nothing more.
 */
export const notEscalationPowers: {
    rule: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
    why: string;
}[] = [
    {
        rule: {
            apiGroups: [rbacGroup],
            resources: ["clusterroles", "clusterrolebindings", "roles", "rolebindings"],
            verbs: writes,
        },
        why: "the API server refuses a role or binding that grants more than its writer holds, without escalate or bind (escalation_check.go, clusterrole/policybased/storage.go:58-76)",
    },
    {
        rule: {
            apiGroups: [rbacGroup],
            resources: ["clusterroles", "roles"],
            verbs: ["bind", "escalate"],
        },
        why: "checked only when a role or binding is written: without the write they unlock nothing",
    },
    {
        rule: {
            apiGroups: ["authentication.k8s.io"],
            resources: ["uids", "userextras/*"],
            verbs: ["impersonate"],
        },
        why: "the impersonation filter refuses them without a user to impersonate (impersonation.go:269-271)",
    },
    {
        rule: {
            apiGroups: [core],
            resources: ["groups"],
            verbs: ["impersonate"],
            resourceNames: ["system:masters"],
        },
        why: "a group is impersonated only with a user or service account (impersonation.go:269-271)",
    },
    {
        rule: {
            apiGroups: [core],
            resources: ["nodes/status", "pods/status"],
            verbs: ["patch", "update"],
        },
        why: "labels that steer scheduling or match a Service in the pod's own namespace: rbac-police rates them Low (lib/modify_node_status.rego, lib/modify_pod_status.rego, commit 181b4984)",
    },
    {
        rule: { apiGroups: [core], resources: ["services/status"], verbs: ["patch", "update"] },
        why: "a load balancer IP kube-proxy routes, intercepting traffic (CVE-2020-8554, rbac-police Medium, lib/modify_service_status_cve_2020_8554.rego): k8s-tenant-isolation reports it for tenants, it is not cluster-admin",
    },
    {
        rule: { apiGroups: [core], resources: ["nodes"], verbs: ["create", "patch", "delete"] },
        why: "node objects, as Karpenter writes them: the node authorizer and NodeRestriction bound what a node's own identity can do",
    },
    {
        rule: {
            apiGroups: [core],
            resources: ["pods/portforward", "pods/proxy", "services/proxy", "pods/log"],
            verbs: ["create", "get"],
        },
        why: "network access to a pod or its logs, not its service account's token",
    },
    {
        rule: { apiGroups: [core], resources: ["persistentvolumes"], verbs: ["create", "delete"] },
        why: "a CSI provisioner's volumes: a hostPath volume reaches a node only through a pod that mounts it",
    },
    {
        rule: { apiGroups: [core], resources: ["configmaps"], verbs: ["create"] },
        why: "a ConfigMap created where aws-auth already exists cannot replace it",
    },
    {
        rule: {
            apiGroups: ["apiextensions.k8s.io", "apiregistration.k8s.io"],
            resources: ["customresourcedefinitions", "apiservices"],
            verbs: ["update"],
        },
        why: "a CRD's conversion webhook sees its own kind only; an APIService is proxied with the caller's identity in headers, not its credentials",
    },
];
