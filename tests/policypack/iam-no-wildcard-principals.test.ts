import * as assert from "assert";
import { iamNoWildcardPrincipals as policy } from "../../policypack/policies/iam-no-wildcard-principals";
import { violations } from "./check";

const trust = (statement: Record<string, unknown>) => ({
    Version: "2012-10-17",
    Statement: [statement],
});
const good = {
    Sid: "Ec2",
    Effect: "Allow",
    Principal: { Service: "ec2.amazonaws.com" },
    Action: "sts:AssumeRole",
};
const onRole = (doc: unknown) =>
    violations(
        policy,
        "aws:iam/role:Role",
        { assumeRolePolicy: typeof doc === "string" ? doc : JSON.stringify(doc) },
        {},
        "app",
    );

describe("iam-no-wildcard-principals", () => {
    it("passes a trust policy naming a service", async () => {
        assert.deepStrictEqual(await onRole(trust(good)), []);
    });

    it('reports Principal "*"', async () => {
        assert.deepStrictEqual(await onRole(trust({ ...good, Principal: "*" })), [
            'IAM role "app": assumeRolePolicy statement 0 ("Ec2") has Principal "*", which allows anyone: name the account, role or service principals that need access.',
        ]);
    });

    it('reports {AWS: "*"}', async () => {
        assert.match(
            (await onRole(trust({ ...good, Principal: { AWS: "*" } })))[0],
            /has AWS principal "\*"/,
        );
    });

    it("reports an AWS principal containing *", async () => {
        assert.match(
            (
                await onRole(
                    trust({
                        ...good,
                        Principal: {
                            AWS: ["arn:aws:iam::123456789012:root", "arn:aws:iam::*:role/deployer"],
                        },
                    }),
                )
            )[0],
            /AWS principal "arn:aws:iam::\*:role\/deployer"/,
        );
    });

    it("reports NotPrincipal", async () => {
        const { Principal: _p, ...rest } = good;
        assert.match(
            (
                await onRole(
                    trust({ ...rest, NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }),
                )
            )[0],
            /uses NotPrincipal/,
        );
    });

    it("ignores Deny statements", async () => {
        assert.deepStrictEqual(
            await onRole(trust({ ...good, Effect: "Deny", Principal: "*" })),
            [],
        );
    });

    for (const [type, label] of [
        ["aws:s3/bucketPolicy:BucketPolicy", "S3 bucket policy"],
        ["aws:kms/key:Key", "KMS key"],
        ["aws:sqs/queuePolicy:QueuePolicy", "SQS queue policy"],
        ["aws:sns/topicPolicy:TopicPolicy", "SNS topic policy"],
        ["aws:ecr/repositoryPolicy:RepositoryPolicy", "ECR repository policy"],
    ]) {
        it(`checks the resource policy of ${type}, object form`, async () => {
            const messages = await violations(
                policy,
                type,
                {
                    policy: trust({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "*",
                    }),
                },
                {},
                "r",
            );
            assert.deepStrictEqual(messages.length, 1);
            assert.ok(
                messages[0].startsWith(`${label} "r": policy statement 0 has Principal "*"`),
                messages[0],
            );
        });
    }

    it("reports a malformed trust policy", async () => {
        assert.match((await onRole("not json"))[0], /assumeRolePolicy is not valid JSON/);
    });
});
