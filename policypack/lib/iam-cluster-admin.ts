// The IAM principals of a stack that can make themselves (or anyone) cluster-admin through the
// EKS API: an identity document that grants eks:AssociateAccessPolicy on a cluster's access
// entries with no Condition limiting the access policy can associate
// AmazonEKSClusterAdminPolicy, which is cluster-admin with no Kubernetes object left behind
// (EKS User Guide, "Associate access policies with access entries"; the judgement is
// iam-eks-access.ts's). `hardened-eks who-can` lists them.
import { identityDocumentTypes } from "./iam-document-sources";
import { parsePolicyDocument } from "./iam-document";
import { EksAccessFinding, eksAccessFindings } from "./iam-eks-access";
import { statementsLabel } from "./iam-grant-check";
import { documentsOf } from "./iam-policy-sources";
import type { GraphResource } from "./rbac-graph";
import { awsEksCluster, eksComponentCluster, kindOf } from "./types";
import { asArray, orPending, UnknownValueError } from "./values";

/** A resource as who-can reads it: a graph resource, with the URNs it depends on when known. */
export type IamGraphResource = GraphResource & { dependencies?: string[] };

export interface IamClusterAdminPath {
    /** The principal: `aws:iam/role:Role` "ci", or what stands for it when the stack has none. */
    principal: { type: string; name: string; urn: string };
    /**
     * The path, for messages: `IAM role "ci"`, `inlinePolicies[0] "deploy" statements 0, 1`,
     * `eks:CreateAccessEntry + eks:AssociateAccessPolicy on cluster "prod"`,
     * `AmazonEKSClusterAdminPolicy`.
     */
    via: string[];
    /** The cluster's name, or `*` for every cluster of the account. */
    cluster: string;
    actions: string[];
}

const principalKinds = {
    "aws:iam/role:Role": { label: "IAM role", field: "role" },
    "aws:iam/user:User": { label: "IAM user", field: "user" },
    "aws:iam/group:Group": { label: "IAM group", field: "group" },
} as const;
type PrincipalType = keyof typeof principalKinds;

/** Inline policies of one principal, its `role`/`user`/`group` naming it. */
const inlinePolicyTypes: Record<string, PrincipalType> = {
    "aws:iam/rolePolicy:RolePolicy": "aws:iam/role:Role",
    "aws:iam/userPolicy:UserPolicy": "aws:iam/user:User",
    "aws:iam/groupPolicy:GroupPolicy": "aws:iam/group:Group",
};

/** Attachments of a managed policy: the fields naming principals, and the policy ARN(s). */
const attachmentTypes: Record<string, { targets: [string, PrincipalType][]; arns: string }> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        targets: [["role", "aws:iam/role:Role"]],
        arns: "policyArn",
    },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": {
        targets: [["user", "aws:iam/user:User"]],
        arns: "policyArn",
    },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": {
        targets: [["group", "aws:iam/group:Group"]],
        arns: "policyArn",
    },
    "aws:iam/policyAttachment:PolicyAttachment": {
        targets: [
            ["roles", "aws:iam/role:Role"],
            ["users", "aws:iam/user:User"],
            ["groups", "aws:iam/group:Group"],
        ],
        arns: "policyArn",
    },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": {
        targets: [["roleName", "aws:iam/role:Role"]],
        arns: "policyArns",
    },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": {
        targets: [["userName", "aws:iam/user:User"]],
        arns: "policyArns",
    },
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": {
        targets: [["groupName", "aws:iam/group:Group"]],
        arns: "policyArns",
    },
};

const managedPolicy = "aws:iam/policy:Policy";

/** Every type this module reads: who-can hands it these. */
export const iamClusterAdminTypes: ReadonlySet<string> = new Set([
    ...Object.keys(identityDocumentTypes),
    ...Object.keys(principalKinds),
    ...Object.keys(attachmentTypes),
    awsEksCluster,
    eksComponentCluster,
]);

