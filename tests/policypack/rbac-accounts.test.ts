// The service accounts of the RBAC graph and the powers each holds, itself or through the
// accounts it can become (policypack/lib/rbac-accounts.ts): who can take over which account
// decides which namespaces are privileged for a subject. A pod runs as any service account of
// its namespace (kubernetes/kubernetes plugin/pkg/admission/serviceaccount/admission.go), so a
// pod creator there becomes each; a token request or impersonation names the account
// (resourceNames on serviceaccounts/token, serviceaccounts). kube-system's accounts are a
// standing power of whoever reaches them (rbac-powers.ts), never a way to another account.
import * as assert from "assert";
import { Subject } from "../../policypack/lib/rbac";
import { Accounts, byAccountName } from "../../policypack/lib/rbac-accounts";
import { escalationPowers } from "../../policypack/lib/rbac-escalation-powers";
import { anyNamespace } from "../../policypack/lib/rbac-grants";
import { Identity, RbacGraph } from "../../policypack/lib/rbac-graph";
import { StackResource } from "./check";
import { accountsOf, createPods, inUnknownNamespace } from "./rbac-accounts-fixtures";
import {
    clusterRole,
    crb,
    group,
    rb,
    role,
    RuleSpec,
    serviceAccount as sa,
    urnOf,
    user,
} from "./rbac-fixtures";

/** Account names by namespace; kube-system's (Kubernetes' own controllers) left out. */
const namesByNamespace = (accounts: Accounts) =>
    Object.fromEntries(
        [...accounts.byNamespace()]
            .filter(([ns]) => ns !== "kube-system")
            .map(([ns, list]) => [ns, list.map((s) => s.name)]),
    );

/** Where the graph puts a RoleBinding `pods` (resource `payments-pods`) of unknown namespace. */
const unknownPlace = '<namespace of RoleBinding "payments-pods", unknown until deploy>';

const effective = (accounts: Accounts, namespace: string, name: string) => [
    ...accounts.effective({ kind: "ServiceAccount", namespace, name } as Subject),
];

/** ClusterRole `name` with `rules`, bound cluster-wide to `subjects`. */
const clusterGrant = (name: string, rules: RuleSpec[], subjects: unknown[]) => [
    clusterRole(name, rules),
    crb(name, name, subjects),
];
/** build:deployer holds every verb on every resource. */
const deployerIsAdmin = crb("deployer", "cluster-admin", [sa("build", "deployer")]);

