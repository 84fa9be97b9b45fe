// ValidatingAdmissionPolicies (Kubernetes' built-in CEL admission, GA since 1.30; nothing
// to install) for what RBAC cannot express. Each function returns the policy's spec and
// the spec of the binding that enforces it; the CEL is tested offline with @bufbuild/cel.
// https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A policy spec and its binding spec (the binding's `policyName` is filled in by the caller). */
export interface AdmissionPolicySpecs {
    policy: Record<string, unknown>;
    binding: { validationActions: string[]; matchResources?: Record<string, unknown> };
}

/** A rule matching creates and updates of `resources` in one API group, at v1. */
function onWrite(apiGroup: string, resources: string[]) {
    return {
        apiGroups: [apiGroup],
        apiVersions: ["v1"],
        operations: ["CREATE", "UPDATE"],
        resources,
    };
}

/** Matches the objects of one namespace, by the label the API server sets on every namespace. */
function inNamespace(namespace: string) {
    return {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
    };
}

/**
 * Cluster-wide: no Service with `spec.externalIPs`, which lets whoever may write a Service
 * intercept traffic to any IP (CVE-2020-8554). Upstream's mitigation is exactly this check.
 */
export function noExternalIpsPolicy(): AdmissionPolicySpecs {
    return {
        policy: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [onWrite("", ["services"])],
            },
            validations: [
                {
                    expression:
                        "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
                    message:
                        "Services may not set spec.externalIPs, which can intercept traffic to any address (CVE-2020-8554): use a LoadBalancer or an Ingress",
                    reason: "Forbidden",
                },
            ],
        },
        binding: { validationActions: ["Deny"] },
    };
}

/** The pod spec of a Pod, a workload's template, or a CronJob's job template. */
export const podSpecExpression =
    "object.kind == 'Pod' ? object.spec : " +
    "(object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)";

/**
 * The service account a pod spec runs as, as the API server resolves it: `serviceAccountName`,
 * else the deprecated `serviceAccount`, else `default`.
 */
export const serviceAccountExpression =
    "has(variables.podSpec.serviceAccountName) && variables.podSpec.serviceAccountName != '' ? variables.podSpec.serviceAccountName : " +
    "(has(variables.podSpec.serviceAccount) && variables.podSpec.serviceAccount != '' ? variables.podSpec.serviceAccount : 'default')";

/**
 * In one tenant namespace: no Pod, and no workload whose pod template, runs as the `default`
 * service account. Workloads name their own service account, so no pod borrows another's
 * identity by accident and `default` never needs a token or a role.
 */
export function noDefaultServiceAccountPolicy(namespace: string): AdmissionPolicySpecs {
    return {
        policy: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [
                    onWrite("", ["pods", "replicationcontrollers"]),
                    onWrite("apps", ["deployments", "statefulsets", "daemonsets", "replicasets"]),
                    onWrite("batch", ["jobs", "cronjobs"]),
                ],
            },
            variables: [
                { name: "podSpec", expression: podSpecExpression },
                { name: "serviceAccount", expression: serviceAccountExpression },
            ],
            validations: [
                {
                    expression: "variables.serviceAccount != 'default'",
                    message: `pods in tenant namespace ${namespace} may not run as the default service account: set spec.serviceAccountName (in the pod template of a workload) to the workload's own service account`,
                    reason: "Forbidden",
                },
            ],
        },
        binding: { validationActions: ["Deny"], matchResources: inNamespace(namespace) },
    };
}

/** In one tenant namespace: no Ingress (an internet-facing load balancer past the quota). */
export function noIngressPolicy(namespace: string): AdmissionPolicySpecs {
    return {
        policy: {
            failurePolicy: "Fail",
            matchConstraints: {
                resourceRules: [onWrite("networking.k8s.io", ["ingresses"])],
            },
            validations: [
                {
                    expression: "object.kind != 'Ingress'",
                    message: `tenant namespace ${namespace} does not allow Ingresses: set allowIngress: true on the tenant if it may expose services`,
                    reason: "Forbidden",
                },
            ],
        },
        binding: { validationActions: ["Deny"], matchResources: inNamespace(namespace) },
    };
}

/**
 * Creates the policy `policyName` and its binding (of the same name) as children named
 * `${name}-policy` and `${name}-binding`.
 */
export function createAdmissionPolicy(
    name: string,
    policyName: string,
    specs: AdmissionPolicySpecs,
    opts: pulumi.CustomResourceOptions,
): void {
    const policy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
        `${name}-policy`,
        { metadata: { name: policyName }, spec: specs.policy },
        opts,
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
        `${name}-binding`,
        {
            metadata: { name: policyName },
            spec: { ...specs.binding, policyName: policy.metadata.name },
        },
        opts,
    );
}
