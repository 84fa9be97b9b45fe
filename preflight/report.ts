// Reports of a preflight run: text shaped like the policy section of `pulumi preview`,
// JSON (see report.schema.json) and SARIF 2.1.0 for code-scanning upload (sarif.ts).
import type { PolicyDescription } from "./analyzer-client";
import { counts, findingFingerprints, messageOf, passes } from "./findings";
import { PreflightResult } from "./preflight";
import { displayPath } from "./project";
import { renderSarif, renderSarifError } from "./sarif";

export { counts, isExempted, messageOf, passes } from "./findings";
export type { Counts } from "./findings";
export { renderSarif } from "./sarif";

export type Format = "text" | "json" | "sarif";
export const formats: Format[] = ["text", "json", "sarif"];

function configLabel(r: PreflightResult): string {
    return r.configFile ? displayPath(r.configFile) : "none (schema defaults)";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function renderText(r: PreflightResult): string {
    const c = counts(r);
    const lines = [
        `Preflight of ${r.project.name} (stack ${r.project.stack}): ${c.resources} resources, ${c.policies} policies, ` +
            `${c.violations.mandatory} mandatory and ${c.violations.advisory} advisory violations` +
            (c.violations.exempted > 0 ? `, ${c.violations.exempted} exempted` : "") +
            (r.notes.length > 0 ? `, ${plural(r.notes.length, "note")}` : ""),
        `Policy pack: ${r.pack.name}@v${r.pack.version} (${displayPath(r.pack.dir)})`,
        `Policy config: ${configLabel(r)}`,
        "",
        "Policies:",
        `    ${passes(r) ? "✅" : "❌"} ${r.pack.name}@v${r.pack.version} (local: ${displayPath(r.pack.dir)})`,
    ];
    for (const policy of r.pack.policies) {
        const found = r.violations.filter((v) => v.policyName === policy.name);
        if (found.length === 0) {
            continue;
        }
        lines.push(
            `        - [${found[0].enforcementLevel}]  ${policy.name}  (${plural(found.length, "violation")})`,
        );
        lines.push(`          ${policy.description}`);
        for (const v of found) {
            lines.push(`          ${v.urn || "(stack)"}`);
            lines.push(
                ...messageOf(v)
                    .split("\n")
                    .map((l) => `            ${l}`),
            );
        }
    }
    if (r.notes.length > 0) {
        lines.push("", "Notes (what preflight did not check; not policy violations):");
        for (const n of r.notes) {
            lines.push(`    - [${n.id}]  ${n.urn}`, `        ${n.message}`);
        }
    }
    lines.push(
        "",
        passes(r)
            ? "Verdict: pass (no mandatory violations)"
            : `Verdict: fail (${c.violations.mandatory} mandatory violations)`,
    );
    return lines.join("\n");
}

/** A policy as GetAnalyzerInfo described it, its level as configured for this run. */
function policyJson(p: PolicyDescription) {
    return {
        name: p.name,
        displayName: p.displayName,
        description: p.description,
        enforcementLevel: p.enforcementLevel,
        severity: p.severity,
        framework: p.framework ?? null,
        tags: p.tags,
        remediationSteps: p.remediationSteps,
        url: p.url,
        policyType: p.policyType,
    };
}

export function renderJson(r: PreflightResult): string {
    const policies = new Map(r.pack.policies.map((p) => [p.name, p]));
    const prints = findingFingerprints(r);
    const report = {
        version: 1,
        project: {
            name: r.project.name,
            stack: r.project.stack,
            dir: r.project.dir,
            main: r.project.main,
        },
        policyPack: { name: r.pack.name, version: r.pack.version, dir: r.pack.dir },
        policyConfig: r.configFile ?? null,
        counts: counts(r),
        verdict: passes(r) ? "pass" : "fail",
        violations: r.violations.map((v, i) => {
            const policy = policies.get(v.policyName);
            return {
                policy: v.policyName,
                level: v.enforcementLevel,
                severity: v.severity,
                urn: v.urn,
                resourceType: v.resourceType,
                resourceName: v.resourceName,
                message: messageOf(v),
                location: v.location ?? null,
                // The fields of the CLI's policy events (apitype.PolicyEvent), under their names.
                policyName: v.policyName,
                policyPackName: v.policyPackName,
                policyPackVersion: v.policyPackVersion,
                enforcementLevel: v.enforcementLevel,
                resourceUrn: v.urn,
                framework: policy?.framework ?? null,
                tags: policy?.tags ?? [],
                fingerprint: prints.violations[i],
            };
        }),
        notes: r.notes.map((n, i) => ({
            id: n.id,
            urn: n.urn,
            resourceType: n.resourceType,
            resourceName: n.resourceName,
            message: n.message,
            location: n.location ?? null,
            fingerprint: prints.notes[i],
        })),
        policies: r.pack.policies.map(policyJson),
    };
    return JSON.stringify(report, null, 2);
}

/**
 * The document of a run that gave no verdict (exit 2), so that a step that uploads or parses
 * the report still gets a valid one, which says the run failed: JSON with verdict "error";
 * SARIF with no results and `executionSuccessful: false`, the error as a notification.
 */
export function renderError(error: string, format: "json" | "sarif"): string {
    return format === "json"
        ? JSON.stringify({ version: 1, verdict: "error", error }, null, 2)
        : renderSarifError(error);
}

export function render(r: PreflightResult, format: Format): string {
    return format === "json" ? renderJson(r) : format === "sarif" ? renderSarif(r) : renderText(r);
}