/** The strings of a field, known ones only (a value unknown until deploy reads as none). */
const strings = (r: IamGraphResource, field: string): string[] =>
    orPending(
        () => (asArray(r.props[field]) ?? []).filter((v): v is string => typeof v === "string"),
        [],
    );

type Principal = IamClusterAdminPath["principal"];
const principalOf = (r: IamGraphResource): Principal => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
});
/** `IAM role "ci"`; a principal outside the stack (no URN) names its kind: `IAM role "ext"`. */
const label = (p: Principal) => {
    if (!(p.type in principalKinds)) {
        return p.name;
    }
    return p.urn === ""
        ? `IAM ${p.name}`
        : `${principalKinds[p.type as PrincipalType].label} "${p.name}"`;
};

/** Whether `value` names the principal: its logical name, its `name`, or its ARN. */
const names = (value: string, p: IamGraphResource): boolean =>
    value === p.name || value === strings(p, "name")[0] || value === strings(p, "arn")[0];

/**
 * The principals of `type` a resource names in `field`: by name or ARN when the value is
 * known, else by the resources it depends on; a value naming no principal of the stack
 * stands for itself (`role "ext-ci"`), and a value unknown until deploy that depends on none
 * (a role of another stack) stands for whoever it will name: it is never dropped.
 */
function targets(
    r: IamGraphResource,
    field: string,
    type: PrincipalType,
    stack: IamGraphResource[],
): Principal[] {
    const ofType = stack.filter((p) => p.type === type);
    const values = strings(r, field);
    const named = ofType.filter((p) => values.some((v) => names(v, p)));
    const depended = ofType.filter((p) => r.dependencies?.includes(p.urn));
    const found = [...new Set([...named, ...depended])].map(principalOf);
    if (depended.length > 0) {
        // The principals it depends on are the ones it names: a value naming none of them is
        // a name known only after deploy (`ci-7f3a2b1` for the role "ci"), not a stranger.
        return found;
    }
    const kind = principalKinds[type].field;
    const strangers = values
        .filter((v) => !named.some((p) => names(v, p)))
        .map((v) => ({ type, name: `${kind} ${JSON.stringify(v)}`, urn: "" }));
    const unread = unknownUntilDeploy(r, field)
        ? [
              {
                  type: r.type,
                  name: `the ${kind} of ${className(r)}, unknown until deploy`,
                  urn: r.urn,
              },
          ]
        : [];
    return [...found, ...strangers, ...unread];
}

/** Whether a field, or an element of it, is unknown until deploy. */
const unknownUntilDeploy = (r: IamGraphResource, field: string): boolean =>
    orPending(() => {
        asArray(r.props[field]);
        return false;
    }, true);

/** `RolePolicyAttachment "ci-entries"`: a resource as messages name it. */
const className = (r: IamGraphResource) => `${kindOf(r.type)} ${JSON.stringify(r.name)}`;

/** The principals a managed policy is attached to in the stack. */
function attachedTo(
    policy: IamGraphResource,
    stack: IamGraphResource[],
): { principal: Principal; by: string }[] {
    const arn = strings(policy, "arn")[0];
    const attached: { principal: Principal; by: string }[] = [];
    for (const r of stack) {
        const attachment = attachmentTypes[r.type];
        const joins =
            (arn !== undefined &&
                strings(r, attachment?.arns ?? "managedPolicyArns").includes(arn)) ||
            r.dependencies?.includes(policy.urn);
        if (!joins) {
            continue;
        }
        if (attachment) {
            const by = className(r);
            for (const [field, type] of attachment.targets) {
                attached.push(
                    ...targets(r, field, type, stack).map((principal) => ({ principal, by })),
                );
            }
        } else if (r.type === "aws:iam/role:Role") {
            attached.push({ principal: principalOf(r), by: "managedPolicyArns" });
        }
    }
    return attached;
}

