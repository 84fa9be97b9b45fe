// Shared fixtures of the iam-cluster-admin tests: resources as who-can hands them, and a
// document that grants the path to cluster-admin on every cluster.
import { IamGraphResource } from "../../policypack/lib/iam-cluster-admin";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
/** The SDK's marker for a value unknown until deploy (@pulumi/policy proxy.js). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const urn = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;
export const res = (
    type: string,
    name: string,
    props: Record<string, unknown>,
    dependencies?: string[],
): IamGraphResource => ({ type, name, urn: urn(type, name), props, dependencies });

/** Grants the pair on every cluster: cluster-admin under any reading of the issue. */
export const adminStatements = [
    {
        Sid: "Entries",
        Effect: "Allow",
        Action: ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
        Resource: "*",
    },
];
export const doc = (Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
export const role = "aws:iam/role:Role";
export const trust = doc([
    { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
]);
export const ci = res(role, "ci", {
    name: "ci-runner",
    arn: "arn:aws:iam::123456789012:role/ci-runner",
    assumeRolePolicy: trust,
    inlinePolicies: [{ name: "deploy", policy: doc(adminStatements) }],
});
/** `ci` with no policy of its own: what holds a document is then its holders' only path. */
export const plainCi = res(role, "ci", {
    name: "ci-runner",
    arn: "arn:aws:iam::123456789012:role/ci-runner",
    assumeRolePolicy: trust,
});
export const pairOnEvery =
    "eks:CreateAccessEntry + eks:AssociateAccessPolicy on every cluster of the account";
