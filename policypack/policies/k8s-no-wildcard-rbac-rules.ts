import { ResourceValidationPolicy } from "@pulumi/policy";
import { wildcardRules } from "../lib/rbac";
import { roleTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";

export const k8sNoWildcardRbacRules: ResourceValidationPolicy = {
    name: "k8s-no-wildcard-rbac-rules",
    description:
        'Checks that Roles and ClusterRoles list explicit verbs, resources and API groups instead of "*".',
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: validateTypes(roleTypes, (props, subject, report) => {
        for (const { index, fields } of wildcardRules(props.rules)) {
            report(
                `${subject} rules[${index}] has "*" in ${fields.join(", ")}: list the verbs, resources and API groups needed.`,
            );
        }
    }),
    remediationSteps:
        'Replace "*" with explicit verbs (get, list, watch, ...), resources and API groups.',
    url: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
};
