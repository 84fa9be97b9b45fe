// Resource breadth read from the ARN's meaning (policypack/lib/iam-arn-match.ts,
// iam-resources.ts): the examples of docs/iam-judgement.md §1.3, the walk-arounds of
// issue 17, the coverage argument, the monotonicity property of §1.4.
import * as assert from "assert";
import { runs } from "../fast-check-seed";
import * as fs from "fs";
import * as path from "path";
import * as fc from "fast-check";
import { iamDataDir, matchingActions, resourceTypeArn } from "../../policypack/lib/iam-actions";
import {
    identityWideWithin,
    intersects,
    longestSearchedPattern,
    minimumNamePrefix,
    resetArnMatchCaches,
    variableKind,
    wideAlignment,
} from "../../policypack/lib/iam-arn-match";
import { parseStatement } from "../../policypack/lib/iam-document";
import { judgeStatement } from "../../policypack/lib/iam-grants";
import {
    Breadth,
    resetBreadthCaches,
    resourceBreadth,
    statementBreadth,
} from "../../policypack/lib/iam-resources";

/** The reference's entry for `service:Action`. */
function actionData(action: string) {
    const [service, name] = action.split(":");
    const [data] = matchingActions(service, name);
    assert.ok(data, `${action} is in the reference`);
    return { service, data };
}

/** The breadth of one Resource entry for one action, judged afresh. */
function breadth(action: string, resource: string): Breadth {
    const { service, data } = actionData(action);
    return resourceBreadth(resource, service, data);
}

const rank: Record<Breadth, number> = { scoped: 0, "type-wide": 1, all: 2 };

