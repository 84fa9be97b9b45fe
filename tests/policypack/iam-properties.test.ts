// Property tests of the IAM grant judgement (policypack/lib/iam-grants.ts): a Condition on
// the target never adds a finding, one on the caller never removes one, and a narrower
// Resource never makes any action's finding worse.
import * as assert from "assert";
import { runs } from "../fast-check-seed";
import * as fc from "fast-check";
import { parseStatement } from "../../policypack/lib/iam-document";
import { GrantFinding, judgeStatement } from "../../policypack/lib/iam-grants";

const actions = fc.array(
    fc.constantFrom(
        "ec2:DeleteVolume",
        "ec2:CreateTags",
        "ec2:Describe*",
        "ec2:CreateDefaultVpc",
        "iam:PassRole",
        "iam:P*",
        "iam:GetRole",
        "s3:GetObject",
        "s3:PutObject",
        "s3:Get*",
        "kms:Decrypt",
        "route53:ChangeResourceRecordSets",
        "secretsmanager:GetSecretValue",
        "autoscaling:SetDesiredCapacity",
        "s3:Gte*",
        "foo:DoThing",
        "*",
        "ec2:*",
    ),
    { minLength: 1, maxLength: 4 },
);

/** Resource chains, broadest first: each entry is narrower than the one before it. */
const chains = [
    [
        "*",
        "arn:aws:ec2:*:*:volume/*",
        "arn:aws:ec2:*:*:volume/vol-*",
        "arn:aws:ec2:us-east-1:1:volume/vol-1",
    ],
    ["arn:aws:iam::*:*", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:role/app"],
    ["arn:aws:iam::*:role/*", "arn:aws:iam::1:role/app-*", "arn:aws:iam::1:role/app-x"],
    ["*", "arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:instance/i-0123456789abcdef0"],
    ["arn:aws:s3:::*", "arn:aws:s3:::*/*", "arn:aws:s3:::reports/*", "arn:aws:s3:::reports/a.csv"],
    ["*", "arn:aws-cn:route53:::hostedzone/*", "arn:aws-cn:route53:::hostedzone/Z1"],
    [
        "*",
        "arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*",
        "arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/eks-ng-1",
    ],
];
const chainStep = fc
    .integer({ min: 0, max: chains.length - 1 })
    .chain((c) =>
        fc
            .integer({ min: 0, max: chains[c].length - 2 })
            .map((i) => [chains[c][i], chains[c][i + 1]]),
    );
const resource = fc.constantFrom(...chains.flat());

type Block = Record<string, Record<string, unknown>>;
const scoping = fc.constantFrom<Block>(
    { StringEquals: { "aws:ResourceTag/team": "a" } },
    { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } },
    { StringEquals: { "ec2:CreateAction": "CreateVolume" } },
    { "ForAnyValue:StringEquals": { "aws:ResourceTag/team": ["a"] } },
);
// iam:PassedToService is in neither set: it scopes an action that never has it (the
// action is granted nothing) but not iam:PassRole; iam-conditions.test.ts judges it per action.
const nonScoping = fc.constantFrom<Block>(
    { Bool: { "aws:SecureTransport": "true" } },
    { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    { StringEquals: { "aws:PrincipalTag/team": "a" } },
    { StringNotEquals: { "aws:ResourceTag/team": "b" } },
    { StringEqualsIfExists: { "aws:ResourceTag/team": "a" } },
    { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
    { StringEquals: { "aws:ResourceAccount": "123456789012" } },
    { "ForAnyValue:StringEquals": { "aws:CalledVia": ["cloudformation.amazonaws.com"] } },
);
const conditions = fc.array(fc.oneof(scoping, nonScoping), { maxLength: 2 });

/** Merges condition blocks as IAM does: all operators and keys apply. */
function merge(blocks: Block[]) {
    const merged: Record<string, Record<string, unknown>> = {};
    for (const block of blocks) {
        for (const [op, entries] of Object.entries(block)) {
            merged[op] = { ...(merged[op] ?? {}), ...entries };
        }
    }
    return merged;
}

function judge(raw: Record<string, unknown>): GrantFinding[] {
    const statement = parseStatement({ Effect: "Allow", ...raw }, 0);
    assert.ok(typeof statement !== "string", String(statement));
    return judgeStatement(statement);
}

const severity = { advisory: 1, mandatory: 2 } as const;
/** The worst level each action gets. */
function worst(findings: GrantFinding[]): Map<string, number> {
    const map = new Map<string, number>();
    for (const f of findings) {
        for (const a of f.actions) {
            map.set(a, Math.max(map.get(a) ?? 0, severity[f.level]));
        }
    }
    return map;
}
const keys = (findings: GrantFinding[]) => findings.map((f) => `${f.level} ${f.problem}`).sort();
const subset = (a: string[], b: string[]) => a.every((x) => b.includes(x));

describe("IAM grant judgement properties", () => {
    it("adding a scoping condition never adds a finding", () => {
        fc.assert(
            fc.property(
                actions,
                fc.array(resource, { minLength: 1, maxLength: 3 }),
                conditions,
                scoping,
                (a, r, c, extra) => {
                    const before = judge({ Action: a, Resource: r, Condition: merge(c) });
                    const after = judge({
                        Action: a,
                        Resource: r,
                        Condition: merge([...c, extra]),
                    });
                    assert.ok(
                        subset(keys(after), keys(before)),
                        `${keys(after)} vs ${keys(before)}`,
                    );
                },
            ),
            { seed: 17, numRuns: runs(400) },
        );
    });

    it("adding a non-scoping condition never removes a finding", () => {
        fc.assert(
            fc.property(
                actions,
                fc.array(resource, { minLength: 1, maxLength: 3 }),
                conditions,
                nonScoping,
                (a, r, c, extra) => {
                    // Two blocks with the same operator and key would replace each other, not add.
                    fc.pre(!c.some((b) => Object.keys(b)[0] === Object.keys(extra)[0]));
                    const before = judge({ Action: a, Resource: r, Condition: merge(c) });
                    const after = judge({
                        Action: a,
                        Resource: r,
                        Condition: merge([...c, extra]),
                    });
                    assert.ok(
                        subset(keys(before), keys(after)),
                        `${keys(before)} vs ${keys(after)}`,
                    );
                },
            ),
            { seed: 17, numRuns: runs(400) },
        );
    });

    it("narrowing a resource never makes any action's finding worse", () => {
        fc.assert(
            fc.property(
                actions,
                fc.array(resource, { maxLength: 2 }),
                chainStep,
                conditions,
                (a, others, [broad, narrow], c) => {
                    const before = worst(
                        judge({ Action: a, Resource: [broad, ...others], Condition: merge(c) }),
                    );
                    const after = worst(
                        judge({ Action: a, Resource: [narrow, ...others], Condition: merge(c) }),
                    );
                    for (const [action, level] of after) {
                        assert.ok(
                            level <= (before.get(action) ?? 0),
                            `${action}: ${broad} -> ${narrow}`,
                        );
                    }
                },
            ),
            { seed: 17, numRuns: runs(400) },
        );
    });
});
