import * as assert from "assert";
import { iamNoWildcardPermissions as policy } from "../../policypack/policies/iam-no-wildcard-permissions";
import { violations } from "./check";

const statement = (s: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [s] });
const good = {
    Sid: "Read",
    Effect: "Allow",
    Action: ["s3:GetObject"],
    Resource: ["arn:aws:s3:::reports/*"],
};

/** Runs the policy on an aws:iam/policy:Policy whose document is `doc`, as a JSON string. */
const onPolicy = (doc: unknown, config = {}) =>
    violations(
        policy,
        "aws:iam/policy:Policy",
        { policy: typeof doc === "string" ? doc : JSON.stringify(doc) },
        config,
        "deploy",
    );

describe("iam-no-wildcard-permissions", () => {
    it("passes a least-privilege policy", async () => {
        assert.deepStrictEqual(await onPolicy(statement(good)), []);
    });

    for (const [what, action, phrase] of [
        ["*", "*", /action "\*" grants actions of every service/],
        ["*:*", "*:*", /action "\*:\*" grants actions of every service/],
        ["iam:*", "iam:*", /action "iam:\*" grants every action of service "iam"/],
        ["IAM:* in upper case", "IAM:*", /action "IAM:\*" grants every action of service "iam"/],
        [
            "a wildcard inside the name",
            "s3:*Object",
            /action "s3:\*Object" uses a wildcard that is not a verb prefix/,
        ],
    ] as const) {
        it(`reports action ${what}, naming the policy, the statement and the fix`, async () => {
            const [message, ...rest] = await onPolicy(statement({ ...good, Action: [action] }));
            assert.strictEqual(rest.length, 0, rest.join("\n"));
            assert.match(message, /^IAM policy "deploy": policy statement "Read" /);
            assert.match(message, phrase);
            assert.match(
                message,
                /: list the exact actions and resource ARNs the principal needs\.$/,
            );
        });
    }

    it("reports NotAction", async () => {
        const { Action: _a, ...rest } = good;
        assert.match(
            (await onPolicy(statement({ ...rest, NotAction: "iam:*" })))[0],
            /statement "Read" uses NotAction/,
        );
    });

    it("reports NotResource", async () => {
        const { Resource: _r, ...rest } = good;
        assert.match(
            (await onPolicy(statement({ ...rest, NotResource: "arn:aws:s3:::secret/*" })))[0],
            /statement "Read" uses NotResource/,
        );
    });

    for (const resource of [
        "*",
        "arn:aws:s3:::*",
        "arn:aws:iam::*:role/*",
        "arn:aws:dynamodb:us-east-1:123456789012:table/*",
    ]) {
        it(`reports the wildcard resource ${resource} for actions with resource-level permissions`, async () => {
            const [message] = await onPolicy(
                statement({
                    ...good,
                    Action: ["s3:GetObject", "iam:PassRole"],
                    Resource: resource,
                }),
            );
            assert.ok(
                message.includes(
                    `resource "${resource}" is a wildcard for actions that support resource-level permissions ("s3:GetObject", "iam:PassRole")`,
                ),
                message,
            );
        });
    }

    it("allows Resource * when every action is wildcard-only", async () => {
        assert.deepStrictEqual(
            await onPolicy(
                statement({
                    ...good,
                    Action: ["ec2:DescribeInstances", "sts:GetCallerIdentity"],
                    Resource: "*",
                }),
            ),
            [],
        );
    });

    it("allows Resource * for a verb prefix whose actions are all wildcard-only", async () => {
        assert.deepStrictEqual(
            await onPolicy(statement({ ...good, Action: "autoscaling:Describe*", Resource: "*" })),
            [],
        );
    });

    it("reports Resource * for a verb prefix that also matches actions with resource-level permissions", async () => {
        // ec2:DescribeInstanceAttribute and others in the Service Authorization Reference take instance ARNs.
        const [message] = await onPolicy(
            statement({ ...good, Action: "ec2:Describe*", Resource: "*" }),
        );
        assert.match(
            message,
            /resource "\*" is a wildcard for actions that support resource-level permissions \("ec2:Describe\*"\)/,
        );
    });

    it("allows Resource * when the statement has a Condition", async () => {
        const conditioned = {
            ...good,
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } },
        };
        assert.deepStrictEqual(await onPolicy(statement(conditioned)), []);
    });

    it("allows object keys under a named bucket and log-stream suffixes", async () => {
        const doc = {
            Statement: [
                good,
                {
                    Effect: "Allow",
                    Action: "logs:PutLogEvents",
                    Resource: "arn:aws:logs:us-east-1:123456789012:log-group:app:*",
                },
            ],
        };
        assert.deepStrictEqual(await onPolicy(doc), []);
    });

    it("never reports a Deny statement", async () => {
        assert.deepStrictEqual(
            await onPolicy(statement({ Effect: "Deny", NotAction: "*", NotResource: "*" })),
            [],
        );
    });

    it("reads the object form, a single Statement object and string Action", async () => {
        const messages = await violations(policy, "aws:iam/policy:Policy", {
            policy: { Statement: { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" } },
        });
        assert.deepStrictEqual(messages.length, 1);
        assert.match(messages[0], /statement 0 action "s3:\*"/);
    });

    for (const type of [
        "aws:iam/rolePolicy:RolePolicy",
        "aws:iam/userPolicy:UserPolicy",
        "aws:iam/groupPolicy:GroupPolicy",
    ]) {
        it(`checks ${type}`, async () => {
            const messages = await violations(policy, type, {
                policy: JSON.stringify(statement({ ...good, Action: "*" })),
            });
            assert.strictEqual(messages.length, 1);
        });
    }

    it("checks each of a Role's inlinePolicies by name", async () => {
        const messages = await violations(policy, "aws:iam/role:Role", {
            inlinePolicies: [
                { name: "ok", policy: JSON.stringify(statement(good)) },
                { name: "admin", policy: JSON.stringify(statement({ ...good, Action: "*" })) },
            ],
        });
        assert.strictEqual(messages.length, 1);
        assert.match(
            messages[0],
            /^IAM role "subject": inlinePolicies\[1\] "admin" statement "Read" action "\*"/,
        );
    });

    for (const [what, doc, phrase] of [
        ["invalid JSON", '{"Statement": [', /policy is not valid JSON for an IAM policy document/],
        [
            "a missing Effect",
            statement({ Action: "s3:GetObject", Resource: "*" }),
            /statement 0 has Effect undefined: it must be exactly "Allow" or "Deny"/,
        ],
        [
            "a misspelt Effect",
            statement({ Effect: "allow", Action: "*", Resource: "*" }),
            /statement 0 has Effect "allow"/,
        ],
        ["no Statement", { Version: "2012-10-17" }, /policy has no Statement/],
        [
            "a number for Action",
            statement({ Effect: "Allow", Action: 7, Resource: "*" }),
            /has Action 7: it must be a string or an array of strings/,
        ],
        [
            "a statement that is a string",
            { Statement: ["Allow *"] },
            /statement 0 is not an object/,
        ],
    ] as const) {
        it(`reports ${what} as a malformed document`, async () => {
            const messages = await onPolicy(doc);
            assert.strictEqual(messages.length, 1, messages.join("\n"));
            assert.match(messages[0], phrase);
            assert.match(messages[0], /write a valid IAM policy document\.$/);
        });
    }

    it("allows configured actions", async () => {
        assert.deepStrictEqual(
            await onPolicy(statement({ ...good, Action: "logs:*" }), {
                allowedActions: ["Logs:*"],
            }),
            [],
        );
    });

    it("reports verb prefixes when allowVerbPrefixWildcards is false", async () => {
        const [message] = await onPolicy(statement({ ...good, Action: "s3:Get*" }), {
            allowVerbPrefixWildcards: false,
        });
        assert.match(message, /action "s3:Get\*" uses a wildcard that is not a verb prefix/);
    });
});
