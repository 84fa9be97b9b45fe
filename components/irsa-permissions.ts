// What an IrsaRole or a tenant's workload role may do, and the checks that refuse it before
// anything is created: inline statements judged by the policy pack's own judgement
// (policypack/lib/iam-grants.ts), managed policies, S3 access to one bucket.
import * as pulumi from "@pulumi/pulumi";
import { IamStatement, parsePolicyDocument, parseStatement } from "../policypack/lib/iam-document";
import { judgeDocument } from "../policypack/lib/iam-grants";
import {
    adminEquivalentManagedPolicies,
    deniedManagedPolicy,
} from "../policypack/lib/managed-policies";
import { checkArray, checkKnownStrings, Fail, isPlainString } from "./validation";

/** How a workload's pods get the role's credentials. */
export const WorkloadIdentity = {
    /** IAM Roles for Service Accounts: the role trusts the cluster's OIDC provider for one service account. */
    Irsa: "irsa",
    /** EKS Pod Identity: the role trusts `pods.eks.amazonaws.com`; an association names the service account. */
    PodIdentity: "pod-identity",
} as const;
export type WorkloadIdentity = (typeof WorkloadIdentity)[keyof typeof WorkloadIdentity];

/** How much of an S3 bucket a role may use. */
export const S3Access = {
    /** List the bucket and read its objects. */
    Read: "read",
    /** `read`, plus put and delete objects and manage multipart uploads. */
    ReadWrite: "read-write",
} as const;
export type S3Access = (typeof S3Access)[keyof typeof S3Access];

/** Least-privilege access to one S3 bucket and its objects. */
export interface S3AccessArgs {
    /** ARN of the bucket, `arn:aws:s3:::<bucket>`; no wildcards. */
    bucketArn: pulumi.Input<string>;
    /** `read` or `read-write`. */
    access: S3Access;
}

/** A condition of an IAM statement, as in `aws.iam.getPolicyDocument`. */
export interface PolicyConditionArgs {
    /** Condition operator, e.g. `StringEquals`. */
    test: string;
    /** Condition key, e.g. `aws:SourceVpce`. */
    variable: string;
    /** Values the key is compared with. */
    values: pulumi.Input<string>[];
}

export const PolicyEffect = { Allow: "Allow", Deny: "Deny" } as const;
export type PolicyEffect = (typeof PolicyEffect)[keyof typeof PolicyEffect];

/** One IAM statement. Actions are plain strings so they are checked before anything is created. */
export interface PolicyStatementArgs {
    /** Statement id. Defaults to none. */
    sid?: string;
    /** `Allow` or `Deny`. Defaults to `Allow`. */
    effect?: PolicyEffect;
    /**
     * Actions, `service:Action`; patterns such as `s3:Get*` are expanded and judged action by
     * action, as the policy pack's `iam-no-wildcard-permissions` does; `*` and `s3:*` are refused.
     */
    actions: string[];
    /**
     * Resource ARNs. `*` (or every resource of a type, for Permissions management) is refused
     * for Write, Permissions management and data-reading actions unless a condition scopes
     * the statement to its targets (`aws:ResourceTag/<key>`, `iam:PassedToService`, ...).
     */
    resources: pulumi.Input<string>[];
    /** Conditions. Defaults to none. */
    conditions?: PolicyConditionArgs[];
}

/** What a workload role may do and how its pods get it; every field combines with the others. */
export interface IrsaPermissionArgs {
    /**
     * How the pods get the role: `irsa` (the role trusts the cluster's OIDC provider for this
     * one service account) or `pod-identity` (the role trusts `pods.eks.amazonaws.com` and an
     * EKS Pod Identity association names the service account; the cluster needs the
     * `eks-pod-identity-agent` add-on, which HardenedCluster installs). The same permission
     * rules apply to both. Defaults to `irsa`.
     */
    identity?: WorkloadIdentity;
    /** Inline IAM statements of the role. Defaults to none. */
    policyStatements?: PolicyStatementArgs[];
    /**
     * Managed policies attached to the role, as ARN strings (each attachment is named after its
     * ARN); AdministratorAccess and IAMFullAccess are refused. Defaults to none.
     */
    managedPolicyArns?: pulumi.Input<string>[];
    /** S3 buckets the role may use, each producing statements on that bucket and its objects only. Defaults to none. */
    s3Access?: S3AccessArgs[];
}

