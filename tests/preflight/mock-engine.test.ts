import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ProgramMocks, UnknownInvokeError } from "../../preflight/mocks";
import { one, underMocks } from "../harness";

class Team extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("test:index:Team", name, {}, opts);
        new aws.s3.Bucket(`${name}-data`, { bucket: `${name}-data` }, { parent: this });
        this.registerOutputs({});
    }
}

function tag(args: pulumi.ResourceTransformArgs): pulumi.ResourceTransformResult | undefined {
    return args.type === "aws:s3/bucket:Bucket"
        ? { props: { ...args.props, tags: { team: "payments" } }, opts: args.opts }
        : undefined;
}

describe("preflight mock engine", () => {
    it("gives each resource the URN the engine forms, with its parent chain", async () => {
        const resources = await underMocks(() => new Team("payments"));
        const bucket = one(resources, "aws:s3/bucket:Bucket");
        assert.strictEqual(
            bucket.urn,
            "urn:pulumi:test::test::test:index:Team$aws:s3/bucket:Bucket::payments-data",
        );
        assert.strictEqual(bucket.parent, "urn:pulumi:test::test::test:index:Team::payments");
    });

    it("applies a component's transforms to its children, as the engine does", async () => {
        const resources = await underMocks(() => new Team("payments", { transforms: [tag] }));
        assert.deepStrictEqual(one(resources, "aws:s3/bucket:Bucket").inputs.tags, {
            team: "payments",
        });
        assert.deepStrictEqual(one(resources, "test:index:Team").transforms, ["tag"]);
    });

    it("applies stack transforms to every resource", async () => {
        const resources = await underMocks(() => {
            pulumi.runtime.registerResourceTransform(tag);
            new aws.s3.Bucket("loose", { bucket: "loose" });
        });
        assert.deepStrictEqual(one(resources, "aws:s3/bucket:Bucket").inputs.tags, {
            team: "payments",
        });
    });

    it("echoes inputs into state with a deterministic id and ARN", async () => {
        const resources = await underMocks(
            () => new aws.iam.Role("app", { assumeRolePolicy: "{}" }),
        );
        const role = one(resources, "aws:iam/role:Role");
        assert.strictEqual(role.state.assumeRolePolicy, "{}");
        assert.strictEqual(role.state.id, "app-id");
        assert.strictEqual(role.state.arn, "arn:aws:iam::123456789012:role/app");
    });

    it("answers the invokes programs commonly make", async () => {
        const mocks = new ProgramMocks({ region: "eu-west-1" });
        assert.strictEqual(
            mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} })
                .accountId,
            "123456789012",
        );
        assert.strictEqual(
            mocks.call({ token: "aws:index/getRegion:getRegion", inputs: {} }).region,
            "eu-west-1",
        );
        assert.deepStrictEqual(
            mocks.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} })
                .names,
            ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        );
        assert.match(
            String(
                mocks.call({
                    token: "aws:ssm/getParameter:getParameter",
                    inputs: { name: "/aws/service/eks/optimized-ami" },
                }).value,
            ),
            /^ami-/,
        );
        const doc = mocks.call({
            token: "aws:iam/getPolicyDocument:getPolicyDocument",
            inputs: {
                statements: [
                    {
                        actions: ["s3:GetObject"],
                        resources: ["arn:aws:s3:::b/*"],
                        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::1:root"] }],
                    },
                ],
            },
        });
        assert.deepStrictEqual(JSON.parse(String(doc.json)).Statement, [
            {
                Effect: "Allow",
                Action: ["s3:GetObject"],
                Resource: ["arn:aws:s3:::b/*"],
                Principal: { AWS: ["arn:aws:iam::1:root"] },
            },
        ]);
    });

    it("refuses an unknown invoke, naming the token and how to supply it", () => {
        assert.throws(
            () =>
                new ProgramMocks().call({
                    token: "aws:rds/getEngineVersion:getEngineVersion",
                    inputs: {},
                }),
            (e: UnknownInvokeError) => {
                assert.strictEqual(e.token, "aws:rds/getEngineVersion:getEngineVersion");
                assert.match(e.details, /add its result under "invokes" in preflight-mocks.json/);
                return true;
            },
        );
        assert.strictEqual(
            new ProgramMocks({ invokes: { "x:y:z": { a: 1 } } }).call({
                token: "x:y:z",
                inputs: {},
            }).a,
            1,
        );
    });
    it("answers a method of a component it has no model of from preflight-mocks.json, or names where to put it", () => {
        const token = "acme:index:Platform/getEndpoint";
        assert.deepStrictEqual(
            new ProgramMocks({ invokes: { [token]: { result: "https://x" } } }).callMethod(
                token,
                "urn:p",
                {},
            ),
            { result: "https://x" },
        );
        assert.throws(
            () => new ProgramMocks().callMethod(token, "urn:p", {}),
            /preflight has no model of method "acme:index:Platform\/getEndpoint" \(on urn:p\): add its result under "invokes" in preflight-mocks.json/,
        );
    });
});
