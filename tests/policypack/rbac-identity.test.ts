// The identities RBAC answers for (policypack/lib/rbac-identity.ts): how the CLI's labels parse,
// which binding subject keys an identity answers to, and how a binding's subject authenticates.
// A service account is `system:serviceaccount:<namespace>:<name>` with the groups
// `system:serviceaccounts` and `system:serviceaccounts:<namespace>` (kubernetes/kubernetes
// pkg/serviceaccount/util.go MakeUsername / MakeGroupNames); a user name that only contains that
// text is another user, and must not answer for the account's bindings.
import * as assert from "assert";
import { Identity } from "../../policypack/lib/rbac-graph";
import { identityKeys, parseIdentity, subjectIdentity } from "../../policypack/lib/rbac-identity";

const iamArn = "arn:aws:iam::123456789012:role/dev";
const iam = (arn: string): Identity => ({
    label: arn,
    user: arn,
    groups: ["eks:dev"],
    iamArn: arn,
});
const accountGroups = (namespace: string) => [
    "system:serviceaccounts",
    `system:serviceaccounts:${namespace}`,
    "system:authenticated",
];

describe("rbac identities: parsing the CLI's labels", () => {
    it("parses user:, group:, serviceaccount:NS:NAME and IAM ARNs", () => {
        assert.deepStrictEqual(parseIdentity("user:alice", iam), {
            label: "user:alice",
            user: "alice",
            groups: ["system:authenticated"],
        });
        assert.deepStrictEqual(parseIdentity("group:ops", iam), {
            label: "group:ops",
            groups: ["ops"],
        });
        assert.deepStrictEqual(parseIdentity("serviceaccount:payments:ci", iam), {
            label: "serviceaccount:payments:ci",
            user: "system:serviceaccount:payments:ci",
            groups: accountGroups("payments"),
        });
        // A namespace unknown until deploy is named after a resource, whose name may hold `:`.
        const place = '<namespace of RoleBinding "payments:pods", unknown until deploy>';
        assert.deepStrictEqual(parseIdentity(`serviceaccount:${place}:runner`, iam), {
            label: `serviceaccount:${place}:runner`,
            user: `system:serviceaccount:${place}:runner`,
            groups: accountGroups(place),
        });
        assert.deepStrictEqual(parseIdentity(iamArn, iam), iam(iamArn));
    });

    it("refuses a service account without its namespace or its name, rather than guess one", () => {
        for (const label of ["serviceaccount:payments", "serviceaccount::ci", "serviceaccount:"]) {
            assert.strictEqual(
                parseIdentity(label, iam),
                `"${label}" is not serviceaccount:<namespace>:<name>`,
            );
        }
    });

    it("refuses a label of no known kind, naming the kinds it takes", () => {
        for (const label of ["pod:payments:web", "alice"]) {
            assert.strictEqual(
                parseIdentity(label, iam),
                `"${label}" is not user:<name>, group:<name>, serviceaccount:<namespace>:<name> or an IAM ARN`,
            );
        }
    });
});

describe("rbac identities: the subject keys an identity answers to", () => {
    it("a service account answers to its User, ServiceAccount and Group keys, and is that account", () => {
        const sa = parseIdentity("serviceaccount:payments:ci", iam) as Identity;
        assert.deepStrictEqual(identityKeys(sa), {
            keys: [
                "User:system:serviceaccount:payments:ci",
                "ServiceAccount:payments:ci",
                "Group:system:serviceaccounts",
                "Group:system:serviceaccounts:payments",
                "Group:system:authenticated",
            ],
            account: "ci",
        });
    });

    it("a user whose name only contains an account's user name is not that account", () => {
        // Anchored at the start: a prefix makes another user (MakeUsername's form).
        const name = "mallory:system:serviceaccount:kube-system:admin";
        assert.deepStrictEqual(identityKeys({ label: `user:${name}`, user: name, groups: [] }), {
            keys: [`User:${name}`],
            account: undefined,
        });
        // A suffix makes the account `x` of namespace `kube-system:admin`, whose bindings
        // Kubernetes matches by the namespace as a prefix, then `:` and the name (apiserver
        // pkg/authentication/serviceaccount/util.go MatchesUsername, lines 55-71 at
        // kubernetes/kubernetes 00261adb; a subject's namespace is only required,
        // pkg/apis/rbac/validation/validation.go ValidateRoleBindingSubject): not admin.
        const suffixed = "system:serviceaccount:kube-system:admin:x";
        assert.deepStrictEqual(
            identityKeys({ label: `user:${suffixed}`, user: suffixed, groups: [] }),
            {
                keys: [`User:${suffixed}`, "ServiceAccount:kube-system:admin:x"],
                account: "x",
            },
        );
        const lines = "system:serviceaccount:kube-system\nadmin:x";
        assert.deepStrictEqual(identityKeys({ label: `user:${lines}`, user: lines, groups: [] }), {
            keys: [`User:${lines}`, "ServiceAccount:kube-system\nadmin:x"],
            account: "x",
        });
    });

    it("a user name with a `:` after the account's name is no account: the rest must be the name whole", () => {
        // MatchesUsername (apiserver pkg/authentication/serviceaccount/util.go, lines 55-71 at
        // kubernetes/kubernetes 00261adb) takes the namespace as a prefix, then `:`, and asks the
        // rest to equal the name: `admin:` is not admin, and an empty name is no account's (a
        // subject's name is required, ValidateRoleBindingSubject). An IAM role mapped to such a
        // user name must not hold kube-system:admin's bindings.
        for (const name of [
            "system:serviceaccount:kube-system:admin:",
            "system:serviceaccount:kube-system:admin::",
            "system:serviceaccount:kube-system:admin:\n:",
        ]) {
            assert.deepStrictEqual(
                identityKeys({ label: `user:${name}`, user: name, groups: [] }),
                {
                    keys: [`User:${name}`],
                    account: undefined,
                },
            );
        }
    });

    it("a user, a group, an IAM principal and extra keys answer to exactly their own keys", () => {
        assert.deepStrictEqual(identityKeys(parseIdentity("user:alice", iam) as Identity), {
            keys: ["User:alice", "Group:system:authenticated"],
            account: undefined,
        });
        assert.deepStrictEqual(identityKeys(parseIdentity("group:ops", iam) as Identity), {
            keys: ["Group:ops"],
            account: undefined,
        });
        assert.deepStrictEqual(identityKeys(iam(iamArn)), {
            keys: [`User:${iamArn}`, "Group:eks:dev", `IAM:${iamArn}`],
            account: undefined,
        });
        assert.deepStrictEqual(
            identityKeys({ label: "x", groups: [], keys: ["RoleBinding/x <unknown>"] }),
            { keys: ["RoleBinding/x <unknown>"], account: undefined },
        );
    });
});

