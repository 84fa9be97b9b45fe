// Plain manifests applied with the YAML components, v2 (remote) and v1 (in the SDK).
import * as k8s from "@pulumi/kubernetes";

new k8s.yaml.v2.ConfigFile("rbac", { file: "manifests/rbac.yaml" });
new k8s.yaml.ConfigFile("app", { file: "manifests/app.yaml" });
