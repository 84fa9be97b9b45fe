// eks-cluster-version-supported and the EKS release calendar it reads: each support state on
// a fixed day (the policy's `asOf` config), the calendar's own rules checked on its rows, and
// the bounds it draws for versions with no row checked against the rows it has.
import * as assert from "assert";
import { runs } from "../fast-check-seed";
import * as fc from "fast-check";
import { eksVersionCalendar, EksVersionRow } from "../../policypack/lib/eks-versions";
import {
    calendarDate,
    parseMinorVersion,
    resolveDay,
    standardSupportVersions,
    versionSupport,
} from "../../policypack/lib/eks-version-support";
import { eksClusterVersionSupported as policy } from "../../policypack/policies/eks-cluster-version-supported";
import { violations } from "./check";

const day = "2026-11-28";
const judge = (type: string, version: unknown, asOf = day) =>
    violations(policy, type, version === undefined ? {} : { version }, { asOf }, "prod");

describe("eks-cluster-version-supported", () => {
    for (const type of ["aws:eks/cluster:Cluster", "eks:index:Cluster"]) {
        describe(type, () => {
            it("passes versions in standard support on the day, and a newer one while the newest row is", async () => {
                for (const version of ["1.34", "1.35", "1.36"]) {
                    assert.deepStrictEqual(await judge(type, version), [], version);
                }
            });

            it("reports a version in extended support, with its dates and the versions to upgrade to", async () => {
                assert.deepStrictEqual(await judge(type, "1.32"), [
                    'EKS cluster "prod" runs Kubernetes 1.32, which left EKS standard support on March 23, 2026 and is in extended support, at an extra cost per cluster hour, until March 23, 2027, when EKS upgrades the control plane itself: upgrade to 1.34 or 1.35, in standard support.',
                ]);
            });

            it("reports a version past extended support", async () => {
                assert.deepStrictEqual(await judge(type, "1.31"), [
                    'EKS cluster "prod" runs Kubernetes 1.31, whose EKS extended support ended on November 26, 2026: EKS creates no cluster on it and upgrades existing control planes itself, at a time it does not announce: upgrade to 1.34 or 1.35, in standard support.',
                ]);
            });

            it("reports a version older than the calendar as past extended support once its oldest row is", async () => {
                assert.deepStrictEqual(await judge(type, "1.24"), [
                    'EKS cluster "prod" runs Kubernetes 1.24, which is older than 1.28, whose EKS extended support ended on November 26, 2025, so EKS no longer supports it at all: upgrade to 1.34 or 1.35, in standard support.',
                ]);
            });

            it("reports a version older than the calendar as out of standard support once its oldest row is", async () => {
                assert.deepStrictEqual(await judge(type, "1.27", "2025-01-01"), [
                    'EKS cluster "prod" runs Kubernetes 1.27, which is older than 1.28, out of EKS standard support since November 26, 2024, so it is out of standard support too: upgrade to 1.29, 1.30 or 1.31, in standard support.',
                ]);
            });

            it("says when it cannot judge a version newer than the calendar", async () => {
                assert.deepStrictEqual(await judge(type, "1.37", "2027-05-01"), [
                    'EKS cluster "prod" runs Kubernetes 1.37, which is not in the pack\'s EKS release calendar (read 2026-11-28; 1.35, the newest before it, left standard support on March 27, 2027), so this policy cannot tell whether it is in standard support: check https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar and add its row to policypack/lib/eks-versions.ts.',
                ]);
            });

            it("reports an unset version: EKS's default of the day, which the program does not record", async () => {
                const unset =
                    'EKS cluster "prod" sets no Kubernetes version: EKS creates it on its default version of the day and keeps it there, so the program does not say which version runs or when its support ends: set version to a version in EKS standard support.';
                assert.deepStrictEqual(await judge(type, undefined), [unset]);
                assert.deepStrictEqual(await judge(type, ""), [unset]);
            });

            it("reports a version that is not a minor version as EKS takes it", async () => {
                for (const [version, shown] of [
                    ["1.31.2", '"1.31.2"'],
                    ["v1.31", '"v1.31"'],
                    [1.31, "1.31"],
                ] as const) {
                    assert.deepStrictEqual(await judge(type, version), [
                        `EKS cluster "prod" has version ${shown}, which is not a Kubernetes minor version as EKS takes it: set version to "<major>.<minor>", e.g. "1.34".`,
                    ]);
                }
            });

            it("reports an asOf config that is neither today nor a real date", async () => {
                for (const asOf of ["yesterday", "2026-02-30", "28/11/2026"]) {
                    assert.deepStrictEqual(await judge(type, "1.34", asOf), [
                        `EKS cluster "prod" could not be judged: this policy's asOf config is "${asOf}", which is neither "today" nor a date (YYYY-MM-DD): fix it in the policy config.`,
                    ]);
                }
            });

            it("says a back-dated asOf comes before the version's EKS release", async () => {
                assert.deepStrictEqual(await judge(type, "1.35", "2025-06-01"), [
                    'EKS cluster "prod" runs Kubernetes 1.35, which EKS released only on January 27, 2026: check the policy\'s asOf config.',
                ]);
            });
        });
    }

    it('defaults asOf to "today", the day of the run in UTC', () => {
        assert.strictEqual(policy.configSchema?.properties.asOf.default, "today");
        assert.strictEqual(resolveDay("today", new Date("2026-11-28T23:59:59Z")), "2026-11-28");
        assert.strictEqual(
            resolveDay("today", new Date("2026-11-29T00:00:00+01:00")),
            "2026-11-28",
        );
        assert.strictEqual(resolveDay("2027-01-31"), "2027-01-31");
    });
});

