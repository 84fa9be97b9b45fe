// The RBAC evaluator against an independent authorizer (rbac-oracle.ts, written from
// Kubernetes' own functions) on generated Roles, ClusterRoles (labels, aggregation with
// matchLabels and matchExpressions, hand-written rules on aggregated roles), bindings and
// requests (resourceNames, subresources, non-resource URLs), on top of Kubernetes' default
// roles. Then: the same stack listed in any order gets the same answers.
import * as assert from "assert";
import { runs } from "../fast-check-seed";
import fc from "fast-check";
import {
    defaultClusterRoleBindings,
    defaultClusterRoles,
} from "../../policypack/lib/kubernetes-default-rbac";
import { GraphResource, RbacGraph, showPath } from "../../policypack/lib/rbac-graph";
import { Request } from "../../policypack/lib/rbac-rules";
import * as oracle from "./rbac-oracle";

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";

const verbs = ["get", "list", "create", "delete", "bind", "escalate", "impersonate", "*"];
const groups = ["", "apps", "rbac.authorization.k8s.io", "*"];
const resources = ["pods", "pods/exec", "pods/log", "secrets", "deployments", "deployments/scale"];
const ruleResources = [...resources, "*", "*/scale", "*/exec", "pods/*", "clusterroles"];
const names = ["", "a", "b", "cluster-admin"];
const urls = ["/healthz", "/healthz/*", "/api*", "/api**", "*", "/metrics"];
const paths = ["/healthz", "/healthz/ready", "/api", "/apis/apps", "/metrics", "/api**x", "/"];
const labelKeys = ["k1", "k2", "rbac.authorization.k8s.io/aggregate-to-view"];
const labelValues = ["a", "b", "true"];
const namespaces = ["ns1", "ns2"];

const subset = <T>(values: T[], min = 0) =>
    fc.uniqueArray(fc.constantFrom(...values), { minLength: min, maxLength: 3 });

const rule: fc.Arbitrary<oracle.PolicyRule> = fc.oneof(
    {
        weight: 4,
        arbitrary: fc.record({
            verbs: subset(verbs, 1),
            apiGroups: subset(groups, 1),
            resources: subset(ruleResources, 1),
            resourceNames: fc.oneof(
                { weight: 3, arbitrary: fc.constant([] as string[]) },
                subset(names, 1),
            ),
        }),
    },
    {
        weight: 1,
        arbitrary: fc.record({ verbs: subset(verbs, 1), nonResourceURLs: subset(urls, 1) }),
    },
);

const labels = fc.dictionary(fc.constantFrom(...labelKeys), fc.constantFrom(...labelValues), {
    maxKeys: 2,
});

const expression = fc.oneof(
    fc.record({
        key: fc.constantFrom(...labelKeys),
        operator: fc.constantFrom("In", "NotIn"),
        values: subset(labelValues, 1),
    }),
    fc.record({
        key: fc.constantFrom(...labelKeys),
        operator: fc.constantFrom("Exists", "DoesNotExist"),
    }),
);

const selector: fc.Arbitrary<oracle.Selector> = fc.record(
    {
        matchLabels: fc.dictionary(fc.constantFrom(...labelKeys), fc.constantFrom(...labelValues), {
            maxKeys: 1,
        }),
        matchExpressions: fc.array(expression, { maxLength: 2 }),
    },
    { requiredKeys: [] },
);

const clusterRole = (name: string): fc.Arbitrary<oracle.ClusterRole> =>
    fc.record({
        name: fc.constant(name),
        labels,
        rules: fc.array(rule, { maxLength: 3 }),
        aggregationRule: fc.option(
            fc.record({ clusterRoleSelectors: fc.array(selector, { minLength: 1, maxLength: 2 }) }),
            { freq: 3, nil: undefined },
        ),
    });

const subject: fc.Arbitrary<oracle.Subject> = fc.oneof(
    fc.record({
        kind: fc.constant("User"),
        name: fc.constantFrom("u1", "system:serviceaccount:ns1:sa"),
    }),
    fc.record({
        kind: fc.constant("Group"),
        name: fc.constantFrom("g1", "g2", "system:authenticated"),
    }),
    fc.record(
        {
            kind: fc.constant("ServiceAccount"),
            name: fc.constant("sa"),
            namespace: fc.constantFrom(...namespaces),
        },
        { requiredKeys: ["kind", "name"] },
    ),
);

const roleNames = ["c0", "c1", "c2", "c3", "view", "edit", "cluster-admin"];
const roleRef = (kinds: string[]) =>
    fc.record({
        kind: fc.constantFrom(...kinds),
        name: fc.constantFrom(...roleNames, "r0", "r1"),
    });

/** A stack of RBAC objects, each name used once per kind (and namespace). */
const stack: fc.Arbitrary<
    Omit<oracle.Cluster, "clusterRoles"> & { clusterRoles: oracle.ClusterRole[] }
