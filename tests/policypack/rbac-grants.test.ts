// The grants of policypack/lib/rbac-grants.ts: which paths grant a power's requests, for which
// object names, in which namespaces, and how findings name them. Matching is the RBAC
// authorizer's (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go:178-192 RuleAllows
// over pkg/apis/rbac/v1/evaluation_helpers.go:31-113); which requests carry an object name is
// kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources ("You cannot
// restrict create or deletecollection requests by their resource name").
import * as assert from "assert";
import { rule } from "./rbac-fixtures";
import {
    Finding,
    Grant,
    appliesIn,
    grantsEverything,
    grantsFor,
    isScopePattern,
    namesAllowed,
    namespacesOf,
    requestsOf,
    showFinding,
    showFindings,
} from "../../policypack/lib/rbac-grants";
import { escalationPowers } from "../../policypack/lib/rbac-escalation-powers";
import type { BindingNode, GrantPath } from "../../policypack/lib/rbac-graph";
import { Request, Rule } from "../../policypack/lib/rbac-rules";

const binding = (name: string, b: Partial<BindingNode> = {}): BindingNode => ({
    kind: "RoleBinding",
    name,
    roleRef: { kind: "ClusterRole", name: "r" },
    subjects: [{ kind: "Group", name: "ops" }],
    source: `urn:pulumi:test::test::kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::${name}`,
    ...b,
});

const pathOf = (b: BindingNode, r: Rule, ruleIndex = 0): GrantPath => ({
    subject: { kind: "Group", name: "ops" },
    binding: b,
    role: { kind: "ClusterRole", name: "r", source: "default", patches: [], selectorWriters: [] },
    ruleIndex,
    rule: r,
    namespace: b.namespaces?.[0],
});

const secrets: Request = { verb: "get", apiGroup: "", resource: "secrets" };

describe("rbac-grants: a binding grants in each namespace it lists", () => {
    it("an access scope of several namespaces grants in each of them, and nowhere else", () => {
        const scope = binding("ci", {
            kind: "AccessPolicyAssociation",
            namespaces: ["apps", "payments"],
        });
        assert.deepStrictEqual(
            ["apps", "payments", "web", undefined].map((ns) => appliesIn(scope, ns)),
            [true, true, false, false],
        );
    });
});

describe("rbac-grants: the requests of a power's patterns", () => {
    const patterns = [{ verbs: ["get", "create"], apiGroup: "", resources: ["pods/exec"] }];

    it("expands verbs and resource/subresource in one namespace", () => {
        assert.deepStrictEqual(requestsOf(patterns, "apps"), [
            { verb: "get", apiGroup: "", resource: "pods", subresource: "exec", namespace: "apps" },
            {
                verb: "create",
                apiGroup: "",
                resource: "pods",
                subresource: "exec",
                namespace: "apps",
            },
        ]);
    });

    it("gives the one list per patterns and namespace, so grantsFor's summary of it is kept", () => {
        const apps = requestsOf(patterns, "apps");
        assert.strictEqual(requestsOf(patterns, "apps"), apps);
        const web = requestsOf(patterns, "web");
        assert.notStrictEqual(web, apps);
        assert.strictEqual(requestsOf(patterns, "web"), web);
        assert.strictEqual(requestsOf(patterns, "apps"), apps);
    });
});