describe("eks-cluster-version-supported: its advice names what the calendar says on the day", () => {
    const cluster = "aws:eks/cluster:Cluster";

    it("names the one version in standard support alone, with no dangling 'or'", async () => {
        // From 1.34's end of standard support (2026-12-02) to 1.35's (2027-03-27), 1.35 is
        // the calendar's only version in standard support.
        assert.deepStrictEqual(standardSupportVersions("2027-01-15"), ["1.35"]);
        assert.deepStrictEqual(await judge(cluster, "1.33", "2027-01-15"), [
            'EKS cluster "prod" runs Kubernetes 1.33, which left EKS standard support on July 29, 2026 and is in extended support, at an extra cost per cluster hour, until July 29, 2027, when EKS upgrades the control plane itself: upgrade to 1.35, in standard support.',
        ]);
    });

    it("names no version when the calendar has none in standard support on the day", async () => {
        assert.deepStrictEqual(standardSupportVersions("2027-06-01"), []);
        assert.deepStrictEqual(await judge(cluster, "1.34", "2027-06-01"), [
            'EKS cluster "prod" runs Kubernetes 1.34, which left EKS standard support on December 2, 2026 and is in extended support, at an extra cost per cluster hour, until December 2, 2027, when EKS upgrades the control plane itself: upgrade to a version in standard support.',
        ]);
    });

    it("names no older row when a version older than the calendar cannot be judged yet", async () => {
        // 1.28, the oldest row, is still in standard support: 1.27 may or may not be.
        assert.deepStrictEqual(await judge(cluster, "1.27", "2024-06-01"), [
            'EKS cluster "prod" runs Kubernetes 1.27, which is not in the pack\'s EKS release calendar (read 2026-11-28), so this policy cannot tell whether it is in standard support: check https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar and add its row to policypack/lib/eks-versions.ts.',
        ]);
    });

    it("takes a null version as unset, not as a malformed one", async () => {
        assert.deepStrictEqual(await judge(cluster, null), [
            'EKS cluster "prod" sets no Kubernetes version: EKS creates it on its default version of the day and keeps it there, so the program does not say which version runs or when its support ends: set version to a version in EKS standard support.',
        ]);
    });
});

