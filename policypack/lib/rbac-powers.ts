// Which escalation powers (policypack/lib/rbac-escalation-powers.ts) a subject holds, judged on
// the stack's RBAC graph with the authorizer's own matching (ruleAllows), and through which
// binding, role, rule and aggregation source. The policies and the CLI read this one judge.
import { Subject } from "./rbac";
import {
    BindingNode,
    bindingSubjectKey,
    GrantPath,
    Identity,
    isUnknownNamespace,
    RbacGraph,
} from "./rbac-graph";
import { EscalationPower, escalationPowers, workloadRequests } from "./rbac-escalation-powers";
import { Accounts, byAccountName, keyOf } from "./rbac-accounts";
import {
    anyNamespace,
    appliesIn,
    Finding,
    Grant,
    grantsEverything,
    grantsFor,
    Holder,
    isUnknownSubject,
    Judge,
    namespacesOf,
    requestsOf,
    single,
} from "./rbac-grants";
import {
    checkBind,
    checkEscalate,
    checkImpersonate,
    checkUnauthenticated,
} from "./rbac-power-checks";
import { ruleAllows } from "./rbac-rules";

export { sensitivePermissions } from "./rbac-escalation-powers";

const kubeSystem = "kube-system";

/** Judges subjects' powers on one graph; results are cached per subject. */
export class PowerJudge implements Judge {
    private readonly holders = new Map<string, Holder>();
    private readonly standing = new Map<string, Finding[]>();
    private readonly accounts: Accounts;

    constructor(readonly graph: RbacGraph) {
        this.accounts = new Accounts(graph, this);
    }

    /** Every rule of a binding's role, as paths. */
    pathsOf(subject: Subject, binding: BindingNode): GrantPath[] {
        return this.graph.pathsThrough(subject, binding, () => true);
    }

    /**
     * The holder for a binding's subject: its identity's bindings, `binding` included. A subject
     * unknown until deploy holds its binding alone, keyed by its place in the binding: two of
     * one binding may differ (a Group system:unauthenticated whose namespace is unknown is one).
     */
    holderOf(subject: Subject, binding: BindingNode): Holder {
        if (isUnknownSubject(subject)) {
            const at = binding.subjects.indexOf(subject);
            return {
                key: `${binding.source} ${binding.kind}/${binding.name} subjects[${at}]`,
                subject,
                paths: this.pathsOf(subject, binding),
            };
        }
        const key = bindingSubjectKey(subject, binding);
        let holder = this.holders.get(key);
        if (!holder) {
            const identity = this.graph.subjectIdentity(subject, binding.namespaces?.[0]);
            holder = this.holderOfIdentity(key, subject, identity);
            this.holders.set(key, holder);
        }
        if (!holder.paths.some((p) => p.binding === binding)) {
            holder = { ...holder, paths: [...holder.paths, ...this.pathsOf(subject, binding)] };
            this.holders.set(key, holder);
            this.standing.delete(key);
        }
        return holder;
    }

    /** The holder for an identity, e.g. one a subject can impersonate (cached by key). */
    holderOfIdentity(key: string, subject: Subject, identity: Identity): Holder {
        const cached = this.holders.get(key);
        if (cached) {
            return cached;
        }
        const paths = this.graph
            .bindingsOf(identity)
            .flatMap(({ subject: s, binding }) => this.pathsOf(s, binding));
        const sa = /^ServiceAccount:([^:]*):/.exec(key);
        const holder = { key, subject, paths, namespace: sa ? sa[1] : undefined };
        this.holders.set(key, holder);
        return holder;
    }

    /**
     * The powers of `holder`: those that need no privileged namespace other than kube-system
     * (its standing powers), then those through namespaces holding more powerful accounts.
     */
    findings(holder: Holder): Finding[] {
        return [...this.standingOf(holder), ...this.throughAccounts(holder)];
    }

    /**
     * The ids of the powers a holder has without becoming another account. Every verb on every
     * resource only in some namespaces is less than cluster-wide: `everything:namespaced`.
     */
    standingIds(holder: Holder): Set<string> {
        return new Set(
            this.standingOf(holder).map((f) =>
                f.power.id === "everything" &&
                f.parts[0].grants.every((g) => g.path.binding.namespaces)
                    ? "everything:namespaced"
                    : f.power.id,
            ),
        );
    }