describe("rbac-grants: resourceNames restrict only the requests that name an object", () => {
    const named = (verbs: string[], resources: string[], names: string[]) =>
        rule({ verbs, apiGroups: [""], resources, resourceNames: names });

    it("a named rule never allows a create of a new object: its name is not known yet", () => {
        const r = named(["create"], ["secrets"], ["x"]);
        assert.strictEqual(namesAllowed(r, { ...secrets, verb: "create" }), null);
    });

    it("a named rule never allows deletecollection, which names no object", () => {
        const r = named(["deletecollection"], ["secrets"], ["x"]);
        assert.strictEqual(namesAllowed(r, { ...secrets, verb: "deletecollection" }), null);
    });

    it("a named rule allows list and watch of its objects (a metadata.name field selector)", () => {
        const r = named(["list", "watch"], ["secrets"], ["db"]);
        assert.deepStrictEqual(namesAllowed(r, { ...secrets, verb: "list" }), ["db"]);
        assert.deepStrictEqual(namesAllowed(r, { ...secrets, verb: "watch" }), ["db"]);
    });

    it("so a rule that lists one Secret by name grants reading that Secret", () => {
        const read = escalationPowers.find((p) => p.id === "secrets")!.requires[0];
        const system = binding("lister", { namespaces: ["kube-system"] });
        const p = pathOf(system, named(["list"], ["secrets"], ["db"]));
        const requests = requestsOf(read.requests, "kube-system");
        assert.deepStrictEqual(grantsFor([p], requests), [
            {
                path: p,
                names: ["db"],
                request: { ...requests.find((r) => r.verb === "list")!, name: "db" },
            },
        ]);
    });

    it("a create on a subresource names its object (a token for ServiceAccount ci)", () => {
        const r = named(["create"], ["serviceaccounts/token"], ["ci"]);
        const token: Request = {
            verb: "create",
            apiGroup: "",
            resource: "serviceaccounts",
            subresource: "token",
            namespace: "apps",
        };
        assert.deepStrictEqual(namesAllowed(r, token), ["ci"]);
    });

    it("names a request that names its object, for the verbs the rule lists only", () => {
        const r = named(["get"], ["secrets"], ["x", "y"]);
        assert.deepStrictEqual(namesAllowed(r, secrets), ["x", "y"]);
        assert.strictEqual(namesAllowed(r, { ...secrets, verb: "delete" }), null);
        assert.strictEqual(namesAllowed(r, { ...secrets, apiGroup: "apps" }), null);
        assert.strictEqual(namesAllowed(r, { ...secrets, resource: "configmaps" }), null);
    });

    it("a rule without names allows any of the names asked", () => {
        const any = rule({ verbs: ["get"], apiGroups: [""], resources: ["secrets"] });
        assert.strictEqual(namesAllowed(any, secrets, ["a", "b"]), undefined);
        const some = named(["get"], ["secrets"], ["b", "c"]);
        assert.deepStrictEqual(namesAllowed(some, secrets, ["a", "b"]), ["b"]);
        assert.strictEqual(namesAllowed(some, secrets, ["a"]), null);
    });

    it("a rule with * verbs, groups and resources grants everything only without names", () => {
        const star = { verbs: ["*"], apiGroups: ["*"], resources: ["*"] };
        assert.strictEqual(grantsEverything(rule(star)), true);
        assert.strictEqual(grantsEverything(rule({ ...star, resourceNames: ["x"] })), false);
    });
});

describe("rbac-grants: the paths that grant a request", () => {
    it("a rule for a subresource of every resource (*/exec) grants pods/exec", () => {
        const apps = binding("exec", { namespaces: ["apps"] });
        const p = pathOf(apps, rule({ verbs: ["create"], apiGroups: [""], resources: ["*/exec"] }));
        const requests = requestsOf(
            [{ verbs: ["create"], apiGroup: "", resources: ["pods/exec"] }],
            "apps",
        );
        assert.deepStrictEqual(grantsFor([p], requests), [
            { path: p, names: undefined, request: requests[0] },
        ]);
    });
});

describe("rbac-grants: the paths that grant a non-resource request", () => {
    it("a rule for URLs grants a request for one, matched by verb and URL alone", () => {
        const cluster = binding("metrics", { kind: "ClusterRoleBinding" });
        const urls = pathOf(cluster, rule({ verbs: ["get"], nonResourceURLs: ["/metrics*"] }));
        const pods = pathOf(
            cluster,
            rule({ verbs: ["get"], apiGroups: ["*"], resources: ["*"] }),
            1,
        );
        const scrape: Request = {
            verb: "get",
            apiGroup: "",
            resource: "",
            nonResourceURL: "/metrics/slis",
        };
        assert.deepStrictEqual(grantsFor([pods, urls], [scrape]), [
            { path: urls, names: undefined, request: scrape },
        ]);
        assert.deepStrictEqual(grantsFor([urls], [{ ...scrape, verb: "post" }]), []);
    });
});

