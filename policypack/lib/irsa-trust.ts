// Judges trust statements that let a Kubernetes service account assume a role through
// an OIDC provider (IAM Roles for Service Accounts).
import { IamStatement } from "./iam-document";

const webIdentity = "sts:assumerolewithwebidentity";

/** The OIDC issuer a statement trusts (`oidc.eks.<region>.amazonaws.com/id/<id>`), if it is a web-identity trust. */
export function oidcIssuerOf(statement: IamStatement): string | undefined {
    if (statement.effect !== "Allow" || statement.principal === "*" || !statement.principal) {
        return undefined;
    }
    if (!statement.actions.some((a) => a.toLowerCase() === webIdentity)) {
        return undefined;
    }
    const federated = statement.principal.Federated ?? [];
    const provider = federated
        .map((f) => /:oidc-provider\/(.+)$/.exec(f)?.[1])
        .find((issuer) => issuer !== undefined);
    return provider;
}

/** Each way a web-identity trust statement is wider than one service account through STS. */
export function irsaTrustProblems(statement: IamStatement, issuer: string): string[] {
    const problems: string[] = [];
    const condition = statement.condition ?? {};
    const equals = condition.StringEquals ?? {};
    const sub = equals[`${issuer}:sub`];
    const aud = equals[`${issuer}:aud`];
    for (const [operator, keys] of Object.entries(condition)) {
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
