// The step from IAM into the cluster (policypack/lib/iam-eks-access.ts, docs/iam-judgement.md §5.1): EKS
// access-entry actions granted unscoped are reported as cluster-admin-equivalent, naming the
// cluster, by iam-no-wildcard-permissions; the scoped forms pass.
import * as assert from "assert";
import { parsePolicyDocument } from "../../policypack/lib/iam-document";
import { eksAccessFindings } from "../../policypack/lib/iam-eks-access";
import { resetGrantJudgements } from "../../policypack/lib/iam-grant-check";
import { judgeDocument } from "../../policypack/lib/iam-grants";
import { iamNoWildcardPermissions as policy } from "../../policypack/policies/iam-no-wildcard-permissions";
import { iamTypeWideWrite as advisoryPolicy } from "../../policypack/policies/iam-type-wide-write";
import { violations } from "./check";

const account = "arn:aws:eks:us-east-1:123456789012";
const cluster = `${account}:cluster/prod`;
const entries = `${account}:access-entry/prod/*`;
const allow = (Action: string | string[], Resource: string | string[], Condition?: object) => ({
    Effect: "Allow",
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
});
const onPolicy = (statements: object[], advisory = false) =>
    violations(
        advisory ? advisoryPolicy : policy,
        "aws:iam/policy:Policy",
        { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
        {},
        "deploy",
    );
const exempt = "or, if it is intended, exempt it with its reason in the policy-exemptions config.";
const adminTail = "which is cluster-admin with no Kubernetes object left behind";
const viewPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";

describe("IAM to Kubernetes: EKS access entries", () => {
    beforeEach(resetGrantJudgements);

    it("reports eks:CreateAccessEntry and eks:AssociateAccessPolicy on a named cluster as one path", async () => {
        assert.deepStrictEqual(
            await onPolicy([
                allow("eks:CreateAccessEntry", cluster),
                allow("eks:AssociateAccessPolicy", entries),
            ]),
            [
                `IAM policy "deploy": policy statements 0, 1 grant eks:CreateAccessEntry and eks:AssociateAccessPolicy on cluster "prod" ("${cluster}", "${entries}") with no eks:policyArn or eks:principalArn Condition: the principal can give any IAM principal, itself included, AmazonEKSClusterAdminPolicy, ${adminTail}: add eks:policyArn naming the access policies it may associate and eks:principalArn naming the principals, ${exempt}`,
            ],
        );
    });

    it("reports eks:AssociateAccessPolicy alone on every access entry of a cluster", async () => {
        assert.deepStrictEqual(await onPolicy([allow("eks:AssociateAccessPolicy", entries)]), [
            `IAM policy "deploy": policy statement 0 grants eks:AssociateAccessPolicy on cluster "prod" ("${entries}") with no eks:policyArn Condition that admits only weaker access policies: the principal can associate AmazonEKSClusterAdminPolicy with any access entry, its own included, ${adminTail}: add eks:policyArn naming the access policies it may associate (or eks:accessScope "namespace" with ForAllValues eks:namespaces naming the namespaces), ${exempt}`,
        ]);
    });

    // Review (issue 17): eks:clusterName is a key of the access-entry type, so it is present on
    // these requests; naming the cluster reaches every entry of it, as access-entry/prod/* does.
    it("still reports eks:AssociateAccessPolicy and eks:UpdateAccessEntry scoped only by eks:clusterName", async () => {
        const byCluster = { StringEquals: { "eks:clusterName": "prod" } };
        assert.deepStrictEqual(
            await onPolicy([
                allow("eks:AssociateAccessPolicy", "*", byCluster),
                allow("eks:UpdateAccessEntry", "*", byCluster),
            ]),
            [
                `IAM policy "deploy": policy statement 0 grants eks:AssociateAccessPolicy on every cluster of the account ("*") with no eks:policyArn Condition that admits only weaker access policies: the principal can associate AmazonEKSClusterAdminPolicy with any access entry, its own included, ${adminTail}: add eks:policyArn naming the access policies it may associate (or eks:accessScope "namespace" with ForAllValues eks:namespaces naming the namespaces), ${exempt}`,
                `IAM policy "deploy": policy statement 1 grants eks:UpdateAccessEntry on every cluster of the account ("*") with no Condition that scopes it: the principal can put any access entry, its own included, in any Kubernetes group, which is cluster-admin when the cluster binds one of them to a powerful role, with no Kubernetes object left behind: name the access entries (arn:aws:eks:<Region>:<Account>:access-entry/<ClusterName>/<IamIdentityType>/<IamIdentityAccountID>/<IamIdentityName>/<UUID>), or add a Condition on aws:ResourceTag/<key> that only those entries carry, ${exempt}`,
            ],
        );
    });

    it("names the switch of authentication mode when eks:UpdateClusterConfig is granted too", async () => {
        const [message] = await onPolicy([
            allow("eks:AssociateAccessPolicy", entries),
            allow("eks:UpdateClusterConfig", cluster),
        ]);
        assert.match(
            message,
            /its own included, which is cluster-admin with no Kubernetes object left behind, and eks:UpdateClusterConfig \(statement 1\) can switch the cluster to access entries: add eks:policyArn/,
        );
    });

    it("reports eks:CreateAccessEntry alone unless both the principal and the groups are named", async () => {
        const principal = {
            ArnEquals: { "eks:principalArn": "arn:aws:iam::123456789012:role/ci" },
        };
        assert.deepStrictEqual(
            await onPolicy([allow("eks:CreateAccessEntry", cluster, principal)]),
            [
                `IAM policy "deploy": policy statement 0 grants eks:CreateAccessEntry on cluster "prod" ("${cluster}") with no eks:principalArn and eks:kubernetesGroups Condition: the principal can give any IAM principal, itself included, an access entry in any Kubernetes group, which is cluster-admin when the cluster binds one of them to a powerful role, with no Kubernetes object left behind: add ArnEquals eks:principalArn naming the principals and ForAllValues:StringEquals eks:kubernetesGroups naming the groups (with Null eks:kubernetesGroups false), ${exempt}`,
            ],
        );
        assert.deepStrictEqual(
            await onPolicy([
                allow("eks:CreateAccessEntry", cluster, {
                    ...principal,
                    "ForAllValues:StringEquals": { "eks:kubernetesGroups": ["team-a-viewers"] },
                    Null: { "eks:kubernetesGroups": "false" },
                }),
            ]),
            [],
        );
    });

    it("reports an access-entry action on * once, as the path, not also as injection", async () => {
        const messages = await onPolicy([
            allow(["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"], "*"),
        ]);
        assert.strictEqual(messages.length, 1, messages.join("\n"));
        assert.match(
            messages[0],
            /grants eks:CreateAccessEntry and eks:AssociateAccessPolicy on every cluster of the account \("\*"\)/,
        );
        // An injection action beside them is still reported on its own.
        const withKeys = await onPolicy([
            allow(["eks:AssociateAccessPolicy", "iam:CreateAccessKey"], "*"),
        ]);
        assert.deepStrictEqual(
            withKeys.map((m) => m.split(" (")[0].replace(/^.* grants /, "")),
            [
                "credential or code injection actions eks:AssociateAccessPolicy",
                "eks:AssociateAccessPolicy on every cluster of the account",
            ],
        );
    });

    it('leaves the path to the wildcard finding of Action "*", which already blocks it', async () => {
        assert.deepStrictEqual(await onPolicy([allow("*", "*")]), [
            'IAM policy "deploy": policy statement 0 action "*" grants actions of every service: list the exact actions the principal calls.',
        ]);
        assert.deepStrictEqual(await onPolicy([allow("*", "*")], true), []);
    });

    it("does not let aws:ResourceTag scope an association when the principal can tag entries itself", async () => {
        const tagged = { StringEquals: { "aws:ResourceTag/team": "ci" } };
        const createOwn = allow("eks:CreateAccessEntry", cluster, {
            ArnEquals: { "eks:principalArn": "arn:aws:iam::123456789012:role/ci" },
            "ForAllValues:StringEquals": { "eks:kubernetesGroups": ["team-a-viewers"] },
            Null: { "eks:kubernetesGroups": "false" },
        });
        // Alone, a tag names entries someone else tagged: scoped.
        assert.deepStrictEqual(
            await onPolicy([allow("eks:AssociateAccessPolicy", entries, tagged)]),
            [],
        );
        // Beside a (scoped) CreateAccessEntry or eks:TagResource, the principal picks the tag.
        for (const second of [createOwn, allow("eks:TagResource", entries)]) {
            const messages = await onPolicy([
                second,
                allow("eks:AssociateAccessPolicy", entries, tagged),
            ]);
            assert.ok(
                messages.some((m) =>
                    /statement 1 grants eks:AssociateAccessPolicy on cluster "prod"/.test(m),
                ),
                messages.join("\n"),
            );
        }
        const update = await onPolicy([createOwn, allow("eks:UpdateAccessEntry", entries, tagged)]);
        assert.ok(
            update.some((m) => /grants eks:UpdateAccessEntry on cluster "prod"/.test(m)),
            update.join("\n"),
        );
    });

    it("passes eks:CreateAccessEntry for service-linked roles only, which no person can assume", async () => {
        const create = (principalArn: string, operator = "ArnLike") =>
            onPolicy([
                allow("eks:CreateAccessEntry", "*", {
                    [operator]: { "eks:principalArn": principalArn },
                }),
            ]);
        // AmazonEKSServiceRolePolicy's statement (tests/policypack/published-iam).
        const eksRole =
            "arn:aws:iam::*:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS";
        assert.deepStrictEqual(await create(eksRole), []);
        assert.deepStrictEqual(await create("arn:aws:iam::*:role/aws-service-role/*"), []);
        // Not the reserved path: a role anyone may create, or a test that may be skipped.
        for (const [arn, operator] of [
            ["arn:aws:iam::*:role/aws-service-role*", "ArnLike"],
            ["arn:aws:iam::*:role/*", "ArnLike"],
            ["arn:aws:iam::*:role/*/aws-service-role/x", "ArnLike"],
            [eksRole, "ArnLikeIfExists"],
        ]) {
            assert.strictEqual((await create(arn, operator)).length, 1, `${operator} ${arn}`);
        }
    });

    it("reports eks:UpdateAccessEntry on every access entry of a cluster", async () => {
        assert.deepStrictEqual(await onPolicy([allow("eks:UpdateAccessEntry", entries)]), [
            `IAM policy "deploy": policy statement 0 grants eks:UpdateAccessEntry on cluster "prod" ("${entries}") with no Condition that scopes it: the principal can put any access entry, its own included, in any Kubernetes group, which is cluster-admin when the cluster binds one of them to a powerful role, with no Kubernetes object left behind: name the access entries (arn:aws:eks:<Region>:<Account>:access-entry/<ClusterName>/<IamIdentityType>/<IamIdentityAccountID>/<IamIdentityName>/<UUID>), or add a Condition on aws:ResourceTag/<key> that only those entries carry, ${exempt}`,
        ]);
    });

    for (const [what, statements] of [
        [
            "eks:policyArn naming the view policy",
            [
                allow("eks:CreateAccessEntry", cluster, {
                    ArnEquals: { "eks:principalArn": "arn:aws:iam::123456789012:role/ci" },
                    "ForAllValues:StringEquals": { "eks:kubernetesGroups": ["viewers"] },
                    Null: { "eks:kubernetesGroups": "false" },
                }),
                allow("eks:AssociateAccessPolicy", entries, {
                    ArnEquals: { "eks:policyArn": viewPolicy },
                }),
            ],
        ],
        [
            "a namespace scope in team-a with the edit policy",
            [
                allow("eks:AssociateAccessPolicy", entries, {
                    StringEquals: { "eks:accessScope": "namespace" },
                    "ForAllValues:StringEquals": { "eks:namespaces": ["team-a"] },
                    ArnEquals: {
                        "eks:policyArn":
                            "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                    },
                }),
            ],
        ],
        [
            "one principal's access entry",
            [
                allow(
                    "eks:AssociateAccessPolicy",
                    `${account}:access-entry/prod/role/123456789012/ci/*`,
                ),
            ],
        ],
    ] as const) {
        it(`passes ${what}`, async () => {
            assert.deepStrictEqual(await onPolicy([...statements]), []);
        });
    }

    it("still reports an association scoped by eks:policyArn that admits the cluster admin policy", async () => {
        const [message, ...rest] = await onPolicy([
            allow("eks:AssociateAccessPolicy", entries, {
                ArnLike: { "eks:policyArn": "arn:aws:eks::aws:cluster-access-policy/*" },
            }),
        ]);
        assert.deepStrictEqual(rest, []);
        assert.match(
            message,
            /^IAM policy "deploy": policy statement 0 grants eks:AssociateAccessPolicy on cluster "prod"/,
        );
    });

    it("says every cluster of the account for *, and names the statements in the finding", () => {
        const parsed = parsePolicyDocument({
            Statement: [
                allow("s3:GetObject", "arn:aws:s3:::reports/*"),
                allow(["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"], "*"),
            ],
        });
        assert.ok(parsed.ok);
        const eks = judgeDocument(parsed.statements).filter((f) => "clusters" in f);
        assert.deepStrictEqual(
            eks.map((f) => [f.level, f.statements, f.actions, f.problem.split(" (")[0]]),
            [
                [
                    "mandatory",
                    [1],
                    ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
                    "grants eks:CreateAccessEntry and eks:AssociateAccessPolicy on every cluster of the account",
                ],
            ],
        );
    });

    it("advises on eks:CreatePodIdentityAssociation with iam:PassRole on every role", async () => {
        const advisories = await onPolicy(
            [
                allow("eks:CreatePodIdentityAssociation", cluster),
                allow("iam:PassRole", "arn:aws:iam::123456789012:role/*"),
            ],
            true,
        );
        assert.deepStrictEqual(advisories, [
            `IAM policy "deploy": policy statements 0, 1 grant eks:CreatePodIdentityAssociation and iam:PassRole on cluster "prod" ("${cluster}", "arn:aws:iam::123456789012:role/*") with iam:PassRole on every role: the principal can give any pod any role it can pass, and cluster access with it when a passable role has an access entry: name the roles it may pass (arn:aws:iam::<Account>:role/<RoleNameWithPath>), ${exempt}`,
        ]);
    });

    it("does not advise on pod identity when iam:PassRole names only another service", async () => {
        assert.deepStrictEqual(
            await onPolicy(
                [
                    allow("eks:CreatePodIdentityAssociation", cluster),
                    allow("iam:PassRole", "arn:aws:iam::123456789012:role/*", {
                        StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" },
                    }),
                ],
                true,
            ),
            [],
        );
    });
});

describe("IAM to Kubernetes: how a finding names its clusters and statements", () => {
    const findings = (...statements: object[]) => {
        const parsed = parsePolicyDocument({ Statement: statements });
        assert.ok(parsed.ok);
        return eksAccessFindings(parsed.statements);
    };

    it("names every cluster a statement reaches, in the order of its Resource", async () => {
        const [a, b] = [`${account}:cluster/a`, `${account}:cluster/b`];
        assert.deepStrictEqual(await onPolicy([allow("eks:CreateAccessEntry", [a, b])]), [
            `IAM policy "deploy": policy statement 0 grants eks:CreateAccessEntry on clusters "a", "b" ("${a}", "${b}") with no eks:principalArn and eks:kubernetesGroups Condition: the principal can give any IAM principal, itself included, an access entry in any Kubernetes group, which is cluster-admin when the cluster binds one of them to a powerful role, with no Kubernetes object left behind: add ArnEquals eks:principalArn naming the principals and ForAllValues:StringEquals eks:kubernetesGroups naming the groups (with Null eks:kubernetesGroups false), ${exempt}`,
        ]);
    });

    it("lists the statements of a path in document order, whichever step comes first", () => {
        const [finding] = findings(
            allow("eks:AssociateAccessPolicy", entries),
            allow("eks:UpdateAccessEntry", entries),
            allow("eks:CreateAccessEntry", cluster),
        );
        assert.deepStrictEqual(finding.actions, [
            "eks:CreateAccessEntry",
            "eks:AssociateAccessPolicy",
        ]);
        assert.deepStrictEqual(finding.statements, [0, 2]);
    });

    it("names every statement that can switch the authentication mode", () => {
        const [finding] = findings(
            allow("eks:AssociateAccessPolicy", entries),
            allow("eks:UpdateClusterConfig", cluster),
            allow("eks:UpdateClusterConfig", `${account}:cluster/staging`),
        );
        assert.match(
            finding.problem,
            /, and eks:UpdateClusterConfig \(statement 1, 2\) can switch the cluster to access entries$/,
        );
    });
});
