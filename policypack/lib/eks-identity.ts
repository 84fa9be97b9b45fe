// How EKS names an IAM principal in Kubernetes. Amazon EKS User Guide, "Create access
// entries" (awsdocs/amazon-eks-user-guide latest/ug/manage-access/k8s-access/grant-k8s-access.adoc
// at commit 4d52b4d05e3478582e7d10a73cbd9ba9194dd5f7, lines 213-249): an access entry of type
// STANDARD without a username gets "The ARN of the user" for a user and, for a role, "The STS ARN
// of the role when it's assumed. Amazon EKS appends `{{SessionName}}` to the role", e.g.
// `arn:aws:sts::111122223333:assumed-role/my-role/{{SessionName}}`; "If the ARN of the role ...
// contained a path, Amazon EKS removes it". Nodes' entries get `system:node:...` names.

/** The parts of an IAM role ARN, `arn:<partition>:iam::<account>:role/<path/><name>`. */
export function iamRoleArn(
    arn: string,
): { partition: string; account: string; name: string } | undefined {
    const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/.exec(arn);
    return m ? { partition: m[1], account: m[2], name: m[3] } : undefined;
}

/** The parts of an assumed-role session's ARN, `arn:<partition>:sts::<account>:assumed-role/<role>/<session>`. */
export function assumedRoleArn(
    name: string,
): { partition: string; account: string; role: string; session: string } | undefined {
    const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(name);
    return m ? { partition: m[1], account: m[2], role: m[3], session: m[4] } : undefined;
}

/**
 * The Kubernetes user name EKS gives an access entry's principal: its `userName` when set,
 * otherwise the default of its type (the table cited above).
 */
export function accessEntryUsername(
    principalArn: string,
    type?: string,
    userName?: string,
): string {
    if (userName) {
        return userName;
    }
    switch ((type ?? "STANDARD").toUpperCase()) {
        case "EC2_LINUX":
        case "EC2_WINDOWS":
            return "system:node:{{EC2PrivateDNSName}}";
        case "FARGATE_LINUX":
        case "HYBRID_LINUX":
            return "system:node:{{SessionName}}";
    }
    const role = iamRoleArn(principalArn);
    return role
        ? `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/{{SessionName}}`
        : principalArn;
}
