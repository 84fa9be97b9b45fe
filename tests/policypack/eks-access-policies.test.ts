// Every EKS access policy as data (policypack/lib/eks-access-policies.ts), its association in
// the RBAC graph (rules at the association's scope, wildcard namespaces), and the associations
// the pack cannot judge.
import * as assert from "assert";
import * as fc from "fast-check";
import {
    accessPolicyName,
    accessScopeCovers,
    eksAccessPolicies,
} from "../../policypack/lib/eks-access-policies";
import { defaultClusterRoles } from "../../policypack/lib/kubernetes-default-rbac";
import { GraphResource, RbacGraph } from "../../policypack/lib/rbac-graph";
import { parseResource } from "../../policypack/lib/rbac-rules";
import { k8sNoClusterAdminBinding } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { runs } from "../fast-check-seed";
import { stackViolations } from "./check";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const ops = "arn:aws:iam::123456789012:role/ops";
/** What the engine sends for a value it cannot know yet. */
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const type = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const association = (
    name: string,
    policyArn: string,
    accessScope: Record<string, unknown> = { type: "cluster" },
): GraphResource => ({
    type,
    name,
    urn: `urn:pulumi:test::test::${type}::${name}`,
    props: { clusterName: "prod", principalArn: ops, policyArn, accessScope },
});
const arnOf = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;

function can(graph: RbacGraph, verb: string, resource: string, namespace?: string) {
    return (
        graph.grants(graph.iamIdentity(ops), { verb, ...parseResource(resource), namespace })
            .length > 0
    );
}

