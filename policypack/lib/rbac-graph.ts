// The RBAC graph of a stack: who can do what, before anything is deployed. Built from the
// RBAC objects the stack leaves on a cluster (rbac-objects.ts: Kubernetes' default roles and
// bindings, the stack's objects, Patches merged as server-side apply merges them), ClusterRoles
// aggregated as the aggregation controller does (rbac-aggregation.ts), and EKS access
// (rbac-eks-access.ts: access entries with their groups and access policies, aws-auth and
// @pulumi/eks role mappings);
// evaluated as the RBAC authorizer evaluates a request: every ClusterRoleBinding, then the
// RoleBindings of the request's namespace when it has one (kubernetes/kubernetes
// pkg/registry/rbac/validation/rule.go:179-234, commit 05c351a9), a binding's roleRef resolved
// in the binding's namespace (rule.go:240-260).
import { sessionNameVariable, subjectMayBecome } from "./aws-auth";
import { Subject } from "./rbac";
import { aggregate } from "./rbac-aggregation";
import { EksAccess, IamAccess, policyAssociation, UnknownAccessPolicy } from "./rbac-eks-access";
import { clusterObjects, RoleObject } from "./rbac-objects";
import { GraphResource, isUnknownNamespace, namespaceReaches } from "./rbac-namespaces";
import { identityKeys, parseIdentity, subjectIdentity } from "./rbac-identity";
import { BindingNode, bindingSubjectKey, GrantPath, Identity } from "./rbac-paths";
import { MatchOptions, Request, Rule, ruleAllows } from "./rbac-rules";
import { UnknownResources } from "./validation";
import { UnknownValueError } from "./values";

export type { GraphResource, ProviderRef } from "./rbac-namespaces";
export { isUnknownNamespace, namespaceReaches } from "./rbac-namespaces";
export type { BindingNode, GrantPath, Identity } from "./rbac-paths";
export { bindingSubjectKey, namesOf, showPath, showRuleOf, stackSource } from "./rbac-paths";
export type { IamAccess, UnknownAccessPolicy } from "./rbac-eks-access";

/** Adds a value to the list a map holds for a key. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

/** A role a binding resolves to, where the grant holds, and why only possibly. */
interface Resolved {
    role: RoleObject;
    rules: Rule[];
    namespace?: string;
    possibly: string[];
}

export class RbacGraph {
    readonly bindings: BindingNode[] = [];
    private readonly clusterRoles = new Map<string, RoleObject>();
    /** Roles by name; a name may be taken in several namespaces, known or not. */
    private readonly roles = new Map<string, RoleObject[]>();
    private readonly effective = new Map<RoleObject, Rule[]>();
    private readonly access = new EksAccess();
    /** Bindings by subject key (`Group:x`, `User:y`, `ServiceAccount:ns:z`), for lookups. */
    private readonly bySubject = new Map<string, BindingNode[]>();
    /** Bindings of service accounts whose namespace is unknown, by `ServiceAccount:<name>`. */
    private readonly byAccountName = new Map<string, BindingNode[]>();
    /** Resources (or parts) left unjudged because a value is unknown during preview. */
    readonly unknown = new UnknownResources();
    /** URNs of the resources `unknown` holds. */
    readonly unjudged: string[] = [];
    /**
     * Objects the model cannot resolve (a binding Patch naming an object outside the stack and
     * Kubernetes' defaults, without roleRef) or that the API server would refuse, with why.
     */
    notes: { urn: string; why: string }[] = [];
    /** EKS access policy associations whose permissions the pack does not know: not judged. */
    readonly unknownAccessPolicies: UnknownAccessPolicy[] = this.access.unknownAccessPolicies;

    /** The graph of a stack's resources, with Kubernetes' default roles and bindings. */
    static fromResources(resources: readonly GraphResource[]): RbacGraph {
        const graph = new RbacGraph();
        const objects = clusterObjects(resources, {
            attempt: (urn, read) => graph.attempt(urn, read),
            note: (urn, e) =>
                graph.attempt(urn, () => {
                    throw e;
                }),
        });
        graph.notes = objects.notes;
        for (const role of objects.roles) {
            if (role.kind === "ClusterRole") {
                graph.clusterRoles.set(role.name, role);
            } else {
                push(graph.roles, role.name, role);
                graph.effective.set(role, role.rules);
            }
        }
        const aggregated = aggregate(objects.roles);
        for (const role of graph.clusterRoles.values()) {
            graph.effective.set(role, aggregated.get(role.name) ?? role.rules);
        }
        for (const b of objects.bindings) {
            graph.addBinding({
                kind: b.kind,
                name: b.name,
                namespaces: b.namespace === undefined ? undefined : [b.namespace],
                roleRef: b.roleRef,
                subjects: b.subjects,
                source: b.source,
                patches: b.patches,
            });
        }
        // Access policy associations wait for every access entry.
        for (const r of resources) {
            graph.attempt(r.urn, () => graph.access.add(r));
        }
        for (const r of resources.filter((r) => r.type === policyAssociation)) {
            graph.attempt(r.urn, () => {
                const binding = graph.access.association(r);
                if (binding) {
                    graph.addBinding(binding);
                }
            });
        }
        return graph;
    }

