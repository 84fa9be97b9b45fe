// What the policy reports through the accounts of policypack/lib/rbac-accounts.ts: pods where
// an account lives that is stronger than their creator, when a binding's namespace or an
// account's name is unknown until deploy.
import * as assert from "assert";
import { k8sNoClusterAdminBinding } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { StackResource, stackViolations } from "./check";
import {
    accountsOf,
    createPods,
    inUnknownNamespace,
    unknownCheckingProxy,
    unknownValue,
} from "./rbac-accounts-fixtures";
import { clusterRole, crb, rb, serviceAccount as sa, user } from "./rbac-fixtures";

describe("rbac accounts: what the policy reports through them", () => {
    it("pods where an account lives that may, through a binding of unknown namespace, become a stronger account", async () => {
        // build:ci creates pods in payments, where payments:admin (break-glass) holds every verb
        // on every resource. mallory creates pods in build, so becomes ci; she may already
        // create pods in kube-system (her own binding of unknown namespace), so ci holds more
        // than she does only through payments:admin. With ci's binding's namespace unknown
        // until deploy, that binding may be in payments: mallory's binding in build is
        // reported as it is when ci's namespace is known, not passed.
        const ci = rb("ci", "payments", "pods", [sa("build", "ci")]);
        const resources = (ciBinding: StackResource) => [
            clusterRole("pods", [createPods]),
            ciBinding,
            crb("admin", "cluster-admin", [sa("payments", "admin")]),
            inUnknownNamespace(rb("mallory", "apps", "pods", [user("mallory")])),
            rb("mallory", "build", "pods", [user("mallory")]),
        ];
        const rule =
            'ClusterRole "pods" rules[0] {verbs: [create], apiGroups: [""], resources: [pods]}';
        const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";
        const config = { allowedSubjects: ["ServiceAccount:payments:admin"] };
        for (const ciBinding of [ci, inUnknownNamespace(ci)]) {
            const messages = (
                await stackViolations(k8sNoClusterAdminBinding, resources(ciBinding), config)
            ).map((v) => v.message);
            assert.ok(
                messages.includes(
                    `RoleBinding "mallory" in namespace build gives User:mallory cluster-admin-equivalent power: create or change pods or pod controllers in namespace build, where ServiceAccount:build:ci has more power (every verb on every resource), through ${rule}: ${fix}`,
                ),
                messages.join("\n"),
            );
            assert.strictEqual(messages.length, 3);
        }
    });

    it("pods where an account may live that a binding of unknown namespace names without a namespace", async () => {
        // runner is the account of its RoleBinding's namespace, which may be payments: there it
        // holds every verb on every resource, and mallory's pods in payments may run as it.
        const runner = rb("runner", "payments", "cluster-admin", [
            { kind: "ServiceAccount", name: "runner" },
        ]);
        const rule =
            'ClusterRole "pods" rules[0] {verbs: [create], apiGroups: [""], resources: [pods]}';
        const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";
        for (const runnerBinding of [runner, inUnknownNamespace(runner)]) {
            const messages = (
                await stackViolations(k8sNoClusterAdminBinding, [
                    clusterRole("pods", [createPods]),
                    runnerBinding,
                    rb("mallory", "payments", "pods", [user("mallory")]),
                ])
            ).map((v) => v.message);
            assert.strictEqual(messages.length, 2);
            assert.strictEqual(
                messages.find((m) => m.includes("User:mallory")),
                `RoleBinding "mallory" in namespace payments gives User:mallory cluster-admin-equivalent power: create or change pods or pod controllers in namespace payments, where ServiceAccount:payments:runner has more power (every verb on every resource in a namespace), through ${rule}: ${fix}`,
            );
        }
    });
});

