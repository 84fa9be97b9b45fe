import { ResourceValidationPolicy } from "@pulumi/policy";
import { enforceLabel, getPath, PodSecurityLevel, podSecurityLevels } from "../lib/k8s";
import { objectMeta } from "../lib/rbac";
import { kindOf, namespaceTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { show } from "../lib/values";

export interface K8sNamespacePodSecurityConfig {
    minimumLevel: PodSecurityLevel;
    exemptNamespaces: string[];
}

export const k8sNamespacePodSecurity: ResourceValidationPolicy = {
    name: "k8s-namespace-pod-security",
    description:
        "Checks that namespaces enforce a Pod Security Standards level at or above the minimum with the pod-security.kubernetes.io/enforce label.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            minimumLevel: {
                type: "string",
                enum: ["baseline", "restricted"],
                default: "baseline",
                description: "Lowest Pod Security Standards level a namespace may enforce.",
            },
            exemptNamespaces: {
                type: "array",
                items: { type: "string" },
                default: ["kube-system", "kube-public", "kube-node-lease"],
                description: "Namespaces not checked (system namespaces run privileged agents).",
            },
        },
    },
    validateResource: validateTypes(namespaceTypes, (props, _subject, report, args) => {
        const { minimumLevel, exemptNamespaces } = args.getConfig<K8sNamespacePodSecurityConfig>();
        const name = objectMeta(props).name ?? args.name;
        if (exemptNamespaces.includes(name)) {
            return;
        }
        // A patch that does not touch labels leaves the namespace's existing labels alone.
        if (args.type.endsWith("Patch") && getPath(props, ["metadata", "labels"]) === undefined) {
            return;
        }
        const level = getPath(props, ["metadata", "labels", enforceLabel]);
        const rank = podSecurityLevels.indexOf(level as PodSecurityLevel);
        if (rank < podSecurityLevels.indexOf(minimumLevel)) {
            report(
                `${kindOf(args.type)} "${name}" ${level === undefined ? `has no ${enforceLabel} label` : `enforces ${show(level)}`}, below the "${minimumLevel}" Pod Security Standard: label it ${enforceLabel}: ${minimumLevel === "baseline" ? "restricted (or baseline)" : "restricted"}.`,
            );
        }
    }),
    remediationSteps:
        "Label the namespace pod-security.kubernetes.io/enforce: restricted (TenantNamespace does this), or add it to exemptNamespaces if it must run privileged pods.",
    url: "https://kubernetes.io/docs/concepts/security/pod-security-admission/",
};