    /** Runs `read`; an unknown value it meets leaves `urn` unjudged, once. */
    private attempt(urn: string, read: () => void) {
        try {
            read();
        } catch (e) {
            if (!(e instanceof UnknownValueError)) {
                throw e;
            }
            if (!this.unjudged.includes(urn)) {
                this.unjudged.push(urn);
                this.unknown.attempt(urn, () => {
                    throw e;
                });
            }
        }
    }

    private addBinding(binding: BindingNode) {
        this.bindings.push(binding);
        for (const s of binding.subjects) {
            const key = bindingSubjectKey(s, binding);
            push(this.bySubject, key, binding);
            const ns = s.namespace ?? binding.namespaces?.[0];
            if (s.kind === "ServiceAccount" && ns !== undefined && isUnknownNamespace(ns)) {
                const byName = `ServiceAccount:${s.name}`;
                push(this.byAccountName, byName, binding);
            }
        }
    }

    /**
     * The identity of a binding's subject, as the API server would authenticate it
     * (`subjectIdentity` in rbac-identity.ts). A service account without a namespace is in
     * `namespace`, the RoleBinding's own.
     */
    subjectIdentity(s: Subject, namespace?: string): Identity {
        return subjectIdentity(s, namespace, (arn) => this.iamIdentity(arn));
    }

    /** The identity a CLI subject names: `user:NAME`, `group:NAME`, `serviceaccount:NS:NAME` or an IAM ARN. */
    identity(label: string): Identity | string {
        return parseIdentity(label, (arn) => this.iamIdentity(arn));
    }

    /**
     * An IAM principal's identity in the cluster: its access entries' and mappings' groups, and
     * its user name (a role's is its assumed-role session; rbac-eks-access.ts).
     */
    iamIdentity(arn: string): Identity {
        return this.access.identity(arn);
    }

    /** Whether the stack gives an IAM principal any way into the cluster. */
    hasIamAccess(arn: string): boolean {
        return this.access.has(arn) || (this.bySubject.get(`IAM:${arn}`) ?? []).length > 0;
    }