describe("rbac accounts: the service accounts of each namespace", () => {
    it("every namespace a binding names has default first, then each account named, once", () => {
        const accounts = accountsOf([
            rb("edit", "payments", "edit", [
                sa("payments", "ci"),
                user("alice"),
                group("ops"),
                sa("payments", "default"),
            ]),
            rb("view", "payments", "view", [sa("payments", "ci")]),
            rb("view", "quiet", "view", [group("auditors")]),
            // A subject without a namespace is in the RoleBinding's (rbac/v1 Subject.Namespace).
            rb("run", "ops", "view", [{ kind: "ServiceAccount", name: "runner" }]),
            crb("deployer", "edit", [sa("build", "deployer")]),
        ]);
        assert.deepStrictEqual(namesByNamespace(accounts), {
            build: ["default", "deployer"],
            "kube-public": ["default"],
            payments: ["default", "ci"],
            quiet: ["default"],
            ops: ["default", "runner"],
        });
        assert.deepStrictEqual(
            accounts.byNamespace().get("kube-system")![0],
            sa("kube-system", "default"),
        );
        assert.deepStrictEqual(accounts.byNamespace().get("payments"), [
            sa("payments", "default"),
            sa("payments", "ci"),
        ]);
    });

    it("a group of all a namespace's accounts names that namespace; a look-alike group or user does not", () => {
        const accounts = accountsOf([
            crb("monitoring", "view", [
                group("system:serviceaccounts:monitoring"),
                // Only a Group is the token authenticator's group; a User of that name is a user.
                user("system:serviceaccounts:users"),
                group("x-system:serviceaccounts:prefixed"),
                group("system:serviceaccounts:two\nlines"),
                group("system:serviceaccounts:"),
                group("system:serviceaccounts"),
            ]),
        ]);
        assert.deepStrictEqual(namesByNamespace(accounts), {
            "kube-public": ["default"],
            monitoring: ["default"],
        });
    });

    it("each namespace unknown until deploy holds its own bindings' accounts, not another unknown one's", () => {
        // The accounts of one binding of unknown namespace spread to the namespaces the graph
        // names, not to another unknown one: that is reached as any namespace (line 175).
        const runner = inUnknownNamespace(
            rb("pods", "payments", "admin", [{ kind: "ServiceAccount", name: "runner" }]),
        );
        const builder = inUnknownNamespace(
            rb("ci", "payments", "admin", [{ kind: "ServiceAccount", name: "builder" }]),
        );
        assert.deepStrictEqual(namesByNamespace(accountsOf([runner, builder])), {
            "kube-public": ["default", "builder", "runner"],
            [unknownPlace]: ["default", "runner"],
            '<namespace of RoleBinding "payments-ci", unknown until deploy>': [
                "default",
                "builder",
            ],
        });
    });

    it("an account a binding of unknown namespace names without a namespace may be any namespace's", () => {
        // The binding's namespace is the account's (rbac/v1 Subject.Namespace), unknown until
        // deploy: the graph finds the binding for an account of that name in any namespace.
        const runner = inUnknownNamespace(
            rb("pods", "payments", "admin", [{ kind: "ServiceAccount", name: "runner" }]),
        );
        const accounts = accountsOf([runner, rb("view", "search", "view", [group("auditors")])]);
        assert.deepStrictEqual(namesByNamespace(accounts), {
            "kube-public": ["default", "runner"],
            search: ["default", "runner"],
            [unknownPlace]: ["default", "runner"],
        });
        // Kube-system's too, where every account is a standing power of whoever reaches it.
        assert.ok(
            accounts
                .byNamespace()
                .get("kube-system")!
                .some((s) => s.name === "runner"),
        );
        assert.deepStrictEqual(effective(accounts, "search", "runner"), [
            "workloads",
            "exec",
            "token-request",
            "secrets",
            "impersonate-serviceaccounts",
            "aws-auth",
        ]);
        assert.deepStrictEqual(effective(accounts, "search", "default"), []);
    });

    it("an account of a binding of unknown namespace holds its grants when the binding's resource name holds a colon", () => {
        // The unknown namespace is named after the resource (`payments:pods`, a name Pulumi
        // takes): the account's user name is system:serviceaccount:<that namespace>:runner,
        // which Kubernetes matches by the subject's namespace as a prefix, then `:` and the
        // name (apiserver pkg/authentication/serviceaccount/util.go MatchesUsername, lines
        // 55-71 at kubernetes/kubernetes 00261adb). Split at its first `:`, the account was
        // another, which no binding names, and held nothing.
        const runner = {
            ...inUnknownNamespace(
                rb("pods", "payments", "admin", [{ kind: "ServiceAccount", name: "runner" }]),
            ),
            name: "payments:pods",
        };
        const accounts = accountsOf([runner]);
        const place = '<namespace of RoleBinding "payments:pods", unknown until deploy>';
        const admin = [
            "workloads",
            "exec",
            "token-request",
            "secrets",
            "impersonate-serviceaccounts",
            "aws-auth",
        ];
        assert.deepStrictEqual(effective(accounts, place, "runner"), admin);
        assert.deepStrictEqual(effective(accounts, "kube-public", "runner"), admin);
        assert.deepStrictEqual(effective(accounts, place, "default"), []);
    });

    it("an EKS access scope's wildcard is no namespace: the namespaces it reaches have their own accounts", () => {
        const association = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "dev-edit",
            props: {
                principalArn: "arn:aws:iam::123456789012:role/dev",
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                accessScope: { type: "namespace", namespaces: ["pay*", "search"] },
            },
        };
        assert.deepStrictEqual(namesByNamespace(accountsOf([association, deployerIsAdmin])), {
            build: ["default", "deployer"],
            "kube-public": ["default"],
            search: ["default"],
        });
    });
});

