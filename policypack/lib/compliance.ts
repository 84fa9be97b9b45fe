// Each policy's controls (lib/controls.ts) as the metadata @pulumi/policy's Policy carries
// (policy.d.ts: `displayName`, `framework`, `tags`), which GetAnalyzerInfo sends the engine
// and preflight puts in JSON and SARIF. One framework per policy: the CIS benchmark where it
// names recommendations, else Security Hub; every control is also a tag.
import { Policy, PolicyComplianceFramework } from "@pulumi/policy";
import {
    cisEksBenchmark,
    cisRecommendations,
    policyControls,
    PolicyControls,
    securityHub,
    securityHubControls,
} from "./controls";

export interface ComplianceMetadata {
    displayName: string;
    framework?: PolicyComplianceFramework;
    tags: string[];
}

/** `CIS Amazon EKS Benchmark 1.8.0: 5.3.1`, the form preflight labels a framework with. */
const label = (framework: { name: string; version: string }, id: string) =>
    `${[framework.name, framework.version].filter((s) => s !== "").join(" ")}: ${id}`;

/** The metadata of one entry of lib/controls.ts. */
export function complianceMetadata(controls: PolicyControls): ComplianceMetadata {
    const cis = controls.cis.map((id) => ({ id, title: cisRecommendations[id].title }));
    const hub = controls.securityHub.map((id) => ({ id, title: securityHubControls[id].title }));
    const [framework, items] = cis.length > 0 ? [cisEksBenchmark, cis] : [securityHub, hub];
    return {
        displayName: controls.displayName,
        ...(items.length > 0
            ? {
                  framework: {
                      name: framework.name,
                      version: framework.version,
                      reference: items.map((c) => c.id).join(", "),
                      specification: items.map((c) => c.title).join("; "),
                  },
              }
            : {}),
        tags: [
            ...cis.map((c) => label(cisEksBenchmark, c.id)),
            ...hub.map((c) => label(securityHub, c.id)),
        ],
    };
}

/** The policies, each with its controls' metadata; one with no entry is left as it is. */
export function withControls<P extends Policy>(policies: P[]): P[] {
    return policies.map((policy) => {
        const controls = policyControls[policy.name];
        return controls ? { ...policy, ...complianceMetadata(controls) } : policy;
    });
}