    private standingOf(holder: Holder, depth = 0): Finding[] {
        const cached = depth === 0 ? this.standing.get(holder.key) : undefined;
        if (cached) {
            return cached;
        }
        const found: Finding[] = [];
        const everything = holder.paths.filter((p) => grantsEverything(p.rule));
        // Every verb on every resource implies the rest: other powers are named only when
        // another rule grants them.
        const paths =
            everything.length > 0
                ? holder.paths.filter((p) => !grantsEverything(p.rule))
                : holder.paths;
        for (const power of escalationPowers) {
            found.push(...this.check(power, holder, paths, everything, depth));
        }
        if (depth === 0) {
            this.standing.set(holder.key, found);
        }
        return found;
    }

    /** The standing findings of one power. */
    private check(
        power: EscalationPower,
        holder: Holder,
        paths: GrantPath[],
        everything: GrantPath[],
        depth: number,
    ): Finding[] {
        const [first] = power.requires;
        switch (power.check) {
            case "everything":
                return everything.length > 0
                    ? [
                          single(
                              power,
                              everything.map((path) => ({ path })),
                          ),
                      ]
                    : [];
            case "cluster": {
                const grants = grantsFor(paths, requestsOf(first.requests), first.names);
                return grants.length > 0 ? [single(power, grants)] : [];
            }
            case "all-cluster": {
                const parts = power.requires.map((req) => ({
                    label: req.label,
                    grants: grantsFor(paths, requestsOf(req.requests), req.names),
                }));
                return parts.every((p) => p.grants.length > 0)
                    ? [{ power, what: power.what, parts }]
                    : [];
            }
            case "kube-system": {
                const grants = grantsFor(
                    paths,
                    requestsOf(first.requests, kubeSystem),
                    first.names,
                );
                return grants.length > 0 ? [{ ...single(power, grants), named: true }] : [];
            }
            case "privileged-namespace":
                return this.inKubeSystem(power, holder, paths);
            case "with-workloads":
                return this.withWorkloads(power, paths);
            case "own-namespace":
                return this.ownNamespace(power, paths);
            case "impersonate":
                return depth > 1 ? [] : checkImpersonate(this, power, paths, depth);
            case "bind":
                return depth > 1 ? [] : checkBind(this, power, holder, paths, depth);
            case "escalate":
                return checkEscalate(power, holder, paths);
            case "unauthenticated":
                return checkUnauthenticated(this.graph, power, holder);
        }
    }

    /** The standing powers of a hypothetical holder (a role it could bind, an identity it could become). */
    standingOfHypothetical(holder: Holder, depth: number): Finding[] {
        return this.standingOf(holder, depth + 1);
    }

    /** A power of the privileged-namespace kind, in kube-system or every namespace. */
    private inKubeSystem(power: EscalationPower, holder: Holder, paths: GrantPath[]): Finding[] {
        const [req] = power.requires;
        const own = holder.namespace === kubeSystem ? holder.subject.name : undefined;
        const grants = grantsFor(paths, requestsOf(req.requests, kubeSystem), req.names).flatMap(
            (g): Grant[] => {
                if (!g.names) {
                    return [g];
                }
                // A named Secret is the holder's own (its certificate), not a way into another
                // account; a named service account counts unless it is the holder itself.
                if (power.id === "secrets") {
                    return [];
                }
                const others = byAccountName(power) ? g.names.filter((n) => n !== own) : g.names;
                return others.length > 0 ? [{ ...g, names: others }] : [];
            },
        );
        const cluster = grants.filter((g) => !g.path.binding.namespaces);
        const inNs = grants.filter((g) => g.path.binding.namespaces);
        const found: Finding[] = [];
        if (cluster.length > 0) {
            found.push(single(power, cluster, "in every namespace, kube-system included"));
        }
        const known = inNs.filter((g) => !g.path.binding.namespaces!.some(isUnknownNamespace));
        if (known.length > 0) {
            found.push(single(power, known, "in namespace kube-system"));
        }
        // A binding whose namespace is unknown until deploy may be in kube-system.
        const unknown = inNs.filter((g) => !known.includes(g));
        if (unknown.length > 0) {
            const place = `in namespace ${unknown[0].path.binding.namespaces![0]}, possibly kube-system`;
            found.push(single(power, unknown, place));
        }
        return found;
    }