// docs/iam-judgement.md §1.3, one case per Resource.
const examples: [action: string, resource: string, breadth: Breadth][] = [
    ["iam:PassRole", "*", "all"],
    ["iam:PassRole", "arn:aws:iam::*", "all"],
    ["iam:PassRole", "arn:*", "all"],
    ["iam:PassRole", "arn:aws:iam::*:role/*", "type-wide"],
    ["iam:PassRole", "arn:aws:iam::*:role/*o*", "type-wide"],
    ["iam:PutRolePolicy", "arn:aws:iam::123456789012:role/A*", "type-wide"],
    ["iam:PutRolePolicy", "arn:aws:iam::123456789012:role/ci*", "type-wide"],
    ["iam:PutRolePolicy", "arn:aws:iam::123456789012:role/app-*", "scoped"],
    ["iam:PassRole", "arn:aws:iam::123456789012:role/*-prod", "type-wide"],
    ["iam:PassRole", "arn:aws:iam::123456789012:role/eks/*", "scoped"],
    ["iam:PassRole", "arn:aws:iam::123456789012:*/app", "type-wide"],
    ["iam:PassRole", "arn:aws:iam::123456789012:role/a", "scoped"],
    ["sts:AssumeRole", "arn:aws:iam::*:role/*", "type-wide"],
    ["sts:AssumeRole", "arn:aws:iam::111122223333:role/deployer", "scoped"],
    ["ssm:SendCommand", "arn:aws:ec2:*:*:*", "all"],
    ["ssm:SendCommand", "arn:aws:ec2:*:*:instance/*", "type-wide"],
    ["ssm:SendCommand", "arn:aws:ssm:*:*:document/AWS-RunShellScript", "scoped"],
    ["ec2-instance-connect:SendSSHPublicKey", "arn:aws:ec2:*:*:*", "all"],
    ["ec2:TerminateInstances", "arn:aws:ec2:*:*:instance/i-*", "type-wide"],
    ["ec2:TerminateInstances", "arn:aws:ec2:*:*:instance/i-0abc*", "type-wide"],
    [
        "ec2:TerminateInstances",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890",
        "scoped",
    ],
    ["ec2:DeleteVolume", "arn:aws:ec2:*:*:volume/vol-*", "type-wide"],
    ["ec2:DeleteVolume", "arn:aws:ec2:*:*:instance/*", "scoped"],
    ["ec2:DeleteVolume", "arn:aws:s3:::*", "scoped"],
    ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:*", "type-wide"],
    ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:app-*", "scoped"],
    ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:db*", "type-wide"],
    ["kms:Decrypt", "arn:aws:kms:*:*:key/*", "type-wide"],
    ["kms:Decrypt", "arn:aws:kms:*:*:key/mrk-*", "type-wide"],
    ["kms:Decrypt", "arn:aws:kms:*:*:key/1234abcd-12ab-34cd-56ef-1234567890ab", "scoped"],
    ["ssm:GetParameters", "arn:aws:ssm:*:*:parameter/*", "type-wide"],
    ["ssm:GetParameters", "arn:aws:ssm:*:*:parameter/app/*", "scoped"],
    ["s3:GetObject", "arn:aws:s3:::*", "all"],
    ["s3:GetObject", "arn:aws:s3:::*/*", "type-wide"],
    ["s3:GetObject", "arn:aws:s3:::reports/*", "scoped"],
    ["s3:GetObject", "arn:aws:s3:::my-bucket*", "scoped"],
    ["s3:GetObject", "arn:aws:s3:::ab*/*", "type-wide"],
    [
        "autoscaling:SetDesiredCapacity",
        "arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/eks-ng-1",
        "scoped",
    ],
    [
        "autoscaling:SetDesiredCapacity",
        "arn:aws:autoscaling:*:*:autoScalingGroup:*:autoScalingGroupName/*",
        "type-wide",
    ],
    ["logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:app:*", "scoped"],
    ["logs:GetLogEvents", "arn:aws:logs:*:*:log-group:*:log-stream:*", "type-wide"],
    ["eks:AssociateAccessPolicy", "arn:aws:eks:*:*:access-entry/*/role/*/*/*", "type-wide"],
    ["eks:AssociateAccessPolicy", "arn:aws:eks:*:*:access-entry/prod/*", "scoped"],
    ["lambda:UpdateFunctionCode", "arn:aws:lambda:*:*:function:*", "type-wide"],
    [
        "elasticloadbalancing:AddTags",
        "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/k8s-web/*",
        "scoped",
    ],
    ["route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z1*", "type-wide"],
    ["iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}", "scoped"],
    ["dynamodb:Query", "arn:aws:dynamodb:*:*:table/orders/index/*", "scoped"],
    // Beyond that table: policy variables, singletons, over-long patterns.
    ["iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:PrincipalTag/team}-*", "scoped"],
    ["iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:SourceIdentity}", "type-wide"],
    // Review (issue 17): a caller without the key gets the default value, read as written.
    [
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team, '*'}",
        "type-wide",
    ],
    ["iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username, 'a'}*", "type-wide"],
    ["iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username, 'ci-deployer'}", "scoped"],
    ["iam:CreateAccessKey", "arn:aws:iam::*:user/${*}", "scoped"],
    ["s3:GetObject", "arn:aws:s3:::reports/a:b.csv", "scoped"],
    // Names that cannot hold `/` end at it: one short bucket or cluster is still one.
    ["s3:GetObject", "arn:aws:s3:::r/*", "scoped"],
    ["s3:GetObject", "arn:aws:s3:::r*/*", "type-wide"],
    ["eks:AccessKubernetesApi", "arn:aws:eks:*:*:cluster/a", "scoped"],
    ["lambda:UpdateFunctionCode", "arn:aws:lambda:*:*:function:f*", "type-wide"],
    // Names that may hold `/` (secret names are hierarchies) do not end at it.
    ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:a/*", "type-wide"],
    ["secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:app/*", "scoped"],
    ["sso:CreateAccountAssignment", "arn:aws:sso:::account/111122223333", "scoped"],
    ["sso:CreateAccountAssignment", "arn:aws:sso:::account/*", "type-wide"],
    ["securityhub:UpdateSecurityHubConfiguration", "arn:aws:securityhub:*:*:hub/default", "scoped"],
    ["iam:PassRole", `arn:aws:iam::1:role/${"a".repeat(longestSearchedPattern)}`, "all"],
];

describe("IAM resource breadth", () => {
    beforeEach(() => resetBreadthCaches());

    describe("the examples of docs/iam-judgement.md (§1.3)", () => {
        for (const [action, resource, expected] of examples) {
            it(`judges ${action} on ${resource.slice(0, 80)} as ${expected}`, () => {
                assert.strictEqual(breadth(action, resource), expected);
            });
        }
    });

    // The first bullet of issue 17: each was judged scoped by matching one sample id.
    describe("the walk-arounds of issue 17", () => {
        for (const [action, resource, expected] of [
            ["iam:PassRole", "arn:aws:iam::*:role/*o*", "type-wide"],
            ["ec2:TerminateInstances", "arn:aws:ec2:*:*:instance/i-*", "type-wide"],
            ["sts:AssumeRole", "arn:aws:iam::*:role/*", "type-wide"],
            ["ssm:SendCommand", "arn:aws:ec2:*:*:*", "all"],
            ["ec2-instance-connect:SendSSHPublicKey", "arn:aws:ec2:*:*:*", "all"],
        ] as const) {
            it(`reads ${action} on ${resource} as ${expected}, not scoped`, () => {
                const { service, data } = actionData(action);
                assert.strictEqual(statementBreadth([resource], service, data), expected);
            });
        }

        it("reads an ARN of a service the action takes no type of as matching nothing", () => {
            // sts:AssumeRole takes IAM roles; no sts resource type is a role.
            assert.deepStrictEqual(
                [
                    breadth("sts:AssumeRole", "arn:aws:sts::*:role/*"),
                    breadth("ssm:SendCommand", "arn:aws:ec2:*:*:volume/*"),
                    breadth("ec2:TerminateInstances", "arn:aws:ssm:*:*:*"),
                ],
                ["scoped", "scoped", "scoped"],
            );
        });
    });

    describe("prefixes that together cover the names", () => {
        const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        const covering = [...letters].map((c) => `arn:aws:iam::123456789012:role/${c}*`);

        it("judges role/A* … role/z*, role/0* … role/9* in one statement as mandatory", () => {
            const statement = parseStatement(
                { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: covering },
                0,
            );
            assert.ok(typeof statement !== "string");
            const findings = judgeStatement(statement);
            assert.deepStrictEqual(
                findings.map((f) => [f.level, f.problem, f.actions]),
                [
                    [
                        "mandatory",
                        `grants Permissions management actions iam:PutRolePolicy (Permissions management, Write) on every resource of a type (${covering.map((r) => `"${r}"`).join(", ")}) with no Condition that scopes them`,
                        ["iam:PutRolePolicy"],
                    ],
                ],
            );
            assert.ok(findings[0].problem.includes('"arn:aws:iam::123456789012:role/A*"'));
        });

        it("needs more prefixes of K characters to cover the names than any policy holds", () => {
            // Each length-K string needs its own prefix of ≥ K characters; with a
            // conservative 36-character alphabet that is 36^K Resource entries of at least
            // K + 4 characters ("…*", plus the comma), against the largest identity-policy
            // text a principal can hold: 20 managed policies (raised quota) of 6,144
            // characters and 10,240 inline (IAM User Guide, "IAM and AWS STS quotas").
            const K = minimumNamePrefix;
            assert.strictEqual(K, 3);
            assert.ok(36 ** K * (K + 4) > 20 * 6144 + 10240);
            // A prefix one character shorter than K is broad by itself; K is not.
            assert.deepStrictEqual(
                [
                    breadth("iam:PutRolePolicy", `arn:aws:iam::1:role/${"ab".slice(0, K - 1)}*`),
                    breadth("iam:PutRolePolicy", `arn:aws:iam::1:role/${"abc".slice(0, K)}*`),
                ],
                ["type-wide", "scoped"],
            );
        });

        it("judges a few prefixes of K characters as scoped", () => {
            const { service, data } = actionData("iam:PutRolePolicy");
            const few = ["app-*", "api-*", "ci-runner-*"].map(
                (r) => `arn:aws:iam::123456789012:role/${r}`,
            );
            assert.strictEqual(statementBreadth(few, service, data), "scoped");
        });
    });

    describe("long Resources", () => {
        /** The fastest of a few fresh judgements, in milliseconds, after one warm-up. */
        function fastest(action: string, resource: string): { ms: number; result: Breadth } {
            breadth(action, resource);
            let ms = Infinity;
            let result: Breadth = "scoped";
            for (let run = 0; run < 5; run++) {
                resetBreadthCaches();
                const start = process.hrtime.bigint();
                result = breadth(action, resource);
                ms = Math.min(ms, Number(process.hrtime.bigint() - start) / 1e6);
            }
            return { ms, result };
        }

        it("judges a 600-character Resource of wildcards as type-wide in under 50 ms", () => {
            const resource = `arn:aws:iam::123456789012:role/${"a*?".repeat(190)}`;
            assert.strictEqual(resource.length, 601);
            const { ms, result } = fastest("iam:PassRole", resource);
            assert.strictEqual(result, "type-wide");
            assert.ok(ms < 50, `${ms} ms`);
        });

        it("judges a 600-character role path as scoped, as fast", () => {
            const resource = `arn:aws:iam::123456789012:role/${"team/".repeat(112)}deployer`;
            const { ms, result } = fastest("iam:PassRole", resource);
            assert.strictEqual(result, "scoped");
            assert.ok(ms < 50, `${ms} ms`);
        });

        it("reads `**` as `*`, so repeating a wildcard does not reach the length bound", () => {
            const resource = `arn:aws:s3:::reports/${"*".repeat(2 * longestSearchedPattern)}`;
            assert.strictEqual(breadth("s3:GetObject", resource), "scoped");
        });
    });

    it("never judges a Resource built by adding wildcards to an ARN as narrower (§1.4)", () => {
        const actions = [...new Set(examples.map(([action]) => action))];
        const value = fc.string({
            minLength: 1,
            maxLength: 10,
            unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_."),
        });
        /** An ARN of one of the action's own types, its variables given random values. */
        const built = fc.constantFrom(...actions).chain((action) => {
            const { service, data } = actionData(action);
            const formats = data.resourceTypes
                .map((t) => resourceTypeArn(service, t.name))
                .filter((f): f is string => f !== undefined);
            return fc.constantFrom(...formats).chain((format) => {
                const parts = format.split(/(\$\{[^}]*\}|\*)/);
                return fc
                    .tuple(
                        ...parts.map((part, i) =>
                            i % 2 === 0
                                ? fc.constant(part)
                                : part === "${Partition}"
                                  ? fc.constantFrom("aws", "aws-cn")
                                  : value,
                        ),
                    )
                    .map((values) => [action, values.join("")] as const);
            });
        });
        // Not the policy variables: a wildcard written over `${…}` removes the variable.
        const table = fc.constantFrom(
            ...examples.filter(([, r]) => !r.includes("${")).map(([a, r]) => [a, r] as const),
        );
        const mutation = fc.record({
            at: fc.nat(),
            kind: fc.constantFrom("replace *", "replace ?", "insert *"),
        });
        fc.assert(
            fc.property(
                fc.oneof(built, table),
                fc.array(mutation, { minLength: 1, maxLength: 3 }),
                ([action, resource], mutations) => {
                    let wider = resource;
                    for (const { at, kind } of mutations) {
                        if (kind === "insert *") {
                            const i = at % (wider.length + 1);
                            wider = `${wider.slice(0, i)}*${wider.slice(i)}`;
                        } else if (wider.length > 0 && wider[at % wider.length] !== "*") {
                            const i = at % wider.length;
                            wider = `${wider.slice(0, i)}${kind.slice(-1)}${wider.slice(i + 1)}`;
                        }
                    }
                    const before = breadth(action, resource);
                    const after = breadth(action, wider);
                    assert.ok(
                        rank[after] >= rank[before],
                        `${action}: ${resource} is ${before}, ${wider} is ${after}`,
                    );
                },
            ),
            { seed: 17, numRuns: runs(500) },
        );
    });

    describe("variables of the reference's ARN formats", () => {
        const dataDir = path.join(iamDataDir, "resourceTypes");
        const formats = fs
            .readdirSync(dataDir)
            .flatMap((file) =>
                Object.values(
                    JSON.parse(fs.readFileSync(path.join(dataDir, file), "utf8")) as Record<
                        string,
                        { arn: string }
                    >,
                ).map((t) => t.arn),
            );

        it("classifies every variable name of every format", () => {
            const names = new Set(
                formats.flatMap((f) => [...f.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1])),
            );
            assert.ok(names.size > 1000, `${names.size} names`);
            const kinds = new Set([...names].map(variableKind));
            assert.deepStrictEqual([...kinds].sort(), ["generated", "name", "non-identifying"]);
            assert.deepStrictEqual(
                ["SecretId", "RoleNameWithPath", "BucketName", "ClusterName"].map(variableKind),
                ["name", "name", "name", "name"],
            );
            assert.deepStrictEqual(["InstanceId", "KeyId", "UUID", "Id", "*"].map(variableKind), [
                "generated",
                "generated",
                "generated",
                "generated",
                "generated",
            ]);
            assert.deepStrictEqual(
                ["Partition", "Region", "Account", "IamIdentityAccountID", "IamIdentityType"].map(
                    variableKind,
                ),
                Array(5).fill("non-identifying"),
            );
        });

        it("matches an ARN of every format, and reads it as naming one resource", () => {
            resetArnMatchCaches();
            const failures = formats.filter((format) => {
                const arn = format
                    .replace(/\$\{Partition\}/g, "aws")
                    .replace(/\$\{[^}]*\}|\*/g, "x1");
                return !intersects(arn, format) || !intersects("*", format);
            });
            assert.deepStrictEqual(failures, []);
            assert.ok(formats.length > 2000, `${formats.length} formats`);
        });
    });

    describe("identityWideWithin (every identity of one container)", () => {
        const accessEntry = resourceTypeArn("eks", "access-entry") as string;
        for (const [resource, wide] of [
            ["*", true],
            ["arn:aws:eks:*:*:*", true],
            ["arn:aws:eks:*:*:access-entry/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/*", true],
            ["arn:aws:eks:us-east-1:123456789012:access-entry/prod/*/*/*/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/role/123456789012/*/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/role/123456789012/d*/*", true],
            // A `*` crosses `/`: this reaches the entries of every principal whose name ends
            // in `/role/123456789012/deployer` (a role path can hold it): a suffix, not a name.
            ["arn:aws:eks:*:*:access-entry/*/role/123456789012/deployer/*", true],
            ["arn:aws:eks:*:*:access-entry/prod/role/123456789012/deployer/*", false],
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
