// The RBAC graph of a stack: who can do what, before anything is deployed. Built from the
// stack's Roles, ClusterRoles (aggregated by label), bindings, and EKS access (access entries
// with their groups and access policies, aws-auth and @pulumi/eks role mappings), on top of
// Kubernetes' default roles; evaluated as the RBAC authorizer evaluates a request.
import { mappings } from "./aws-auth";
import {
    defaultClusterRoleBindings,
    defaultClusterRoles,
    eksAccessPolicyRoles,
} from "./kubernetes-default-rbac";
import { bindingSubjects, objectMeta, roleRef, Subject, subjectKey } from "./rbac";
import { parseRules, Request, Rule, ruleAllows, showRule } from "./rbac-rules";
import { bindingTypes, configMapTypes, eksComponentCluster, kindOf, roleTypes } from "./types";
import { isAwsAuth } from "./aws-auth";
import { UnknownResources } from "./validation";
import { asArray, isRecord, orPending, text } from "./values";

/** A stack resource, as policies and the CLI see them. */
export interface GraphResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
}

interface RoleNode {
    kind: "Role" | "ClusterRole";
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    selectors?: Record<string, string>[];
    rules: Rule[];
    /** The resource's URN, or `default` for Kubernetes' own roles. */
    source: string;
}

/** A grant of a role to subjects, in one namespace or cluster-wide. */
export interface BindingNode {
    /** `RoleBinding`, `ClusterRoleBinding`, or `AccessPolicyAssociation` for EKS access policies. */
    kind: string;
    name: string;
    /** The namespaces it grants in; absent for cluster-wide. */
    namespaces?: string[];
    roleRef: { kind: string; name: string };
    subjects: Subject[];
    /** The resource's URN, or `default` for Kubernetes' own bindings. */
    source: string;
}

/** Who a request comes from: a user name and its groups. */
export interface Identity {
    /** How the CLI or a policy names it: `user:alice`, `serviceaccount:ns:name`, an IAM ARN. */
    label: string;
    user?: string;
    groups: string[];
    /** The IAM principal, when the identity is one. */
    iamArn?: string;
}

/** One way a request is granted: subject, binding, role, rule. */
export interface GrantPath {
    subject: Subject;
    binding: BindingNode;
    role: { kind: string; name: string; namespace?: string; source: string };
    ruleIndex: number;
    rule: Rule;
}

/** How an IAM principal reaches the cluster: groups from an access entry or aws-auth, and access policies. */
interface IamAccess {
    arn: string;
    username?: string;
    groups: string[];
    source: string;
}

const roleKey = (kind: string, name: string, namespace?: string) =>
    kind === "ClusterRole" ? `ClusterRole/${name}` : `Role/${namespace ?? "default"}/${name}`;

const accessEntry = "aws:eks/accessEntry:AccessEntry";
const policyAssociation = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

function labelsOf(props: Record<string, unknown>): Record<string, string> {
    const metadata = isRecord(props.metadata) ? props.metadata : {};
    const labels = isRecord(metadata.labels) ? metadata.labels : {};
    return Object.fromEntries(
        Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
}

function selectorsOf(props: Record<string, unknown>): Record<string, string>[] | undefined {
    const rule = props.aggregationRule;
    if (!isRecord(rule)) {
        return undefined;
    }
    return (asArray(rule.clusterRoleSelectors) ?? []).filter(isRecord).map((s) => {
        const labels = isRecord(s.matchLabels) ? s.matchLabels : {};
        return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, text(v)]));
    });
}

/**
 * The IAM principal of an access entry or policy association. The ARN of a role the stack
 * creates is unknown during preview, but what the entry grants is not: it is judged under a
 * name that says so (and an entry and an association of the same unknown role stay apart).
 */
const principalOf = (r: GraphResource) =>
    orPending(() => r.props.principalArn, `(the principal of ${r.name}, unknown until deploy)`);

/** The last segment of an ARN-like policy name: `AmazonEKSViewPolicy`. */
const policyName = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

export class RbacGraph {
    private readonly roles = new Map<string, RoleNode>();
    readonly bindings: BindingNode[] = [];
    private readonly iam = new Map<string, IamAccess[]>();
    private readonly resolved = new Map<string, Rule[]>();
    /** Bindings by subject key (`Group:x`, `User:y`, `ServiceAccount:ns:z`), for lookups. */
    private readonly bySubject = new Map<string, BindingNode[]>();
    /** Resources left out because a value is unknown during preview. */
    readonly unknown = new UnknownResources();