    /** Persistent volumes: cluster-wide creation, and pods somewhere to mount them. */
    private withWorkloads(power: EscalationPower, paths: GrantPath[]): Finding[] {
        const [req] = power.requires;
        const volumes = grantsFor(paths, requestsOf(req.requests), req.names);
        if (volumes.length === 0) {
            return [];
        }
        const pods = paths.filter((p) =>
            requestsOf(workloadRequests, p.binding.namespaces?.[0] ?? kubeSystem).some(
                (r) => appliesIn(p.binding, r.namespace) && ruleAllows(p.rule, r),
            ),
        );
        return pods.length === 0
            ? []
            : [
                  {
                      power,
                      what: power.what,
                      parts: [
                          { label: req.label, grants: volumes },
                          { label: "create pods", grants: pods.map((path) => ({ path })) },
                      ],
                  },
              ];
    }

    /** Namespace relabelling: patch a namespace and create pods in that same namespace. */
    private ownNamespace(power: EscalationPower, paths: GrantPath[]): Finding[] {
        const [req] = power.requires;
        const found: Finding[] = [];
        // Rules that could relabel a namespace at all, before asking namespace by namespace.
        const relabelling = paths.filter(
            (p) =>
                grantsFor([p], requestsOf(req.requests, p.binding.namespaces?.[0] ?? kubeSystem))
                    .length > 0,
        );
        if (relabelling.length === 0) {
            return found;
        }
        for (const ns of namespacesOf(paths, this.accounts.byNamespace().keys())) {
            // The request on namespace `ns` is in namespace `ns` (requestinfo.go:192-204).
            const relabel = grantsFor(
                paths,
                requestsOf(req.requests, ns).map((r) => ({ ...r, name: ns })),
            );
            const pods = grantsFor(paths, requestsOf(workloadRequests, ns));
            if (relabel.length > 0 && pods.length > 0) {
                const where = ns === anyNamespace ? "any namespace" : `namespace ${ns}`;
                found.push({
                    power,
                    what: power.what,
                    place: `(${where})`,
                    parts: [
                        { label: req.label, grants: relabel },
                        { label: "create pods there", grants: pods },
                    ],
                });
            }
        }
        return found;
    }

    /**
     * The privileged-namespace powers a holder has in namespaces other than kube-system: there
     * it becomes a service account that holds a power the holder lacks.
     */
    private throughAccounts(holder: Holder): Finding[] {
        const standing = this.standingIds(holder);
        // Every verb on every resource is named alone (standingOf).
        const paths = standing.has("everything")
            ? holder.paths.filter((p) => !grantsEverything(p.rule))
            : holder.paths;
        const found: Finding[] = [];
        for (const ns of namespacesOf(paths, this.accounts.byNamespace().keys())) {
            if (ns === kubeSystem || ns === anyNamespace || !this.holdsMore(holder, standing, ns)) {
                continue;
            }
            for (const power of escalationPowers.filter(
                (p) => p.check === "privileged-namespace",
            )) {
                const [req] = power.requires;
                const grants = grantsFor(paths, requestsOf(req.requests, ns), req.names).filter(
                    (g) => g.path.binding.namespaces,
                );
                const reached = this.stronger(holder, standing, ns, power, grants);
                if (reached) {
                    const why = `where ServiceAccount:${ns}:${reached.account.name} has more power (${reached.what})`;
                    found.push(single(power, reached.grants, `in namespace ${ns}`, why));
                }
            }
        }
        return found;
    }

    /** Whether an account of `ns` other than the holder holds a power the holder lacks. */
    private holdsMore(holder: Holder, standing: Set<string>, ns: string): boolean {
        return (this.accounts.byNamespace().get(ns) ?? []).some(
            (a) =>
                keyOf(a) !== holder.key &&
                [...this.accounts.effective(a)].some((id) => !standing.has(id)),
        );
    }

    /** An account of `ns` the grants reach that holds a power the holder lacks. */
    private stronger(
        holder: Holder,
        standing: Set<string>,
        ns: string,
        power: EscalationPower,
        grants: Grant[],
    ): { account: Subject; what: string; grants: Grant[] } | undefined {
        const byName = byAccountName(power);
        for (const account of this.accounts.byNamespace().get(ns) ?? []) {
            if (keyOf(account) === holder.key) {
                continue;
            }
            const reaching = grants
                .filter((g) => power.id !== "secrets" || !g.names)
                .filter((g) => !byName || !g.names || g.names.includes(account.name));
            if (reaching.length === 0) {
                continue;
            }
            const extra = [...this.accounts.effective(account)].find((id) => !standing.has(id));
            if (extra) {
                const held = escalationPowers.find((p) => p.id === extra.split(":")[0])!;
                const what = extra.endsWith(":namespaced")
                    ? `${held.what} in a namespace`
                    : held.what;
                return { account, what, grants: reaching };
            }
        }
        return undefined;
    }
}
