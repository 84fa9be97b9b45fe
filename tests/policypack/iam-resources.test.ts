// policypack/lib/iam-resources.ts: a statement is as broad as its broadest Resource entry,
// whatever the order, and the example ARN a fix names is one the action really takes.
import * as assert from "assert";
import { matchingActions } from "../../policypack/lib/iam-actions";
import { Breadth, broader, exampleArn, statementBreadth } from "../../policypack/lib/iam-resources";

const action = (service: string, name: string) => {
    const [data] = matchingActions(service, name);
    assert.ok(data, `${service}:${name}`);
    return data;
};

describe("IAM resource breadth", () => {
    it("takes the broader of two breadths, in either order", () => {
        const breadths: Breadth[] = ["scoped", "type-wide", "all"];
        assert.deepStrictEqual(
            breadths.map((a) => breadths.map((b) => broader(a, b))),
            [
                ["scoped", "type-wide", "all"],
                ["type-wide", "type-wide", "all"],
                ["all", "all", "all"],
            ],
        );
    });

    it("judges a statement by its broadest entry, not its last", () => {
        const getObject = action("s3", "GetObject");
        const breadth = (resources: string[]) => statementBreadth(resources, "s3", getObject);
        assert.deepStrictEqual(
            [
                breadth(["*", "arn:aws:s3:::b/k"]),
                breadth(["arn:aws:s3:::b/k", "*"]),
                breadth(["arn:aws:s3:::*/*", "arn:aws:s3:::b/k"]),
                breadth(["arn:aws:s3:::b/k", "arn:aws:s3:::*/*"]),
                breadth(["arn:aws:s3:::b/*", "arn:aws:s3:::b/k"]),
                breadth([]),
            ],
            ["all", "all", "type-wide", "type-wide", "scoped", "scoped"],
        );
    });

    it("reads any run of * and ? as every resource, even for an action with no resource type", () => {
        // s3:ListAllMyBuckets takes no resource type: only Resource "*" grants it.
        const listBuckets = action("s3", "ListAllMyBuckets");
        assert.deepStrictEqual(
            ["*", "**", "?*", "*x", "arn:aws:s3:::*"].map((r) =>
                statementBreadth([r], "s3", listBuckets),
            ),
            ["all", "all", "all", "scoped", "scoped"],
        );
    });

    it("names a required resource type's ARN, else the plainest, in a fix", () => {
        assert.deepStrictEqual(
            [
                // accesspointobject is listed first; the object ARN is plainer.
                exampleArn("s3", action("s3", "DeleteObject")),
                // elastic-ip is required; ipam-pool, optional, has the shorter format.
                exampleArn("ec2", action("ec2", "AllocateAddress")),
                exampleArn("s3", action("s3", "ListAllMyBuckets")),
            ],
            [
                "arn:aws:s3:::<BucketName>/<ObjectName>",
                "arn:aws:ec2:<Region>:<Account>:elastic-ip/<AllocationId>",
                undefined,
            ],
        );
    });

    it("skips a resource type the service does not document", () => {
        const type = (name: string) => ({ name, required: true, conditionKeys: [] });
        const data = {
            name: "Invented",
            accessLevel: "Write",
            resourceTypes: [type("no-such-type"), type("bucket")],
            conditionKeys: [],
        };
        assert.strictEqual(exampleArn("s3", data), "arn:aws:s3:::<BucketName>");
    });

    // IAM User Guide, "IAM policy elements: Variables and tags", "Specifying default values":
    // `${aws:PrincipalTag/team, 'company-wide'}` stands for the default when the caller has no
    // such key, so the Resource reaches what the default spells. The page shows one space after
    // the comma and none before `}`; IAM does not say more, so any spacing is read.
    describe("a policy variable's default value, read as written whatever its spacing", () => {
        const secret = (variable: string) =>
            statementBreadth(
                [`arn:aws:secretsmanager:*:*:secret:${variable}`],
                "secretsmanager",
                action("secretsmanager", "GetSecretValue"),
            );
        const user = (variable: string) =>
            statementBreadth(
                [`arn:aws:iam::*:user/${variable}`],
                "iam",
                action("iam", "CreateAccessKey"),
            );

        it("reads a wildcard default with no space, one, several, or one before the brace", () => {
            assert.deepStrictEqual(
                [
                    "${aws:PrincipalTag/team}",
                    "${aws:PrincipalTag/team, 'payments'}",
                    "${aws:PrincipalTag/team,'*'}",
                    "${aws:PrincipalTag/team, '*'}",
                    "${aws:PrincipalTag/team,   '*'}",
                    "${aws:PrincipalTag/team, '*' }",
                ].map(secret),
                ["scoped", "scoped", "type-wide", "type-wide", "type-wide", "type-wide"],
            );
        });

        it("reads a default of several characters whole", () => {
            assert.deepStrictEqual(
                ["${aws:username}", "${aws:username, 'ci-deployer'}", "${aws:username, 'a*'}"].map(
                    user,
                ),
                ["scoped", "scoped", "type-wide"],
            );
        });
    });
});
