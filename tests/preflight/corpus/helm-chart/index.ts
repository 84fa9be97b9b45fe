// Charts installed three ways; there is no helm here, so preflight reads the rendered
// manifests named in preflight-mocks.json.
import * as k8s from "@pulumi/kubernetes";

new k8s.helm.v4.Chart("operator", { chart: "./charts/operator", namespace: "operators" });
new k8s.helm.v3.Chart("metrics", { chart: "metrics-server", namespace: "kube-system" });
new k8s.helm.v3.Release("cache", { chart: "redis", namespace: "cache" });