    /** The graph of a stack's resources, with Kubernetes' default roles and bindings. */
    static fromResources(resources: readonly GraphResource[]): RbacGraph {
        const graph = new RbacGraph();
        for (const role of defaultClusterRoles) {
            graph.addRole({
                kind: "ClusterRole",
                name: role.name,
                labels: role.labels ?? {},
                selectors: role.aggregationRule?.clusterRoleSelectors.map((s) => s.matchLabels),
                rules: parseRules(role.rules),
                source: "default",
            });
        }
        for (const b of defaultClusterRoleBindings) {
            graph.addBinding({
                kind: "ClusterRoleBinding",
                name: b.name,
                roleRef: { kind: "ClusterRole", name: b.roleRef },
                subjects: b.subjects,
                source: "default",
            });
        }
        const associations: GraphResource[] = [];
        for (const r of resources) {
            graph.unknown.attempt(r.urn, () => graph.add(r, associations));
        }
        for (const r of associations) {
            graph.unknown.attempt(r.urn, () => graph.addAssociation(r));
        }
        return graph;
    }

    /** Adds one stack resource; access policy associations wait for every access entry. */
    private add(r: GraphResource, associations: GraphResource[]) {
        if (roleTypes.includes(r.type)) {
            const meta = objectMeta(r.props);
            const kind = kindOf(r.type).replace(/Patch$/, "") as "Role" | "ClusterRole";
            this.addRole({
                kind,
                name: meta.name ?? r.name,
                namespace: kind === "Role" ? (meta.namespace ?? "default") : undefined,
                labels: labelsOf(r.props),
                selectors: kind === "ClusterRole" ? selectorsOf(r.props) : undefined,
                rules: parseRules(r.props.rules),
                source: r.urn,
            });
        } else if (bindingTypes.includes(r.type)) {
            const ref = roleRef(r.props);
            if (!ref) {
                return;
            }
            const kind = kindOf(r.type).replace(/Patch$/, "");
            const meta = objectMeta(r.props);
            this.addBinding({
                kind,
                name: meta.name ?? r.name,
                namespaces: kind === "RoleBinding" ? [meta.namespace ?? "default"] : undefined,
                roleRef: ref,
                subjects: bindingSubjects(r.props),
                source: r.urn,
            });
        } else if (r.type === accessEntry) {
            const arn = principalOf(r);
            if (typeof arn === "string") {
                this.addIam({
                    arn,
                    username: typeof r.props.userName === "string" ? r.props.userName : undefined,
                    groups: (asArray(r.props.kubernetesGroups) ?? []).map(text),
                    source: r.urn,
                });
            }
        } else if (r.type === policyAssociation) {
            associations.push(r);
        } else if (configMapTypes.includes(r.type) && isAwsAuth(r.props)) {
            const data = isRecord(r.props.data) ? r.props.data : {};
            this.addMappings(mappings("mapRoles", "rolearn", data.mapRoles), r.urn);
            this.addMappings(mappings("mapUsers", "userarn", data.mapUsers), r.urn);
        } else if (r.type === eksComponentCluster) {
            this.addMappings(mappings("roleMappings", "roleArn", r.props.roleMappings), r.urn);
            this.addMappings(mappings("userMappings", "userArn", r.props.userMappings), r.urn);
        }
    }

    private addRole(role: RoleNode) {
        this.roles.set(roleKey(role.kind, role.name, role.namespace), role);
    }

    private addBinding(binding: BindingNode) {
        this.bindings.push(binding);
        for (const s of binding.subjects) {
            const key = bindingSubjectKey(s, binding);
            this.bySubject.set(key, [...(this.bySubject.get(key) ?? []), binding]);
        }
    }

    private addIam(access: IamAccess) {
        this.iam.set(access.arn, [...(this.iam.get(access.arn) ?? []), access]);
    }

    private addMappings(found: ReturnType<typeof mappings>, source: string) {
        if (typeof found === "string") {
            return;
        }
        for (const m of found) {
            if (m.arn !== "") {
                this.addIam({ arn: m.arn, groups: m.groups, source });
            }
        }
    }

    /** An EKS access policy association: a binding of the equivalent ClusterRole to the principal. */
    private addAssociation(r: GraphResource) {
        const arn = principalOf(r);
        const policy = typeof r.props.policyArn === "string" ? policyName(r.props.policyArn) : "";
        const role = eksAccessPolicyRoles[policy];
        if (typeof arn !== "string" || !role) {
            return;
        }
        const scope = isRecord(r.props.accessScope) ? r.props.accessScope : {};
        const namespaces =
            scope.type === "namespace" ? (asArray(scope.namespaces) ?? []).map(text) : undefined;
        this.addBinding({
            kind: "AccessPolicyAssociation",
            name: `${policy} for ${arn}`,
            namespaces,
            roleRef: { kind: "ClusterRole", name: role },
            subjects: [{ kind: "IAM", name: arn }],
            source: r.urn,
        });
    }

