// eks-irsa-trust-scoped on every web-identity trust: EKS, GitHub Actions, other issuers, and
// the action forms that grant AssumeRoleWithWebIdentity.
import * as assert from "assert";
import { eksIrsaTrustScoped as policy } from "../../policypack/policies/eks-irsa-trust-scoped";
import { irsaTrustProblems, oidcIssuerOf } from "../../policypack/lib/irsa-trust";
import { IamStatement } from "../../policypack/lib/iam-document";
import { violations } from "./check";

const account = "123456789012";
const eks = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const github = "token.actions.githubusercontent.com";
const provider = (issuer: string, partition = "aws") =>
    `arn:${partition}:iam::${account}:oidc-provider/${issuer}`;
const trust = (statement: Record<string, unknown>) =>
    violations(
        policy,
        "aws:iam/role:Role",
        {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", ...statement }],
            }),
        },
        {},
        "ci",
    );

describe("eks-irsa-trust-scoped: every way to grant AssumeRoleWithWebIdentity", () => {
    for (const action of ["sts:*", "sts:AssumeRoleWith*", "*", "STS:AssumeRoleWithWebIdentity"]) {
        it(`judges a trust whose action is ${action}`, async () => {
            const found = await trust({ Principal: { Federated: provider(eks) }, Action: action });
            assert.strictEqual(found.length, 2, found.join("\n"));
            assert.match(
                found[0],
                /does not pin ".*:sub" with StringEquals, so any service account/,
            );
        });
    }

    it("judges a trust with NotAction that does not exclude AssumeRoleWithWebIdentity", async () => {
        const found = await trust({ Principal: { Federated: provider(eks) }, NotAction: "s3:*" });
        assert.strictEqual(found.length, 2);
        assert.deepStrictEqual(
            await trust({
                Principal: { Federated: provider(eks) },
                NotAction: "sts:AssumeRoleWithWebIdentity",
            }),
            [],
        );
    });

    it("recognizes EKS issuers in every partition's domain", async () => {
        const cn = "oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC123";
        const found = await trust({
            Principal: { Federated: provider(cn, "aws-cn") },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${cn}:sub`]: "system:serviceaccount:*:x" } },
        });
        assert.match(
            found[0],
            /pins ".*:sub" to "system:serviceaccount:\*:x", which is not one service account/,
        );
    });
});

describe("eks-irsa-trust-scoped on GitHub Actions", () => {
    const pinned = {
        Principal: { Federated: provider(github) },
        Action: "sts:AssumeRoleWithWebIdentity",
    };

    it("passes the audience pinned to STS and the subject to one repository", async () => {
        assert.deepStrictEqual(
            await trust({
                ...pinned,
                Condition: {
                    StringEquals: { [`${github}:aud`]: "sts.amazonaws.com" },
                    StringLike: { [`${github}:sub`]: "repo:acme/infra:ref:refs/heads/main" },
                },
            }),
            [],
        );
    });

    it("reports a subject with a wildcard in the owner or the repository", async () => {
        for (const sub of ["repo:acme/*", "repo:*/infra:*", "repo:acme/infra*:*"]) {
            const [message] = await trust({
                ...pinned,
                Condition: {
                    StringEquals: { [`${github}:aud`]: "sts.amazonaws.com" },
                    StringLike: { [`${github}:sub`]: sub },
                },
            });
            assert.strictEqual(
                message,
                `IAM role "ci": assumeRolePolicy statement 0 lets "${github}:sub" be "${sub}", which is not pinned to one repository (repo:<org>/<repo>:...): add StringEquals {"${github}:aud": "sts.amazonaws.com"} and pin "${github}:sub" to one repository, e.g. StringLike "repo:<org>/<repo>:ref:refs/heads/main".`,
            );
        }
    });

    it("reports a trust with no subject or no STS audience", async () => {
        const found = await trust(pinned);
        assert.deepStrictEqual(found.length, 2);
        assert.match(found[0], /does not pin ".*:aud" to "sts.amazonaws.com"/);
        assert.match(found[1], /any GitHub workflow of any owner can assume the role/);
    });
});

describe("eks-irsa-trust-scoped on other issuers and on Pod Identity", () => {
    const google = "accounts.google.com";

    it("passes another issuer whose audience or subject is pinned, and reports one that is not", async () => {
        assert.deepStrictEqual(
            await trust({
                Principal: { Federated: google },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { [`${google}:aud`]: "1234.apps.googleusercontent.com" },
                },
            }),
            [],
        );
        const [message] = await trust({
            Principal: { Federated: google },
            Action: "sts:AssumeRoleWithWebIdentity",
        });
        assert.match(
            message,
            /does not pin "accounts.google.com:aud" or "accounts.google.com:sub" with StringEquals, so any token the issuer signs can assume the role/,
        );
    });

    it("leaves EKS Pod Identity trust alone (no web identity)", async () => {
        assert.deepStrictEqual(
            await trust({
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
            }),
            [],
        );
    });
});

// As `.*` per `*`, an Action of `*?` nine times then `*z` took 0.6 s to compare with
// sts:AssumeRoleWithWebIdentity, each `*?` more multiplying that. With backtracking these would
// outlast the suite's timeout (120 s); no clock is read here.
describe("a web identity trust's actions, matched in polynomial time", () => {
    it("reads an action pattern of many wildcards as the IAM glob it is", () => {
        const trust = (action: string) =>
            oidcIssuerOf({
                label: "statement 0",
                index: 0,
                effect: "Allow",
                actions: [action],
                resources: [],
                principal: { Federated: ["token.actions.githubusercontent.com"] },
            });
        assert.strictEqual(trust(`${"*?".repeat(20)}*z`), undefined);
        assert.strictEqual(trust(`${"*?".repeat(20)}*`), "token.actions.githubusercontent.com");
        assert.strictEqual(trust("STS:AssumeRole?ith*"), "token.actions.githubusercontent.com");
        assert.strictEqual(trust("sts:AssumeRole.ith*"), undefined);
    });
});

const webIdentityStatement = (
    principal: Record<string, string[]>,
    condition?: IamStatement["condition"],
): IamStatement => ({
    label: "statement 0",
    index: 0,
    effect: "Allow",
    actions: ["sts:AssumeRoleWithWebIdentity"],
    resources: [],
    principal,
    condition,
});

describe("the issuer a web identity trust names", () => {
    it("is the OIDC provider among the Federated principals, wherever it is listed", () => {
        const saml = `arn:aws:iam::${account}:saml-provider/Okta`;
        assert.strictEqual(
            oidcIssuerOf(webIdentityStatement({ Federated: [saml, provider(github)] })),
            github,
        );
        assert.strictEqual(
            oidcIssuerOf(webIdentityStatement({ Federated: ["cognito-identity.amazonaws.com"] })),
            "cognito-identity.amazonaws.com",
        );
    });

    it("is none for a principal that is not Federated, whatever its action", () => {
        assert.strictEqual(
            oidcIssuerOf(webIdentityStatement({ Service: ["pods.eks.amazonaws.com"] })),
            undefined,
        );
        assert.strictEqual(
            oidcIssuerOf(
                webIdentityStatement({ Federated: [`arn:aws:iam::${account}:saml-provider/X`] }),
            ),
            undefined,
        );
    });
});

// GitHub's subject is `repo:<owner>/<repo>:<context>` (GitHub Docs, "About security hardening
// with OpenID Connect", example subject claims): a value pins one repository only when the
// whole of it has that form, with no wildcard in the owner or the repository.
describe("a GitHub subject is pinned to one repository only as a whole repo:<owner>/<repo>:... value", () => {
    const aud = { [`${github}:aud`]: ["sts.amazonaws.com"] };
    const problems = (operator: string, sub: string) =>
        irsaTrustProblems(
            webIdentityStatement(
                { Federated: [provider(github)] },
                operator === "StringEquals"
                    ? { StringEquals: { ...aud, [`${github}:sub`]: [sub] } }
                    : { StringEquals: aud, [operator]: { [`${github}:sub`]: [sub] } },
            ),
            github,
        );
    const notPinned = (sub: string) => [
        `lets "${github}:sub" be "${sub}", which is not pinned to one repository (repo:<org>/<repo>:...)`,
    ];

    it("reads the subject under StringEquals as under StringLike", () => {
        const sub = "repo:acme/infra:ref:refs/heads/main";
        assert.deepStrictEqual(problems("StringEquals", sub), []);
        assert.deepStrictEqual(problems("StringLike", sub), []);
    });

    it("reports a value with anything before repo:, a wildcard included", () => {
        for (const sub of ["*repo:acme/infra:*", "xrepo:acme/infra:ref:refs/heads/main"]) {
            assert.deepStrictEqual(problems("StringLike", sub), notPinned(sub), sub);
        }
    });

    // A subject is one line; a value whose context runs on past a line break is none of them.
    it("reports a value that is not one line", () => {
        const sub = "repo:acme/infra:ref:refs/heads/main\n*";
        assert.deepStrictEqual(problems("StringLike", sub), notPinned(sub));
    });
});
