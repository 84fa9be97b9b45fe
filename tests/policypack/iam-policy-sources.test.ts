// Reading the IAM documents of a resource (policypack/lib/iam-policy-sources.ts): each inline
// policy where it is, named for messages; a permission written as fields read as exactly the
// statement AWS adds for it; a document that cannot be read reported once, by the mandatory
// policy of a pair.
import * as assert from "assert";
import { ReportViolation } from "@pulumi/policy";
import {
    documentsOf,
    identityPolicyDocuments,
    readableDocuments,
} from "../../policypack/lib/iam-policy-sources";

const role = "aws:iam/role:Role";
const iamPolicy = "aws:iam/policy:Policy";
const lambdaPermission = "aws:lambda/permission:Permission";
const layerPermission = "aws:lambda/layerVersionPermission:LayerVersionPermission";
const eventPermission = "aws:cloudwatch/eventPermission:EventPermission";
const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
});

/** The one statement of a permission's document, with the document's Version. */
function permission(type: string, props: Record<string, unknown>) {
    const [source, ...rest] = documentsOf(type, props);
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(source.where, "");
    assert.strictEqual(source.kind, "permission");
    const document = source.document as { Version: string; Statement: unknown[] };
    assert.strictEqual(document.Version, "2012-10-17");
    assert.strictEqual(document.Statement.length, 1);
    return document.Statement[0];
}

