import { ResourceValidationPolicy } from "@pulumi/policy";
import { assumedRoleArn, iamRoleArn } from "../lib/eks-identity";
import { bindingSubjects } from "../lib/rbac";
import { bindingTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";

export interface K8sEksSubjectIdentityConfig {
    allowedUsers: string[];
}

const fix =
    "bind the group the role's access entry sets (kubernetesGroups), or the userName it sets";

export const k8sEksSubjectIdentity: ResourceValidationPolicy = {
    name: "k8s-eks-subject-identity",
    description:
        "Checks that bindings name EKS users as EKS authenticates them: no User subject naming an IAM role's ARN (never matched), a session template (never matched), or one assumed-role session (any caller of the role can choose it).",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: {
        properties: {
            allowedUsers: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    'User subjects bound on purpose, e.g. "arn:aws:sts::111122223333:assumed-role/my-kro-role/KRO" (the session name the EKS kro capability sets).',
            },
        },
    },
    // EKS User Guide, "Create access entries": a role's user name is its assumed-role session,
    // `arn:aws:sts::<account>:assumed-role/<name>/{{SessionName}}` (path removed); the session
    // name is the caller's RoleSessionName (aws-iam-authenticator v0.7.18-11-g81b1dab
    // pkg/config/types.go:40-43: "In the case of a role assumed directly with sts:AssumeRole it
    // will be user controlled").
    validateResource: validateTypes(bindingTypes, (props, subject, report, args) => {
        const { allowedUsers } = args.getConfig<K8sEksSubjectIdentityConfig>();
        for (const s of bindingSubjects(props)) {
            if (s.kind !== "User" || allowedUsers.includes(s.name)) {
                continue;
            }
            const role = iamRoleArn(s.name);
            const session = assumedRoleArn(s.name);
            if (role) {
                report(
                    `${subject} binds User "${s.name}", which never matches: EKS authenticates an IAM role as its assumed-role session (arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/<session>), not as the role's ARN: ${fix}.`,
                );
            } else if (session && session.session.includes("{{")) {
                report(
                    `${subject} binds User "${s.name}", which never matches: EKS puts the session's name in place of {{SessionName}} when it authenticates the role: ${fix}.`,
                );
            } else if (session) {
                report(
                    `${subject} binds User "${s.name}", one session of role ${session.role}: whoever assumes the role chooses the session name, so anyone who can assume ${session.role} can be this user: ${fix}.`,
                );
            }
        }
    }),
    remediationSteps:
        "Give the role's access entry kubernetesGroups and bind that group (or the entry's userName); a role's Kubernetes user is its assumed-role session, never its IAM ARN, and its session name is whatever the caller asks for. List users bound on purpose in allowedUsers.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html",
};
