// EKS access in the RBAC graph: the IAM principals a stack maps into the cluster (access
// entries with their user names and groups, aws-auth and @pulumi/eks role mappings) and the
// access policies associated with them, each a binding of the policy's rules
// (eks-access-policies.ts) cluster-wide or in its access scope's namespaces.
import { awsAuthNamespace, mappings } from "./aws-auth";
import { accessPolicyName, eksAccessPolicies } from "./eks-access-policies";
import { accessEntryUsername } from "./eks-identity";
import { RoleObject } from "./rbac-objects";
import { withAuthenticatedGroup } from "./rbac-identity";
import { GraphResource, tolerant } from "./rbac-namespaces";
import { BindingNode, Identity } from "./rbac-paths";
import { parseRules } from "./rbac-rules";
import { configMapTypes, eksComponentCluster } from "./types";
import { asArray, isRecord, orPending, text } from "./values";

/** How an IAM principal reaches the cluster: groups from an access entry or aws-auth, and access policies. */
export interface IamAccess {
    arn: string;
    username?: string;
    groups: string[];
    source: string;
}

/** An EKS access policy association whose policy the pack has no permissions for. */
export interface UnknownAccessPolicy {
    /** The association's URN and name. */
    urn: string;
    name: string;
    principal: string;
    policyArn: string;
    /** Why its permissions are not known. */
    reason: string;
}

const accessEntry = "aws:eks/accessEntry:AccessEntry";
export const policyAssociation = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

/**
 * The IAM principal of an access entry or policy association. The ARN of a role the stack
 * creates is unknown during preview, but what the entry grants is not: it is judged under a
 * name that says so (and an entry and an association of the same unknown role stay apart).
 */
const principalOf = (r: GraphResource) =>
    orPending(() => r.props.principalArn, `(the principal of ${r.name}, unknown until deploy)`);

export class EksAccess {
    /** IAM principals by ARN in lower case: aws-iam-authenticator compares ARNs with strings.EqualFold. */
    private readonly iam = new Map<string, IamAccess[]>();
    /** The roles of the access policies associated in the stack, by policy name. */
    readonly policies = new Map<string, RoleObject>();
    /** Associations whose permissions the pack does not know: not judged. */
    readonly unknownAccessPolicies: UnknownAccessPolicy[] = [];

    /** Adds a principal's access entry, aws-auth or role mappings, if `r` is one. */
    add(r: GraphResource) {
        if (r.type === accessEntry) {
            const arn = principalOf(r);
            if (typeof arn === "string") {
                this.addIam({
                    arn,
                    username: accessEntryUsername(
                        arn,
                        typeof r.props.type === "string" ? r.props.type : undefined,
                        typeof r.props.userName === "string" ? r.props.userName : undefined,
                    ),
                    groups: (asArray(r.props.kubernetesGroups) ?? []).map(text),
                    source: r.urn,
                });
            }
        } else if (configMapTypes.includes(r.type) && awsAuthNamespace(r) !== undefined) {
            const data = isRecord(r.props.data) ? r.props.data : {};
            this.addMappings(mappings("mapRoles", "rolearn", data.mapRoles), r.urn);
            this.addMappings(mappings("mapUsers", "userarn", data.mapUsers), r.urn);
        } else if (r.type === eksComponentCluster) {
            this.addMappings(mappings("roleMappings", "roleArn", r.props.roleMappings), r.urn);
            this.addMappings(mappings("userMappings", "userArn", r.props.userMappings), r.urn);
        }
    }

    private addIam(access: IamAccess) {
        const key = access.arn.toLowerCase();
        this.iam.set(key, [...(this.iam.get(key) ?? []), access]);
    }

    private addMappings(found: ReturnType<typeof mappings>, source: string) {
        if (typeof found === "string") {
            return;
        }
        for (const m of found) {
            if (m.arn !== "") {
                this.addIam({ arn: m.arn, username: m.username, groups: m.groups, source });
            }
        }
    }

    /**
     * An EKS access policy association: a binding of the policy's rules (or the ClusterRole its
     * rules equal) to the principal, cluster-wide or in its access scope's namespaces, whose
     * entries may hold a wildcard (`namespaceReaches`), or when they are unknown until deploy,
     * possibly any namespace. A policy whose permissions eks-access-policies.ts does not hold is
     * kept aside, in `unknownAccessPolicies`.
     */
    association(r: GraphResource): BindingNode | undefined {
        const principal = principalOf(r);
        if (typeof principal !== "string") {
            return undefined;
        }
        const policyArn = text(r.props.policyArn ?? "");
        const name = accessPolicyName(policyArn);
        const policy = name === undefined ? undefined : eksAccessPolicies.get(name);
        if (!policy?.rules && !policy?.clusterRole) {
            this.unknownAccessPolicies.push({
                urn: r.urn,
                name: r.name,
                principal,
                policyArn,
                reason:
                    policy?.undocumented ??
                    "it is not an EKS access policy the pack knows (policypack/lib/eks-access-policies.ts)",
            });
            return undefined;
        }
        const scope = isRecord(r.props.accessScope) ? r.props.accessScope : {};
        const unknownScope = `<namespaces of AccessPolicyAssociation "${r.name}", unknown until deploy>`;
        const namespaces =
            scope.type === "namespace"
                ? (tolerant(
                      () => (asArray(scope.namespaces) ?? []).map(text),
                      () => undefined,
                  ) ?? [unknownScope])
                : undefined;
        let roleRef = { kind: "ClusterRole", name: policy.clusterRole ?? "" };
        if (policy.rules) {
            roleRef = { kind: "AccessPolicy", name: policy.name };
            if (!this.policies.has(policy.name)) {
                this.policies.set(policy.name, {
                    kind: "AccessPolicy",
                    name: policy.name,
                    labels: {},
                    selectorWriters: [],
                    rules: parseRules(policy.rules),
                    source: "eks",
                    patches: [],
                });
            }
        }
        return {
            kind: "AccessPolicyAssociation",
            name: `${policy.name} for ${principal}`,
            namespaces,
            roleRef,
            subjects: [{ kind: "IAM", name: principal }],
            source: r.urn,
        };
    }

    /**
     * An IAM principal's identity in the cluster: its access entries' and mappings' groups, and
     * its user name (EKS's default for an access entry of a role is its assumed-role session,
     * `arn:aws:sts::<account>:assumed-role/<name>/{{SessionName}}`, never the role's ARN).
     */
    identity(arn: string): Identity {
        const access = this.iam.get(arn.toLowerCase()) ?? [];
        const user = access.find((a) => a.username)?.username ?? accessEntryUsername(arn);
        return {
            label: arn,
            user,
            groups: withAuthenticatedGroup(user, [...new Set(access.flatMap((a) => a.groups))]),
            iamArn: arn,
        };
    }

    /** Whether an access entry or mapping names the principal (in any case). */
    has(arn: string): boolean {
        return this.iam.has(arn.toLowerCase());
    }

    /** The principals with an access entry or mapping, each as first written. */
    principals(): string[] {
        return [...this.iam.values()].map((access) => access[0].arn);
    }

    /** Each way the stack maps an IAM principal into the cluster (access entry, aws-auth), with its source. */
    mappings(): readonly IamAccess[] {
        return [...this.iam.values()].flat();
    }
}