describe("rbac identities: how a binding's subject authenticates", () => {
    it("a User has its name and system:authenticated, not a service account's or a group's identity", () => {
        assert.deepStrictEqual(subjectIdentity({ kind: "User", name: "alice" }, undefined, iam), {
            label: "User:alice",
            user: "alice",
            groups: ["system:authenticated"],
        });
        assert.deepStrictEqual(subjectIdentity({ kind: "User", name: "alice" }, "payments", iam), {
            label: "User:alice",
            user: "alice",
            groups: ["system:authenticated"],
        });
    });

    it("the anonymous user is in system:unauthenticated alone, as a subject and as a CLI identity", () => {
        const anonymous = {
            label: "User:system:anonymous",
            user: "system:anonymous",
            groups: ["system:unauthenticated"],
        };
        assert.deepStrictEqual(
            subjectIdentity({ kind: "User", name: "system:anonymous" }, undefined, iam),
            anonymous,
        );
        assert.deepStrictEqual(parseIdentity("user:system:anonymous", iam), {
            ...anonymous,
            label: "user:system:anonymous",
        });
    });

    it("a ServiceAccount without a namespace is in its RoleBinding's, and without either is no one", () => {
        const ci = { kind: "ServiceAccount", name: "ci" };
        assert.deepStrictEqual(subjectIdentity(ci, "payments", iam), {
            label: "ServiceAccount:payments:ci",
            user: "system:serviceaccount:payments:ci",
            groups: accountGroups("payments"),
        });
        assert.deepStrictEqual(subjectIdentity(ci, undefined, iam), {
            label: "ServiceAccount::ci",
            groups: [],
        });
    });

    it("a Group is the group alone; an IAM subject is its principal under the subject's label", () => {
        assert.deepStrictEqual(subjectIdentity({ kind: "Group", name: "ops" }, undefined, iam), {
            label: "Group:ops",
            groups: ["ops"],
        });
        assert.deepStrictEqual(subjectIdentity({ kind: "IAM", name: iamArn }, undefined, iam), {
            ...iam(iamArn),
            label: `IAM:${iamArn}`,
        });
    });

    it("a user or group unknown until deploy answers only to its own key, with no user or group", () => {
        for (const kind of ["User", "Group", "Subject"]) {
            const s = { kind, name: "<unknown until deploy>", unknown: true as const };
            const label = `${kind}:${s.name}`;
            const identity = subjectIdentity(s, "payments", iam);
            assert.deepStrictEqual(identity, { label, groups: [], keys: [label] });
            assert.deepStrictEqual(identityKeys(identity), { keys: [label], account: undefined });
        }
    });

    it("a service account unknown until deploy has its namespace's groups, whatever its name (MakeGroupNames)", () => {
        const name = "<unknown until deploy>";
        const s = { kind: "ServiceAccount", name, unknown: true as const };
        // In the RoleBinding's namespace, or its own.
        const inPayments = `ServiceAccount:payments:${name}`;
        assert.deepStrictEqual(subjectIdentity(s, "payments", iam), {
            label: inPayments,
            groups: [
                "system:serviceaccounts",
                "system:serviceaccounts:payments",
                "system:authenticated",
            ],
            keys: [inPayments],
        });
        assert.deepStrictEqual(identityKeys(subjectIdentity(s, "payments", iam)).keys, [
            "Group:system:serviceaccounts",
            "Group:system:serviceaccounts:payments",
            "Group:system:authenticated",
            inPayments,
        ]);
        assert.deepStrictEqual(
            subjectIdentity({ ...s, namespace: "search" }, "payments", iam).groups,
            ["system:serviceaccounts", "system:serviceaccounts:search", "system:authenticated"],
        );
        // A namespace unknown too, or none at all (a ClusterRoleBinding's subject the API server
        // would refuse): the groups of every service account.
        for (const namespace of [name, ""]) {
            assert.deepStrictEqual(
                subjectIdentity({ ...s, name: "app", namespace }, undefined, iam).groups,
                ["system:serviceaccounts", "system:authenticated"],
            );
        }
        assert.deepStrictEqual(subjectIdentity(s, undefined, iam).groups, [
            "system:serviceaccounts",
            "system:authenticated",
        ]);
    });
});
