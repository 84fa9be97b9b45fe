// Judges trust statements that let a web identity (an OIDC token) assume a role: IAM Roles
// for Service Accounts on EKS, GitHub Actions, and any other OIDC issuer.
import { globMatcher } from "./iam-actions";
import { IamStatement } from "./iam-document";

const webIdentity = "sts:assumerolewithwebidentity";

/** Whether an action pattern (`sts:*`, `sts:AssumeRoleWith*`, `*`) matches AssumeRoleWithWebIdentity. */
function matchesWebIdentity(action: string): boolean {
    return globMatcher(action, true).test(webIdentity);
}

/**
 * The OIDC issuer an Allow statement lets assume the role with a web identity token
 * (`oidc.eks.<region>.amazonaws.com/id/<id>`, `token.actions.githubusercontent.com`, ...):
 * its actions match `sts:AssumeRoleWithWebIdentity`, or it uses NotAction without listing it.
 */
export function oidcIssuerOf(statement: IamStatement): string | undefined {
    if (statement.effect !== "Allow" || statement.principal === "*" || !statement.principal) {
        return undefined;
    }
    const webIdentityAllowed = statement.notActions
        ? !statement.notActions.some(matchesWebIdentity)
        : statement.actions.some(matchesWebIdentity);
    if (!webIdentityAllowed) {
        return undefined;
    }
    const federated = statement.principal.Federated ?? [];
    return federated
        .map((f) => /:oidc-provider\/(.+)$/.exec(f)?.[1] ?? (f.includes(":") ? undefined : f))
        .find((issuer) => issuer !== undefined);
}

/** The kinds of issuer with rules of their own. */
export type IssuerKind = "eks" | "github" | "other";

/** EKS issuers, in every partition's domain (`amazonaws.com`, `amazonaws.com.cn`, ...). */
export function issuerKind(issuer: string): IssuerKind {
    if (/^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/.test(issuer)) {
        return "eks";
    }
    return issuer === "token.actions.githubusercontent.com" ? "github" : "other";
}

/** The values a condition operator compares `key` with, across operator variants. */
function valuesOf(statement: IamStatement, operators: string[], key: string): string[] | undefined {
    for (const operator of operators) {
        const values = statement.condition?.[operator]?.[key];
        if (values) {
            return values;
        }
    }
    return undefined;
}

/** The fix for each kind of issuer, for messages. */
export function trustFix(issuer: string): string {
    switch (issuerKind(issuer)) {
        case "eks":
            return `add StringEquals {"${issuer}:sub": "system:serviceaccount:<namespace>:<name>", "${issuer}:aud": "sts.amazonaws.com"}`;
        case "github":
            return `add StringEquals {"${issuer}:aud": "sts.amazonaws.com"} and pin "${issuer}:sub" to one repository, e.g. StringLike "repo:<org>/<repo>:ref:refs/heads/main"`;
        default:
            return `pin "${issuer}:aud" or "${issuer}:sub" with StringEquals to the audience or subject you expect`;
    }
}

/** Each way a web-identity trust statement admits more than it should, by issuer kind. */
export function irsaTrustProblems(statement: IamStatement, issuer: string): string[] {
    switch (issuerKind(issuer)) {
        case "eks":
            return eksProblems(statement, issuer);
        case "github":
            return githubProblems(statement, issuer);
        default: {
            const pinned = ["aud", "sub"].some(
                (claim) =>
                    valuesOf(statement, ["StringEquals"], `${issuer}:${claim}`) !== undefined,
            );
            return pinned
                ? []
                : [
                      `does not pin "${issuer}:aud" or "${issuer}:sub" with StringEquals, so any token the issuer signs can assume the role`,
                  ];
        }
    }
}

/** EKS: exactly one service account, through STS. */
function eksProblems(statement: IamStatement, issuer: string): string[] {
    const problems: string[] = [];
    const sub = valuesOf(statement, ["StringEquals"], `${issuer}:sub`);
    const aud = valuesOf(statement, ["StringEquals"], `${issuer}:aud`);
    for (const [operator, keys] of Object.entries(statement.condition ?? {})) {
        if (operator !== "StringEquals" && keys[`${issuer}:sub`] !== undefined) {
            problems.push(
                `matches "${issuer}:sub" with ${operator}, which admits more than one service account`,
            );
        }
    }
    if (!sub) {
        problems.push(
            `does not pin "${issuer}:sub" with StringEquals, so any service account in the cluster can assume the role`,
        );
    } else if (sub.length !== 1) {
        problems.push(`lets ${sub.length} subjects assume the role through "${issuer}:sub"`);
    } else if (
        /[*?]/.test(sub[0]) ||
        !/^system:serviceaccount:[a-z0-9-]+:[a-z0-9.-]+$/.test(sub[0])
    ) {
        problems.push(`pins "${issuer}:sub" to "${sub[0]}", which is not one service account`);
    }
    if (!aud || aud.length !== 1 || aud[0] !== "sts.amazonaws.com") {
        problems.push(`does not pin "${issuer}:aud" to "sts.amazonaws.com" with StringEquals`);
    }
    return problems;
}

/** GitHub Actions: the STS audience, and subjects of named repositories only. */
function githubProblems(statement: IamStatement, issuer: string): string[] {
    const problems: string[] = [];
    const aud = valuesOf(statement, ["StringEquals"], `${issuer}:aud`);
    if (!aud || aud.length !== 1 || aud[0] !== "sts.amazonaws.com") {
        problems.push(`does not pin "${issuer}:aud" to "sts.amazonaws.com" with StringEquals`);
    }
    const sub = valuesOf(statement, ["StringEquals", "StringLike"], `${issuer}:sub`);
    if (!sub) {
        problems.push(
            `does not pin "${issuer}:sub" to a repository, so any GitHub workflow of any owner can assume the role`,
        );
    }
    for (const value of sub ?? []) {
        // repo:<org>/<repo>:<context>, with no wildcard in the owner or the repository.
        if (!/^repo:[^*?/:]+\/[^*?/:]+:.+$/.test(value)) {
            problems.push(
                `lets "${issuer}:sub" be "${value}", which is not pinned to one repository (repo:<org>/<repo>:...)`,
            );
        }
    }
    return problems;
}
