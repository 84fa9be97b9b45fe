// The identity each service account of the RBAC graph is judged as (policypack/lib/rbac-accounts.ts
// Accounts.holder): the binding subjects it answers to decide the powers it holds and so what a
// holder gains by becoming it. The API server authenticates a service account as
// `system:serviceaccount:<namespace>:<name>` in the groups `system:serviceaccounts` and
// `system:serviceaccounts:<namespace>` (apiserver pkg/authentication/serviceaccount/util.go
// UserInfo, MakeUsername, MakeGroupNames, kubernetes/kubernetes 00261adb), and
// `system:authenticated` (pkg/authentication/group/authenticated_group_adder.go).
import * as assert from "assert";
import { Subject } from "../../policypack/lib/rbac";
import { AccountJudge, Accounts } from "../../policypack/lib/rbac-accounts";
import { Identity, RbacGraph } from "../../policypack/lib/rbac-graph";
import { PowerJudge } from "../../policypack/lib/rbac-powers";
import { StackResource } from "./check";
import { unknownCheckingProxy, unknownValue } from "./rbac-accounts-fixtures";
import { crb, group, rb, serviceAccount as sa, urnOf, user } from "./rbac-fixtures";

/** The accounts of a stack, and the identity each is judged as, by its key. */
function judged(resources: StackResource[]) {
    const graph = RbacGraph.fromResources(
        resources.map((r) => ({ ...r, urn: urnOf(r.type, r.name) })),
    );
    const judge = new PowerJudge(graph);
    const identities = new Map<string, Identity>();
    const recording: AccountJudge = {
        holderOfIdentity(key, subject, identity) {
            identities.set(key, identity);
            return judge.holderOfIdentity(key, subject, identity);
        },
        standingIds: (holder) => judge.standingIds(holder),
    };
    const accounts = new Accounts(graph, recording);
    // The first question judges every account.
    accounts.effective(sa("kube-system", "default"));
    const effective = (namespace: string, name: string) => [
        ...accounts.effective({ kind: "ServiceAccount", namespace, name } as Subject),
    ];
    return { accounts, identities, effective };
}

/** RoleBinding `pods` in payments to `view`, its `subjects` read as written (Outputs kept). */
const withSubjects = (subjects: unknown[]): StackResource => ({
    ...rb("pods", "payments", "view", []),
    props: unknownCheckingProxy({
        metadata: { name: "pods", namespace: "payments" },
        roleRef: { kind: "ClusterRole", name: "view" },
        subjects,
    }),
});

const groupsOf = (namespace: string) => [
    "system:serviceaccounts",
    `system:serviceaccounts:${namespace}`,
    "system:authenticated",
];
/** What cluster-admin gives, as standing power ids. */
const everything = ["everything"];

