// Resource breadth read from the ARN's meaning (policypack/lib/iam-arn-match.ts,
// iam-resources.ts): the examples of docs/design/issue-17-iam.md §1.3, the walk-arounds of
// issue 17, the coverage argument, the monotonicity property of §1.4.
import * as assert from "assert";
import { resourceTypeArn } from "../../policypack/lib/iam-actions";
import {
    identityWideWithin,
    intersects,
    resetArnMatchCaches,
    wideAlignment,
} from "../../policypack/lib/iam-arn-match";

const accessEntry = resourceTypeArn("eks", "access-entry") as string;

describe("IAM resource breadth", () => {
    beforeEach(() => resetArnMatchCaches());

    describe("identityWideWithin (every identity of one container)", () => {
        for (const [resource, wide] of [
            ["*", true],
            ["arn:aws:eks:*:*:*", true],
            ["arn:aws:eks:*:*:access-entry/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/*", true],
            ["arn:aws:eks:us-east-1:123456789012:access-entry/prod/*/*/*/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/role/123456789012/*/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/role/123456789012/d*/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/role/123456789012/deployer/*", false],
            // A `*` crosses `/`: this reaches the entries of every principal whose name ends
            // in `/role/123456789012/deployer` (a role path can hold it): a suffix, not a name.
            ["arn:aws:eks:*:*:access-entry/*/role/123456789012/deployer/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/role/123456789012/dep*/*", false],
            ["arn:aws:eks:*:*:cluster/prod", false],
        ] as const) {
            it(`${wide ? "reads" : "does not read"} ${resource} as every access entry of a cluster`, () => {
                assert.strictEqual(
                    identityWideWithin(resource, accessEntry, ["ClusterName"]),
                    wide,
                );
            });
        }

        it("needs the container fixed: every entry of cluster prod is not every entry", () => {
            const prod = "arn:aws:eks:*:*:access-entry/prod/*";
            assert.deepStrictEqual(
                [intersects(prod, accessEntry), wideAlignment(prod, accessEntry)],
                [true, false],
            );
        });
    });
});
