import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { bindingSubjects, grantsEverything, objectMeta, roleRef, subjectKey } from "../lib/rbac";
import { bindingTypes, kindOf, roleTypes } from "../lib/types";
import { judgeEach, validateTypes } from "../lib/validation";

export interface K8sNoClusterAdminBindingConfig {
    allowedSubjects: string[];
}

const fix = "bind a Role with the verbs and resources the subject needs, in its namespace";

export const k8sNoClusterAdminBinding: ResourceValidationPolicy & StackValidationPolicy = {
    name: "k8s-no-cluster-admin-binding",
    description:
        "Checks that no binding grants cluster-admin, binds the system:masters group, or binds a role in the stack that grants every verb on every resource.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            allowedSubjects: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'Break-glass subjects that may hold cluster-admin: "Group:<name>", "User:<name>" or "ServiceAccount:<namespace>:<name>".',
            },
        },
    },
    validateResource: validateTypes(bindingTypes, (props, subject, report, args) => {
        const { allowedSubjects } = args.getConfig<K8sNoClusterAdminBindingConfig>();
        const subjects = bindingSubjects(props).filter(
            (s) => !allowedSubjects.includes(subjectKey(s)),
        );
        const ref = roleRef(props);
        if (ref?.name === "cluster-admin" && subjects.length > 0) {
            report(
                `${subject} binds ${ref.kind || "role"} "cluster-admin" to ${subjects.map(subjectKey).join(", ")}: ${fix}.`,
            );
        }
        for (const s of subjects.filter((s) => s.kind === "Group" && s.name === "system:masters")) {
            report(`${subject} binds group "${s.name}", which bypasses RBAC entirely: ${fix}.`);
        }
    }),
    validateStack: (args, report) => {
        const { allowedSubjects } = args.getConfig<K8sNoClusterAdminBindingConfig>();
        const everything = new Set<string>();
        // Roles first, then bindings; a role or binding unknown during preview is skipped,
        // and named in the advisory, while every other one is judged.
        const roles = args.resources.filter((r) => roleTypes.includes(r.type));
        const bindings = args.resources.filter((r) => bindingTypes.includes(r.type));
        judgeEach([...roles, ...bindings], (r) => {
            if (roleTypes.includes(r.type)) {
                const meta = objectMeta(r.props);
                const kind = kindOf(r.type).replace(/Patch$/, "");
                if (grantsEverything(r.props.rules)) {
                    everything.add(
                        kind === "ClusterRole"
                            ? `ClusterRole/${meta.name ?? r.name}`
                            : `Role/${meta.namespace ?? "default"}/${meta.name ?? r.name}`,
                    );
                }
                return;
            }
            const ref = roleRef(r.props);
            if (!ref || ref.name === "cluster-admin") {
                return;
            }
            const key =
                ref.kind === "ClusterRole"
                    ? `ClusterRole/${ref.name}`
                    : `Role/${objectMeta(r.props).namespace ?? "default"}/${ref.name}`;
            const subjects = bindingSubjects(r.props).filter(
                (s) => !allowedSubjects.includes(subjectKey(s)),
            );
            if (everything.has(key) && subjects.length > 0) {
                report(
                    `${kindOf(r.type)} "${r.name}" binds ${ref.kind} "${ref.name}", which grants every verb on every resource (cluster-admin by another name), to ${subjects.map(subjectKey).join(", ")}: ${fix}.`,
                    r.urn,
                );
            }
        });
    },
    remediationSteps:
        "Bind a namespaced Role listing explicit verbs and resources instead of cluster-admin or a wildcard role; never bind system:masters. List break-glass subjects in allowedSubjects.",
    url: "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
};
