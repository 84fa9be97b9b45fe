import { ResourceValidationPolicy } from "@pulumi/policy";
import { getPath } from "../lib/k8s";
import { podSpecPaths } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { isRecord } from "../lib/values";

export const k8sNoDefaultServiceAccount: ResourceValidationPolicy = {
    name: "k8s-no-default-service-account",
    description:
        "Checks that pods and workload templates do not run as the default service account with its API token mounted.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: validateTypes(Object.keys(podSpecPaths), (props, subject, report, args) => {
        const path = podSpecPaths[args.type];
        const spec = getPath(props, path);
        // A patch without a pod spec changes nothing this policy judges.
        if (!isRecord(spec)) {
            if (!args.type.endsWith("Patch")) {
                report(`${subject} has no pod spec at ${path.join(".")}: define one.`);
            }
            return;
        }
        const account = spec.serviceAccountName ?? spec.serviceAccount ?? "default";
        if (account === "default" && spec.automountServiceAccountToken !== false) {
            report(
                `${subject} runs as the "default" service account with its token mounted: set ${path.join(".")}.serviceAccountName to a dedicated service account, or automountServiceAccountToken: false.`,
            );
        }
    }),
    remediationSteps:
        "Give each workload its own ServiceAccount (with IRSA if it calls AWS), and set automountServiceAccountToken: false where it needs no API access.",
    url: "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#disable-auto-mounting-of-service-account-tokens",
};