    /** The rules of a role, aggregated as the ClusterRole aggregation controller does. */
    rulesOf(kind: string, name: string, namespace?: string): Rule[] | undefined {
        const key = roleKey(kind, name, namespace);
        const role = this.roles.get(key);
        if (!role) {
            return undefined;
        }
        if (!role.selectors) {
            return role.rules;
        }
        const cached = this.resolved.get(key);
        if (cached) {
            return cached;
        }
        // Guards a cycle of aggregated roles: each contributes its own rules once.
        this.resolved.set(key, []);
        const rules: Rule[] = [];
        for (const other of this.roles.values()) {
            if (
                other.kind === "ClusterRole" &&
                other !== role &&
                role.selectors.some(
                    (s) =>
                        Object.keys(s).length > 0 &&
                        Object.entries(s).every(([k, v]) => other.labels[k] === v),
                )
            ) {
                rules.push(
                    ...(this.rulesOf("ClusterRole", other.name) ?? []).map((rule, i) => ({
                        ...rule,
                        origin: rule.origin ?? { role: other.name, index: i },
                    })),
                );
            }
        }
        this.resolved.set(key, rules);
        return rules;
    }

    /**
     * The identity of a binding's subject, as the API server would authenticate it: a user or
     * service account with the groups every such identity has, a group alone, an IAM
     * principal with its access entries' groups. A service account without a namespace is
     * in `namespace`, the RoleBinding's own.
     */
    subjectIdentity(s: Subject, namespace?: string): Identity {
        const label = subjectKey(s, namespace);
        switch (s.kind) {
            case "IAM":
                return { ...this.iamIdentity(s.name), label };
            case "User":
                return { label, user: s.name, groups: ["system:authenticated"] };
            case "ServiceAccount": {
                const identity = this.identity(
                    `serviceaccount:${s.namespace ?? namespace ?? ""}:${s.name}`,
                );
                return typeof identity === "string"
                    ? { label, groups: [] }
                    : { ...identity, label };
            }
        }
        // A Group, or a kind the API server would refuse: the name as a group.
        return { label, groups: [s.name] };
    }

    /** The identity a CLI subject names: `user:NAME`, `group:NAME`, `serviceaccount:NS:NAME` or an IAM ARN. */
    identity(label: string): Identity | string {
        const [kind, ...rest] = label.split(":");
        const value = rest.join(":");
        switch (kind.toLowerCase()) {
            case "user":
                return { label, user: value, groups: ["system:authenticated"] };
            case "group":
                return { label, groups: [value] };
            case "serviceaccount": {
                const [namespace, name] = value.split(":");
                if (!namespace || !name) {
                    return `"${label}" is not serviceaccount:<namespace>:<name>`;
                }
                return {
                    label,
                    user: `system:serviceaccount:${namespace}:${name}`,
                    groups: [
                        "system:serviceaccounts",
                        `system:serviceaccounts:${namespace}`,
                        "system:authenticated",
                    ],
                };
            }
            case "arn":
                return this.iamIdentity(label);
        }
        return `"${label}" is not user:<name>, group:<name>, serviceaccount:<namespace>:<name> or an IAM ARN`;
    }

    /** An IAM principal's identity in the cluster: its access entries' groups and user name. */
    iamIdentity(arn: string): Identity {
        const access = this.iam.get(arn) ?? [];
        return {
            label: arn,
            user: access.find((a) => a.username)?.username ?? arn,
            groups: [...new Set(access.flatMap((a) => a.groups)), "system:authenticated"],
            iamArn: arn,
        };
    }

    /** Whether the stack gives an IAM principal any way into the cluster. */
    hasIamAccess(arn: string): boolean {
        return this.iam.has(arn) || (this.bySubject.get(`IAM:${arn}`) ?? []).length > 0;
    }

    /** The IAM principals the stack maps into the cluster. */
    iamPrincipals(): string[] {
        const arns = new Set(this.iam.keys());
        for (const b of this.bindings) {
            for (const s of b.subjects) {
                if (s.kind === "IAM") {
                    arns.add(s.name);
                }
            }
        }
        return [...arns];
    }

