// What every report of a preflight run shares: the counts and verdict, a violation's own text,
// a policy's framework as a label, and a fingerprint per finding that stays the same across runs.
import * as crypto from "crypto";
import type { ComplianceFramework } from "./analyzer-client";
import type { PreflightNote, PreflightResult, Violation } from "./preflight";

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

/**
 * The violation's own text, without the policy description @pulumi/policy puts first
 * (`${description}\n${message}`, server.js reportViolation).
 */
export function messageOf(v: Violation): string {
    return v.description && v.message.startsWith(`${v.description}\n`)
        ? v.message.slice(v.description.length + 1)
        : v.message;
}

/** A policy's framework as one label: `CIS 1.8: 5.3.1`. */
export function frameworkLabel(f: ComplianceFramework): string {
    const named = [f.name, f.version].filter((s) => s !== "").join(" ");
    return f.reference ? (named ? `${named}: ${f.reference}` : f.reference) : named;
}

/**
 * A fingerprint per finding, stable across runs: a hash of what the finding is (the policy or
 * the kind of note, the resource's URN, its message with whitespace collapsed) and how many
 * identical ones came before it. No line or column goes in, so moving the code that makes the
 * resource keeps it; two violations of one policy on one resource (IMDSv1 and the hop limit
 * of one launch template) differ by their messages, so code scanning keeps both alerts.
 */
export function fingerprints(findings: { kind: string; urn: string; message: string }[]): string[] {
    const seen = new Map<string, number>();
    return findings.map((f) => {
        const key = [f.kind, f.urn, f.message.replace(/\s+/g, " ").trim()].join("\n");
        const occurrence = (seen.get(key) ?? 0) + 1;
        seen.set(key, occurrence);
        return crypto
            .createHash("sha256")
            .update(`${key}\n${occurrence}`)
            .digest("hex")
            .slice(0, 32);
    });
}

/** The fingerprints of a run's violations, then of its notes, in report order. */
export function findingFingerprints(r: PreflightResult): { violations: string[]; notes: string[] } {
    const violations = r.violations.map((v) => ({
        kind: `policy:${v.policyName}`,
        urn: v.urn,
        message: messageOf(v),
    }));
    const notes = r.notes.map((n: PreflightNote) => ({
        kind: `note:${n.id}`,
        urn: n.urn,
        message: n.message,
    }));
    const all = fingerprints([...violations, ...notes]);
    return { violations: all.slice(0, violations.length), notes: all.slice(violations.length) };
}
