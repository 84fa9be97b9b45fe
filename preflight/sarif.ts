// The SARIF 2.1.0 report of a preflight run, for GitHub code scanning: one rule per policy
// (with its severity, framework, tags, remediation and URL), one result per violation on the
// line of the user's code that made the resource, and one note-level result per preflight
// note under a rule of its own kind.
import * as path from "path";
import * as url from "url";
import type * as sarif from "sarif";
import type { PolicyDescription } from "./analyzer-client";
import { findingFingerprints, frameworkLabel, messageOf, passes } from "./findings";
import { noteKinds } from "./models";
import type { PreflightResult, SourceLocation } from "./preflight";

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

/** The partial fingerprint's name; its version changes whenever what it hashes does. */
export const fingerprintKey = "pulumiFinding/v1";

/** The rule id of a kind of preflight note, apart from every policy name (kebab-case, no `/`). */
export const noteRuleId = (id: string) => `preflight-note/${id}`;

/** The tags of a policy's rule: ours, the framework as a label, then the pack's own tags. */
function ruleTags(p: PolicyDescription): string[] {
    return [
        ...new Set([
            "security",
            "pulumi",
            "crossguard",
            ...(p.framework ? [frameworkLabel(p.framework)] : []),
            ...p.tags,
        ]),
    ];
}

function policyRule(p: PolicyDescription): sarif.ReportingDescriptor {
    const framework = p.framework
        ? `${frameworkLabel(p.framework)}${p.framework.specification ? ` (${p.framework.specification})` : ""}`
        : undefined;
    return {
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description },
        fullDescription: { text: p.description },
        help: {
            text: [p.remediationSteps || p.description, ...(framework ? [framework] : [])].join(
                "\n",
            ),
            markdown: [
                `**${p.name}** (${p.enforcementLevel}, ${p.severity || "no"} severity)`,
                "",
                p.description,
                "",
                `**Fix:** ${p.remediationSteps || "see the policy's description."}`,
                ...(framework ? ["", `**Framework:** ${framework}`] : []),
                ...(p.tags.length > 0 ? ["", `**Tags:** ${p.tags.join(", ")}`] : []),
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
            ...(p.displayName ? { displayName: p.displayName } : {}),
            ...(p.framework ? { framework: p.framework } : {}),
            tags: ruleTags(p),
        },
    };
}

function noteRule(id: string): sarif.ReportingDescriptor {
    const kind = (noteKinds as Record<string, { title: string; help: string }>)[id] ?? {
        title: "Something preflight did not check",
        help: "See the note's message.",
    };
    return {
        id: noteRuleId(id),
        name: noteRuleId(id),
        shortDescription: { text: kind.title },
        fullDescription: { text: kind.help },
        help: { text: kind.help, markdown: kind.help },
        defaultConfiguration: { level: "note" },
        properties: { tags: ["pulumi", "preflight"] },
    };
}

/** A result's location: the line that made the resource, else the program's main file. */
function locations(
    r: PreflightResult,
    location: SourceLocation | undefined,
    urn: string,
): sarif.Location[] {
    const main = path.relative(r.project.dir, r.project.main).split(path.sep).join("/");
    return [
        {
            physicalLocation: {
                artifactLocation: { uri: location?.file ?? main, uriBaseId: "%SRCROOT%" },
                region: location
                    ? { startLine: location.line, startColumn: location.column }
                    : { startLine: 1 },
            },
            logicalLocations: [
                {
                    fullyQualifiedName: urn || `${r.project.name}:${r.project.stack}`,
                    kind: "resource",
                },
            ],
        },
    ];
}

export function renderSarif(r: PreflightResult): string {
    const noteKindsSeen = [...new Set(r.notes.map((n) => n.id))];
    const rules = [...r.pack.policies.map(policyRule), ...noteKindsSeen.map(noteRule)];
    const index = new Map(rules.map((rule, i) => [rule.id, i]));
    const prints = findingFingerprints(r);
    const results: sarif.Result[] = [
        ...r.violations.map((v, i) => ({
            ruleId: v.policyName,
            ruleIndex: index.get(v.policyName),
            level: sarifLevels[v.enforcementLevel] ?? "warning",
            message: { text: messageOf(v) },
            locations: locations(r, v.location, v.urn),
            partialFingerprints: { [fingerprintKey]: prints.violations[i] },
        })),
        ...r.notes.map((n, i): sarif.Result => ({
            ruleId: noteRuleId(n.id),
            ruleIndex: index.get(noteRuleId(n.id)),
            level: "note",
            message: { text: n.message },
            locations: locations(r, n.location, n.urn),
            partialFingerprints: { [fingerprintKey]: prints.notes[i] },
        })),
    ];
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

/** The SARIF of a run that gave no verdict: no results, `executionSuccessful: false`, the reason. */
export function renderSarifError(error: string): string {
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
