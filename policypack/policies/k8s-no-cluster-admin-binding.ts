import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { subjectMayBecome } from "../lib/aws-auth";
import { bindingSubjects, subjectKey } from "../lib/rbac";
import { systemMasters } from "../lib/rbac-escalation-powers";
import { BindingNode, bindingSubjectKey, RbacGraph, stackSource } from "../lib/rbac-graph";
import { identityKeys } from "../lib/rbac-identity";
import { Finding, isUnknownSubject, showFinding, showFindings, through } from "../lib/rbac-grants";
import { PowerJudge } from "../lib/rbac-powers";
import { bindingTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";

export interface K8sNoClusterAdminBindingConfig {
    allowedSubjects: string[];
}

const fix = "bind a Role with the verbs and resources the subject needs, in its namespace";

/** The powers a binding gives its subject: each power once, named with its path through the binding. */
function powersThrough(
    judge: PowerJudge,
    binding: BindingNode,
    subject: BindingNode["subjects"][0],
): Finding[] {
    const seen = new Set<string>();
    return judge.findings(judge.holderOf(subject, binding)).filter((f) => {
        const once = f.power.check === "privileged-namespace" ? f.power.id : f.what;
        if (!through(f, binding) || seen.has(once)) {
            return false;
        }
        seen.add(once);
        return true;
    });
}

/**
 * The resource a binding's violation belongs to: the binding, or for one of Kubernetes' own
 * bindings the stack resource that gives it the power (`stackSource`: a Patch that adds the
 * subject or writes a rule into its role, a stack role its role aggregates); none for
 * Kubernetes' own alone.
 */
function responsible(binding: BindingNode, findings: Finding[]): string | undefined {
    if (binding.source !== "default") {
        return binding.source;
    }
    for (const f of findings) {
        for (const g of f.parts.flatMap((p) => p.grants)) {
            const urn = g.path.binding === binding ? stackSource(g.path) : undefined;
            if (urn) {
                return urn;
            }
        }
    }
    return undefined;
}

export const k8sNoClusterAdminBinding: ResourceValidationPolicy & StackValidationPolicy = {
    name: "k8s-no-cluster-admin-binding",
    description:
        "Checks that no binding or EKS access policy gives a subject cluster-admin-equivalent power: any escalation power of Kubernetes' RBAC good practices and the CIS EKS Benchmark 4.1 (every verb on every resource; impersonation; bind or escalate with the write they unlock; admission webhooks and policies; nodes/proxy; client certificates; PersistentVolumes with pods; namespace relabelling; pods, exec, tokens, Secrets or impersonation in a namespace holding a more powerful service account, kube-system always; the aws-auth ConfigMap; grants to unauthenticated callers), or the system:masters group.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            allowedSubjects: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'Break-glass subjects that may hold such power: "Group:<name>", "User:<name>", "ServiceAccount:<namespace>:<name>" or "IAM:<principal ARN>". An IAM principal mapped into an allowed group or user is reported unless it is listed too.',
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
                report(`${subject} binds group "${s.name}", which ${systemMasters.what}: ${fix}.`);
            }
        }
    }),
    // Every other power depends on the role, its aggregation, Kubernetes' defaults and the
    // subject's other bindings: judged on the stack's RBAC graph.
    validateStack: (args, report) => {
        const { allowedSubjects } = args.getConfig<K8sNoClusterAdminBindingConfig>();
        const graph = RbacGraph.fromResources(args.resources);
        const judge = new PowerJudge(graph);
        const allowedPowers = new Map<string, Finding>();
        for (const binding of graph.bindings) {
            // AmazonEKSClusterAdminPolicy is judged by eks-no-unlisted-cluster-admin against
            // its own list of admins.
            if (
                binding.kind === "AccessPolicyAssociation" &&
                binding.roleRef.name === "cluster-admin"
            ) {
                continue;
            }
            // Subjects given the same powers are named in one message, on the resource that
            // gives them: for Kubernetes' own binding, the stack resource each subject's power
            // is owed to (none: Kubernetes' defaults alone, not reported).
            const bySubjects = new Map<string, { subjects: Set<string>; urn?: string }>();
            for (const s of binding.subjects) {
                const key = isUnknownSubject(s)
                    ? "a subject unknown until deploy"
                    : bindingSubjectKey(s, binding);
                const findings = powersThrough(judge, binding, s);
                if (findings.length === 0) {
                    continue;
                }
                if (!isUnknownSubject(s) && allowedSubjects.includes(key)) {
                    allowedPowers.set(key, findings[0]);
                    continue;
                }
                const urn = responsible(binding, findings);
                if (urn === undefined) {
                    continue;
                }
                const text = showFindings(findings, binding);
                const entry = bySubjects.get(`${urn}\n${text}`) ?? { subjects: new Set(), urn };
                entry.subjects.add(key);
                bySubjects.set(`${urn}\n${text}`, entry);
            }
            for (const [id, { subjects, urn }] of bySubjects) {
                const text = id.slice(id.indexOf("\n") + 1);
                const scope = binding.namespaces
                    ? ` in namespace ${binding.namespaces.join(", ")}`
                    : "";
                report(
                    `${binding.kind} "${binding.name}"${scope} gives ${[...subjects].join(", ")} cluster-admin-equivalent power: ${text}: ${fix}.`,
                    urn,
                );
            }
        }
        // An allowed group or user is no break-glass when any IAM principal can be mapped into it,
        // or render its mapping into it from the session name it chooses (subjectMayBecome).
        for (const m of graph.iamMappings()) {
            const principal = `IAM:${m.arn}`;
            const mapped = [
                ...m.groups.map((g) => `Group:${g}`),
                ...(m.username ? [`User:${m.username}`] : []),
            ];
            const [template, into] =
                mapped
                    .map((t) => [t, [...allowedPowers.keys()].find((k) => subjectMayBecome(t, k))])
                    .find(([, k]) => k !== undefined) ?? [];
            if (into && !allowedSubjects.includes(principal)) {
                report(
                    `${principal} is mapped into ${template === into ? into : `${template}, which the session name it chooses may render as ${into}`}, which allowedSubjects lets hold cluster-admin-equivalent power (${showFinding(allowedPowers.get(into)!)}): list "${principal}" in allowedSubjects too if it is a break-glass principal, or map it to a group without that power.`,
                    m.source,
                );
            }
        }
        // An IAM principal mapped to one of Kubernetes' own users or groups holds what Kubernetes
        // binds to it (system:kube-controller-manager: every Secret, every service account
        // token); the bindings are Kubernetes', the mapping the stack's. system:masters is
        // eks-no-unlisted-cluster-admin's.
        const defaults = graph.bindings.filter((b) => b.source === "default");
        for (const m of graph.iamMappings()) {
            const principal = `IAM:${m.arn}`;
            // The keys its user name and groups answer to: system:serviceaccount:<ns>:<name> is
            // that service account (identityKeys).
            const { keys: mapped } = identityKeys({
                label: principal,
                user: m.username,
                groups: m.groups,
            });
            for (const binding of allowedSubjects.includes(principal) ? [] : defaults) {
                for (const s of binding.subjects) {
                    const key = bindingSubjectKey(s, binding);
                    const template = mapped.find((t) => subjectMayBecome(t, key));
                    const findings =
                        template && key !== "Group:system:masters"
                            ? powersThrough(judge, binding, s)
                            : [];
                    if (findings.length > 0) {
                        const into =
                            template === key
                                ? key
                                : `${template}, which the session name it chooses may render as ${key}`;
                        report(
                            `${principal} is mapped into ${into}, which Kubernetes' own ${binding.kind} "${binding.name}" gives cluster-admin-equivalent power: ${showFindings(findings, binding)}: map it to a user name and groups of its own, bound to what it needs, or list "${principal}" in allowedSubjects if it is a break-glass principal.`,
                            m.source,
                        );
                    }
                }
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
        "Bind a namespaced Role listing explicit verbs and resources; never bind cluster-admin, admin or edit cluster-wide, admin or edit in kube-system or in a namespace whose service accounts hold more power, or system:masters. List break-glass subjects (and the IAM principals mapped into them) in allowedSubjects, or exempt one binding with its reason in policy-exemptions.",
    url: "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
};