/** `cluster "prod" (EKS cluster "main" of this stack)`, `every cluster of the account`. */
function clusterText(cluster: string, stack: IamGraphResource[]): string {
    if (cluster === "*") {
        return "every cluster of the account";
    }
    const own = stack.find(
        (r) =>
            (r.type === awsEksCluster || r.type === eksComponentCluster) &&
            (strings(r, "name")[0] ?? (r.type === eksComponentCluster ? r.name : undefined)) ===
                cluster,
    );
    return `cluster ${JSON.stringify(cluster)}${own ? ` (EKS cluster ${JSON.stringify(own.name)} of this stack)` : ""}`;
}

/** The findings of iam-eks-access that make a principal cluster-admin. */
const becomesAdmin = (f: EksAccessFinding) =>
    f.level === "mandatory" && f.actions.includes("eks:AssociateAccessPolicy");

/**
 * IAM principals of the stack that can make themselves (or anyone) cluster-admin through the
 * EKS API, one path per principal, document and cluster. A document unknown until deploy is
 * handed to `unknown` (its URN) and left out.
 */
export function iamClusterAdminPaths(
    resources: IamGraphResource[],
    unknown: (urn: string) => void = () => undefined,
): IamClusterAdminPath[] {
    const paths: IamClusterAdminPath[] = [];
    for (const r of resources) {
        let documents;
        try {
            documents = documentsOf(r.type, r.props, "identity").map((d) => ({
                ...d,
                parsed: parsePolicyDocument(d.document),
            }));
        } catch (e) {
            if (!(e instanceof UnknownValueError)) {
                throw e;
            }
            unknown(r.urn);
            continue;
        }
        for (const { where, parsed } of documents) {
            if (!parsed.ok) {
                continue;
            }
            const findings = eksAccessFindings(parsed.statements).filter(becomesAdmin);
            if (findings.length === 0) {
                continue;
            }
            const holders = holdersOf(r, where, resources);
            for (const finding of findings) {
                const steps = `${statementsLabel(parsed.statements, finding.statements)}`;
                const clusters = finding.clusters.includes("*") ? ["*"] : finding.clusters;
                for (const holder of holders) {
                    for (const cluster of clusters) {
                        paths.push({
                            principal: holder.principal,
                            via: [
                                label(holder.principal),
                                `${holder.document} ${steps}`,
                                `${finding.actions.join(" + ")} on ${clusterText(cluster, resources)}`,
                                "AmazonEKSClusterAdminPolicy",
                            ],
                            cluster,
                            actions: finding.actions,
                        });
                    }
                }
            }
        }
    }
    return paths;
}

type Holder = { principal: Principal; document: string };

/** Who holds the document `where` of `r`, and how a path names the document. */
function holdersOf(r: IamGraphResource, where: string, stack: IamGraphResource[]): Holder[] {
    const subject = identityDocumentTypes[r.type];
    if (r.type in principalKinds) {
        return [{ principal: principalOf(r), document: where }];
    }
    const owner = inlinePolicyTypes[r.type];
    if (owner) {
        return targets(r, principalKinds[owner].field, owner, stack).map((principal) => ({
            principal,
            document: `${subject} "${r.name}"`,
        }));
    }
    if (r.type === managedPolicy) {
        return attachedOrAnyone(r, stack, subject);
    }
    // A permission set's principals are whoever IAM Identity Center assigns it to.
    const set = strings(r, "permissionSetArn")[0] ?? "unknown until deploy";
    return [
        {
            principal: { type: r.type, name: `permission set ${set}`, urn: r.urn },
            document: `${subject} "${r.name}"`,
        },
    ];
}

/** The holders of a managed policy: the principals it is attached to, or whoever it may be. */
function attachedOrAnyone(
    policy: IamGraphResource,
    stack: IamGraphResource[],
    subject: string,
): Holder[] {
    const attached = attachedTo(policy, stack);
    if (attached.length === 0) {
        return [
            {
                principal: {
                    type: policy.type,
                    name: `any principal ${subject} "${policy.name}" is attached to`,
                    urn: policy.urn,
                },
                document: `${subject} "${policy.name}" policy`,
            },
        ];
    }
    return attached.map(({ principal, by }) => ({
        principal,
        document: `${subject} "${policy.name}" (attached by ${by}) policy`,
    }));
}
