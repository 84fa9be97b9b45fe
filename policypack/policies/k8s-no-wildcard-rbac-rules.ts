import { ResourceValidationPolicy } from "@pulumi/policy";
import { parseRules, wildcardFields } from "../lib/rbac-rules";
import { roleTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";

export const k8sNoWildcardRbacRules: ResourceValidationPolicy = {
    name: "k8s-no-wildcard-rbac-rules",
    description:
        'Checks that Roles and ClusterRoles list explicit verbs, resources and API groups instead of "*".',
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: validateTypes(roleTypes, (props, subject, report) => {
        parseRules(props.rules).forEach((rule, index) => {
            const fields = wildcardFields(rule);
            if (fields.length > 0) {
                report(
                    `${subject} rules[${index}] has "*" in ${fields.join(", ")}: list the verbs, resources and API groups needed.`,
                );
            }
        });
    }),
    remediationSteps:
        'Replace "*" with explicit verbs (get, list, watch, ...), resources and API groups.',
    url: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
};
