// Where a Kubernetes minor version stands in EKS support on a given day, from the release
// calendar in eks-versions.ts. A version with no row of its own is bounded by its neighbours:
// EKS releases minor versions in order and gives each the same 14 months of standard support
// and 12 of extended support, so a version's support ends no earlier than an older version's
// and no later than a newer one's.
import { EksVersionRow, eksVersionCalendar } from "./eks-versions";

export type VersionSupport =
    /** Released on EKS after the day: only a back-dated `asOf` gets this. */
    | { status: "unreleased"; row: EksVersionRow }
    | { status: "standard" }
    | { status: "extended"; row: EksVersionRow }
    /** Past the end of extended support: EKS upgrades such control planes itself. */
    | { status: "ended"; row: EksVersionRow }
    /** No row; out of standard support because `newer`, a newer version, is. */
    | { status: "not-standard"; newer: EksVersionRow }
    /** No row; past extended support because `newer`, a newer version, is. */
    | { status: "ended-before"; newer: EksVersionRow }
    /** No row, and its neighbours do not bound it on that day. */
    | { status: "unknown"; older?: EksVersionRow; newer?: EksVersionRow };

/** `[1, 31]` for `"1.31"`; `undefined` for anything that is not a minor version as EKS spells it. */
export function parseMinorVersion(version: string): [number, number] | undefined {
    const match = /^(\d+)\.(\d+)$/.exec(version);
    return match ? [Number(match[1]), Number(match[2])] : undefined;
}

const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

/** Where `version` (`[major, minor]`) stands on `day` (an ISO day, UTC). */
export function versionSupport(
    version: [number, number],
    day: string,
    calendar: readonly EksVersionRow[] = eksVersionCalendar,
): VersionSupport {
    const rows = calendar.map((row) => {
        const minor = parseMinorVersion(row.version)!;
        return { row, minor, order: compare(minor, version) };
    });
    const exact = rows.find((r) => r.order === 0)?.row;
    if (exact) {
        if (day < exact.eksRelease) {
            return { status: "unreleased", row: exact };
        }
        if (day < exact.endOfStandardSupport) {
            return { status: "standard" };
        }
        return day < exact.endOfExtendedSupport
            ? { status: "extended", row: exact }
            : { status: "ended", row: exact };
    }
    // The nearest rows on either side.
    const older = rows.filter((r) => r.order < 0).sort((a, b) => compare(b.minor, a.minor))[0]?.row;
    const newer = rows.filter((r) => r.order > 0).sort((a, b) => compare(a.minor, b.minor))[0]?.row;
    if (older && day < older.endOfStandardSupport) {
        return { status: "standard" };
    }
    if (newer && day >= newer.endOfExtendedSupport) {
        return { status: "ended-before", newer };
    }
    if (newer && day >= newer.endOfStandardSupport) {
        return { status: "not-standard", newer };
    }
    return { status: "unknown", older, newer };
}

/** The versions in standard support on `day`, oldest first: `["1.33", "1.34", "1.35"]`. */
export function standardSupportVersions(
    day: string,
    calendar: readonly EksVersionRow[] = eksVersionCalendar,
): string[] {
    return calendar
        .filter((row) => row.eksRelease <= day && day < row.endOfStandardSupport)
        .map((row) => row.version)
        .sort((a, b) => compare(parseMinorVersion(a)!, parseMinorVersion(b)!));
}

const months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/** `November 26, 2025` for `2025-11-26`, as the EKS calendar writes dates. */
export function calendarDate(day: string): string {
    const [year, month, date] = day.split("-").map(Number);
    return `${months[month - 1]} ${date}, ${year}`;
}

/** Today in UTC, the calendar's time zone: `2026-11-28`. */
export function todayUtc(now: Date = new Date()): string {
    return now.toISOString().slice(0, 10);
}

/** `asOf` as an ISO day: `"today"` is the day of the run; `undefined` when it is neither. */
export function resolveDay(asOf: unknown, now: Date = new Date()): string | undefined {
    if (asOf === "today") {
        return todayUtc(now);
    }
    if (typeof asOf !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
        return undefined;
    }
    // A real day: 2026-02-30 would roll over to March.
    const parsed = new Date(`${asOf}T00:00:00Z`);
    return !isNaN(parsed.getTime()) && todayUtc(parsed) === asOf ? asOf : undefined;
}