describe("rbac accounts: an account whose name is unknown until deploy", () => {
    it("is one more account of its namespace, with the grants of its binding's subject", async () => {
        // A pod in payments may run as any account there (admission/serviceaccount): the one a
        // ClusterRoleBinding names with an Output name too. Its name is no user name to parse.
        const runner = crb("runner", "cluster-admin", [
            unknownCheckingProxy({
                kind: "ServiceAccount",
                name: unknownValue,
                namespace: "payments",
            }),
        ]);
        const resources = [
            clusterRole("pods", [createPods]),
            runner,
            rb("mallory", "payments", "pods", [user("mallory")]),
        ];
        const unknownRunner = '<unknown until deploy: ClusterRoleBinding "runner" subjects[0]>';
        const accounts = accountsOf(resources);
        const account = accounts
            .byNamespace()
            .get("payments")!
            .find((s) => s.name === unknownRunner)!;
        assert.deepStrictEqual([...accounts.effective(account)], ["everything"]);
        const messages = (await stackViolations(k8sNoClusterAdminBinding, resources)).map(
            (v) => v.message,
        );
        const rule =
            'ClusterRole "pods" rules[0] {verbs: [create], apiGroups: [""], resources: [pods]}';
        const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";
        assert.strictEqual(messages.length, 2);
        assert.strictEqual(
            messages.find((m) => m.includes("User:mallory")),
            `RoleBinding "mallory" in namespace payments gives User:mallory cluster-admin-equivalent power: create or change pods or pod controllers in namespace payments, where ServiceAccount:payments:${unknownRunner} has more power (every verb on every resource), through ${rule}: ${fix}`,
        );
    });
});

describe("rbac accounts: an account of unknown name in a binding of unknown namespace", () => {
    it("may be one of any namespace's accounts, with that binding's grants there", async () => {
        // The RoleBinding's namespace, the account's, may be payments (aa4338b's rule for a
        // known name): mallory's pods there may run as it.
        const runner = inUnknownNamespace(
            rb("runner", "payments", "cluster-admin", [
                unknownCheckingProxy({ kind: "ServiceAccount", name: unknownValue }),
            ]),
        );
        const rule =
            'ClusterRole "pods" rules[0] {verbs: [create], apiGroups: [""], resources: [pods]}';
        const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";
        const messages = (
            await stackViolations(k8sNoClusterAdminBinding, [
                clusterRole("pods", [createPods]),
                runner,
                rb("mallory", "payments", "pods", [user("mallory")]),
            ])
        ).map((v) => v.message);
        assert.strictEqual(messages.length, 2);
        assert.strictEqual(
            messages.find((m) => m.includes("User:mallory")),
            `RoleBinding "mallory" in namespace payments gives User:mallory cluster-admin-equivalent power: create or change pods or pod controllers in namespace payments, where ServiceAccount:payments:<unknown until deploy: RoleBinding "runner" subjects[0]> has more power (every verb on every resource in a namespace), through ${rule}: ${fix}`,
        );
    });
});

describe("rbac accounts: an account whose name no user name can hold", () => {
    it("is judged as the subject alone, as its binding is, and the policy does not throw", async () => {
        // A ServiceAccount subject with an empty name (the API server refuses it: name
        // Required, pkg/apis/rbac/validation/validation.go ValidateRoleBindingSubject) is
        // no `serviceaccount:<namespace>:<name>` identity: the accounts took the parser's
        // refusal for an identity and the policy threw a TypeError. It holds what its binding
        // gives, as the judge finds for that binding's subject.
        const rule =
            'ClusterRole "pods" rules[0] {verbs: [create], apiGroups: [""], resources: [pods]}';
        const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";
        const messages = (
            await stackViolations(k8sNoClusterAdminBinding, [
                clusterRole("pods", [createPods]),
                rb("ci", "payments", "cluster-admin", [
                    { kind: "ServiceAccount", name: "", namespace: "payments" },
                ]),
                rb("mallory", "payments", "pods", [user("mallory")]),
            ])
        ).map((v) => v.message);
        assert.deepStrictEqual(messages, [
            `RoleBinding "ci" in namespace payments gives ServiceAccount:payments: cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: ${fix}`,
            `RoleBinding "mallory" in namespace payments gives User:mallory cluster-admin-equivalent power: create or change pods or pod controllers in namespace payments, where ServiceAccount:payments: has more power (every verb on every resource in a namespace), through ${rule}: ${fix}`,
        ]);
    });
});