const s3Actions: Record<S3Access, { bucket: string[]; objects: string[] }> = {
    read: {
        bucket: ["s3:ListBucket", "s3:GetBucketLocation"],
        objects: ["s3:GetObject", "s3:GetObjectVersion"],
    },
    "read-write": {
        bucket: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
        objects: [
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
        ],
    },
};

const bucketArnPattern = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The statements granting `access` to one bucket and its objects. */
export function s3Statements(bucketArn: pulumi.Input<string>, access: S3Access, index: number) {
    const actions = s3Actions[access];
    return [
        { Sid: `S3Bucket${index}`, Effect: "Allow", Action: actions.bucket, Resource: [bucketArn] },
        {
            Sid: `S3Objects${index}`,
            Effect: "Allow",
            Action: actions.objects,
            Resource: [pulumi.interpolate`${bucketArn}/*`],
        },
    ];
}

/** A statement arg as IAM JSON (resources and values may still be Outputs). */
export function iamStatement(s: PolicyStatementArgs) {
    const condition: Record<string, Record<string, pulumi.Input<string>[]>> = {};
    for (const c of s.conditions ?? []) {
        condition[c.test] = { ...(condition[c.test] ?? {}), [c.variable]: c.values };
    }
    return {
        ...(s.sid !== undefined ? { Sid: s.sid } : {}),
        Effect: s.effect ?? "Allow",
        Action: s.actions,
        Resource: s.resources,
        ...(s.conditions && s.conditions.length > 0 ? { Condition: condition } : {}),
    };
}

/**
 * The pack's judgement of the whole document, as iam-no-wildcard-permissions makes it: its
 * mandatory findings are refused, the first statement's (or path's) first; its advisories
 * (Write on every resource of a type) are left to iam-type-wide-write.
 */
function refuseMandatory(
    fail: Fail,
    statements: IamStatement[],
    argument: (index: number) => string,
    value: (index: number) => unknown,
): void {
    const findings = judgeDocument(statements).filter((f) => f.level === "mandatory");
    if (findings.length > 0) {
        const first = findings[0].statements;
        const same = findings.filter((f) => f.statements.join() === first.join());
        fail(
            first.map(argument).join(", "),
            first.length === 1 ? value(first[0]) : first.map(value),
            same.map((f) => f.problem).join("; "),
            same[0].fix.replace(/, or, if it is intended, exempt it .*$/, ""),
        );
    }
}

/**
 * The role policy as deployed, judged again once its Outputs are known: a Resource (or an
 * s3Access bucket ARN) that was an Output at construction is left out of the first judgement,
 * which makes it looser, not stricter, so `pulumi.output("*")` would pass there. Refused here,
 * before the RolePolicy is created; statements are named as the arguments that made them.
 */
export function refuseResolvedPolicy(fail: Fail, policy: string, inlineStatements: number): void {
    const parsed = parsePolicyDocument(policy);
    if (!parsed.ok) {
        return;
    }
    const argument = (i: number) =>
        i < inlineStatements
            ? `policyStatements[${i}]`
            : `s3Access[${Math.floor((i - inlineStatements) / 2)}]`;
    const resources = (i: number) => parsed.statements[i].resources;
    refuseMandatory(fail, parsed.statements, argument, resources);
}