describe("the EKS release calendar", () => {
    const add = (iso: string, months: number) => {
        const d = new Date(`${iso}T00:00:00Z`);
        d.setUTCMonth(d.getUTCMonth() + months);
        return d.toISOString().slice(0, 10);
    };

    it("lists consecutive minor versions, newest first, from 1.35 to 1.28", () => {
        assert.deepStrictEqual(
            eksVersionCalendar.map((r) => r.version),
            ["1.35", "1.34", "1.33", "1.32", "1.31", "1.30", "1.29", "1.28"],
        );
    });

    it("follows the page's rules: 14 months of standard support from the EKS release, 12 of extended support", () => {
        for (const row of eksVersionCalendar) {
            assert.ok(row.upstreamRelease < row.eksRelease, row.version);
            assert.strictEqual(row.endOfStandardSupport, add(row.eksRelease, 14), row.version);
            assert.strictEqual(
                row.endOfExtendedSupport,
                add(row.endOfStandardSupport, 12),
                row.version,
            );
        }
    });

    it("the day standard support ends is the first day of extended support; the day extended support ends, the first with none", () => {
        const v134: [number, number] = [1, 34];
        assert.deepStrictEqual(versionSupport(v134, "2026-12-01"), { status: "standard" });
        assert.strictEqual(versionSupport(v134, "2026-12-02").status, "extended");
        assert.strictEqual(versionSupport(v134, "2027-12-01").status, "extended");
        assert.strictEqual(versionSupport(v134, "2027-12-02").status, "ended");
    });

    it("lists the versions in standard support on a day, oldest first", () => {
        assert.deepStrictEqual(standardSupportVersions(day), ["1.34", "1.35"]);
        assert.deepStrictEqual(standardSupportVersions("2025-01-01"), ["1.29", "1.30", "1.31"]);
        assert.deepStrictEqual(standardSupportVersions("2030-01-01"), []);
    });

    it("writes dates as the calendar does", () => {
        assert.strictEqual(calendarDate("2025-11-26"), "November 26, 2025");
        assert.strictEqual(calendarDate("2027-03-07"), "March 7, 2027");
    });

    it("bounds a version without a row consistently with the row it would have (every row taken out in turn)", () => {
        const days = fc
            .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2029, 0, 1) })
            .map((t) => new Date(t).toISOString().slice(0, 10));
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: eksVersionCalendar.length - 1 }),
                days,
                (i, d) => {
                    const row = eksVersionCalendar[i];
                    const version = parseMinorVersion(row.version)!;
                    const without: EksVersionRow[] = eksVersionCalendar.filter((_, j) => j !== i);
                    const truth = versionSupport(version, d).status;
                    const bounded = versionSupport(version, d, without).status;
                    const allowed: Record<string, string[]> = {
                        // Not yet released on EKS is a truth the bounds cannot see.
                        standard: ["standard", "unreleased"],
                        "not-standard": ["extended", "ended"],
                        "ended-before": ["ended"],
                        unknown: ["unreleased", "standard", "extended", "ended"],
                    };
                    assert.ok(
                        allowed[bounded].includes(truth),
                        `${row.version} on ${d}: bounded ${bounded}, truly ${truth}`,
                    );
                },
            ),
            { seed: 18, numRuns: runs(500) },
        );
    });
});

