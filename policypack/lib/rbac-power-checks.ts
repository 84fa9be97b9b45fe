// The escalation powers that need more than a request match: impersonation (a user to act as,
// then groups), bind and escalate (a role write the verb unlocks), and grants to
// unauthenticated callers (what Kubernetes' defaults do not already give them).
import { Subject } from "./rbac";
import { BindingNode, GrantPath, RbacGraph } from "./rbac-graph";
import { EscalationPower, unauthenticatedSubjects } from "./rbac-escalation-powers";
import {
    Finding,
    Grant,
    grantsFor,
    Holder,
    Judge,
    requestsOf,
    requirement,
    single,
} from "./rbac-grants";
import { withAuthenticatedGroup } from "./rbac-identity";
import { nonResourceURLMatches, Rule } from "./rbac-rules";

const masters = "system:masters";

/** The first power a hypothetical holder has, as `which holds ...` names it. */
function strongest(judge: Judge, holder: Holder, depth: number): string | undefined {
    return judge.standingOfHypothetical(holder, depth)[0]?.what;
}

/** The namespaces the paths grant in; kube-system stands for every namespace of a cluster-wide grant. */
function scopes(paths: GrantPath[]): string[] {
    return [...new Set(paths.flatMap((p) => p.binding.namespaces ?? ["kube-system"]))];
}

/**
 * Impersonating any user is a power; a group needs a user or service account to impersonate
 * with it (impersonation.go:269-271), and then group system:masters is cluster-admin; a named
 * user or group is a power when it holds one.
 */
export function checkImpersonate(
    judge: Judge,
    power: EscalationPower,
    paths: GrantPath[],
    depth: number,
): Finding[] {
    const users = grantsFor(paths, requestsOf(requirement(power, "impersonate users").requests));
    const groups = grantsFor(paths, requestsOf(requirement(power, "impersonate groups").requests));
    const accounts = scopes(paths).flatMap((ns) =>
        grantsFor(paths, [
            { verb: "impersonate", apiGroup: "", resource: "serviceaccounts", namespace: ns },
        ]),
    );
    const found: Finding[] = [];
    const anyUser = users.filter((g) => !g.names);
    if (anyUser.length > 0) {
        found.push({
            power,
            what: "impersonate any user",
            parts: [{ label: "impersonate users", grants: anyUser }],
        });
    }
    const asUser = [...users, ...accounts];
    for (const g of asUser.length > 0 ? groups : []) {
        const names = g.names ?? [masters];
        const named = names.includes(masters)
            ? masters
            : names.find((name) => {
                  const holderOf = judge.holderOfIdentity(
                      `Group:${name}`,
                      { kind: "Group", name },
                      { label: name, groups: [name] },
                  );
                  return strongest(judge, holderOf, depth) !== undefined;
              });
        if (named) {
            found.push({
                power,
                what:
                    named === masters
                        ? `impersonate group ${masters}, which bypasses RBAC`
                        : `impersonate group ${named}, which holds more power`,
                parts: [
                    { label: `impersonate group ${named}`, grants: [{ path: g.path }] },
                    { label: "with a user to impersonate", grants: asUser },
                ],
            });
            break;
        }
    }
    for (const g of users.filter((u) => u.names)) {
        for (const name of g.names!) {
            const identity = { label: name, user: name, groups: withAuthenticatedGroup(name, []) };
            const what = strongest(
                judge,
                judge.holderOfIdentity(`User:${name}`, { kind: "User", name }, identity),
                depth,
            );
            if (what) {
                found.push({
                    power,
                    what: `impersonate user ${name}, who has more power (${what})`,
                    named: true,
                    parts: [{ label: "impersonate users", grants: [g] }],
                });
            }
        }
    }
    return found;
}

/** A binding the holder could write, to judge the role it would bind. */
function hypothetical(holder: Holder, role: string, ns?: string): BindingNode {
    return {
        kind: ns ? "RoleBinding" : "ClusterRoleBinding",
        name: "(one it could write)",
        namespaces: ns ? [ns] : undefined,
        roleRef: { kind: "ClusterRole", name: role },
        subjects: [holder.subject],
        source: "hypothetical",
    };
}

