// Exemptions: a reviewed violation is reported as advisory, with its reason, instead of
// blocking, so a platform team can accept one statement without turning a policy off.
//
// The engine gives each policy only its own config, and one enforcement level. So the
// `policy-exemptions` policy holds the list and reports the exempted violations (advisory),
// and every other policy is wrapped to leave out what the list exempts. The wrappers rely on
// the engine running a pack's policies in their order for each resource and for the stack
// (pulumi/pulumi-policy sdk/nodejs/policy/server.ts, `for (const p of policies)`), with
// `policy-exemptions` first: it loads the list before any other policy reports.
import {
    Policy,
    ReportViolation,
    ResourceValidationArgs,
    StackValidationArgs,
} from "@pulumi/policy";
import { statementsNamed } from "./iam-document";
import { globRegex } from "./iam-actions";
import { isRecord, show } from "./values";

/** One entry of the `exemptions` config. */
export interface Exemption {
    /** The resource's name or URN; `*` matches any run of characters. */
    resource: string;
    /** IAM statements, by index or Sid; when given, only violations naming one of them. */
    statements?: (number | string)[];
    /** Policy names; when given, only their violations. */
    policies?: string[];
    /** Why the violation is accepted; required, and shown with it. */
    reason: string;
}

/** The IAM statements a violation is about, handed to the exemptions beside its message. */
export interface ViolationDetail {
    statements: { document: string; index: number; sid?: string }[];
}

/** The side channel on the report `Exemptions.filter` returns; the engine never sees it. */
const detailed = Symbol.for("hardened-eks.violation-detail");

type DetailSink = (message: string, urn: string | undefined, detail: ViolationDetail) => void;

/**
 * Reports `message`; when `report` is the exemptions filter (every report a policy of this
 * pack receives), also hands it `detail`, so that an exemption's `statements` are matched
 * against the statements themselves, never against the message text.
 */
export function reportWithDetail(
    report: ReportViolation,
    message: string,
    detail: ViolationDetail,
    urn?: string,
): void {
    const sink = (report as { [detailed]?: DetailSink })[detailed];
    if (sink) {
        sink(message, urn, detail);
    } else {
        report(message, urn);
    }
}

/** A violation an exemption accepted. */
export interface ExemptedViolation {
    policy: string;
    urn?: string;
    message: string;
    reason: string;
}

/** Why a raw config entry is not an exemption, or `undefined` when it is one. */
function entryProblem(raw: unknown): string | undefined {
    if (!isRecord(raw)) {
        return "it is not an object";
    }
    if (typeof raw.resource !== "string" || raw.resource === "") {
        return "it has no resource (a name or URN, * allowed)";
    }
    if (typeof raw.reason !== "string" || raw.reason.trim() === "") {
        return "it has no reason";
    }
    if (
        raw.statements !== undefined &&
        !(
            Array.isArray(raw.statements) &&
            raw.statements.every((s) => typeof s === "number" || typeof s === "string")
        )
    ) {
        return "its statements are not a list of indexes or Sids";
    }
    if (
        raw.policies !== undefined &&
        !(Array.isArray(raw.policies) && raw.policies.every((p) => typeof p === "string"))
    ) {
        return "its policies are not a list of policy names";
    }
    return undefined;
}

/** The exemptions of one run of the pack, and what they matched. */
export class Exemptions {
    private raw: unknown = undefined;
    private entries: (Exemption | undefined)[] = [];
    private patterns: RegExp[] = [];
    /** Entries that matched a violation, by index. */
    readonly used = new Set<number>();
    /** Exempted violations of resource policies, reported by `policy-exemptions` with the stack. */
    readonly pending: ExemptedViolation[] = [];

    /** Loads the config list (the same list again keeps what has matched). */
    load(raw: unknown): void {
        if (raw === this.raw) {
            return;
        }
        this.raw = raw;
        const list = Array.isArray(raw) ? raw : [];
        this.entries = list.map((e) =>
            entryProblem(e) === undefined ? (e as Exemption) : undefined,
        );
        this.patterns = this.entries.map((e) => globRegex(e?.resource ?? ""));
        this.used.clear();
        this.pending.length = 0;
    }

    /** The malformed entries, each as a message. */
    problems(): string[] {
        if (this.raw === undefined) {
            return [];
        }
        if (!Array.isArray(this.raw)) {
            return [`exemptions ${show(this.raw)} is ignored: it must be a list of entries.`];
        }
        return this.raw.flatMap((entry, i) => {
            const problem = entryProblem(entry);
            return problem
                ? [
                      `exemptions[${i}] ${show(entry)} is ignored because ${problem}: give each entry a resource (its name or URN, * allowed) and a reason, and optionally statements and policies.`,
                  ]
                : [];
        });
    }

    /** The entries that matched no violation, each as a message. */
    stale(): string[] {
        return this.entries.flatMap((entry, i) =>
            entry && !this.used.has(i)
                ? [
                      `exemptions[${i}] ${show(entry)} matched no violation of this stack: remove it, or correct its resource, statements or policies.`,
                  ]
                : [],
        );
    }

    /** Whether some well-formed entry could exempt a violation of `policy`. */
    couldExempt(policy: string): boolean {
        return this.entries.some((e) => e && (!e.policies || e.policies.includes(policy)));
    }

    /** The entry that exempts a violation, or `undefined`. Marks the entry used. */
    match(
        policy: string,
        urn: string | undefined,
        message: string,
        detail?: ViolationDetail,
    ): Exemption | undefined {
        const name = urn?.slice(urn.lastIndexOf("::") + 2);
        const named = detail?.statements ?? statementsNamed(message);
        for (let i = 0; i < this.entries.length; i++) {
            const entry = this.entries[i];
            if (
                !entry ||
                (entry.policies && !entry.policies.includes(policy)) ||
                !(
                    (urn !== undefined && this.patterns[i].test(urn)) ||
                    (name !== undefined && this.patterns[i].test(name)) ||
                    (urn === undefined && entry.resource === "*")
                )
            ) {
                continue;
            }
            if (
                entry.statements &&
                !named.some((s) => entry.statements!.some((e) => e === s.index || e === s.sid))
            ) {
                continue;
            }
            this.used.add(i);
            return entry;
        }
        return undefined;
    }

    /** A report that leaves out exempted violations, handing each to `exempted`. */
    filter(
        policy: string,
        urnOf: (urn?: string) => string | undefined,
        report: ReportViolation,
        exempted: (v: ExemptedViolation) => void,
    ): ReportViolation {
        const handle = (message: string, urn?: string, detail?: ViolationDetail) => {
            const target = urnOf(urn);
            const entry = this.match(policy, target, message, detail);
            if (entry) {
                exempted({ policy, urn: target, message, reason: entry.reason });
            } else {
                report(message, urn);
            }
        };
        const fn: ReportViolation = (message, urn) => handle(message, urn);
        return Object.assign(fn, { [detailed]: handle as DetailSink });
    }
}

/** The message an exempted violation is reported with, as advisory. */
export function exemptedMessage(v: ExemptedViolation): string {
    return `Exempted (${v.reason}): ${v.policy}: ${v.message}`;
}

/** A policy's stack validation. */
export type StackCheck = (
    args: StackValidationArgs,
    report: ReportViolation,
) => Promise<void> | void;

/** A resource validation, one of a policy's. */
export type ResourceCheckFn = (
    args: ResourceValidationArgs,
    report: ReportViolation,
) => Promise<void> | void;

/** Whether a policy has a stack validation. */
export const hasStack = (p: Policy): p is Policy & { validateStack: StackCheck } =>
    typeof (p as { validateStack?: unknown }).validateStack === "function";
