// The Amazon EKS Kubernetes release calendar: when each minor version was released on EKS and
// when its standard and extended support end. Data for eks-cluster-version-supported; add a
// row when EKS releases a version (the policy cannot judge versions newer than the newest row
// once that row leaves standard support).
//
// Source: the EKS User Guide, "Understand the Kubernetes version lifecycle on EKS", section
// "Amazon EKS Kubernetes release calendar",
// https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar,
// from its source in awsdocs/amazon-eks-user-guide latest/ug/versioning/kubernetes-versions.adoc
// at 01385604 (rows 1.29 to 1.34) and at 8596db85 (row 1.28, which left the page when its
// extended support ended). The 1.35 row is the same page's as quoted by aws-samples
// sample-apex-skills skills/eks-operation-review/references/cluster-lifecycle.md (verified
// 2026-04-24) and by https://endoflife.date/amazon-eks, which agree on both end dates; no copy
// of the page's 1.35 row itself could be read here. 1.36, which the User Guide's
// kubernetes-versions-standard page lists as available, has no row: no dated source for it
// could be read here.
//
// The page's rules, which the policy applies: dates are UTC+0, and extended support is billed
// "from the beginning of the day that the version reaches end of standard support", so that
// day is in extended support; standard support lasts 14 months from the EKS release and
// extended support 12 more; "On the end of extended support date, you can no longer create
// new Amazon EKS clusters with the unsupported version" and existing control planes are
// upgraded automatically.

/** The day these rows were read, for messages about versions newer than the newest row. */
export const eksVersionCalendarRead = "2026-11-28";

export const eksVersionCalendarUrl =
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar";

export interface EksVersionRow {
    /** Kubernetes minor version, as EKS spells it: `1.34`. */
    version: string;
    upstreamRelease: string;
    eksRelease: string;
    /** The first day in extended support (UTC). */
    endOfStandardSupport: string;
    /** The first day with no support at all (UTC). */
    endOfExtendedSupport: string;
}

/** Newest first. Dates are ISO days (UTC), so they compare as strings. */
export const eksVersionCalendar: readonly EksVersionRow[] = [
    {
        version: "1.35",
        upstreamRelease: "2025-12-17",
        eksRelease: "2026-01-27",
        endOfStandardSupport: "2027-03-27",
        endOfExtendedSupport: "2028-03-27",
    },
    {
        version: "1.34",
        upstreamRelease: "2025-08-27",
        eksRelease: "2025-10-02",
        endOfStandardSupport: "2026-12-02",
        endOfExtendedSupport: "2027-12-02",
    },
    {
        version: "1.33",
        upstreamRelease: "2025-04-23",
        eksRelease: "2025-05-29",
        endOfStandardSupport: "2026-07-29",
        endOfExtendedSupport: "2027-07-29",
    },
    {
        version: "1.32",
        upstreamRelease: "2024-12-11",
        eksRelease: "2025-01-23",
        endOfStandardSupport: "2026-03-23",
        endOfExtendedSupport: "2027-03-23",
    },
    {
        version: "1.31",
        upstreamRelease: "2024-08-13",
        eksRelease: "2024-09-26",
        endOfStandardSupport: "2025-11-26",
        endOfExtendedSupport: "2026-11-26",
    },
    {
        version: "1.30",
        upstreamRelease: "2024-04-17",
        eksRelease: "2024-05-23",
        endOfStandardSupport: "2025-07-23",
        endOfExtendedSupport: "2026-07-23",
    },
    {
        version: "1.29",
        upstreamRelease: "2023-12-13",
        eksRelease: "2024-01-23",
        endOfStandardSupport: "2025-03-23",
        endOfExtendedSupport: "2026-03-23",
    },
    {
        version: "1.28",
        upstreamRelease: "2023-08-15",
        eksRelease: "2023-09-26",
        endOfStandardSupport: "2024-11-26",
        endOfExtendedSupport: "2025-11-26",
    },
];