/**
 * `bind` with the write it unlocks: a ClusterRoleBinding (bind checked cluster-wide) or a
 * RoleBinding in a namespace (bind checked there), to any ClusterRole or to named ones that
 * grant a power (escalation_check.go BindingAuthorized).
 */
export function checkBind(
    judge: Judge,
    power: EscalationPower,
    holder: Holder,
    paths: GrantPath[],
    depth: number,
): Finding[] {
    const bind = requirement(power, "bind");
    const places: { ns?: string; label: string; writes: Grant[] }[] = [
        {
            label: "write ClusterRoleBindings",
            writes: grantsFor(
                paths,
                requestsOf(requirement(power, "write ClusterRoleBindings").requests),
            ),
        },
        ...scopes(paths).map((ns) => ({
            ns,
            label: `write RoleBindings in ${ns}`,
            writes: grantsFor(
                paths,
                requestsOf(requirement(power, "write RoleBindings").requests, ns),
            ),
        })),
    ];
    for (const place of places) {
        const writes = place.writes.filter((g) => !g.names);
        const binds = grantsFor(paths, requestsOf(bind.requests, place.ns));
        if (writes.length === 0 || binds.length === 0) {
            continue;
        }
        const any = binds.find((g) => !g.names);
        const role = any
            ? undefined
            : binds
                  .flatMap((g) => g.names!.map((name) => ({ g, name })))
                  .find(({ name }) => {
                      const binding = hypothetical(holder, name, place.ns);
                      const target = {
                          key: `${holder.key} bind ${name}`,
                          subject: holder.subject,
                          paths: judge.pathsOf(holder.subject, binding),
                      };
                      return strongest(judge, target, depth) !== undefined;
                  });
        if (any || role) {
            const where = place.ns ? ` (namespace ${place.ns})` : "";
            return [
                {
                    power,
                    what: any
                        ? `bind any ClusterRole, cluster-admin included${where}`
                        : `bind ClusterRole ${role!.name}, which grants more power${where}`,
                    parts: [
                        { label: "bind", grants: any ? [any] : [role!.g] },
                        { label: place.label, grants: writes },
                    ],
                },
            ];
        }
    }
    return [];
}

/**
 * `escalate` with the role write it unlocks, on a role the holder holds: rewrite it with any
 * rule (ClusterRoles cluster-wide, Roles in their namespace), or create a ClusterRole that an
 * aggregated role the holder holds gathers (clusterrole/policybased/storage.go:58-76).
 */
export function checkEscalate(
    power: EscalationPower,
    holder: Holder,
    paths: GrantPath[],
): Finding[] {
    const kinds = [
        { kind: "ClusterRole", escalate: "escalate", write: "write ClusterRoles" },
        { kind: "Role", escalate: "escalate Roles", write: "write Roles" },
    ];
    for (const k of kinds) {
        for (const ns of k.kind === "Role" ? scopes(paths) : [undefined]) {
            const held = [
                ...new Set(
                    holder.paths
                        .filter((p) => p.role.kind === k.kind && p.role.namespace === ns)
                        .map((p) => p.role.name),
                ),
            ];
            const escalates = grantsFor(
                paths,
                requestsOf(requirement(power, k.escalate).requests, ns),
            );
            const writes = requestsOf(requirement(power, k.write).requests, ns);
            const updates = grantsFor(
                paths,
                writes.filter((r) => r.verb !== "create"),
            );
            for (const e of escalates) {
                for (const u of updates) {
                    const role = held.find(
                        (name) =>
                            (!e.names || e.names.includes(name)) &&
                            (!u.names || u.names.includes(name)),
                    );
                    if (role) {
                        return [
                            escalation(
                                power,
                                `escalate and rewrite ${k.kind} ${role}, which it holds`,
                                e,
                                u,
                                k,
                            ),
                        ];
                    }
                }
            }
            const aggregated = holder.paths.find(
                (p) => p.rule.origin && p.role.kind === "ClusterRole",
            );
            const creates = grantsFor(
                paths,
                writes.filter((r) => r.verb === "create"),
            );
            const anyEscalate = escalates.find((g) => !g.names);
            if (k.kind === "ClusterRole" && aggregated && anyEscalate && creates.length > 0) {
                return [
                    escalation(
                        power,
                        `escalate and create a ClusterRole that ClusterRole ${aggregated.role.name}, which it holds, aggregates`,
                        anyEscalate,
                        creates[0],
                        k,
                    ),
                ];
            }
        }
    }
    return [];
}

