// Which escalation powers (policypack/lib/rbac-escalation-powers.ts) a subject holds, judged on
// the stack's RBAC graph with the authorizer's own matching (ruleAllows), and through which
// binding, role, rule and aggregation source. The policies and the CLI read this one judge.
import { Subject } from "./rbac";
import { BindingNode, bindingSubjectKey, GrantPath, Identity, RbacGraph } from "./rbac-graph";
import { EscalationPower, escalationPowers, workloadRequests } from "./rbac-escalation-powers";
import {
    appliesIn,
    Finding,
    Grant,
    grantsEverything,
    grantsFor,
    Holder,
    isUnknownNamespace,
    isUnknownSubject,
    Judge,
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
/** The namespace a cluster-wide grant reaches: any. */
const anyNamespace = "*";

/** Whether a power's object names are service account names (a token's, an impersonated one's). */
const byAccountName = (power: EscalationPower) =>
    power.id === "token-request" || power.id === "impersonate-serviceaccounts";

/** The powers that let a holder become another account: Secrets only may hold a token. */
const becomePowers = escalationPowers.filter(
    (p) => p.check === "privileged-namespace" && p.id !== "secrets",
);

/** Judges subjects' powers on one graph; results are cached per subject. */
export class PowerJudge implements Judge {
    private readonly holders = new Map<string, Holder>();
    private readonly standing = new Map<string, Finding[]>();
    private accountIndex?: { byNamespace: Map<string, Subject[]>; all: Subject[] };
    private effectiveIds?: Map<string, Set<string>>;

    constructor(readonly graph: RbacGraph) {}

    /** Every rule of a binding's role, as paths. */
    pathsOf(subject: Subject, binding: BindingNode): GrantPath[] {
        return this.graph.pathsThrough(subject, binding, () => true);
    }

    /** The holder for a binding's subject: its identity's bindings, `binding` included. */
    holderOf(subject: Subject, binding: BindingNode): Holder {
        if (isUnknownSubject(subject)) {
            return {
                key: `${binding.source} ${binding.kind}/${binding.name}`,
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
        }
        return holder;
    }

    /** The holder for an identity, e.g. one a subject can impersonate. */
    holderOfIdentity(key: string, subject: Subject, identity: Identity): Holder {
        const paths = this.graph
            .bindingsOf(identity)
            .flatMap(({ subject: s, binding }) => this.pathsOf(s, binding));
        const sa = /^ServiceAccount:([^:]*):/.exec(key);
        return { key, subject, paths, namespace: sa ? sa[1] : undefined };
    }

    /**
     * The powers of `holder`: those that need no privileged namespace other than kube-system
     * (its standing powers), then those through namespaces holding more powerful accounts.
     */
    findings(holder: Holder): Finding[] {
        return [...this.standingOf(holder), ...this.throughAccounts(holder)];
    }

    /** The ids of the powers a holder has without becoming another account. */
    standingIds(holder: Holder): Set<string> {
        return new Set(this.standingOf(holder).map((f) => f.power.id));
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
        for (const ns of this.namespacesOf(paths)) {
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

    /** The namespaces the paths grant in, and a stand-in for every namespace when one is cluster-wide. */
    private namespacesOf(paths: GrantPath[]): string[] {
        const names = new Set<string>();
        for (const p of paths) {
            for (const ns of p.binding.namespaces ?? [anyNamespace]) {
                names.add(ns);
            }
        }
        return [...names];
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
        for (const ns of this.namespacesOf(paths)) {
            if (ns === kubeSystem || ns === anyNamespace) {
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

    /** An account of `ns` the grants reach that holds a power the holder lacks. */
    private stronger(
        holder: Holder,
        standing: Set<string>,
        ns: string,
        power: EscalationPower,
        grants: Grant[],
    ): { account: Subject; what: string; grants: Grant[] } | undefined {
        const byName = byAccountName(power);
        for (const account of this.accounts().byNamespace.get(ns) ?? []) {
            if (`ServiceAccount:${ns}:${account.name}` === holder.key) {
                continue;
            }
            const reaching = grants
                .filter((g) => power.id !== "secrets" || !g.names)
                .filter((g) => !byName || !g.names || g.names.includes(account.name));
            if (reaching.length === 0) {
                continue;
            }
            const extra = [...this.effective(account)].find((id) => !standing.has(id));
            if (extra) {
                const what = escalationPowers.find((p) => p.id === extra)!.what;
                return { account, what, grants: reaching };
            }
        }
        return undefined;
    }

    /** The service accounts of each namespace the graph names, `default` always among them. */
    accounts(): { byNamespace: Map<string, Subject[]>; all: Subject[] } {
        if (this.accountIndex) {
            return this.accountIndex;
        }
        const byNamespace = new Map<string, Subject[]>();
        const add = (namespace: string, name: string) => {
            const list = byNamespace.get(namespace) ?? [
                { kind: "ServiceAccount", name: "default", namespace },
            ];
            if (!list.some((s) => s.name === name)) {
                list.push({ kind: "ServiceAccount", name, namespace });
            }
            byNamespace.set(namespace, list);
        };
        add(kubeSystem, "default");
        for (const b of this.graph.bindings) {
            for (const ns of b.namespaces ?? []) {
                add(ns, "default");
            }
            for (const s of b.subjects) {
                if (s.kind === "ServiceAccount") {
                    const ns = s.namespace ?? b.namespaces?.[0];
                    if (ns) {
                        add(ns, s.name);
                    }
                }
                const group = /^system:serviceaccounts:(.+)$/.exec(
                    s.kind === "Group" ? s.name : "",
                );
                if (group) {
                    add(group[1], "default");
                }
            }
        }
        this.accountIndex = { byNamespace, all: [...byNamespace.values()].flat() };
        return this.accountIndex;
    }

    private accountHolder(account: Subject): Holder {
        const key = `ServiceAccount:${account.namespace}:${account.name}`;
        let holder = this.holders.get(key);
        if (!holder) {
            const identity = this.graph.identity(
                `serviceaccount:${account.namespace}:${account.name}`,
            ) as Identity;
            holder = this.holderOfIdentity(key, account, identity);
            this.holders.set(key, holder);
        }
        return holder;
    }

    /**
     * The power ids a service account has, itself or through the accounts it can become
     * (run a pod as, take the token of), to a fixpoint.
     */
    effective(account: Subject): Set<string> {
        if (!this.effectiveIds) {
            const all = this.accounts().all;
            const ids = new Map<string, Set<string>>();
            const targets = new Map<string, Subject[]>();
            for (const a of all) {
                const holder = this.accountHolder(a);
                ids.set(holder.key, this.standingIds(holder));
                targets.set(holder.key, this.reachable(holder));
            }
            for (let changed = true, rounds = 0; changed && rounds < all.length + 1; rounds++) {
                changed = false;
                for (const [key, reach] of targets) {
                    const own = ids.get(key)!;
                    for (const t of reach) {
                        for (const id of ids.get(`ServiceAccount:${t.namespace}:${t.name}`) ?? []) {
                            if (!own.has(id)) {
                                own.add(id);
                                changed = true;
                            }
                        }
                    }
                }
            }
            this.effectiveIds = ids;
        }
        return (
            this.effectiveIds.get(`ServiceAccount:${account.namespace}:${account.name}`) ??
            new Set()
        );
    }

    /** The accounts a holder can become outside kube-system (kube-system counts as standing). */
    private reachable(holder: Holder): Subject[] {
        const found = new Set<Subject>();
        const { byNamespace, all } = this.accounts();
        const cluster = holder.paths.filter((p) => !p.binding.namespaces);
        const spaces = this.namespacesOf(holder.paths.filter((p) => p.binding.namespaces));
        for (const power of becomePowers) {
            const [req] = power.requires;
            const reach = (grants: Grant[], accounts: Subject[]) => {
                for (const g of grants) {
                    for (const a of accounts) {
                        const named = !g.names || !byAccountName(power) || g.names.includes(a.name);
                        if (a.namespace !== kubeSystem && named && a !== holder.subject) {
                            found.add(a);
                        }
                    }
                }
            };
            // A cluster-wide grant reaches every namespace's accounts.
            reach(grantsFor(cluster, requestsOf(req.requests, kubeSystem), req.names), all);
            for (const ns of spaces.filter((n) => n !== kubeSystem)) {
                const grants = grantsFor(holder.paths, requestsOf(req.requests, ns), req.names);
                reach(grants, byNamespace.get(ns) ?? []);
            }
        }
        return [...found].filter((a) => `ServiceAccount:${a.namespace}:${a.name}` !== holder.key);
    }
}
