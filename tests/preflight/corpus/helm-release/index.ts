// An ingress controller installed as a helm.v3.Release, with no rendered manifests, beside a
// binding written by hand: a preview judges the Release by its inputs and the rest of the
// stack as usual, and so does preflight, with a note that the chart's objects went unchecked.
import * as k8s from "@pulumi/kubernetes";

new k8s.helm.v3.Release("ingress", {
    chart: "ingress-nginx",
    version: "4.11.3",
    namespace: "ingress",
    createNamespace: true,
    repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
    values: { controller: { replicaCount: 2 } },
});
new k8s.rbac.v1.ClusterRoleBinding("ops-admin", {
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "ops" }],
});