const escalation = (
    power: EscalationPower,
    what: string,
    escalate: Grant,
    write: Grant,
    k: { escalate: string; write: string },
): Finding => ({
    power,
    what,
    parts: [
        { label: k.escalate, grants: [escalate] },
        { label: k.write, grants: [write] },
    ],
});

/**
 * Whether a path is a grant Kubernetes makes itself: its own binding, to a subject and with a
 * rule it wrote (a Patch's subjects and rules carry the Patch as `writer`, rbac-objects.ts).
 * An aggregated rule is not: of Kubernetes' roles only admin, edit and view aggregate
 * (kubernetes-default-rbac-data.ts), and it binds none of them to these callers, so a role
 * bound to them gathers rules only because a Patch made it aggregate.
 */
const kubernetesOwn = (p: GrantPath) =>
    p.binding.source === "default" &&
    p.subject.writer === undefined &&
    p.rule.writer === undefined &&
    p.rule.origin === undefined;

/**
 * A binding that gives system:unauthenticated or system:anonymous anything Kubernetes' own
 * bindings to them do not already give (compared as the escalation check compares rules,
 * k8s.io/component-helpers auth/rbac/validation/policy_comparator.go Covers).
 */
export function checkUnauthenticated(
    graph: RbacGraph,
    power: EscalationPower,
    holder: Holder,
): Finding[] {
    const s: Subject = holder.subject;
    if (!unauthenticatedSubjects.some((u) => u.kind === s.kind && u.name === s.name)) {
        return [];
    }
    const defaults = graph
        .bindingsOf({ label: "system:unauthenticated", groups: ["system:unauthenticated"] })
        .flatMap(({ subject, binding }) => graph.pathsThrough(subject, binding, () => true))
        .filter(kubernetesOwn)
        .map((p) => p.rule);
    const granted = holder.paths.filter((p) => !kubernetesOwn(p) && !covers(defaults, p.rule));
    return granted.length > 0
        ? [
              single(
                  power,
                  granted.map((path) => ({ path })),
              ),
          ]
        : [];
}

/**
 * Whether `owners` cover every verb, group, resource and name of `rule`, as Kubernetes'
 * policy comparator breaks a rule down and compares (policy_comparator.go Covers, BreakdownRule,
 * ruleCovers; kubernetes/component-helpers commit 1961876b9c5704173fa79ed20e27a0710ce169fd).
 */
export function covers(owners: Rule[], rule: Rule): boolean {
    const has = (set: string[], value: string) => set.includes("*") || set.includes(value);
    const resourceCovered = (o: Rule, resource: string) =>
        o.resources.includes("*") ||
        o.resources.includes(resource) ||
        (resource.includes("/") &&
            o.resources.includes(`*/${resource.split("/").slice(1).join("/")}`));
    const names = rule.resourceNames.length > 0 ? rule.resourceNames : [undefined];
    for (const group of rule.apiGroups) {
        for (const resource of rule.resources) {
            for (const verb of rule.verbs) {
                for (const name of names) {
                    const covered = owners.some(
                        (o) =>
                            has(o.verbs, verb) &&
                            has(o.apiGroups, group) &&
                            resourceCovered(o, resource) &&
                            (o.resourceNames.length === 0 ||
                                (name !== undefined && o.resourceNames.includes(name))),
                    );
                    if (!covered) {
                        return false;
                    }
                }
            }
        }
    }
    for (const url of rule.nonResourceURLs) {
        for (const verb of rule.verbs) {
            const covered = owners.some(
                (o) =>
                    // nonResourceURLCovers is NonResourceURLMatches on one URL.
                    has(o.verbs, verb) && nonResourceURLMatches(o, url),
            );
            if (!covered) {
                return false;
            }
        }
    }
    return true;
}
