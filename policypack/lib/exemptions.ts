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
import { Glob, globMatcher } from "./iam-actions";
import { isRecord, show } from "./values";

/** One entry of the `exemptions` config. */
export interface Exemption {
    /** The resource's name or URN, matched exactly unless `glob` is true. */
    resource: string;
    /** Whether `resource` is a glob (`*` any run of characters, `?` one) over name and URN. */
    glob?: boolean;
    /** The policies whose violations it accepts; required, each a policy of this pack. */
    policies: string[];
    /** IAM statements, by index or Sid; when given, only violations about one of them. */
    statements?: (number | string)[];
    /** IAM documents (`policy`, `inlinePolicies[1]`, or an inline policy's name); when given, only statements of them. */
    documents?: string[];
    /** Why the violation is accepted; required, and shown with it. */
    reason: string;
    /** Who answers for it; shown with it. */
    owner?: string;
    /** The last day (YYYY-MM-DD, UTC) it exempts; after it the violations are reported again. */
    expires?: string;
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
    owner?: string;
    expires?: string;
}

const isStringList = (v: unknown): v is string[] =>
    Array.isArray(v) && v.every((p) => typeof p === "string");

/** Whether `text` is a calendar date written YYYY-MM-DD. */
function isDate(text: string): boolean {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) {
        return false;
    }
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return date.toISOString().slice(0, 10) === text;
}

/**
 * Why a raw config entry is not an exemption, or `undefined` when it is one. `known` is the
 * pack's policy names, when the pack told them.
 */
