// ClusterRole aggregation, as the clusterrole-aggregation controller computes it
// (kubernetes/kubernetes pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go,
// commit 003e8629): a ClusterRole with an aggregationRule gets, for each selector in order
// (lines 103-127), every ClusterRole the selector matches (LabelSelectorAsSelector: `{}`
// matches every one), by name (line 111), except itself (116-118), each contributing its
// current rules once (121-125); the result replaces the role's own rules (133). Any change to
// any ClusterRole re-syncs every aggregated one (72-82), so a role aggregated from aggregated
// roles (admin from edit from view) settles at a fixpoint, computed here from the roles' own
// rules whatever order the stack lists them in.
//
// Roles that aggregate each other in a cycle have no single outcome: each sync copies the
// other's current rules, so which rules survive depends on the order the controller sees them.
// A rule written by hand on an aggregated role the cycle reaches (the cycle's own, or one it
// selects, before that one is first synced) can enter the cycle and circulate for good. The
// graph gives a role in a cycle every rule it may end up with: those hand-written rules too.
import { ClearableWeakMap, resettable } from "./caches";
import { selectorMatches } from "./label-selector";
import { RoleObject } from "./rbac-objects";
import { Rule } from "./rbac-rules";

/** A rule's content, for the controller's ruleExists (equality.Semantic.DeepEqual). */
const keys = resettable(new ClearableWeakMap<Rule, string>());
function ruleKey(r: Rule): string {
    let key = keys.get(r);
    if (key === undefined) {
        key = JSON.stringify([
            r.verbs,
            r.apiGroups,
            r.resources,
            r.resourceNames,
            r.nonResourceURLs,
        ]);
        keys.set(r, key);
    }
    return key;
}

/** The rules, each content once, the first kept (ruleExists, clusterroleaggregation_controller.go:121-125). */
function distinct(rules: readonly Rule[]): Rule[] {
    const seen = new Set<string>();
    return rules.filter((r) => !seen.has(ruleKey(r)) && !!seen.add(ruleKey(r)));
}

/** A rule `source` holds, as the aggregated role that takes it from there records it. */
function taken(rule: Rule, source: RoleObject, index: number): Rule {
    const copy = taking(rule, source, index);
    keys.set(copy, ruleKey(rule));
    return copy;
}

function taking(rule: Rule, source: RoleObject, index: number): Rule {
    return rule.origin
        ? { ...rule, origin: { ...rule.origin, via: [source.name, ...rule.origin.via] } }
        : {
              ...rule,
              origin: {
                  role: source.name,
                  index,
                  source: source.source,
                  via: [],
                  patches: source.patches,
              },
          };
}

/** The rules of every ClusterRole after aggregation, by name. */
export function aggregate(roles: readonly RoleObject[]): Map<string, Rule[]> {
    const clusterRoles = roles
        .filter((r) => r.kind === "ClusterRole")
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const aggregated = clusterRoles.filter((r) => r.selectors);
    // What each aggregated role selects: per selector, the matching roles by name, not itself.
    const selected = new Map<RoleObject, RoleObject[][]>(
        aggregated.map((role) => [
            role,
            role.selectors!.map((s) =>
                clusterRoles.filter((o) => o.name !== role.name && selectorMatches(s, o.labels)),
            ),
        ]),
    );
    const seeds = cycleSeeds(aggregated, selected);
    const rules = new Map<string, Rule[]>(
        clusterRoles.map((r) => [r.name, r.selectors ? (seeds.get(r) ?? []) : r.rules]),
    );
    // Rule sets only grow from one round to the next (each is a union over its sources, and
    // starts from its seeds, each rule once), so a round that adds nothing is the fixpoint.
    for (let changed = true; changed;) {
        changed = false;
        for (const role of aggregated) {
            const next = distinct([
                ...(seeds.get(role) ?? []),
                ...selected
                    .get(role)!
                    .flat()
                    .flatMap((source) =>
                        rules.get(source.name)!.map((rule, i) => taken(rule, source, i)),
                    ),
            ]);
            if (next.length !== rules.get(role.name)!.length) {
                rules.set(role.name, next);
                changed = true;
            }
        }
    }
    return rules;
}

/**
 * For each aggregated role in a cycle (one that reaches itself through the roles it selects),
 * the hand-written rules of every aggregated role it reaches, itself included, each as written
 * there.
 */
function cycleSeeds(
    aggregated: RoleObject[],
    selected: Map<RoleObject, RoleObject[][]>,
): Map<RoleObject, Rule[]> {
    const next = (role: RoleObject) =>
        [...new Set(selected.get(role)!.flat())].filter((r) => selected.has(r));
    const seeds = new Map<RoleObject, Rule[]>();
    for (const start of aggregated) {
        const reached = new Set<RoleObject>();
        const stack = next(start);
        while (stack.length > 0) {
            const role = stack.pop()!;
            if (!reached.has(role)) {
                reached.add(role);
                stack.push(...next(role));
            }
        }
        if (reached.has(start)) {
            const written = [start, ...[...reached].filter((r) => r !== start)];
            seeds.set(
                start,
                distinct(
                    written.flatMap((r) =>
                        r === start ? r.rules : r.rules.map((rule, i) => taken(rule, r, i)),
                    ),
                ),
            );
        }
    }
    return seeds;
}