    /** Each way the stack maps an IAM principal into the cluster (access entry, aws-auth), with its source. */
    iamMappings(): readonly { arn: string; username?: string; groups: string[]; source: string }[] {
        return [...this.iam.values()].flat();
    }

    /** The bindings whose subjects include the identity, each with the subject that matched. */
    bindingsOf(identity: Identity): { subject: Subject; binding: BindingNode }[] {
        const keys: string[] = [];
        if (identity.user !== undefined) {
            keys.push(`User:${identity.user}`);
            const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(identity.user);
            if (sa) {
                keys.push(`ServiceAccount:${sa[1]}:${sa[2]}`);
            }
        }
        keys.push(...identity.groups.map((g) => `Group:${g}`));
        if (identity.iamArn) {
            keys.push(`IAM:${identity.iamArn}`);
        }
        const found: { subject: Subject; binding: BindingNode }[] = [];
        for (const key of keys) {
            for (const binding of this.bySubject.get(key) ?? []) {
                const subject = binding.subjects.find(
                    (s) => bindingSubjectKey(s, binding) === key,
                )!;
                found.push({ subject, binding });
            }
        }
        return found;
    }

    /** Every path by which the identity is allowed the request; empty when it is denied. */
    grants(identity: Identity, request: Request): GrantPath[] {
        const paths: GrantPath[] = [];
        for (const { subject, binding } of this.bindingsOf(identity)) {
            if (
                binding.namespaces &&
                (request.namespace === undefined || !binding.namespaces.includes(request.namespace))
            ) {
                continue;
            }
            paths.push(...this.pathsThrough(subject, binding, (rule) => ruleAllows(rule, request)));
        }
        return paths;
    }

    /** The rules of a binding's role that satisfy `test`, as paths. */
    pathsThrough(
        subject: Subject,
        binding: BindingNode,
        test: (rule: Rule) => boolean,
    ): GrantPath[] {
        const namespace = binding.roleRef.kind === "Role" ? binding.namespaces?.[0] : undefined;
        const rules = this.rulesOf(binding.roleRef.kind, binding.roleRef.name, namespace) ?? [];
        const role = this.roles.get(
            roleKey(binding.roleRef.kind, binding.roleRef.name, namespace),
        )!;
        const paths: GrantPath[] = [];
        rules.forEach((rule, ruleIndex) => {
            if (test(rule)) {
                paths.push({
                    subject,
                    binding,
                    role: {
                        kind: binding.roleRef.kind,
                        name: binding.roleRef.name,
                        namespace,
                        source: role.source,
                    },
                    ruleIndex,
                    rule,
                });
            }
        });
        return paths;
    }

    /** Every subject of every binding that allows the request, with its paths. */
    whoCan(request: Request): Map<string, GrantPath[]> {
        const found = new Map<string, GrantPath[]>();
        for (const binding of this.bindings) {
            if (
                binding.namespaces &&
                (request.namespace === undefined || !binding.namespaces.includes(request.namespace))
            ) {
                continue;
            }
            for (const subject of binding.subjects) {
                const paths = this.pathsThrough(subject, binding, (rule) =>
                    ruleAllows(rule, request),
                );
                if (paths.length > 0) {
                    const key = bindingSubjectKey(subject, binding);
                    found.set(key, [...(found.get(key) ?? []), ...paths]);
                }
            }
        }
        return found;
    }
}

/** A binding subject's key (`subjectKey`), a RoleBinding's service accounts in its namespace. */
export const bindingSubjectKey = (s: Subject, binding: BindingNode) =>
    subjectKey(s, binding.namespaces?.[0]);

/** `Group:payments-developers → RoleBinding payments/developers → ClusterRole edit rules[4] {verbs: ...}`. */
export function showPath(path: GrantPath): string {
    const ns = path.binding.namespaces
        ? ` in ${path.binding.namespaces.join(", ")}`
        : " (cluster-wide)";
    const from = path.binding.source === "default" ? " (Kubernetes default)" : "";
    return `${bindingSubjectKey(path.subject, path.binding)} → ${path.binding.kind} "${path.binding.name}"${ns}${from} → ${showRuleOf(path)}`;
}

/** `ClusterRole "edit" (aggregated from ClusterRole "system:aggregate-to-edit") rules[0] {...}`. */
export function showRuleOf(path: GrantPath): string {
    const origin = path.rule.origin;
    const role = `${path.role.kind} "${path.role.name}"`;
    return origin
        ? `${role}, aggregated from ClusterRole "${origin.role}" rules[${origin.index}] ${showRule(path.rule)}`
        : `${role} rules[${path.ruleIndex}] ${showRule(path.rule)}`;
}
