// Names of children and of physical resources. A child's name comes from what it stands for
// (a role ARN, a policy ARN, a tenant or service-account name), never from a list position,
// so removing or reordering entries never re-points a child at another principal.
import * as crypto from "crypto";

/** EKS cluster names: letters, digits, '-' and '_', starting with a letter or digit, at most 100. */
export const eksClusterNamePattern = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

/**
 * The key a child is named after for an IAM ARN: `<account>-<path and name>`, e.g.
 * `123456789012-platform-admin` for `arn:aws:iam::123456789012:role/platform-admin` and
 * `aws-AmazonEKS_CNI_Policy` for the AWS-managed policy. The partition is kept when it is
 * not `aws`. Distinct ARNs give distinct keys.
 */
export function arnKey(arn: string): string {
    const [, partition, , , account, resource = ""] = arn.split(":");
    const slash = resource.indexOf("/");
    const rest = slash >= 0 ? resource.slice(slash + 1) : resource;
    const prefix = partition && partition !== "aws" ? `${partition}-` : "";
    return `${prefix}${account}-${rest}`;
}

/**
 * The default EKS cluster name, unique per stack: `<project>-<stack>-<name>`, with every
 * character EKS does not accept replaced by '-', shortened with a hash of the whole to
 * EKS's 100 characters. Two stacks of one program in one account get different names.
 */
export function defaultClusterName(project: string, stack: string, name: string): string {
    const full = `${project}-${stack}-${name}`.replace(/[^A-Za-z0-9\-_]/g, "-");
    const named = /^[0-9A-Za-z]/.test(full) ? full : `c${full}`;
    if (named.length <= 100) {
        return named;
    }
    const hash = crypto.createHash("sha256").update(named).digest("hex").slice(0, 8);
    return `${named.slice(0, 91)}-${hash}`;
}