describe("rbac-grants: findings as messages name them", () => {
    const power = escalationPowers.find((p) => p.id === "secrets")!;
    const read = rule({ verbs: ["get"], apiGroups: [""], resources: ["secrets"] });
    const readRule = `{verbs: [get], apiGroups: [""], resources: [secrets]}`;
    const finding = (grants: Grant[], f: Partial<Finding> = {}): Finding => ({
        power,
        what: "read Secrets",
        parts: [{ label: "read Secrets", grants }],
        ...f,
    });

    it("shows the grant through the binding reported, without naming that binding", () => {
        const other = binding("other", { namespaces: ["apps"] });
        const reported = binding("reported", { namespaces: ["apps"] });
        const f = finding([{ path: pathOf(other, read, 0) }, { path: pathOf(reported, read, 1) }]);
        assert.strictEqual(
            showFinding(f, reported),
            `read Secrets, through ClusterRole "r" rules[1] ${readRule}`,
        );
        assert.strictEqual(
            showFinding(f, other),
            `read Secrets, through ClusterRole "r" rules[0] ${readRule}`,
        );
    });

    it("names another binding with every namespace it grants in", () => {
        const scope = binding("ci", {
            kind: "AccessPolicyAssociation",
            namespaces: ["apps", "payments"],
        });
        assert.strictEqual(
            showFinding(finding([{ path: pathOf(scope, read) }])),
            `read Secrets, through AccessPolicyAssociation "ci" in apps, payments → ClusterRole "r" rules[0] ${readRule}`,
        );
    });

    it("says when another binding is one of Kubernetes' own", () => {
        const own = binding("system::leader-locking-kube-scheduler", {
            namespaces: ["kube-system"],
            source: "default",
        });
        assert.strictEqual(
            showFinding(finding([{ path: pathOf(own, read) }])),
            `read Secrets, through RoleBinding "system::leader-locking-kube-scheduler" in kube-system (Kubernetes default) → ClusterRole "r" rules[0] ${readRule}`,
        );
    });

    it("lists the names a named grant is for", () => {
        const reported = binding("reported", { namespaces: ["apps"] });
        const f = finding([{ path: pathOf(reported, read), names: ["a", "b"] }]);
        assert.strictEqual(
            showFinding(f, reported),
            `read Secrets (only a, b), through ClusterRole "r" rules[0] ${readRule}`,
        );
    });

    it("gives each reason for a place once, and each different reason or place its own", () => {
        const reported = binding("reported", { namespaces: ["apps"] });
        const at = (place: string, why: string) =>
            finding([{ path: pathOf(reported, read) }], { place, why });
        const through = `through ClusterRole "r" rules[0] ${readRule}`;
        assert.strictEqual(
            showFindings(
                [
                    at("in namespace apps", "where A has more power"),
                    at("in namespace apps", "where B has more power"),
                    at("in namespace web", "where A has more power"),
                    at("in namespace apps", "where A has more power"),
                ],
                reported,
            ),
            [
                `read Secrets in namespace apps, where A has more power, ${through}`,
                `read Secrets in namespace apps, where B has more power, ${through}`,
                `read Secrets in namespace web, where A has more power, ${through}`,
                `read Secrets in namespace apps, ${through}`,
            ].join("; "),
        );
    });
});

describe("rbac-grants: the namespaces paths grant in", () => {
    const at = (namespaces?: string[]) =>
        pathOf(binding("b", { namespaces }), rule({ verbs: ["get"] }));

    it("a namespace name is not an access scope pattern; an entry with * is", () => {
        assert.deepStrictEqual(["payments", "pay*", "*"].map(isScopePattern), [false, true, true]);
    });

    it("a cluster-wide grant is any namespace, not each known one", () => {
        assert.deepStrictEqual(namespacesOf([at()], ["apps", "payments"]), ["*"]);
    });

    it("an access scope pattern stands for itself and the known namespaces it reaches", () => {
        assert.deepStrictEqual(namespacesOf([at(["pay*", "web"])], ["apps", "payments"]), [
            "pay*",
            "payments",
            "web",
        ]);
    });
});