describe("the EKS release calendar: each boundary day belongs to the later state", () => {
    // The page's rules (eks-versions.ts): the EKS release day is in standard support, the end of
    // standard support is the first day of extended support, the end of extended support the
    // first day with none. A version with no row takes these days from its neighbours' rows.
    const before = (iso: string) => {
        const d = new Date(`${iso}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() - 1);
        return d.toISOString().slice(0, 10);
    };
    const row = (version: string) => eksVersionCalendar.find((r) => r.version === version)!;

    it("a version is unreleased until the day EKS releases it, and in standard support from that day", () => {
        assert.strictEqual(row("1.35").eksRelease, "2026-01-27");
        assert.deepStrictEqual(versionSupport([1, 35], "2026-01-26"), {
            status: "unreleased",
            row: row("1.35"),
        });
        assert.deepStrictEqual(versionSupport([1, 35], "2026-01-27"), { status: "standard" });
        assert.deepStrictEqual(standardSupportVersions("2026-01-26"), ["1.32", "1.33", "1.34"]);
        assert.deepStrictEqual(standardSupportVersions("2026-01-27"), [
            "1.32",
            "1.33",
            "1.34",
            "1.35",
        ]);
    });

    it("a version leaves the list of versions in standard support on its end of standard support", () => {
        assert.strictEqual(row("1.32").endOfStandardSupport, "2026-03-23");
        assert.deepStrictEqual(standardSupportVersions("2026-03-22"), [
            "1.32",
            "1.33",
            "1.34",
            "1.35",
        ]);
        assert.deepStrictEqual(standardSupportVersions("2026-03-23"), ["1.33", "1.34", "1.35"]);
    });

    it("a version newer than its nearest older row is in standard support only while that row is", () => {
        const end = row("1.35").endOfStandardSupport;
        assert.strictEqual(end, "2027-03-27");
        assert.deepStrictEqual(versionSupport([1, 36], before(end)), { status: "standard" });
        for (const day of [end, "2027-03-28"]) {
            assert.deepStrictEqual(versionSupport([1, 36], day), {
                status: "unknown",
                older: row("1.35"),
                newer: undefined,
            });
        }
    });

    it("a version older than its nearest newer row leaves standard, then extended support no later than that row", () => {
        const newer = row("1.28");
        assert.deepStrictEqual(
            [newer.endOfStandardSupport, newer.endOfExtendedSupport],
            ["2024-11-26", "2025-11-26"],
        );
        const status = (day: string) => versionSupport([1, 27], day);
        assert.deepStrictEqual(status("2024-11-25"), {
            status: "unknown",
            older: undefined,
            newer,
        });
        assert.deepStrictEqual(status("2024-11-26"), { status: "not-standard", newer });
        assert.deepStrictEqual(status("2025-11-25"), { status: "not-standard", newer });
        assert.deepStrictEqual(status("2025-11-26"), { status: "ended-before", newer });
        assert.deepStrictEqual(status("2025-11-27"), { status: "ended-before", newer });
    });

    it("takes the nearest rows whatever order the calendar lists them in", () => {
        // Without 1.33 and oldest first: 1.33 is bounded by 1.32 and 1.34, not 1.28 and 1.35.
        const shuffled = [...eksVersionCalendar].reverse().filter((r) => r.version !== "1.33");
        assert.deepStrictEqual(versionSupport([1, 33], "2026-03-22", shuffled), {
            status: "standard",
        });
        assert.deepStrictEqual(versionSupport([1, 33], "2026-03-23", shuffled), {
            status: "unknown",
            older: row("1.32"),
            newer: row("1.34"),
        });
        assert.deepStrictEqual(versionSupport([1, 33], "2026-12-02", shuffled), {
            status: "not-standard",
            newer: row("1.34"),
        });
    });
});

describe("the EKS version calendar's parsing: whole minor versions and whole ISO days", () => {
    it("reads each part of a minor version whole, however many digits it has", () => {
        assert.deepStrictEqual(parseMinorVersion("1.100"), [1, 100]);
        assert.deepStrictEqual(parseMinorVersion("10.1"), [10, 1]);
        assert.deepStrictEqual(parseMinorVersion("12.34"), [12, 34]);
        for (const odd of ["1.31.2", "v1.31", "1.31 ", " 1.31", "1.", ".31", "1"]) {
            assert.strictEqual(parseMinorVersion(odd), undefined, odd);
        }
    });

    it("takes an asOf that is a real day as YYYY-MM-DD, and nothing else a date string can be", () => {
        assert.strictEqual(resolveDay("2028-02-29"), "2028-02-29");
        // "+010000-01" is how the ISO form begins for January of the year 10000: a date, but
        // not a day as YYYY-MM-DD.
        for (const asOf of ["+010000-01", "2026-11-28T00", "x2026-11-28", "2026-02-29", 20261128]) {
            assert.strictEqual(resolveDay(asOf), undefined, String(asOf));
        }
    });
});