describe("rbac accounts: the identity each account is judged as", () => {
    it("kube-system always has accounts, its default one alone when no binding names another", () => {
        // kube-system is privileged always (rbac-powers.ts): its accounts are standing powers.
        const accounts = new Accounts(new RbacGraph(), new PowerJudge(new RbacGraph()));
        assert.deepStrictEqual(
            [...accounts.byNamespace()],
            [["kube-system", [sa("kube-system", "default")]]],
        );
    });

    it("an account named in the stack answers to its user name and its namespace's groups", () => {
        const { identities, effective } = judged([
            rb("view", "payments", "view", [sa("payments", "ci")]),
            crb("ci-admin", "cluster-admin", [user("system:serviceaccount:payments:ci")]),
        ]);
        assert.deepStrictEqual(identities.get("ServiceAccount:payments:ci"), {
            label: "serviceaccount:payments:ci",
            user: "system:serviceaccount:payments:ci",
            groups: groupsOf("payments"),
        });
        assert.deepStrictEqual(effective("payments", "ci"), everything);
    });

    it("an account whose namespace alone is unknown until deploy keeps its name: it answers to its user name wherever it may be", () => {
        // bindingSubjects marks the subject `unknown` (rbac.ts) with its namespace
        // `<unknown until deploy>`; its name is known, so its user name in each namespace is too.
        const { identities, effective } = judged([
            withSubjects([{ kind: "ServiceAccount", name: "runner", namespace: unknownValue }]),
            crb("runner-admin", "cluster-admin", [user("system:serviceaccount:payments:runner")]),
        ]);
        assert.deepStrictEqual(identities.get("ServiceAccount:payments:runner"), {
            label: "serviceaccount:payments:runner",
            user: "system:serviceaccount:payments:runner",
            groups: groupsOf("payments"),
        });
        assert.deepStrictEqual(effective("payments", "runner"), everything);
        assert.deepStrictEqual(effective("payments", "default"), []);
    });

    it("a name written like one unknown until deploy is still a name: only the graph's mark makes it unknown", () => {
        // `<ci>` is no DNS subdomain (the API server refuses it), but the stack names it: it is
        // judged by its user name as any account is, not as a subject alone.
        const { identities, effective } = judged([
            rb("view", "payments", "view", [sa("payments", "<ci>")]),
            crb("ci-admin", "cluster-admin", [user("system:serviceaccount:payments:<ci>")]),
        ]);
        assert.deepStrictEqual(identities.get("ServiceAccount:payments:<ci>"), {
            label: "serviceaccount:payments:<ci>",
            user: "system:serviceaccount:payments:<ci>",
            groups: groupsOf("payments"),
        });
        assert.deepStrictEqual(effective("payments", "<ci>"), everything);
    });

    it("an account whose name is unknown until deploy answers to its subject and its namespace's groups, not to a user name", () => {
        // Its name is no part of a user name it can be matched by, but whatever it is, the
        // account is in the groups every account of its namespace is in (MakeGroupNames takes
        // the namespace alone). It held no group's grants: a binding to
        // system:serviceaccounts:payments gave payments' default account cluster-admin but not it.
        const name = '<unknown until deploy: RoleBinding "pods" subjects[0]>';
        const { accounts, identities, effective } = judged([
            withSubjects([{ kind: "ServiceAccount", name: unknownValue, namespace: "payments" }]),
            crb("payments-admin", "cluster-admin", [group("system:serviceaccounts:payments")]),
        ]);
        assert.deepStrictEqual(effective("payments", name), everything);
        assert.deepStrictEqual(effective("payments", "default"), everything);
        assert.deepStrictEqual(
            accounts
                .byNamespace()
                .get("payments")!
                .map((a) => [a.name, a.unknown]),
            [
                ["default", undefined],
                [name, true],
            ],
        );
        assert.deepStrictEqual(identities.get(`ServiceAccount:payments:${name}`), {
            label: `ServiceAccount:payments:${name}`,
            groups: groupsOf("payments"),
            keys: [`ServiceAccount:payments:${name}`],
        });
    });

    it("an account of a name no user name can hold answers to its subject alone, as the judge finds it", () => {
        // `ci:` and an empty name: the API server refuses such a subject (pkg/apis/rbac/validation
        // validation.go ValidateRoleBindingSubject, ValidateServiceAccountName), so no pod runs as
        // it and no group holds it; subjectIdentity finds it no user and no group too.
        const { identities, effective } = judged([
            rb("view", "payments", "view", [sa("payments", "ci:"), sa("payments", "")]),
            crb("ci-admin", "cluster-admin", [sa("payments", "ci:")]),
            crb("all", "cluster-admin", [group("system:serviceaccounts")]),
        ]);
        for (const name of ["ci:", ""]) {
            const key = `ServiceAccount:payments:${name}`;
            assert.deepStrictEqual(identities.get(key), { label: key, groups: [], keys: [key] });
        }
        assert.deepStrictEqual(effective("payments", "ci:"), everything);
        assert.deepStrictEqual(effective("payments", ""), []);
    });
});
