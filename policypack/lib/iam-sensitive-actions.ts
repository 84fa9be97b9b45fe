// The actions whose risk their access level in the Service Authorization Reference
// understates. One list each, in one file, so a review of what counts as sensitive reads
// one page.
import { globRegex } from "./iam-actions";

/**
 * Read actions that return data, not metadata: on all resources they read every object,
 * secret, parameter or key of the account, so they are judged as a write would be.
 */
export const dataReadingActions: readonly string[] = [
    "s3:GetObject*",
    "s3-object-lambda:GetObject*",
    "secretsmanager:GetSecretValue",
    "secretsmanager:BatchGetSecretValue",
    "ssm:GetParameter*",
    "kms:Decrypt",
    "kms:GenerateDataKey*",
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "sqs:ReceiveMessage",
    "kinesis:GetRecords",
    "logs:GetLogEvents",
    "logs:FilterLogEvents",
];

/**
 * Actions the reference lists as Write that hand out permissions: `iam:PassRole` gives a
 * service every permission of the role it passes. Judged as Permissions management.
 */
export const permissionGrantingActions: readonly string[] = [
    "iam:PassRole",
    "iam:CreateServiceLinkedRole",
    "sts:AssumeRole",
];

const matcher = (patterns: readonly string[]) => {
    const regexes = patterns.map((p) => globRegex(p.toLowerCase()));
    return (action: string) => regexes.some((r) => r.test(action.toLowerCase()));
};

/** Whether `service:Action` reads data (see `dataReadingActions`). */
export const isDataReading = matcher(dataReadingActions);

/** Whether `service:Action` hands out permissions (see `permissionGrantingActions`). */
export const isPermissionGranting = matcher(permissionGrantingActions);