/** Refuses wildcard grants, admin-equivalent managed policies and malformed S3 access. */
export function validateIrsaPermissions(fail: Fail, args: IrsaPermissionArgs): void {
    const identities = Object.values(WorkloadIdentity) as unknown[];
    if (args.identity !== undefined && !identities.includes(args.identity)) {
        fail(
            "identity",
            args.identity,
            "is not a workload identity",
            'use "irsa" (the default) or "pod-identity"',
        );
    }
    const statements = checkArray(fail, "policyStatements", args.policyStatements);
    const parsed = statements.map((s, i) =>
        validateStatement(fail, `policyStatements[${i}]`, s as PolicyStatementArgs, i),
    );
    refuseMandatory(
        fail,
        parsed,
        (i) => `policyStatements[${i}]`,
        (i) => (statements[i] as PolicyStatementArgs).actions,
    );
    const managed = checkArray(fail, "managedPolicyArns", args.managedPolicyArns);
    checkKnownStrings(fail, "managedPolicyArns", managed).forEach((arn, i) => {
        if (managed.indexOf(arn) !== i) {
            fail(
                `managedPolicyArns[${i}]`,
                arn,
                "is listed twice",
                "list each managed policy once",
            );
        }
        const denied = deniedManagedPolicy(arn, adminEquivalentManagedPolicies);
        if (denied) {
            fail(
                `managedPolicyArns[${i}]`,
                arn,
                `is the AWS-managed ${denied} policy, which is administrator-equivalent`,
                "attach a policy that grants only what the workload needs",
            );
        }
    });
    checkArray(fail, "s3Access", args.s3Access).forEach((entry, i) => {
        const access = entry as S3AccessArgs;
        if (!Object.values(S3Access).includes(access?.access)) {
            fail(
                `s3Access[${i}].access`,
                access?.access,
                "is not an S3 access level",
                `use one of ${Object.values(S3Access)
                    .map((a) => `"${a}"`)
                    .join(", ")}`,
            );
        }
        if (isPlainString(access.bucketArn) && !bucketArnPattern.test(access.bucketArn)) {
            fail(
                `s3Access[${i}].bucketArn`,
                access.bucketArn,
                "is not the ARN of one bucket",
                "pass arn:aws:s3:::<bucket-name> without wildcards or an object path",
            );
        }
    });
}

/** Checks one statement's shape and returns it parsed, as the pack reads it, at `index`. */
function validateStatement(
    fail: Fail,
    argument: string,
    s: PolicyStatementArgs,
    index: number,
): IamStatement {
    if (typeof s !== "object" || s === null) {
        fail(argument, s, "is not a statement", "pass { actions, resources }");
    }
    for (const key of ["notActions", "notResources", "NotAction", "NotResource"]) {
        if (key in s) {
            const value = (s as unknown as Record<string, unknown>)[key];
            fail(
                `${argument}.${key}`,
                value,
                "grants everything not listed",
                "list the allowed actions and resources instead",
            );
        }
    }
    if (
        !Array.isArray(s.actions) ||
        s.actions.length === 0 ||
        !s.actions.every((a) => typeof a === "string")
    ) {
        fail(
            `${argument}.actions`,
            s.actions,
            "is not a non-empty list of action names",
            'list the actions the workload needs, e.g. ["s3:GetObject"]',
        );
    }
    if (!Array.isArray(s.resources) || s.resources.length === 0) {
        fail(
            `${argument}.resources`,
            s.resources,
            "is not a non-empty list of resources",
            "list the ARNs the actions apply to",
        );
    }
    // Only what is known now can be judged: Outputs among the resources are ARNs of
    // resources the program creates, and a condition whose values are Outputs is left out,
    // which can only make the judgement stricter.
    const known = {
        ...iamStatement(s),
        Resource: s.resources.filter(isPlainString),
        Condition: knownCondition(s),
    };
    const parsed = parseStatement(known, index);
    if (typeof parsed === "string") {
        fail(argument, s, parsed.replace(/^statement \d+ /, ""), 'use effect "Allow" or "Deny"');
    }
    return parsed;
}

/** The statement's conditions whose values are all known strings now. */
function knownCondition(s: PolicyStatementArgs) {
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions ?? []) {
        const values = Array.isArray(c.values) ? c.values : [];
        if (values.length > 0 && values.every(isPlainString)) {
            condition[c.test] = { ...(condition[c.test] ?? {}), [c.variable]: values };
        }
    }
    return Object.keys(condition).length > 0 ? condition : undefined;
}