describe("EKS access policies, as data", () => {
    it("lists the 34 access policies, each with rules, its ClusterRole, or why it cannot be judged", () => {
        assert.strictEqual(eksAccessPolicies.size, 34);
        for (const p of eksAccessPolicies.values()) {
            const ways = [p.rules, p.clusterRole, p.undocumented].filter((w) => w !== undefined);
            assert.strictEqual(ways.length, 1, p.name);
        }
        assert.deepStrictEqual(
            [...eksAccessPolicies.values()].filter((p) => !p.undocumented).map((p) => p.name),
            [
                "AmazonEKSAdminPolicy",
                "AmazonEKSClusterAdminPolicy",
                "AmazonEKSAdminViewPolicy",
                "AmazonEKSEditPolicy",
                "AmazonEKSViewPolicy",
                "AmazonEKSSecretReaderPolicy",
                "AmazonEKSHybridPolicy",
            ],
        );
    });

    it("has the rows of the User Guide's tables: 22 Admin, 20 Edit, 10 View", () => {
        const rows = (name: string) => eksAccessPolicies.get(name)!.rules!.length;
        assert.deepStrictEqual(
            [
                rows("AmazonEKSAdminPolicy"),
                rows("AmazonEKSEditPolicy"),
                rows("AmazonEKSViewPolicy"),
            ],
            [22, 20, 10],
        );
        assert.deepStrictEqual(eksAccessPolicies.get("AmazonEKSAdminViewPolicy")!.rules, [
            { apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] },
        ]);
        assert.deepStrictEqual(eksAccessPolicies.get("AmazonEKSSecretReaderPolicy")!.rules, [
            { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
        ]);
        assert.deepStrictEqual(eksAccessPolicies.get("AmazonEKSHybridPolicy")!.rules, [
            { apiGroups: ["*"], resources: ["nodes"], verbs: ["list"] },
        ]);
    });

    it("equates AmazonEKSClusterAdminPolicy with cluster-admin, whose rules are its table", () => {
        assert.strictEqual(
            eksAccessPolicies.get("AmazonEKSClusterAdminPolicy")!.clusterRole,
            "cluster-admin",
        );
        assert.deepStrictEqual(defaultClusterRoles.find((r) => r.name === "cluster-admin")!.rules, [
            { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
            { nonResourceURLs: ["*"], verbs: ["*"] },
        ]);
    });

    it("names a policy by its ARN in every partition, and nothing else", () => {
        assert.strictEqual(accessPolicyName(arnOf("AmazonEKSViewPolicy")), "AmazonEKSViewPolicy");
        assert.strictEqual(
            accessPolicyName("arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"),
            "AmazonEKSEditPolicy",
        );
        assert.strictEqual(
            accessPolicyName("arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"),
            "AmazonEKSEditPolicy",
        );
        for (const arn of [
            "AmazonEKSViewPolicy",
            "arn:aws:iam::aws:policy/AmazonEKSViewPolicy",
            "arn:aws:eks::123456789012:cluster-access-policy/AmazonEKSViewPolicy",
            `${arnOf("AmazonEKSViewPolicy")}/x`,
            `x${arnOf("AmazonEKSViewPolicy")}`,
        ]) {
            assert.strictEqual(accessPolicyName(arn), undefined, arn);
        }
    });

    it("reads an access scope namespace with * as a wildcard for any run of characters", () => {
        assert.ok(accessScopeCovers("dev-*", "dev-a"));
        assert.ok(accessScopeCovers("sea*", "search"));
        assert.ok(accessScopeCovers("sea*", "sea"));
        assert.ok(accessScopeCovers("*", "kube-system"));
        assert.ok(accessScopeCovers("a*c", "abbc"));
        assert.ok(accessScopeCovers("payments", "payments"));
        assert.ok(!accessScopeCovers("dev-*", "dev"));
        assert.ok(!accessScopeCovers("sea*", "payments"));
        assert.ok(!accessScopeCovers("payments", "payments-2"));
        // Only * is special: a dot is a dot.
        assert.ok(!accessScopeCovers("a.*", "abc"));
        assert.ok(!accessScopeCovers("a?c", "abc"));
        assert.ok(accessScopeCovers("a?c*", "a?c"));
        assert.ok(accessScopeCovers("*-*-*", "a-b-c-d"));
        assert.ok(!accessScopeCovers("*-*-*-", "a-b-c-d"));
    });

    it("gives each text between the *s its own characters of the namespace, in order", () => {
        // Two middle texts cannot share one place, nor the last text a middle one's.
        assert.ok(!accessScopeCovers("*ab*ab*", "ab"));
        assert.ok(accessScopeCovers("*ab*ab*", "abab"));
        assert.ok(!accessScopeCovers("*ab*b", "ab"));
        assert.ok(accessScopeCovers("*ab*b", "abb"));
        assert.ok(!accessScopeCovers("a*ba*a", "aba"));
        assert.ok(accessScopeCovers("a*ba*a", "abaa"));
        // Nor the first text and the last one.
        assert.ok(!accessScopeCovers("ab*ba", "aba"));
        assert.ok(accessScopeCovers("ab*ba", "abba"));
    });

    // The reference: whether entry[0, i) covers namespace[0, j), row by row (a * takes nothing,
    // or one more character); quadratic, and sharing nothing with the matcher.
    const reference = (entry: string, namespace: string) => {
        let row = [true, ...Array.from(namespace, () => false)];
        for (const c of entry) {
            const next = [c === "*" && row[0]];
            for (let j = 1; j <= namespace.length; j++) {
                next.push(c === "*" ? next[j - 1] || row[j] : row[j - 1] && namespace[j - 1] === c);
            }
            row = next;
        }
        return row[namespace.length];
    };
    const every = (chars: string, maxLength: number): string[] =>
        maxLength === 0
            ? [""]
            : ["", ...[...chars].flatMap((c) => every(chars, maxLength - 1).map((t) => c + t))];

    it("agrees with the reference on every entry of up to 6 of a, b, * and namespace of up to 5", () => {
        const namespaces = every("ab", 5);
        for (const entry of every("ab*", 6)) {
            for (const namespace of namespaces) {
                const expected = reference(entry, namespace);
                if (accessScopeCovers(entry, namespace) !== expected) {
                    assert.fail(`${entry} ${expected ? "covers" : "does not cover"} ${namespace}`);
                }
            }
        }
    });

    it("matches as * for any run of characters and every other character literal", () => {
        const text = (chars: string[], maxLength: number) =>
            fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(""));
        // Two letters, so that some entries cover their namespace; the rest are characters a
        // regex or a shell glob would read as special.
        const letters = ["a", "b", "a", "b"];
        const specials = ["-", ".", "?", "\n"];
        const namespace = text([...letters, ...specials], 10);
        // An entry made from a namespace: every other run between the cuts turned into a *,
        // and perhaps one character of the rest changed.
        const derived = fc
            .tuple(namespace, fc.array(fc.nat(10), { maxLength: 6 }), fc.option(fc.nat(9)))
            .map(([ns, cuts, change]): [string, string] => {
                const points = [0, ...cuts.map((c) => Math.min(c, ns.length)), ns.length];
                points.sort((x, y) => x - y);
                const entry = points
                    .slice(1)
                    .map((end, i) => (i % 2 === 1 ? "*" : ns.slice(points[i], end)))
                    .join("");
                if (change === null || change >= entry.length || entry[change] === "*") {
                    return [entry, ns];
                }
                const other = entry[change] === "a" ? "b" : "a";
                return [`${entry.slice(0, change)}${other}${entry.slice(change + 1)}`, ns];
            });
        const verdicts = new Set<boolean>();
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.tuple(text([...letters, ...specials, "*", "*", "*"], 10), namespace),
                    derived,
                ),
                ([entry, ns]) => {
                    verdicts.add(reference(entry, ns));
                    assert.strictEqual(accessScopeCovers(entry, ns), reference(entry, ns));
                },
            ),
            { numRuns: runs(2000) },
        );
        assert.deepStrictEqual([...verdicts].sort(), [false, true]);
    });

    // As `.*` per `*`, `*a` seven times then `*b` took 0.1 s on 30 a's, each `*a` more
    // multiplying that: an association's namespaces hung the pack. With backtracking these
    // would outlast the suite's timeout (120 s); no clock is read here.
    it("reads an access scope namespace of many wildcards in polynomial time", () => {
        assert.ok(!accessScopeCovers(`${"*a".repeat(14)}*b`, "a".repeat(63)));
        assert.ok(accessScopeCovers(`${"*a".repeat(14)}*`, "a".repeat(63)));
    });
});

