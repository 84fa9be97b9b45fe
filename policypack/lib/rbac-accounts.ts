// The service accounts of each namespace the RBAC graph names, and the powers each holds itself
// or through the accounts it can become (run a pod as, take the token of, impersonate): what
// makes a namespace privileged for a subject (rbac-powers.ts). kube-system is privileged always,
// so it counts among an account's standing powers, not as a way to another account. A binding
// whose namespace is unknown until deploy may be in any namespace, as the graph judges it
// (namespaceReaches: `possibly`): its grants reach every namespace's accounts, and the accounts
// it names without a namespace may be any namespace's.
import { Subject } from "./rbac";
import { EscalationPower, escalationPowers } from "./rbac-escalation-powers";
import { Grant, grantsFor, Holder, isScopePattern, namespacesOf, requestsOf } from "./rbac-grants";
import { Identity, isUnknownNamespace, RbacGraph } from "./rbac-graph";
import { accountGroups } from "./rbac-identity";

const kubeSystem = "kube-system";

/** Whether a power's object names are service account names (a token's, an impersonated one's). */
export const byAccountName = (power: EscalationPower) =>
    power.id === "token-request" || power.id === "impersonate-serviceaccounts";

/** The powers that let a holder become another account: Secrets only may hold a token. */
const becomePowers = escalationPowers.filter(
    (p) => p.check === "privileged-namespace" && p.id !== "secrets",
);

/** `ServiceAccount:<namespace>:<name>`, as holders are keyed. */
export const keyOf = (account: Subject) => `ServiceAccount:${account.namespace}:${account.name}`;

/** What the accounts ask of the judge: holders and their standing powers. */
export interface AccountJudge {
    holderOfIdentity(key: string, subject: Subject, identity: Identity): Holder;
    standingIds(holder: Holder): Set<string>;
}

interface AccountIndex {
    byNamespace: Map<string, Subject[]>;
    all: Subject[];
    /** The namespaces unknown until deploy (`<...>`). */
    unknownSpaces: string[];
}

export class Accounts {
    private accountIndex?: AccountIndex;
    private effectiveIds?: Map<string, Set<string>>;

    constructor(
        private readonly graph: RbacGraph,
        private readonly judge: AccountJudge,
    ) {}

    /** The service accounts of each namespace the graph names, `default` always among them. */
    byNamespace(): Map<string, Subject[]> {
        return this.index().byNamespace;
    }

    private index(): AccountIndex {
        if (this.accountIndex) {
            return this.accountIndex;
        }
        const byNamespace = new Map<string, Subject[]>();
        const add = (namespace: string, name: string, unknown?: true) => {
            // A namespace name is a DNS-1123 label (apimachinery pkg/api/validation/generic.go:44-62,
            // ValidateObjectMetaAccessor in objectmeta.go, kubernetes/kubernetes 1a76ea44): no
            // namespace, and so no account, holds a `*`. An access scope's `pay*` stands for the
            // namespaces it reaches, which have their own; a subject's `*` would be taken for
            // the cluster-wide marker (anyNamespace) and reached by every namespaced grant. An
            // unknown namespace (`<...>`) is named after a resource, whose name may hold one.
            if (isScopePattern(namespace) && !isUnknownNamespace(namespace)) {
                return;
            }
            const list = byNamespace.get(namespace) ?? [
                { kind: "ServiceAccount", name: "default", namespace },
            ];
            if (!list.some((s) => s.name === name)) {
                list.push({ kind: "ServiceAccount", name, namespace, ...(unknown && { unknown }) });
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
                        // An account whose name is unknown until deploy (named `<...>` after
                        // where it is written, rbac-objects.ts) is one more of its namespace's.
                        add(ns, s.name, s.unknown && s.name.startsWith("<") ? true : undefined);
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
        // An account of a binding whose namespace is unknown until deploy may be the account of
        // its name in any namespace, as the graph finds its bindings (bindingsOf: `may be`).
        const unknown = [...byNamespace].filter(([ns]) => isUnknownNamespace(ns));
        for (const ns of [...byNamespace.keys()].filter((n) => !isUnknownNamespace(n))) {
            for (const account of unknown.flatMap(([, list]) => list)) {
                add(ns, account.name, account.unknown);
            }
        }
        this.accountIndex = {
            byNamespace,
            all: [...byNamespace.values()].flat(),
            unknownSpaces: unknown.map(([ns]) => ns),
        };
        return this.accountIndex;
    }

    private holder(account: Subject): Holder {
        // An account whose name is unknown until deploy (`<unknown until deploy: ...>`, unique to
        // where it is written) answers to that subject, in its namespace or in the unknown one it
        // may be this one, and its namespace's groups (any account's); its name is no user name.
        const identity = account.unknown
            ? {
                  label: keyOf(account),
                  groups: accountGroups(account.namespace!),
                  keys: [account.namespace, ...this.index().unknownSpaces].map((namespace) =>
                      keyOf({ ...account, namespace }),
                  ),
              }
            : this.graph.identity(`serviceaccount:${account.namespace}:${account.name}`);
        // A name no user name can hold (empty, or ending in `:`; the API server refuses it,
        // ValidateServiceAccountName in pkg/apis/rbac/validation/validation.go
        // ValidateRoleBindingSubject) answers to the subject alone, as the judge finds it.
        const own = { label: keyOf(account), groups: [], keys: [keyOf(account)] };
        return this.judge.holderOfIdentity(
            keyOf(account),
            account,
            typeof identity === "string" ? own : identity,
        );
    }

    /**
     * The power ids a service account has, itself or through the accounts it can become
     * (run a pod as, take the token of), to a fixpoint.
     */
    effective(account: Subject): Set<string> {
        if (!this.effectiveIds) {
            const all = this.index().all;
            const ids = new Map<string, Set<string>>();
            const targets = new Map<string, Subject[]>();
            for (const a of all) {
                const holder = this.holder(a);
                ids.set(holder.key, this.judge.standingIds(holder));
                targets.set(holder.key, this.reachable(holder));
            }
            for (let changed = true, rounds = 0; changed && rounds < all.length + 1; rounds++) {
                changed = false;
                for (const [key, reach] of targets) {
                    const own = ids.get(key)!;
                    for (const t of reach) {
                        for (const id of ids.get(keyOf(t)) ?? []) {
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
        return this.effectiveIds.get(keyOf(account)) ?? new Set();
    }

    /** The accounts a holder can become outside kube-system (kube-system counts as standing). */
    private reachable(holder: Holder): Subject[] {
        const found = new Set<Subject>();
        const { byNamespace, all } = this.index();
        const cluster = holder.paths.filter((p) => !p.binding.namespaces);
        const namespaced = holder.paths.filter((p) => p.binding.namespaces);
        const spaces = namespacesOf(namespaced, byNamespace.keys());
        // A binding whose namespace is unknown until deploy is asked in every namespace, where
        // grantsFor lets it apply (appliesIn): the accounts there are possibly its to become.
        if (namespaced.some((p) => p.binding.namespaces!.some(isUnknownNamespace))) {
            spaces.push(...[...byNamespace.keys()].filter((ns) => !spaces.includes(ns)));
        }
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
        return [...found].filter((a) => keyOf(a) !== holder.key);
    }
}
