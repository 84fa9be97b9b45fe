// Reports of a preflight run: text shaped like the policy section of `pulumi preview`,
// JSON (see report.schema.json) and SARIF 2.1.0 for code-scanning upload.
import * as path from "path";
import * as url from "url";
import type * as sarif from "sarif";
import { PreflightResult, Violation } from "./preflight";
import { displayPath } from "./project";

export type Format = "text" | "json" | "sarif";
export const formats: Format[] = ["text", "json", "sarif"];

export interface Counts {
    resources: number;
    policies: number;
    violations: { mandatory: number; advisory: number; exempted: number };
}

const isBlocking = (v: Violation) =>
    v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate";

/** Whether a violation is one the policy-exemptions config accepted (policypack/lib/exemptions.ts). */
export const isExempted = (v: Violation) =>
    v.policyName === "policy-exemptions" && messageOf(v).startsWith("Exempted (");

export function counts(r: PreflightResult): Counts {
    const mandatory = r.violations.filter(isBlocking).length;
    const exempted = r.violations.filter(isExempted).length;
    return {
        resources: r.resources,
        policies: r.pack.policies.length,
        violations: { mandatory, advisory: r.violations.length - mandatory - exempted, exempted },
    };
}

/** Whether the verdict passes: no mandatory violation. */
export function passes(r: PreflightResult): boolean {
    return counts(r).violations.mandatory === 0;
}

/** The violation's own text, without the policy description the SDK puts first. */
export function messageOf(v: Violation): string {
    return v.description && v.message.startsWith(`${v.description}\n`)
        ? v.message.slice(v.description.length + 1)
        : v.message;
}

function configLabel(r: PreflightResult): string {
    return r.configFile ? displayPath(r.configFile) : "none (schema defaults)";
}

export function renderText(r: PreflightResult): string {
    const c = counts(r);
    const lines = [
        `Preflight of ${r.project.name} (stack ${r.project.stack}): ${c.resources} resources, ${c.policies} policies, ` +
            `${c.violations.mandatory} mandatory and ${c.violations.advisory} advisory violations` +
            (c.violations.exempted > 0 ? `, ${c.violations.exempted} exempted` : ""),
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
            `        - [${found[0].enforcementLevel}]  ${policy.name}  (${found.length} violation${found.length === 1 ? "" : "s"})`,
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
    lines.push(
        "",
        passes(r)
            ? "Verdict: pass (no mandatory violations)"
            : `Verdict: fail (${c.violations.mandatory} mandatory violations)`,
    );
    return lines.join("\n");
}

export function renderJson(r: PreflightResult): string {
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
        violations: r.violations.map((v) => ({
            policy: v.policyName,
            level: v.enforcementLevel,
            severity: v.severity,
            urn: v.urn,
            resourceType: v.resourceType,
            resourceName: v.resourceName,
            message: messageOf(v),
            location: v.location ?? null,
        })),
    };
    return JSON.stringify(report, null, 2);
}

const sarifLevels: Record<string, sarif.ReportingConfiguration.level> = {
    mandatory: "error",
    remediate: "error",
    advisory: "warning",
    disabled: "none",
};

/** GitHub code scanning's 0-10 `security-severity`, from a policy's severity. */
export const securitySeverity: Record<string, string> = {
    critical: "9.5",
    high: "8.0",
    medium: "5.5",
    low: "3.0",
};

export function renderSarif(r: PreflightResult): string {
    const rules: sarif.ReportingDescriptor[] = r.pack.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        help: {
            text: p.remediationSteps || p.description,
            markdown: [
                `**${p.name}** (${p.enforcementLevel}, ${p.severity || "no"} severity)`,
                "",
                p.description,
                "",
                `**Fix:** ${p.remediationSteps || "see the policy's description."}`,
                ...(p.url ? ["", `[Guidance](${p.url})`] : []),
            ].join("\n"),
        },
        ...(p.url ? { helpUri: p.url } : {}),
        defaultConfiguration: { level: sarifLevels[p.enforcementLevel] ?? "warning" },
        properties: {
            enforcementLevel: p.enforcementLevel,
            severity: p.severity,
            ...(securitySeverity[p.severity]
                ? { "security-severity": securitySeverity[p.severity] }
                : {}),
            tags: ["security", "pulumi", "crossguard"],
        },
    }));
    const index = new Map(rules.map((rule, i) => [rule.id, i]));
    const main = path.relative(r.project.dir, r.project.main).split(path.sep).join("/");
    const results: sarif.Result[] = r.violations.map((v) => ({
        ruleId: v.policyName,
        ruleIndex: index.get(v.policyName),
        level: sarifLevels[v.enforcementLevel] ?? "warning",
        message: { text: messageOf(v) },
        locations: [
            {
                physicalLocation: {
                    artifactLocation: { uri: v.location?.file ?? main, uriBaseId: "%SRCROOT%" },
                    region: v.location
                        ? { startLine: v.location.line, startColumn: v.location.column }
                        : { startLine: 1 },
                },
                logicalLocations: [
                    {
                        fullyQualifiedName: v.urn || `${r.project.name}:${r.project.stack}`,
                        kind: "resource",
                    },
                ],
            },
        ],
        partialFingerprints: { "pulumiUrnAndPolicy/v1": `${v.policyName}|${v.urn}` },
    }));
    const log: sarif.Log = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: "hardened-eks preflight",
                        semanticVersion: r.pack.version,
                        informationUri: "https://github.com/pulumi/pulumi-policy",
                        rules,
                    },
                },
                originalUriBaseIds: {
                    "%SRCROOT%": { uri: url.pathToFileURL(r.project.dir + path.sep).href },
                },
                invocations: [{ executionSuccessful: true, exitCode: passes(r) ? 0 : 1 }],
                automationDetails: { id: `preflight/${r.project.name}/${r.project.stack}/` },
                results,
            },
        ],
    };
    return JSON.stringify(log, null, 2);
}

/**
 * The document of a run that gave no verdict (exit 2), so that a step that uploads or parses
 * the report still gets a valid one, which says the run failed: JSON with verdict "error";
 * SARIF with no results and `executionSuccessful: false`, the error as a notification.
 */
export function renderError(error: string, format: "json" | "sarif"): string {
    if (format === "json") {
        return JSON.stringify({ version: 1, verdict: "error", error }, null, 2);
    }
    const log: sarif.Log = {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: "hardened-eks preflight", rules: [] } },
                invocations: [
                    {
                        executionSuccessful: false,
                        exitCode: 2,
                        toolExecutionNotifications: [{ level: "error", message: { text: error } }],
                    },
                ],
                results: [],
            },
        ],
    };
    return JSON.stringify(log, null, 2);
}

export function render(r: PreflightResult, format: Format): string {
    return format === "json" ? renderJson(r) : format === "sarif" ? renderSarif(r) : renderText(r);
}
