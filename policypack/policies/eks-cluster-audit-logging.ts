import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksClusterSettings } from "../lib/eks";
import { eksClusterTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { asArray, show } from "../lib/values";

export interface EksClusterAuditLoggingConfig {
    requiredLogTypes: string[];
}

export const eksClusterAuditLogging: ResourceValidationPolicy = {
    name: "eks-cluster-audit-logging",
    description:
        "Checks that EKS clusters send their audit log (and any other required control-plane logs) to CloudWatch.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            requiredLogTypes: {
                type: "array",
                items: {
                    type: "string",
                    enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                },
                default: ["audit"],
                description:
                    "Control-plane log types every cluster must enable (exact case, as EKS spells them).",
            },
        },
    },
    validateResource: validateTypes(eksClusterTypes, (props, subject, report, args) => {
        const { requiredLogTypes } = args.getConfig<EksClusterAuditLoggingConfig>();
        const settings = eksClusterSettings(args.type, props);
        const enabled = asArray(settings.logTypes) ?? [];
        const missing = requiredLogTypes.filter((t) => !enabled.includes(t));
        if (missing.length > 0) {
            report(
                `${subject} does not send ${missing.map((t) => `"${t}"`).join(", ")} logs to CloudWatch (${settings.logTypesField} is ${show(settings.logTypes)}): add ${missing.map((t) => `"${t}"`).join(", ")} to ${settings.logTypesField}.`,
            );
        }
    }),
    remediationSteps:
        'Set enabledClusterLogTypes to include "audit" (HardenedCluster enables all five types).',
    url: "https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",
};