function entryProblem(raw: unknown, known: ReadonlySet<string> | undefined): string | undefined {
    if (!isRecord(raw)) {
        return "it is not an object";
    }
    if (typeof raw.resource !== "string" || raw.resource === "") {
        return "it has no resource (a name or URN)";
    }
    if (typeof raw.reason !== "string" || raw.reason.trim() === "") {
        return "it has no reason";
    }
    if (raw.policies === undefined || (Array.isArray(raw.policies) && raw.policies.length === 0)) {
        return 'it has no policies: name the policies it exempts (e.g. "iam-no-wildcard-permissions")';
    }
    if (!isStringList(raw.policies)) {
        return "its policies are not a list of policy names";
    }
    const unknown = known && raw.policies.find((p) => !known.has(p));
    if (unknown !== undefined) {
        return `its policies name ${JSON.stringify(unknown)}, which is not a policy of this pack`;
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
    if (raw.glob !== undefined && typeof raw.glob !== "boolean") {
        return "its glob is not true or false";
    }
    if (raw.expires !== undefined && !(typeof raw.expires === "string" && isDate(raw.expires))) {
        return `its expires ${show(raw.expires)} is not a date written YYYY-MM-DD`;
    }
    if (raw.owner !== undefined && typeof raw.owner !== "string") {
        return "its owner is not a string";
    }
    if (raw.documents !== undefined && !isStringList(raw.documents)) {
        return "its documents are not a list of names";
    }
    return undefined;
}

/**
 * The names a document goes by in an exemption's `documents`: where the statement's
 * violation puts it (`inlinePolicies[1] "deploy"`), its position (`inlinePolicies[1]`) and
 * its inline policy's name (`deploy`).
 */
function documentNames(where: string): string[] {
    const m = /^(\S+) "(.*)"$/.exec(where);
    return m ? [where, m[1], m[2]] : [where];
}

/** The exemptions of one run of the pack, and what they matched. */
export class Exemptions {
    private raw: unknown = undefined;
    private entries: (Exemption | undefined)[] = [];
    private patterns: (Glob | undefined)[] = [];
    /** Entries that matched a violation, by index. */
    readonly used = new Set<number>();
    /** Exempted violations of resource policies, reported by `policy-exemptions` with the stack. */
    readonly pending: ExemptedViolation[] = [];
    /** The pack's policy names; an entry naming another policy is malformed. */
    knownPolicies: ReadonlySet<string> | undefined = undefined;

    /** `now` gives today's date (UTC); tests pass a fixed clock. */
    constructor(private readonly now: () => Date = () => new Date()) {}

    /** Loads the config list (the same list again keeps what has matched). */
    load(raw: unknown): void {
        if (raw === this.raw) {
            return;
        }
        this.raw = raw;
        const list = Array.isArray(raw) ? raw : [];
        this.entries = list.map((e) =>
            entryProblem(e, this.knownPolicies) === undefined ? (e as Exemption) : undefined,
        );
        this.patterns = this.entries.map((e) => (e?.glob ? globMatcher(e.resource) : undefined));
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
            const problem = entryProblem(entry, this.knownPolicies);
            return problem
                ? [
                      `exemptions[${i}] ${show(entry)} is ignored because ${problem}: give each entry a resource (its name or URN), policies and a reason, and optionally glob, statements, documents, owner and expires.`,
                  ]
                : [];
        });
    }

    /** Whether entry `e` has expired: today (UTC) is after its `expires` day. */
    private expired(e: Exemption): boolean {
        return e.expires !== undefined && this.now().toISOString().slice(0, 10) > e.expires;
    }

    /** The expired entries, each as a message (they exempt nothing, and are not also stale). */
    expiredEntries(): string[] {
        return this.entries.flatMap((entry, i) =>
            entry && this.expired(entry)
                ? [
                      `exemptions[${i}]${entry.owner === undefined ? "" : ` (owner ${entry.owner})`} expired on ${entry.expires}: the violations it accepted are reported again: fix them, or renew it with a new date and reason.`,
                  ]
                : [],
        );
    }

    /** The entries that matched no violation, each as a message. */
    stale(): string[] {
        return this.entries.flatMap((entry, i) =>
            entry && !this.used.has(i) && !this.expired(entry)
                ? [
                      `exemptions[${i}] ${show(entry)} matched no violation of this stack: remove it, or correct its resource, policies, statements or documents.`,
                  ]
                : [],
        );
    }

    /** Whether some well-formed, unexpired entry could exempt a violation of `policy`. */
    couldExempt(policy: string): boolean {
        return this.entries.some((e) => e && e.policies.includes(policy) && !this.expired(e));
    }

    /** Whether entry `i` names the resource `urn` (a stack violation has none). */
    private namesResource(i: number, urn: string | undefined): boolean {
        const entry = this.entries[i]!;
        const pattern = this.patterns[i];
        if (urn === undefined) {
            return pattern !== undefined && entry.resource === "*";
        }
        // `urn:pulumi:<stack>::<project>::<type>::<name>`: the name is all after the third
        // `::`, so a resource named `x::lbc` is not taken for one named `lbc`.
        const name = urn.split("::").slice(3).join("::");
        return pattern
            ? pattern.test(urn) || pattern.test(name)
            : entry.resource === urn || entry.resource === name;
    }

    /**
     * Whether the violation's statements are all ones entry `e` lists (by index or Sid, and
     * document). All, not some: a finding over several statements (an EKS access-entry path)
     * is exempted only when each of them was reviewed, so a statement added beside a reviewed
     * one cannot complete a path under the reviewed one's exemption.
     */
    private namesStatements(e: Exemption, detail: ViolationDetail | undefined): boolean {
        if (e.statements === undefined && e.documents === undefined) {
            return true;
        }
        const statements = detail?.statements ?? [];
        return (
            statements.length > 0 &&
            statements.every(
                (s) =>
                    (e.statements === undefined ||
                        e.statements.some((x) => x === s.index || x === s.sid)) &&
                    (e.documents === undefined ||
                        documentNames(s.document).some((d) => e.documents!.includes(d))),
            )
        );
    }

    /** The entry that exempts a violation, or `undefined`. Marks the entry used. */
    match(
        policy: string,
        urn: string | undefined,
        detail?: ViolationDetail,
    ): Exemption | undefined {
        for (let i = 0; i < this.entries.length; i++) {
            const entry = this.entries[i];
            if (
                entry &&
                entry.policies.includes(policy) &&
                !this.expired(entry) &&
                this.namesResource(i, urn) &&
                this.namesStatements(entry, detail)
            ) {
                this.used.add(i);
                return entry;
            }
        }
        return undefined;
    }

    /**
     * A report that leaves out exempted violations, handing each to `exempted`. The function
     * carries a side channel `reportWithDetail` uses to hand it the violation's statements.
     */
    filter(
        policy: string,
        urnOf: (urn?: string) => string | undefined,
        report: ReportViolation,
        exempted: (v: ExemptedViolation) => void,
    ): ReportViolation {
        const handle = (message: string, urn?: string, detail?: ViolationDetail) => {
            const target = urnOf(urn);
            const entry = this.match(policy, target, detail);
            if (entry) {
                exempted({
                    policy,
                    urn: target,
                    message,
                    reason: entry.reason,
                    owner: entry.owner,
                    expires: entry.expires,
                });
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
    const about = [
        v.reason,
        ...(v.owner === undefined ? [] : [`owner ${v.owner}`]),
        ...(v.expires === undefined ? [] : [`expires ${v.expires}`]),
    ];
    return `Exempted (${about.join("; ")}): ${v.policy}: ${v.message}`;
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
