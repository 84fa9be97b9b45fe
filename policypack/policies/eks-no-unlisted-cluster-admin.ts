import { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { awsAuthNamespace, groupMayBecome, Mapping, mappings } from "../lib/aws-auth";
import {
    accessPolicyAssociation,
    awsEksCluster,
    configMapTypes,
    eksComponentCluster,
} from "../lib/types";
import { validateTypes } from "../lib/validation";
import { isRecord, text } from "../lib/values";

export interface EksNoUnlistedClusterAdminConfig {
    allowedAdminPrincipalArns: string[];
}

const clusterAdminPolicy =
    /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/;
const fix =
    "grant a scoped access policy or RBAC role, or list the principal in allowedAdminPrincipalArns";

export const eksNoUnlistedClusterAdmin: ResourceValidationPolicy = {
    name: "eks-no-unlisted-cluster-admin",
    description:
        "Checks that EKS cluster admin is granted outside RBAC (system:masters mappings, AmazonEKSClusterAdminPolicy, the bootstrap cluster-creator admin) only to listed principals.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            allowedAdminPrincipalArns: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "IAM principal ARNs that may be EKS cluster admins.",
            },
        },
    },
    validateResource: validateTypes(
        [awsEksCluster, eksComponentCluster, accessPolicyAssociation, ...configMapTypes],
        (props, subject, report, args) => {
            const { allowedAdminPrincipalArns: allowed } =
                args.getConfig<EksNoUnlistedClusterAdminConfig>();
            const mastersOf = (found: Mapping[] | string) =>
                reportMasters(found, allowed, subject, report);
            switch (args.type) {
                case awsEksCluster: {
                    const access = isRecord(props.accessConfig) ? props.accessConfig : {};
                    if (access.bootstrapClusterCreatorAdminPermissions !== false) {
                        report(
                            `${subject} makes whoever creates it a permanent hidden cluster admin (accessConfig.bootstrapClusterCreatorAdminPermissions is ${access.bootstrapClusterCreatorAdminPermissions === undefined ? "unset, which means true" : "true"}): set it to false and grant admins through access entries.`,
                        );
                    }
                    return;
                }
                case eksComponentCluster: {
                    mastersOf(mappings("roleMappings", "roleArn", props.roleMappings));
                    mastersOf(mappings("userMappings", "userArn", props.userMappings));
                    const entries = isRecord(props.accessEntries) ? props.accessEntries : {};
                    for (const [key, entry] of Object.entries(entries)) {
                        const e = isRecord(entry) ? entry : {};
                        const policies = isRecord(e.accessPolicies)
                            ? Object.values(e.accessPolicies)
                            : [];
                        const admin = policies.some(
                            (p) => isRecord(p) && clusterAdminPolicy.test(text(p.policyArn)),
                        );
                        if (admin && !allowed.includes(text(e.principalArn))) {
                            report(
                                `${subject} accessEntries "${key}" gives "${text(e.principalArn)}" AmazonEKSClusterAdminPolicy: ${fix}.`,
                            );
                        }
                    }
                    return;
                }
                case accessPolicyAssociation:
                    if (
                        clusterAdminPolicy.test(text(props.policyArn)) &&
                        !allowed.includes(text(props.principalArn))
                    ) {
                        report(
                            `${subject} gives "${text(props.principalArn)}" AmazonEKSClusterAdminPolicy: ${fix}.`,
                        );
                    }
                    return;
                default: {
                    // kube-system/aws-auth, or possibly it: in a provider's namespace not known.
                    const namespace = awsAuthNamespace({
                        type: args.type,
                        name: args.name,
                        urn: args.urn,
                        props,
                        provider: args.provider,
                    });
                    if (namespace === undefined) {
                        return;
                    }
                    const where =
                        namespace === "kube-system"
                            ? subject
                            : `${subject} (in ${namespace}, possibly kube-system)`;
                    const data = isRecord(props.data) ? props.data : {};
                    const masters = (found: Mapping[] | string) =>
                        reportMasters(found, allowed, where, report);
                    masters(mappings("mapRoles", "rolearn", data.mapRoles));
                    masters(mappings("mapUsers", "userarn", data.mapUsers));
                }
            }
        },
    ),
    remediationSteps:
        "Use EKS access entries with scoped access policies or Kubernetes RBAC groups; set bootstrapClusterCreatorAdminPermissions to false; list deliberate admins in allowedAdminPrincipalArns.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html",
};

function reportMasters(
    found: Mapping[] | string,
    allowed: string[],
    subject: string,
    report: ReportViolation,
): void {
    if (typeof found === "string") {
        report(`${subject}: ${found}: write the mappings as a YAML list.`);
        return;
    }
    for (const m of found.filter((m) => !allowed.includes(m.arn))) {
        // A group is a template: `system:{{SessionName}}` is system:masters to a caller who
        // names its session `masters` (groupMayBecome).
        const template = m.groups.includes("system:masters")
            ? undefined
            : m.groups.find((g) => groupMayBecome(g, "system:masters"));
        if (m.groups.includes("system:masters") || template !== undefined) {
            const to =
                template === undefined
                    ? "system:masters"
                    : `group "${template}", system:masters to a caller that chooses its role session name`;
            report(`${subject} ${m.where} maps "${m.arn}" to ${to}, which bypasses RBAC: ${fix}.`);
        }
    }
}