describe("EKS access policies in the RBAC graph", () => {
    it("grants AmazonEKSAdminViewPolicy's reads of every resource, Secrets included, cluster-wide", () => {
        const graph = RbacGraph.fromResources([
            association("view-all", arnOf("AmazonEKSAdminViewPolicy")),
        ]);
        assert.ok(can(graph, "list", "secrets", "kube-system"));
        assert.ok(can(graph, "get", "nodes"));
        assert.ok(!can(graph, "create", "pods", "kube-system"));
        const [path] = graph.grants(graph.iamIdentity(ops), {
            verb: "get",
            ...parseResource("secrets"),
            namespace: "kube-system",
        });
        assert.deepStrictEqual(path.role, {
            kind: "AccessPolicy",
            name: "AmazonEKSAdminViewPolicy",
            namespace: undefined,
            source: "eks",
            patches: [],
            selectorWriters: [],
        });
    });

    it("grants a policy's rules in its access scope's namespaces only", () => {
        const graph = RbacGraph.fromResources([
            association("secrets", arnOf("AmazonEKSSecretReaderPolicy"), {
                type: "namespace",
                namespaces: ["payments"],
            }),
        ]);
        assert.ok(can(graph, "get", "secrets", "payments"));
        assert.ok(!can(graph, "get", "secrets", "search"));
        assert.ok(!can(graph, "get", "configmaps", "payments"));
    });

    it("reaches every namespace a wildcard entry matches: sea* reaches search", () => {
        const graph = RbacGraph.fromResources([
            association("edit", arnOf("AmazonEKSEditPolicy"), {
                type: "namespace",
                namespaces: ["sea*"],
            }),
        ]);
        assert.ok(can(graph, "create", "deployments.apps", "search"));
        assert.ok(can(graph, "create", "deployments.apps", "seattle"));
        assert.ok(!can(graph, "create", "deployments.apps", "payments"));
        assert.ok(!can(graph, "create", "deployments.apps"));
        assert.deepStrictEqual(
            [
                ...graph
                    .whoCan({
                        verb: "create",
                        ...parseResource("deployments.apps"),
                        namespace: "search",
                    })
                    .keys(),
            ].filter((k) => k.startsWith("IAM:")),
            [`IAM:${ops}`],
        );
    });

    it("judges an access scope whose namespaces are unknown until deploy as possibly any namespace", () => {
        const graph = RbacGraph.fromResources([
            {
                ...association("edit", arnOf("AmazonEKSEditPolicy")),
                props: unknownCheckingProxy({
                    clusterName: "prod",
                    principalArn: ops,
                    policyArn: arnOf("AmazonEKSEditPolicy"),
                    accessScope: { type: "namespace", namespaces: unknownValue },
                }),
            },
        ]);
        assert.deepStrictEqual(graph.unjudged, []);
        const paths = graph.grants(graph.iamIdentity(ops), {
            verb: "create",
            ...parseResource("deployments.apps"),
            namespace: "kube-system",
        });
        assert.deepStrictEqual(
            paths.map((p) => p.possibly),
            [
                [
                    'AccessPolicyAssociation "AmazonEKSEditPolicy for arn:aws:iam::123456789012:role/ops" is in <namespaces of AccessPolicyAssociation "edit", unknown until deploy>: possibly any namespace',
                ],
            ],
        );
        assert.ok(!can(graph, "create", "deployments.apps"), "not cluster-wide");
    });

    it("binds AmazonEKSClusterAdminPolicy as cluster-admin", () => {
        const graph = RbacGraph.fromResources([
            association("admin", arnOf("AmazonEKSClusterAdminPolicy")),
        ]);
        const [path] = graph.grants(graph.iamIdentity(ops), {
            verb: "escalate",
            ...parseResource("clusterroles.rbac.authorization.k8s.io"),
        });
        assert.deepStrictEqual(
            [path.binding.kind, path.role.kind, path.role.name],
            ["AccessPolicyAssociation", "ClusterRole", "cluster-admin"],
        );
    });

    it("keeps aside, not judged, an ARN it does not know and a policy with no published rules", () => {
        const graph = RbacGraph.fromResources([
            association("custom", arnOf("AmazonEKSFuturePolicy")),
            association("node", arnOf("AmazonEKSAutoNodePolicy")),
        ]);
        assert.strictEqual(graph.bindings.filter((b) => b.source !== "default").length, 0);
        assert.deepStrictEqual(
            graph.unknownAccessPolicies.map((u) => [u.name, u.principal, u.policyArn]),
            [
                ["custom", ops, arnOf("AmazonEKSFuturePolicy")],
                ["node", ops, arnOf("AmazonEKSAutoNodePolicy")],
            ],
        );
    });
});