    /** The IAM principals the stack maps into the cluster. */
    iamPrincipals(): string[] {
        const arns = new Set(this.access.principals());
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
    iamMappings(): readonly IamAccess[] {
        return this.access.mappings();
    }

    /** The rules of a role, after aggregation; a Role is looked up in its namespace. */
    rulesOf(kind: string, name: string, namespace?: string): Rule[] | undefined {
        if (kind === "AccessPolicy") {
            return this.access.policies.get(name)?.rules;
        }
        const role =
            kind === "ClusterRole"
                ? this.clusterRoles.get(name)
                : kind === "Role"
                  ? this.roles.get(name)?.find((r) => r.namespace === namespace)
                  : undefined;
        return role && this.effective.get(role);
    }

    /**
     * The roles a binding's roleRef resolves to. A ClusterRole by name; a Role in the binding's
     * namespace (rule.go:242-248), and when that or the Role's namespace is unknown, every Role
     * of the name that may be there, the grant then holding in the Role's namespace.
     */
    private resolve(binding: BindingNode): Resolved[] {
        const ref = binding.roleRef;
        const ns = binding.namespaces?.[0];
        const unknownNs = ns !== undefined && isUnknownNamespace(ns);
        if (ref.kind === "ClusterRole" || ref.kind === "AccessPolicy") {
            // An access policy's rules are its own: aggregation never selects it.
            const role =
                ref.kind === "ClusterRole"
                    ? this.clusterRoles.get(ref.name)
                    : this.access.policies.get(ref.name);
            const rules = role && (this.effective.get(role) ?? role.rules);
            return role && rules ? [{ role, rules, namespace: ns, possibly: [] }] : [];
        }
        // A ClusterRoleBinding to a Role, or a kind the API server refuses, grants nothing.
        if (ref.kind !== "Role" || ns === undefined) {
            return [];
        }
        const found: Resolved[] = [];
        for (const role of this.roles.get(ref.name) ?? []) {
            const rules = this.effective.get(role)!;
            const rns = role.namespace!;
            if (rns === ns) {
                found.push({ role, rules, namespace: ns, possibly: [] });
            } else if (unknownNs || isUnknownNamespace(rns)) {
                const possibly = [`Role "${role.name}" in ${rns} may be the one it names`];
                found.push({
                    role,
                    rules,
                    namespace: unknownNs ? rns : ns,
                    possibly,
                });
            }
        }
        return found;
    }

    /** The rules of a binding's role that satisfy `test`, as paths, wherever they hold. */
    pathsThrough(
        subject: Subject,
        binding: BindingNode,
        test: (rule: Rule) => boolean,
    ): GrantPath[] {
        const paths: GrantPath[] = [];
        const ns = binding.namespaces?.[0];
        const where =
            ns !== undefined && isUnknownNamespace(ns)
                ? [`${binding.kind} "${binding.name}" is in ${ns}: possibly any namespace`]
                : [];
        for (const resolved of this.resolve(binding)) {
            const { role, rules, namespace } = resolved;
            const possibly = [...where, ...resolved.possibly];
            rules.forEach((rule, ruleIndex) => {
                if (test(rule)) {
                    paths.push({
                        subject,
                        binding,
                        role: {
                            kind: role.kind,
                            name: role.name,
                            namespace: role.namespace,
                            source: role.source,
                            patches: role.patches,
                            selectorWriters: role.selectorWriters,
                        },
                        ruleIndex,
                        rule,
                        namespace,
                        ...(possibly.length > 0 ? { possibly } : {}),
                    });
                }
            });
        }
        return paths;
    }

    /** The paths of a binding that allow the request, where the request is made. */
    private pathsFor(
        subject: Subject,
        binding: BindingNode,
        request: Request,
        options: MatchOptions,
    ): GrantPath[] {
        // RoleBindings count only for a request in a namespace (rule.go:208), and only there.
        if (binding.namespaces && request.namespace === undefined) {
            return [];
        }
        if (binding.namespaces?.every((ns) => namespaceReaches(ns, request.namespace!) === "no")) {
            return [];
        }
        const paths: GrantPath[] = [];
        for (const path of this.pathsThrough(subject, binding, (rule) =>
            ruleAllows(rule, request, options),
        )) {
            if (path.namespace === undefined || !binding.namespaces) {
                paths.push(path);
                continue;
            }
            const scopes = binding.namespaces.length > 1 ? binding.namespaces : [path.namespace];
            const reach = scopes.map((ns) => namespaceReaches(ns, request.namespace!));
            if (reach.includes("yes")) {
                paths.push(path);
            } else if (reach.includes("possibly")) {
                const why = `${path.namespace} may be ${request.namespace}`;
                paths.push({ ...path, possibly: path.possibly ?? [why] });
            }
        }
        return paths;
    }

    /** The bindings whose subjects include the identity, each with the subject that matched. */
    bindingsOf(
        identity: Identity,
    ): { subject: Subject; binding: BindingNode; possibly?: string }[] {
        const { keys, account } = identityKeys(identity);
        const found: { subject: Subject; binding: BindingNode; possibly?: string }[] = [];
        for (const key of keys) {
            for (const binding of this.bySubject.get(key) ?? []) {
                const subject = binding.subjects.find(
                    (s) => bindingSubjectKey(s, binding) === key,
                )!;
                found.push({ subject, binding });
            }
        }
        // A user or group the authenticator renders from the caller's session name may be any
        // user or group of the stack's bindings it can become (subjectMayBecome).
        const templates = [
            ...(identity.user === undefined ? [] : [`User:${identity.user}`]),
            ...identity.groups.map((g) => `Group:${g}`),
        ].filter((t) => sessionNameVariable.test(t));
        for (const template of templates) {
            for (const [key, bindings] of this.bySubject) {
                if (!subjectMayBecome(template, key)) {
                    continue;
                }
                const possibly = `${template} may be ${key} (aws-iam-authenticator renders {{SessionName}} as the session name the caller chooses)`;
                for (const binding of bindings) {
                    const subject = binding.subjects.find(
                        (s) => bindingSubjectKey(s, binding) === key,
                    )!;
                    found.push({ subject, binding, possibly });
                }
            }
        }
        // A service account named in a binding whose namespace is unknown may be this one.
        for (const binding of account
            ? (this.byAccountName.get(`ServiceAccount:${account}`) ?? [])
            : []) {
            const subject = binding.subjects.find(
                (s) => s.kind === "ServiceAccount" && s.name === account,
            )!;
            const key = bindingSubjectKey(subject, binding);
            found.push({ subject, binding, possibly: `${key} may be ${identity.label}` });
        }
        return found;
    }

    /**
     * Every path by which the identity is allowed the request; empty when it is denied. With
     * `anyName`, the rules that would allow it for some object name: each path's
     * `rule.resourceNames` says which (none: every name).
     */
    grants(identity: Identity, request: Request, options: MatchOptions = {}): GrantPath[] {
        const paths: GrantPath[] = [];
        for (const { subject, binding, possibly } of this.bindingsOf(identity)) {
            for (const path of this.pathsFor(subject, binding, request, options)) {
                paths.push(
                    possibly ? { ...path, possibly: [possibly, ...(path.possibly ?? [])] } : path,
                );
            }
        }
        return paths;
    }

    /** Every subject of every binding that allows the request, with its paths (a subject unknown until deploy too). */
    whoCan(request: Request, options: MatchOptions = {}): Map<string, GrantPath[]> {
        const found = new Map<string, GrantPath[]>();
        for (const binding of this.bindings) {
            const paths = this.pathsFor(binding.subjects[0], binding, request, options);
            if (paths.length === 0) {
                continue;
            }
            for (const subject of binding.subjects) {
                const key = bindingSubjectKey(subject, binding);
                found.set(key, [
                    ...(found.get(key) ?? []),
                    ...paths.map((p) => ({ ...p, subject })),
                ]);
            }
        }
        return found;
    }
}