describe("iam-policy-sources", () => {
    describe("each inline policy is read where it is, named by its name when it has one", () => {
        it("reads the documents of a role's inline policies, skipping those with only a name", () => {
            assert.deepStrictEqual(
                documentsOf(role, {
                    inlinePolicies: [
                        { name: "deploy", policy },
                        { policy },
                        { name: "removed" },
                        { name: "empty", policy: "" },
                        { name: 7, policy },
                    ],
                }),
                [
                    { where: 'inlinePolicies[0] "deploy"', kind: "identity", document: policy },
                    { where: "inlinePolicies[1]", kind: "identity", document: policy },
                    { where: "inlinePolicies[4]", kind: "identity", document: policy },
                ],
            );
        });

        it("passes on an element that is not an object as the document, where it is, to be reported", () => {
            // A list of policy texts instead of {name, policy} objects: each is read, and fails,
            // as a document, instead of vanishing from the judgement.
            const sources = documentsOf(role, { inlinePolicies: ["not json", null] });
            assert.deepStrictEqual(sources, [
                { where: "inlinePolicies[0]", kind: "identity", document: "not json" },
                { where: "inlinePolicies[1]", kind: "identity", document: null },
            ]);
            const reports: string[] = [];
            readableDocuments(sources, "r", (message) => reports.push(message), true);
            assert.deepStrictEqual(reports, [
                "r: inlinePolicies[0] is not valid JSON for an IAM policy document: write a valid IAM policy document.",
                "r: inlinePolicies[1] is not an IAM policy document object (got null): write a valid IAM policy document.",
            ]);
        });
    });

    describe("a resource's documents are those of the kinds asked for, none where a field is unset", () => {
        const trust = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ec2.amazonaws.com" },
                    Action: "sts:AssumeRole",
                },
            ],
        });
        const inline = { where: 'inlinePolicies[0] "deploy"', kind: "identity", document: policy };
        const assume = { where: "assumeRolePolicy", kind: "resource", document: trust };
        const props = { assumeRolePolicy: trust, inlinePolicies: [{ name: "deploy", policy }] };

        it("reads a role's inline policies as identity, its trust policy as resource, both when no kind is given", () => {
            assert.deepStrictEqual(identityPolicyDocuments(role, props), [inline]);
            assert.deepStrictEqual(documentsOf(role, props, "identity"), [inline]);
            assert.deepStrictEqual(documentsOf(role, props, "resource"), [assume]);
            assert.deepStrictEqual(documentsOf(role, props, "permission"), []);
            assert.deepStrictEqual(documentsOf(role, props), [inline, assume]);
        });

        it("reads no document from an unset or empty field, nor an inline policy from an unset list", () => {
            assert.deepStrictEqual(documentsOf(role, { assumeRolePolicy: trust }), [assume]);
            assert.deepStrictEqual(identityPolicyDocuments(role, {}), []);
            assert.deepStrictEqual(documentsOf(iamPolicy, {}), []);
            assert.deepStrictEqual(documentsOf(iamPolicy, { policy: "" }), []);
            assert.deepStrictEqual(documentsOf(iamPolicy, { policy }), [
                { where: "policy", kind: "identity", document: policy },
            ]);
            assert.deepStrictEqual(documentsOf("aws:s3/bucket:Bucket", { bucket: "logs" }), []);
        });
    });

    describe("a permission is read as the one statement AWS adds to the resource's policy", () => {
        it("a Lambda permission: each of its scoping fields becomes the condition AddPermission adds", () => {
            assert.deepStrictEqual(
                permission(lambdaPermission, {
                    principal: "*",
                    action: "lambda:InvokeFunction",
                    sourceArn: "arn:aws:s3:::bucket",
                    sourceAccount: "111122223333",
                    principalOrgId: "o-abc123",
                    functionUrlAuthType: "AWS_IAM",
                }),
                {
                    Effect: "Allow",
                    Principal: "*",
                    Action: "lambda:InvokeFunction",
                    Resource: "*",
                    Condition: {
                        ArnLike: { "aws:SourceArn": "arn:aws:s3:::bucket" },
                        StringEquals: {
                            "aws:SourceAccount": "111122223333",
                            "aws:PrincipalOrgID": "o-abc123",
                            "lambda:FunctionUrlAuthType": "AWS_IAM",
                        },
                    },
                },
            );
        });

        it("a Lambda permission with only a principal: no Condition, a service principal as Service", () => {
            assert.deepStrictEqual(
                permission(lambdaPermission, {
                    principal: "s3.amazonaws.com",
                    action: "lambda:InvokeFunction",
                    sourceArn: "",
                }),
                {
                    Effect: "Allow",
                    Principal: { Service: "s3.amazonaws.com" },
                    Action: "lambda:InvokeFunction",
                    Resource: "*",
                },
            );
        });

        it("a layer permission: organizationId becomes aws:PrincipalOrgID", () => {
            assert.deepStrictEqual(
                permission(layerPermission, {
                    principal: "*",
                    action: "lambda:GetLayerVersion",
                    organizationId: "o-abc123",
                }),
                {
                    Effect: "Allow",
                    Principal: "*",
                    Action: "lambda:GetLayerVersion",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
                },
            );
        });

        it("an EventBridge permission: events:PutEvents when no action is given, its condition as written", () => {
            assert.deepStrictEqual(
                permission(eventPermission, {
                    principal: "111122223333",
                    condition: {
                        type: "StringEquals",
                        key: "aws:PrincipalOrgID",
                        value: "o-abc123",
                    },
                }),
                {
                    Effect: "Allow",
                    Principal: { AWS: "111122223333" },
                    Action: "events:PutEvents",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
                },
            );
        });

        it("reads a principal as a service only when it ends in amazonaws.com or amazonaws.com.cn", () => {
            const principalOf = (principal: string) =>
                (
                    permission(lambdaPermission, {
                        principal,
                        action: "lambda:InvokeFunction",
                    }) as {
                        Principal: unknown;
                    }
                ).Principal;
            assert.deepStrictEqual(principalOf("events.amazonaws.com"), {
                Service: "events.amazonaws.com",
            });
            assert.deepStrictEqual(principalOf("events.amazonaws.com.cn"), {
                Service: "events.amazonaws.com.cn",
            });
            // A host that only contains the suffix is no AWS service.
            for (const principal of [
                "evil.amazonaws.com.attacker.example",
                "events.amazonaws.com.cn.attacker.example",
                "amazonaws.com",
                "arn:aws:iam::111122223333:root",
            ]) {
                assert.deepStrictEqual(principalOf(principal), { AWS: principal });
            }
        });

        it("has no document without a principal", () => {
            assert.deepStrictEqual(documentsOf(lambdaPermission, { action: "lambda:*" }), []);
        });
    });

    describe("a document that cannot be read is reported by the mandatory policy only", () => {
        const sources = documentsOf(role, {
            inlinePolicies: [
                { name: "bad", policy: "not json" },
                { name: "good", policy },
            ],
        });
        const read = (reportMalformed: boolean) => {
            const reports: string[] = [];
            const report: ReportViolation = (message) => reports.push(message);
            const readable = readableDocuments(sources, "r", report, reportMalformed);
            return { where: readable.map((d) => d.where), reports };
        };

        it("reports it with its fix, once, and reads the others", () => {
            assert.deepStrictEqual(read(true), {
                where: ['inlinePolicies[1] "good"'],
                reports: [
                    'r: inlinePolicies[0] "bad" is not valid JSON for an IAM policy document: write a valid IAM policy document.',
                ],
            });
        });

        it("skips it silently when another policy reports it", () => {
            assert.deepStrictEqual(read(false), {
                where: ['inlinePolicies[1] "good"'],
                reports: [],
            });
        });
    });
});