describe("rbac accounts: which powers name their account", () => {
    it("token requests and service account impersonation name the account; the rest reach every account", () => {
        assert.deepStrictEqual(
            escalationPowers.filter(byAccountName).map((p) => p.id),
            ["token-request", "impersonate-serviceaccounts"],
        );
    });

    for (const [what, rule] of [
        ["a token", { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] }],
        [
            "impersonation",
            { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
        ],
    ] as const) {
        it(`${what} for one named account takes over that account only`, () => {
            const resources = (names: string[]) => [
                clusterRole("take", [{ ...rule, resourceNames: names }]),
                rb("take", "build", "take", [sa("payments", "runner")]),
                rb("view", "build", "view", [sa("build", "ci")]),
                deployerIsAdmin,
            ];
            assert.deepStrictEqual(
                effective(accountsOf(resources(["ci"])), "payments", "runner"),
                [],
            );
            assert.deepStrictEqual(
                effective(accountsOf(resources(["ci", "deployer"])), "payments", "runner"),
                ["everything"],
            );
            assert.deepStrictEqual(effective(accountsOf(resources([])), "payments", "runner"), [
                "everything",
            ]);
        });
    }
});

describe("rbac accounts: the powers an account holds through the accounts it becomes", () => {
    it("a cluster-wide pod creator becomes every account outside kube-system, and holds their powers", () => {
        const accounts = accountsOf([
            ...clusterGrant("pods", [createPods], [sa("payments", "ci")]),
            deployerIsAdmin,
        ]);
        assert.deepStrictEqual(effective(accounts, "payments", "ci"), ["workloads", "everything"]);
    });

    it("kube-system's accounts are its standing power, not accounts it becomes: their powers are not added", () => {
        // kube-system's controllers hold escalate, admission, Secrets and more (Kubernetes'
        // default bindings): pods in kube-system is the power `workloads` already.
        const accounts = accountsOf(clusterGrant("pods", [createPods], [sa("payments", "ci")]));
        assert.deepStrictEqual(effective(accounts, "payments", "ci"), ["workloads"]);
    });

    it("a RoleBinding in kube-system reaches kube-system only, not every namespace's accounts", () => {
        const accounts = accountsOf([
            rb("edit", "kube-system", "edit", [sa("payments", "ci")]),
            deployerIsAdmin,
        ]);
        assert.deepStrictEqual(effective(accounts, "payments", "ci"), [
            "workloads",
            "exec",
            "token-request",
            "secrets",
            "impersonate-serviceaccounts",
            "aws-auth",
        ]);
    });

    it("pods in a namespace reach that namespace's accounts only", () => {
        const resources = (namespace: string) => [
            rb("edit", namespace, "edit", [sa("payments", "ci")]),
            rb("view", "search", "view", [sa("search", "indexer")]),
            deployerIsAdmin,
        ];
        assert.deepStrictEqual(effective(accountsOf(resources("build")), "payments", "ci"), [
            "everything",
        ]);
        assert.deepStrictEqual(effective(accountsOf(resources("search")), "payments", "ci"), []);
    });

    it("follows a chain of accounts to its end, whatever order the accounts come in", () => {
        // The view binding lists alpha before beta: alpha:a is judged before beta:b has
        // taken over gamma:c, so one pass over the accounts is not enough.
        const accounts = accountsOf([
            rb("view", "alpha", "view", [sa("alpha", "a"), sa("beta", "b"), sa("gamma", "c")]),
            rb("edit", "beta", "edit", [sa("alpha", "a")]),
            rb("edit", "gamma", "edit", [sa("beta", "b")]),
            role("gamma", "all", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]),
            rb("all", "gamma", "all", [sa("gamma", "c")], "Role"),
        ]);
        assert.deepStrictEqual(namesByNamespace(accounts), {
            alpha: ["default", "a"],
            beta: ["default", "b"],
            gamma: ["default", "c"],
            "kube-public": ["default"],
        });
        for (const [ns, name] of [
            ["alpha", "a"],
            ["beta", "b"],
            ["gamma", "c"],
        ]) {
            assert.deepStrictEqual(effective(accounts, ns, name), ["everything:namespaced"]);
        }
        assert.deepStrictEqual(effective(accounts, "alpha", "default"), []);
    });

    it("a binding in a namespace unknown until deploy may be in any namespace: it reaches every namespace's accounts", () => {
        // The graph judges such a binding as possibly in any namespace (namespaceReaches:
        // `possibly`; can-i answers `possibly` in payments). Pods created there may run as
        // payments:admin, which holds every verb on every resource.
        const resources = (pods: StackResource) => [
            clusterRole("pods", [createPods]),
            pods,
            crb("admin", "cluster-admin", [sa("payments", "admin")]),
            rb("view", "search", "view", [sa("search", "indexer")]),
        ];
        const known = rb("pods", "payments", "pods", [sa("build", "ci")]);
        assert.deepStrictEqual(effective(accountsOf(resources(known)), "build", "ci"), [
            "everything",
        ]);
        // Possibly kube-system too: `workloads` is its standing power (rbac-powers.ts).
        const accounts = accountsOf(resources(inUnknownNamespace(known)));
        assert.deepStrictEqual(effective(accounts, "build", "ci"), ["workloads", "everything"]);
        const graph = RbacGraph.fromResources(
            resources(inUnknownNamespace(known)).map((r) => ({ ...r, urn: urnOf(r.type, r.name) })),
        );
        const identity = graph.identity("serviceaccount:build:ci") as Identity;
        const request = { verb: "create", apiGroup: "", resource: "pods", namespace: "payments" };
        assert.deepStrictEqual(
            graph.grants(identity, request).map((p) => p.possibly),
            [[`RoleBinding "pods" is in ${unknownPlace}: possibly any namespace`]],
        );
    });

    it("a binding of unknown namespace reaches every namespace's accounts beside its holder's bindings in known ones", () => {
        // ci's own RoleBinding in search does not narrow where its binding of unknown namespace
        // may apply (appliesIn, rbac-grants.ts): pods there may still run as payments:admin.
        const accounts = accountsOf([
            clusterRole("pods", [createPods]),
            inUnknownNamespace(rb("pods", "payments", "pods", [sa("build", "ci")])),
            rb("view", "search", "view", [sa("build", "ci")]),
            crb("admin", "cluster-admin", [sa("payments", "admin")]),
        ]);
        assert.deepStrictEqual(effective(accounts, "build", "ci"), ["workloads", "everything"]);
    });

    it("a token for one named account, in a namespace unknown until deploy, takes over that account in any namespace", () => {
        const token = { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] };
        const resources = (names: string[]) => [
            clusterRole("take", [{ ...token, resourceNames: names }]),
            inUnknownNamespace(rb("pods", "payments", "take", [sa("build", "ci")])),
            crb("admin", "cluster-admin", [sa("payments", "admin")]),
        ];
        assert.deepStrictEqual(effective(accountsOf(resources(["runner"])), "build", "ci"), [
            "token-request",
        ]);
        assert.deepStrictEqual(effective(accountsOf(resources(["admin"])), "build", "ci"), [
            "token-request",
            "everything",
        ]);
    });

    it("an unknown namespace named after a resource whose name holds a `*` has its accounts", () => {
        // Where the graph puts a RoleBinding of unknown namespace is named after its resource.
        const runner = inUnknownNamespace(
            rb("pods*", "payments", "edit", [{ kind: "ServiceAccount", name: "runner" }]),
        );
        assert.deepStrictEqual(namesByNamespace(accountsOf([runner])), {
            "kube-public": ["default", "runner"],
            '<namespace of RoleBinding "payments-pods*", unknown until deploy>': [
                "default",
                "runner",
            ],
        });
    });

    it("no account is in namespace `*`, the cluster-wide marker: no namespace is (not a DNS-1123 label)", () => {
        // A subject may name namespace `*`, but no namespace and so no pod or token can be there
        // (apimachinery ValidateNamespaceName = NameIsDNSLabel). namespacesOf writes a
        // cluster-wide binding's namespace `*`: such an account was indexed as one of every
        // namespace's, for a cluster-wide pod creator and a binding in an unknown namespace.
        const star = crb("star", "cluster-admin", [
            sa(anyNamespace, "x"),
            group(`system:serviceaccounts:${anyNamespace}`),
        ]);
        const edit = inUnknownNamespace(rb("pods", "payments", "edit", [sa("payments", "ci")]));
        const accounts = accountsOf([
            star,
            crb("view", "view", [sa("payments", "ci")]),
            edit,
            ...clusterGrant("pods", [createPods], [sa("build", "deployer")]),
        ]);
        assert.deepStrictEqual(namesByNamespace(accounts), {
            build: ["default", "deployer"],
            "kube-public": ["default"],
            payments: ["default", "ci"],
            [unknownPlace]: ["default"],
        });
        // payments:ci's standing powers (its binding may be in kube-system); build:deployer's
        // pods become payments:ci and hold them. Neither becomes x.
        const standing = [
            "workloads",
            "exec",
            "token-request",
            "secrets",
            "impersonate-serviceaccounts",
            "aws-auth",
        ];
        assert.deepStrictEqual(effective(accounts, "payments", "ci"), standing);
        assert.deepStrictEqual(effective(accounts, "build", "deployer"), standing);
    });
});
