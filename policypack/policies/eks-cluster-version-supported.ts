import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksVersionCalendarRead, eksVersionCalendarUrl } from "../lib/eks-versions";
import {
    calendarDate,
    parseMinorVersion,
    resolveDay,
    standardSupportVersions,
    versionSupport,
} from "../lib/eks-version-support";
import { eksClusterTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { show } from "../lib/values";

export interface EksClusterVersionSupportedConfig {
    asOf: string;
}

export const eksClusterVersionSupported: ResourceValidationPolicy = {
    name: "eks-cluster-version-supported",
    description:
        "Checks that EKS clusters run a Kubernetes version in EKS standard support on the day of the run, by the EKS release calendar.",
    // Advisory: an upgrade is planned work, not something a preview should block.
    enforcementLevel: "advisory",
    severity: "high",
    configSchema: {
        properties: {
            asOf: {
                type: "string",
                pattern: "^(today|[0-9]{4}-[0-9]{2}-[0-9]{2})$",
                default: "today",
                description:
                    'The day to judge support on: "today" (the day of the run, UTC) or a date such as "2027-01-31", to see what a later run will say.',
            },
        },
    },
    validateResource: validateTypes(eksClusterTypes, (props, subject, report, args) => {
        const { asOf } = args.getConfig<EksClusterVersionSupportedConfig>();
        const day = resolveDay(asOf);
        if (day === undefined) {
            report(
                `${subject} could not be judged: this policy's asOf config is ${show(asOf)}, which is neither "today" nor a date (YYYY-MM-DD): fix it in the policy config.`,
            );
            return;
        }
        const version = props.version;
        if (version === undefined || version === null || version === "") {
            report(
                `${subject} sets no Kubernetes version: EKS creates it on its default version of the day and keeps it there, so the program does not say which version runs or when its support ends: set version to a version in EKS standard support.`,
            );
            return;
        }
        const minor = typeof version === "string" ? parseMinorVersion(version) : undefined;
        if (minor === undefined) {
            report(
                `${subject} has version ${show(version)}, which is not a Kubernetes minor version as EKS takes it: set version to "<major>.<minor>", e.g. "1.34".`,
            );
            return;
        }
        const problem = supportProblem(minor, day);
        if (problem) {
            report(`${subject} runs Kubernetes ${version as string}, ${problem}`);
        }
    }),
    remediationSteps:
        "Upgrade the cluster one minor version at a time to a version in EKS standard support (the control plane first, then add-ons and nodes), and set version in the program so the next check can see it.",
    url: eksVersionCalendarUrl,
};

/** What is wrong with `version` on `day`, from `which` on; `undefined` when in standard support. */
function supportProblem(version: [number, number], day: string): string | undefined {
    const support = versionSupport(version, day);
    const standard = standardSupportVersions(day);
    const upgrade =
        standard.length > 0
            ? `upgrade to ${standard.slice(0, -1).join(", ")}${standard.length > 1 ? " or " : ""}${standard[standard.length - 1]}, in standard support`
            : "upgrade to a version in standard support";
    switch (support.status) {
        case "standard":
            return undefined;
        case "unreleased":
            return `which EKS released only on ${calendarDate(support.row.eksRelease)}: check the policy's asOf config.`;
        case "extended":
            return `which left EKS standard support on ${calendarDate(support.row.endOfStandardSupport)} and is in extended support, at an extra cost per cluster hour, until ${calendarDate(support.row.endOfExtendedSupport)}, when EKS upgrades the control plane itself: ${upgrade}.`;
        case "ended":
            return `whose EKS extended support ended on ${calendarDate(support.row.endOfExtendedSupport)}: EKS creates no cluster on it and upgrades existing control planes itself, at a time it does not announce: ${upgrade}.`;
        case "not-standard":
            return `which is older than ${support.newer.version}, out of EKS standard support since ${calendarDate(support.newer.endOfStandardSupport)}, so it is out of standard support too: ${upgrade}.`;
        case "ended-before":
            return `which is older than ${support.newer.version}, whose EKS extended support ended on ${calendarDate(support.newer.endOfExtendedSupport)}, so EKS no longer supports it at all: ${upgrade}.`;
        case "unknown":
            return `which is not in the pack's EKS release calendar (read ${eksVersionCalendarRead}${support.older ? `; ${support.older.version}, the newest before it, left standard support on ${calendarDate(support.older.endOfStandardSupport)}` : ""}), so this policy cannot tell whether it is in standard support: check ${eksVersionCalendarUrl} and add its row to policypack/lib/eks-versions.ts.`;
    }
}