describe("k8s-no-cluster-admin-binding, on access policies it cannot judge", () => {
    it("reports an access policy ARN not in the data, mandatory, with the fix", async () => {
        const found = await stackViolations(k8sNoClusterAdminBinding, [
            association("custom", arnOf("AmazonEKSFuturePolicy")),
        ]);
        assert.deepStrictEqual(found, [
            {
                message: `AccessPolicyAssociation "custom" gives IAM:${ops} the EKS access policy ${arnOf("AmazonEKSFuturePolicy")}, which the pack cannot judge: it is not an EKS access policy the pack knows (policypack/lib/eks-access-policies.ts): exempt it in policy-exemptions with its reason.`,
                urn: `urn:pulumi:test::test::${type}::custom`,
            },
        ]);
    });

    it("reports a known policy whose permissions the User Guide gives only in prose", async () => {
        const found = await stackViolations(k8sNoClusterAdminBinding, [
            association("lb", arnOf("AmazonEKSLoadBalancingClusterPolicy")),
        ]);
        assert.deepStrictEqual(
            found.map((f) => f.message),
            [
                `AccessPolicyAssociation "lb" gives IAM:${ops} the EKS access policy ${arnOf("AmazonEKSLoadBalancingClusterPolicy")}, which the pack cannot judge: the EKS User Guide describes its permissions only in prose (services, ingresses, target group bindings, CRD creation, creating mutating and validating webhook configurations; Amazon EKS creates its access entry for the cluster IAM role when Auto Mode is enabled), with no rules: exempt it in policy-exemptions with its reason.`,
            ],
        );
    });

    it("leaves an allowed subject's unjudged policy alone", async () => {
        const found = await stackViolations(
            k8sNoClusterAdminBinding,
            [association("custom", arnOf("AmazonEKSFuturePolicy"))],
            { allowedSubjects: [`IAM:${ops}`] },
        );
        assert.deepStrictEqual(found, []);
    });

    it("reports AmazonEKSAdminViewPolicy cluster-wide: it reads every Secret", async () => {
        const found = await stackViolations(k8sNoClusterAdminBinding, [
            association("view-all", arnOf("AmazonEKSAdminViewPolicy")),
        ]);
        assert.strictEqual(found.length, 1, JSON.stringify(found));
        assert.match(
            found[0].message,
            /read Secrets \(list and watch return their contents\) in every namespace, kube-system included, through AccessPolicy "AmazonEKSAdminViewPolicy" rules\[0\]/,
        );
    });
});
