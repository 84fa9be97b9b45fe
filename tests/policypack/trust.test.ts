// eks-irsa-trust-scoped on every web-identity trust: EKS, GitHub Actions, other issuers, and
// the action forms that grant AssumeRoleWithWebIdentity.
import * as assert from "assert";
import { eksIrsaTrustScoped as policy } from "../../policypack/policies/eks-irsa-trust-scoped";
import {
    irsaTrustProblems,
    issuerKind,
    oidcIssuerOf,
    trustFix,
} from "../../policypack/lib/irsa-trust";
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

// Only an Allow statement grants a web identity anything (IAM User Guide, "Policy evaluation
// logic": an explicit Deny never allows), and only one whose actions reach
// sts:AssumeRoleWithWebIdentity: Action lists grant each action listed, NotAction every action
// not listed (IAM JSON policy elements: Action, NotAction).
describe("which statements grant a web identity the role", () => {
    const statement = (fields: Partial<IamStatement>): IamStatement => ({
        ...webIdentityStatement({ Federated: [provider(eks)] }),
        ...fields,
    });

    it("is none for a Deny statement or one without a principal", () => {
        assert.strictEqual(oidcIssuerOf(statement({ effect: "Deny" })), undefined);
        assert.strictEqual(oidcIssuerOf(statement({ principal: undefined })), undefined);
        assert.strictEqual(oidcIssuerOf(statement({ effect: "Allow" })), eks);
    });

    it("grants it when any one action of a mixed Action list matches", () => {
        assert.strictEqual(
            oidcIssuerOf(statement({ actions: ["s3:GetObject", "sts:AssumeRoleWithWebIdentity"] })),
            eks,
        );
    });

    it("does not grant it when any one NotAction entry matches, in a mixed list", () => {
        assert.strictEqual(
            oidcIssuerOf(
                statement({
                    actions: [],
                    notActions: ["s3:*", "sts:AssumeRoleWithWebIdentity"],
                }),
            ),
            undefined,
        );
        assert.strictEqual(
            oidcIssuerOf(statement({ actions: [], notActions: ["s3:*", "ec2:*"] })),
            eks,
        );
    });

    // A principal names an OIDC provider only as a whole provider ARN (IAM User Guide,
    // "Create an OpenID Connect (OIDC) identity provider": arn:aws:iam::<account>:oidc-provider/<issuer>).
    it("takes the issuer only from a whole oidc-provider ARN", () => {
        assert.strictEqual(
            oidcIssuerOf(statement({ principal: { Federated: [`${provider(eks)}\nx`] } })),
            undefined,
        );
    });
});

// EKS issuers are exactly https://oidc.eks.<region>.amazonaws.com/id/<ID> (EKS User Guide,
// "Create an IAM OIDC provider for your cluster"): another host that merely contains one is not.
describe("an EKS issuer is the whole oidc.eks.<region>.amazonaws.com/id/<ID>", () => {
    it("is not an issuer with anything before or after it", () => {
        assert.strictEqual(issuerKind(eks), "eks");
        assert.strictEqual(issuerKind(`evil.example.com/${eks}`), "other");
        assert.strictEqual(issuerKind(`${eks}/extra`), "other");
    });

    it("gives each kind of issuer its own fix", () => {
        assert.strictEqual(
            trustFix(eks),
            `add StringEquals {"${eks}:sub": "system:serviceaccount:<namespace>:<name>", "${eks}:aud": "sts.amazonaws.com"}`,
        );
        assert.strictEqual(
            trustFix("accounts.google.com"),
            'pin "accounts.google.com:aud" or "accounts.google.com:sub" with StringEquals to the audience or subject you expect',
        );
    });
});

// An EKS service account token's subject is system:serviceaccount:<namespace>:<name>
// (EKS User Guide, "Assign IAM roles to Kubernetes service accounts"); its audience sts.amazonaws.com.
describe("an EKS trust admits exactly one service account, through STS", () => {
    const sub = `${eks}:sub`;
    const aud = `${eks}:aud`;
    const problems = (condition?: IamStatement["condition"]) =>
        irsaTrustProblems(webIdentityStatement({ Federated: [provider(eks)] }, condition), eks);
    const notOne = (value: string) =>
        `pins "${sub}" to "${value}", which is not one service account`;
    const noAud = `does not pin "${aud}" to "sts.amazonaws.com" with StringEquals`;
    const noSub = `does not pin "${sub}" with StringEquals, so any service account in the cluster can assume the role`;

    it("passes one service account and the STS audience, whatever other keys are conditioned", () => {
        assert.deepStrictEqual(
            problems({
                StringEquals: {
                    [sub]: ["system:serviceaccount:ns:app"],
                    [aud]: ["sts.amazonaws.com"],
                },
                IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] },
            }),
            [],
        );
    });

    it("reports a subject that is not the whole system:serviceaccount:<ns>:<name>", () => {
        for (const value of [
            "system:serviceaccount:ns",
            "xsystem:serviceaccount:ns:app",
            "system:serviceaccount:ns:app:extra",
        ]) {
            assert.deepStrictEqual(
                problems({ StringEquals: { [sub]: [value], [aud]: ["sts.amazonaws.com"] } }),
                [notOne(value)],
                value,
            );
        }
    });

    it("reports an audience that is not STS alone: a second one, or another", () => {
        for (const audiences of [["sts.amazonaws.com", "other"], ["other"]]) {
            assert.deepStrictEqual(
                problems({
                    StringEquals: { [sub]: ["system:serviceaccount:ns:app"], [aud]: audiences },
                }),
                [noAud],
                audiences.join(),
            );
        }
    });

    it("reports a trust with no StringEquals, or no condition at all, without throwing", () => {
        assert.deepStrictEqual(problems(), [noSub, noAud]);
        assert.deepStrictEqual(
            problems({ StringLike: { [sub]: ["system:serviceaccount:ns:*"] } }),
            [
                `matches "${sub}" with StringLike, which admits more than one service account`,
                noSub,
                noAud,
            ],
        );
    });
});

describe("a trust of another issuer is pinned by its audience or its subject", () => {
    const google = "accounts.google.com";
    it("passes a subject pinned alone", () => {
        assert.deepStrictEqual(
            irsaTrustProblems(
                webIdentityStatement(
                    { Federated: [google] },
                    { StringEquals: { [`${google}:sub`]: ["110169484474386276334"] } },
                ),
                google,
            ),
            [],
        );
    });
});

describe("a GitHub trust admits exactly the STS audience", () => {
    const problems = (condition?: IamStatement["condition"]) =>
        irsaTrustProblems(
            webIdentityStatement({ Federated: [provider(github)] }, condition),
            github,
        );
    const noAud = `does not pin "${github}:aud" to "sts.amazonaws.com" with StringEquals`;
    const noSub = `does not pin "${github}:sub" to a repository, so any GitHub workflow of any owner can assume the role`;

    it("reports no condition, or a second audience, without throwing", () => {
        assert.deepStrictEqual(problems(), [noAud, noSub]);
        assert.deepStrictEqual(
            problems({
                StringEquals: {
                    [`${github}:aud`]: ["sts.amazonaws.com", "other"],
                    [`${github}:sub`]: ["repo:acme/infra:ref:refs/heads/main"],
                },
            }),
            [noAud],
        );
    });

    it("reports a single audience that is not STS", () => {
        assert.deepStrictEqual(
            problems({
                StringEquals: {
                    [`${github}:aud`]: ["other"],
                    [`${github}:sub`]: ["repo:acme/infra:ref:refs/heads/main"],
                },
            }),
            [noAud],
        );
    });
});