> = fc.record({
    clusterRoles: fc
        .uniqueArray(fc.constantFrom("c0", "c1", "c2", "c3"), { maxLength: 4 })
        .chain((ns) => fc.tuple(...ns.map(clusterRole))),
    roles: fc
        .uniqueArray(
            fc.record({
                namespace: fc.constantFrom(...namespaces),
                name: fc.constantFrom("r0", "r1"),
            }),
            { selector: (r) => `${r.namespace}/${r.name}`, maxLength: 3 },
        )
        .chain((rs) =>
            fc.tuple(
                ...rs.map((r) =>
                    fc.array(rule, { maxLength: 3 }).map((rules) => ({ ...r, rules })),
                ),
            ),
        ),
    clusterRoleBindings: fc
        .uniqueArray(fc.constantFrom("b0", "b1", "b2"), { maxLength: 3 })
        .chain((bs) =>
            fc.tuple(
                ...bs.map((name) =>
                    fc.record({
                        name: fc.constant(name),
                        roleRef: roleRef(["ClusterRole", "ClusterRole", "Role"]),
                        subjects: fc.array(subject, { minLength: 1, maxLength: 2 }),
                    }),
                ),
            ),
        ),
    roleBindings: fc
        .uniqueArray(
            fc.record({
                namespace: fc.constantFrom(...namespaces),
                name: fc.constantFrom("b0", "b1", "b2"),
            }),
            { selector: (b) => `${b.namespace}/${b.name}`, maxLength: 4 },
        )
        .chain((bs) =>
            fc.tuple(
                ...bs.map((b) =>
                    fc.record({
                        namespace: fc.constant(b.namespace),
                        name: fc.constant(b.name),
                        roleRef: roleRef(["Role", "ClusterRole"]),
                        subjects: fc.array(subject, { minLength: 1, maxLength: 2 }),
                    }),
                ),
            ),
        ),
});

const attributes: fc.Arbitrary<oracle.Attributes> = fc.oneof(
    {
        weight: 5,
        arbitrary: fc
            .record({
                verb: fc.constantFrom(...verbs.filter((v) => v !== "*"), "watch"),
                namespace: fc.constantFrom("", ...namespaces),
                apiGroup: fc.constantFrom("", "apps", "rbac.authorization.k8s.io"),
                resource: fc.constantFrom(...resources, "clusterroles"),
                name: fc.constantFrom(...names),
            })
            .map(({ resource, ...a }) => ({
                ...a,
                resource: resource.split("/")[0],
                subresource: resource.split("/")[1] ?? "",
                isResourceRequest: true,
                path: "",
            })),
    },
    {
        weight: 1,
        arbitrary: fc
            .record({
                verb: fc.constantFrom("get", "post"),
                path: fc.constantFrom(...paths),
            })
            .map((a) => ({
                ...a,
                namespace: "",
                apiGroup: "",
                resource: "",
                subresource: "",
                name: "",
                isResourceRequest: false,
            })),
    },
);

const users: oracle.UserInfo[] = [
    { name: "u1", groups: ["g1", "system:authenticated"] },
    { name: "u2", groups: ["g2", "system:authenticated"] },
    {
        name: "system:serviceaccount:ns1:sa",
        groups: ["system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"],
    },
];

/** The stack as Pulumi resources the graph reads. */
function graphResources(s: oracle.Cluster): GraphResource[] {
    const res = (kind: string, name: string, props: Record<string, unknown>): GraphResource => ({
        type: `${rbac}:${kind}`,
        name,
        urn: `urn:pulumi:test::test::${rbac}:${kind}::${name}`,
        props,
    });
    return [
        ...s.clusterRoles.map((r) =>
            res("ClusterRole", r.name, {
                metadata: { name: r.name, labels: r.labels },
                rules: r.rules,
                ...(r.aggregationRule ? { aggregationRule: r.aggregationRule } : {}),
            }),
        ),
        ...s.roles.map((r) =>
            res("Role", `${r.namespace}-${r.name}`, {
                metadata: { name: r.name, namespace: r.namespace },
                rules: r.rules,
            }),
        ),
        ...s.clusterRoleBindings.map((b) =>
            res("ClusterRoleBinding", b.name, {
                metadata: { name: b.name },
                roleRef: b.roleRef,
                subjects: b.subjects,
            }),
        ),
        ...s.roleBindings.map((b) =>
            res("RoleBinding", `${b.namespace}-${b.name}`, {
                metadata: { name: b.name, namespace: b.namespace },
                roleRef: b.roleRef,
                subjects: b.subjects,
            }),
        ),
    ];
}

/** The stack on a cluster as the oracle reads it: Kubernetes' defaults beside it. */
function withDefaults(s: oracle.Cluster): oracle.Cluster {
    return {
        ...s,
        clusterRoles: [
            ...defaultClusterRoles.map((r) => ({
                name: r.name,
                labels: r.labels ?? {},
                aggregationRule: r.aggregationRule as oracle.ClusterRole["aggregationRule"],
                rules: r.rules,
            })),
            ...s.clusterRoles,
        ],
        clusterRoleBindings: [
            ...defaultClusterRoleBindings.map((b) => ({
                name: b.name,
                roleRef: { kind: "ClusterRole", name: b.roleRef as string },
                subjects: b.subjects,
            })),
            ...s.clusterRoleBindings,
        ],
    };
}

