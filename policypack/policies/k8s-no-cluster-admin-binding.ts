import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { bindingSubjects, subjectKey } from "../lib/rbac";
import { bindingSubjectKey, RbacGraph, showRuleOf } from "../lib/rbac-graph";
import { adminPowers, powerThrough } from "../lib/rbac-powers";
import { bindingTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";

export interface K8sNoClusterAdminBindingConfig {
    allowedSubjects: string[];
}

const fix = "bind a Role with the verbs and resources the subject needs, in its namespace";

export const k8sNoClusterAdminBinding: ResourceValidationPolicy & StackValidationPolicy = {
    name: "k8s-no-cluster-admin-binding",
    description:
        "Checks that no binding or EKS access policy gives a subject cluster-admin-equivalent power: every verb on every resource; bind, escalate or impersonate cluster-wide; writes to ClusterRoles, ClusterRoleBindings or ValidatingAdmissionPolicies; pods or pods/exec in kube-system; Secrets in every namespace; or the system:masters group.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            allowedSubjects: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'Break-glass subjects that may hold such power: "Group:<name>", "User:<name>", "ServiceAccount:<namespace>:<name>" or "IAM:<principal ARN>".',
            },
        },
    },
    // system:masters bypasses RBAC whatever role the binding names: judged on the binding alone.
    validateResource: validateTypes(bindingTypes, (props, subject, report, args) => {
        const { allowedSubjects } = args.getConfig<K8sNoClusterAdminBindingConfig>();
        for (const s of bindingSubjects(props)) {
            if (
                s.kind === "Group" &&
                s.name === "system:masters" &&
                !allowedSubjects.includes(subjectKey(s))
            ) {
                report(`${subject} binds group "${s.name}", which bypasses RBAC entirely: ${fix}.`);
            }
        }
    }),
    // Every other power depends on the role, its aggregation and Kubernetes' defaults: judged
    // on the stack's RBAC graph.
    validateStack: (args, report) => {
        const { allowedSubjects } = args.getConfig<K8sNoClusterAdminBindingConfig>();
        const graph = RbacGraph.fromResources(args.resources);
        for (const binding of graph.bindings) {
            // Kubernetes' own bindings, and AmazonEKSClusterAdminPolicy, which
            // eks-no-unlisted-cluster-admin judges against its own list of admins.
            if (
                binding.source === "default" ||
                (binding.kind === "AccessPolicyAssociation" &&
                    binding.roleRef.name === "cluster-admin")
            ) {
                continue;
            }
            const subjects = binding.subjects
                .map((s) => bindingSubjectKey(s, binding))
                .filter((key) => !allowedSubjects.includes(key));
            if (subjects.length === 0) {
                continue;
            }
            // Every verb on every resource implies the rest: then it alone is named.
            const found: string[] = [];
            for (const power of adminPowers) {
                const path = powerThrough(graph, binding, power);
                if (path) {
                    found.push(`${power.what}, through ${showRuleOf(path)}`);
                    if (power === adminPowers[0]) {
                        break;
                    }
                }
            }
            if (found.length > 0) {
                const scope = binding.namespaces
                    ? ` in namespace ${binding.namespaces.join(", ")}`
                    : "";
                report(
                    `${binding.kind} "${binding.name}"${scope} gives ${subjects.join(", ")} cluster-admin-equivalent power: ${found.join("; ")}: ${fix}.`,
                    binding.source,
                );
            }
        }
        // EKS access policies whose permissions the pack does not hold: it cannot judge them.
        for (const u of graph.unknownAccessPolicies) {
            if (!allowedSubjects.includes(`IAM:${u.principal}`)) {
                report(
                    `AccessPolicyAssociation "${u.name}" gives IAM:${u.principal} the EKS access policy ${u.policyArn}, which the pack cannot judge: ${u.reason}: exempt it in policy-exemptions with its reason.`,
                    u.urn,
                );
            }
        }
        graph.unknown.raise();
    },
    remediationSteps:
        "Bind a namespaced Role listing explicit verbs and resources; never bind cluster-admin, admin or edit cluster-wide, admin or edit in kube-system, or system:masters. List break-glass subjects in allowedSubjects, or exempt one binding with its reason in policy-exemptions.",
    url: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
};