export function requestOf(a: oracle.Attributes): Request {
    return a.isResourceRequest
        ? {
              verb: a.verb,
              apiGroup: a.apiGroup,
              resource: a.resource,
              ...(a.subresource ? { subresource: a.subresource } : {}),
              ...(a.name ? { name: a.name } : {}),
              ...(a.namespace ? { namespace: a.namespace } : {}),
          }
        : { verb: a.verb, apiGroup: "", resource: "", nonResourceURL: a.path };
}

/**
 * Whether some aggregated role with hand-written rules is reached from a cycle of aggregated
 * roles: then the controller's outcome depends on the order it syncs them.
 */
function orderDependent(roles: oracle.ClusterRole[]): boolean {
    const selects = (a: oracle.ClusterRole) =>
        roles.filter(
            (r) =>
                r.aggregationRule &&
                r.name !== a.name &&
                a.aggregationRule!.clusterRoleSelectors.some((s) =>
                    oracle.selectorMatches(s, r.labels),
                ),
        );
    const reach = (a: oracle.ClusterRole) => {
        const seen = new Set<oracle.ClusterRole>();
        const todo = selects(a);
        while (todo.length) {
            const r = todo.pop()!;
            if (!seen.has(r)) {
                seen.add(r);
                todo.push(...selects(r));
            }
        }
        return seen;
    };
    return roles
        .filter((a) => a.aggregationRule && reach(a).has(a))
        .some((a) => [a, ...reach(a)].some((r) => r.rules.length > 0));
}

const identityOf = (u: oracle.UserInfo) => ({ label: u.name, user: u.name, groups: u.groups });

describe("RBAC evaluator against an independent authorizer (generated stacks)", function () {
    this.timeout(60_000);

    it("answers every generated request as the authorizer written from Kubernetes' source does", () => {
        let compared = 0;
        fc.assert(
            fc.property(
                stack,
                fc.array(attributes, { minLength: 8, maxLength: 8 }),
                (s, requests) => {
                    const graph = RbacGraph.fromResources(graphResources(s));

                    const cluster = withDefaults(s);
                    const settled = oracle.aggregate(cluster.clusterRoles, "empty");
                    const ambiguous = orderDependent(cluster.clusterRoles);

                    const outcomes = [
                        settled,
                        oracle.aggregate(cluster.clusterRoles, "stored"),
                        oracle.aggregate([...cluster.clusterRoles].reverse(), "stored"),
                    ];
                    for (const a of requests) {
                        for (const user of users) {
                            const paths = graph.grants(identityOf(user), requestOf(a));
                            const expected = oracle.authorize(
                                { ...cluster, clusterRoles: settled },
                                user,
                                a,
                            );
                            const what = `${user.name} ${JSON.stringify(a)}: ${paths.map(showPath).join("\n")}`;
                            if (!ambiguous) {
                                assert.strictEqual(paths.length > 0, expected, what);
                            } else {
                                // Every order the controller may sync in gives no more than the graph.
                                for (const roles of outcomes) {
                                    if (
                                        oracle.authorize(
                                            { ...cluster, clusterRoles: roles },
                                            user,
                                            a,
                                        )
                                    ) {
                                        assert.ok(paths.length > 0, what);
                                    }
                                }
                            }
                            compared++;
                        }
                    }
                },
            ),
            { seed: 16, numRuns: runs(250) },
        );
        assert.ok(compared >= runs(6000), `${compared} requests compared`);
    });

    it("gives the same answers, paths included, whatever order the stack lists its resources in", () => {
        fc.assert(
            fc.property(
                stack.chain((s) => {
                    const resources = graphResources(s);
                    return fc.tuple(
                        fc.constant(resources),
                        fc.shuffledSubarray(resources, {
                            minLength: resources.length,
                            maxLength: resources.length,
                        }),
                    );
                }),
                fc.array(attributes, { minLength: 6, maxLength: 6 }),
                ([resources, shuffled], requests) => {
                    const one = RbacGraph.fromResources(resources);
                    const other = RbacGraph.fromResources(shuffled);
                    for (const a of requests) {
                        const request = requestOf(a);
                        for (const user of users) {
                            assert.deepStrictEqual(
                                one.grants(identityOf(user), request).map(showPath).sort(),
                                other.grants(identityOf(user), request).map(showPath).sort(),
                            );
                        }
                        const who = (g: RbacGraph) =>
                            [...g.whoCan(request)]
                                .map(([k, ps]) => [k, ps.map(showPath).sort()])
                                .sort();
                        assert.deepStrictEqual(who(one), who(other));
                    }
                },
            ),
            { seed: 1616, numRuns: runs(150) },
        );
    });
});
