// k8s-no-cluster-admin-binding on each escalation power of policypack/lib/rbac-escalation-powers.ts:
// the smallest role that holds it is reported with its path, and the nearest role Kubernetes
// does not let escalate is not.
import * as assert from "assert";
import { escalationPowers } from "../../policypack/lib/rbac-escalation-powers";
import { covers } from "../../policypack/lib/rbac-power-checks";
import { parseRules } from "../../policypack/lib/rbac-rules";
import { k8sNoClusterAdminBinding as policy } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { stackViolations, StackResource } from "./check";
import {
    clusterRole,
    crb,
    crbType,
    group,
    rb,
    rbType,
    role,
    serviceAccount,
    urnOf,
    user,
    grantToOps,
} from "./rbac-fixtures";

const ops = group("ops");
const rbacGroup = "rbac.authorization.k8s.io";
const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";
const grant = grantToOps;
const messages = async (resources: StackResource[], config = {}) =>
    (await stackViolations(policy, resources, config)).map((v) => v.message);

describe("escalation powers (k8s-no-cluster-admin-binding)", () => {
    it("gives every power a source: a section of Kubernetes' RBAC good practices, a CIS EKS id or a reference", () => {
        for (const power of escalationPowers) {
            const { goodPractice, cis, reference } = power.source;
            assert.ok(goodPractice || cis || reference, power.id);
            assert.ok(!cis || /^4\.1\.\d+(, 4\.1\.\d+)*$/.test(cis), `${power.id}: ${cis}`);
        }
        assert.strictEqual(
            new Set(escalationPowers.map((p) => p.id)).size,
            escalationPowers.length,
        );
    });

    it("bind: any ClusterRole with a ClusterRoleBinding write; a named one only when it grants power", async () => {
        const bindAny = [
            { apiGroups: [rbacGroup], resources: ["clusterroles"], verbs: ["bind"] },
            { apiGroups: [rbacGroup], resources: ["rolebindings"], verbs: ["create"] },
        ];
        assert.deepStrictEqual(
            await messages([clusterRole("power", bindAny), rb("ops", "payments", "power", [ops])]),
            [
                `RoleBinding "ops" in namespace payments gives Group:ops cluster-admin-equivalent power: bind any ClusterRole, cluster-admin included (namespace payments): bind through ClusterRole "power" rules[0] {verbs: [bind], apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles]}, write RoleBindings in payments through ClusterRole "power" rules[1] {verbs: [create], apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings]}: ${fix}`,
            ],
        );
        const named = (name: string) => [
            {
                apiGroups: [rbacGroup],
                resources: ["clusterroles"],
                verbs: ["bind"],
                resourceNames: [name],
            },
            { apiGroups: [rbacGroup], resources: ["clusterrolebindings"], verbs: ["create"] },
        ];
        assert.deepStrictEqual(await messages(grant(named("view"))), []);
        assert.deepStrictEqual(await messages(grant(named("cluster-admin"))), [
            `ClusterRoleBinding "ops" gives Group:ops cluster-admin-equivalent power: bind ClusterRole cluster-admin, which grants more power: bind (only cluster-admin) through ClusterRole "power" rules[0] {verbs: [bind], apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [cluster-admin]}, write ClusterRoleBindings through ClusterRole "power" rules[1] {verbs: [create], apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings]}: ${fix}`,
        ]);
    });

    it("escalate: rewrite the role it holds (its own, by name), a Role in its namespace, or create one an aggregated role it holds gathers", async () => {
        const own = [
            {
                apiGroups: [rbacGroup],
                resources: ["clusterroles"],
                verbs: ["escalate", "update"],
                resourceNames: ["power"],
            },
        ];
        assert.deepStrictEqual(await messages(grant(own)), [
            `ClusterRoleBinding "ops" gives Group:ops cluster-admin-equivalent power: escalate and rewrite ClusterRole power, which it holds: escalate (only power) through ClusterRole "power" rules[0] {verbs: [escalate, update], apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [power]}, write ClusterRoles (only power) through ClusterRole "power" rules[0] {verbs: [escalate, update], apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [power]}: ${fix}`,
        ]);
        const other = [
            {
                apiGroups: [rbacGroup],
                resources: ["clusterroles"],
                verbs: ["escalate", "update"],
                resourceNames: ["someone-else"],
            },
        ];
        assert.deepStrictEqual(await messages(grant(other)), []);
        const inNamespace = role("payments", "r", [
            { apiGroups: [rbacGroup], resources: ["roles"], verbs: ["escalate", "patch"] },
        ]);
        assert.match(
            (await messages([inNamespace, rb("r", "payments", "r", [ops], "Role")]))[0],
            /escalate and rewrite Role r, which it holds: escalate Roles through Role "r" rules\[0\]/,
        );
        const aggregated = [
            clusterRole("gathers", [], undefined, [{ team: "ops" }]),
            clusterRole(
                "maker",
                [
                    {
                        apiGroups: [rbacGroup],
                        resources: ["clusterroles"],
                        verbs: ["escalate", "create"],
                    },
                ],
                { team: "ops" },
            ),
            crb("ops", "gathers", [ops]),
        ];
        assert.match(
            (await messages(aggregated))[0],
            /escalate and create a ClusterRole that ClusterRole gathers, which it holds, aggregates: escalate through ClusterRole "gathers", aggregated from ClusterRole "maker" rules\[0\]/,
        );
    });

    it("impersonate: any user; a group with a user to act as (system:masters); a named user or group that holds power", async () => {
        const namedUser = [
            {
                apiGroups: [""],
                resources: ["users"],
                verbs: ["impersonate"],
                resourceNames: ["ci-admin"],
            },
        ];
        const ciAdmin = crb("ci", "cluster-admin", [user("ci-admin")]);
        // Bindings are judged in the order of the objects they are (kind, namespace, name).
        assert.deepStrictEqual(await messages([...grant(namedUser), ciAdmin]), [
            `ClusterRoleBinding "ci" gives User:ci-admin cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: ${fix}`,
            `ClusterRoleBinding "ops" gives Group:ops cluster-admin-equivalent power: impersonate user ci-admin, who has more power (every verb on every resource), through ClusterRole "power" rules[0] {verbs: [impersonate], apiGroups: [""], resources: [users], resourceNames: [ci-admin]}: ${fix}`,
        ]);
        assert.deepStrictEqual(await messages(grant(namedUser)), []);
        const masters = [
            {
                apiGroups: [""],
                resources: ["groups"],
                verbs: ["impersonate"],
                resourceNames: ["system:masters"],
            },
            {
                apiGroups: [""],
                resources: ["serviceaccounts"],
                verbs: ["impersonate"],
                resourceNames: ["builder"],
            },
        ];
        // A service account is a user to impersonate with groups (impersonation.go:217-226);
        // groups are cluster-scoped, so only a ClusterRoleBinding grants them.
        assert.match(
            (await messages(grant(masters)))[0],
            /impersonate group system:masters, which bypasses RBAC: impersonate group system:masters through .*, with a user to impersonate \(only builder\) through/,
        );
    });

    it("client certificates: create, approve, and approve for kubernetes.io/kube-apiserver-client or kubernetes.io/*", async () => {
        const csr = (signer: string) => [
            {
                apiGroups: ["certificates.k8s.io"],
                resources: ["certificatesigningrequests"],
                verbs: ["create"],
            },
            {
                apiGroups: ["certificates.k8s.io"],
                resources: ["certificatesigningrequests/approval"],
                verbs: ["update"],
            },
            {
                apiGroups: ["certificates.k8s.io"],
                resources: ["signers"],
                verbs: ["approve"],
                resourceNames: [signer],
            },
        ];
        assert.deepStrictEqual(await messages(grant(csr("kubernetes.io/*"))), [
            `ClusterRoleBinding "ops" gives Group:ops cluster-admin-equivalent power: issue client certificates the API server accepts, under any user and group name: create CertificateSigningRequests through ClusterRole "power" rules[0] {verbs: [create], apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests]}, approve them through ClusterRole "power" rules[1] {verbs: [update], apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval]}, approve for a client signer (only kubernetes.io/*) through ClusterRole "power" rules[2] {verbs: [approve], apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [kubernetes.io/*]}: ${fix}`,
        ]);
        assert.strictEqual(
            (await messages(grant(csr("kubernetes.io/kube-apiserver-client-kubelet")))).length,
            1,
        );
        assert.deepStrictEqual(
            await messages(grant(csr("beta.eks.amazonaws.com/app-serving"))),
            [],
        );
        assert.deepStrictEqual(await messages(grant(csr("kubernetes.io/*").slice(0, 2))), []);
    });

    it("webhooks, admission policies and their bindings, named ones with their names", async () => {
        for (const resource of [
            "mutatingwebhookconfigurations",
            "mutatingadmissionpolicybindings",
            "validatingadmissionpolicies",
        ]) {
            const found = await messages(
                grant([
                    {
                        apiGroups: ["admissionregistration.k8s.io"],
                        resources: [resource],
                        verbs: ["patch"],
                    },
                ]),
            );
            assert.match(
                found[0],
                /write admission webhooks or policies, which see or change every object admitted, through/,
                resource,
            );
        }
        // aws/karpenter-provider-aws charts/karpenter/templates/clusterrole-core.yaml (commit 4cecea29).
        const karpenter = [
            {
                apiGroups: ["admissionregistration.k8s.io"],
                resources: ["validatingwebhookconfigurations"],
                verbs: ["update"],
                resourceNames: ["validation.webhook.karpenter.sh"],
            },
        ];
        assert.match(
            (await messages(grant(karpenter)))[0],
            /write admission webhooks or policies, which see or change every object admitted \(only validation\.webhook\.karpenter\.sh\), through/,
        );
    });

    it("nodes/proxy with get (a websocket) or create", async () => {
        for (const verb of ["get", "create"]) {
            assert.deepStrictEqual(
                await messages(
                    grant([{ apiGroups: [""], resources: ["nodes/proxy"], verbs: [verb] }]),
                ),
                [
                    `ClusterRoleBinding "ops" gives Group:ops cluster-admin-equivalent power: reach the kubelet API through nodes/proxy, which runs commands in every pod of a node, through ClusterRole "power" rules[0] {verbs: [${verb}], apiGroups: [""], resources: [nodes/proxy]}: ${fix}`,
                ],
            );
        }
    });

    it("PersistentVolumes with pods to mount them, in any namespace", async () => {
        const found = await messages([
            ...grant([{ apiGroups: [""], resources: ["persistentvolumes"], verbs: ["create"] }]),
            rb("edit", "payments", "edit", [ops]),
        ]);
        assert.deepStrictEqual(
            found.map((m) => m.slice(0, m.indexOf(":"))),
            [
                'ClusterRoleBinding "ops" gives Group',
                'RoleBinding "edit" in namespace payments gives Group',
            ],
        );
        assert.match(
            found[1],
            /create PersistentVolumes, a hostPath one included, and pods that mount them: the node's filesystem: create PersistentVolumes through ClusterRoleBinding "ops" → ClusterRole "power" rules\[0\]/,
        );
    });

    it("namespace relabelling: a RoleBinding in N patches namespace N itself, where it runs pods", async () => {
        const tenant = role("payments", "tenant", [
            { apiGroups: [""], resources: ["namespaces"], verbs: ["patch"] },
            { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
        ]);
        assert.deepStrictEqual(
            await messages([tenant, rb("tenant", "payments", "tenant", [ops], "Role")]),
            [
                `RoleBinding "tenant" in namespace payments gives Group:ops cluster-admin-equivalent power: relabel a namespace it runs pods in (pod-security.kubernetes.io/enforce: privileged), then run privileged pods (namespace payments): patch its namespace through Role "tenant" rules[0] {verbs: [patch], apiGroups: [""], resources: [namespaces]}, create pods there through Role "tenant" rules[1] {verbs: [create], apiGroups: [apps], resources: [deployments]}: ${fix}`,
            ],
        );
        // Another namespace's object is out of reach: its request is in that namespace.
        const other = role("payments", "other", [
            {
                apiGroups: [""],
                resources: ["namespaces"],
                verbs: ["patch"],
                resourceNames: ["search"],
            },
            { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] },
        ]);
        assert.deepStrictEqual(
            await messages([other, rb("other", "payments", "other", [ops], "Role")]),
            [],
        );
    });

    it("pods, exec, tokens, Secrets and service account impersonation in kube-system, always", async () => {
        for (const [rule, what] of [
            [
                { apiGroups: ["batch"], resources: ["cronjobs"], verbs: ["create"] },
                "create or change pods or pod controllers",
            ],
            [
                { apiGroups: [""], resources: ["pods/ephemeralcontainers"], verbs: ["patch"] },
                "create or change pods or pod controllers",
            ],
            [
                { apiGroups: [""], resources: ["pods/exec"], verbs: ["get"] },
                "exec or attach into running pods",
            ],
            [
                { apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] },
                "create service account tokens",
            ],
            [
                { apiGroups: [""], resources: ["secrets"], verbs: ["watch"] },
                "read Secrets \\(list and watch return their contents\\)",
            ],
            [
                { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
                "impersonate service accounts",
            ],
        ] as const) {
            const found = await messages([
                role("kube-system", "r", [rule]),
                rb("r", "kube-system", "r", [ops], "Role"),
            ]);
            assert.match(
                found[0],
                new RegExp(
                    `power: ${what} in namespace kube-system, through Role "r" rules\\[0\\]`,
                ),
            );
        }
    });

    it("pods in a namespace whose service account holds a power the subject lacks, through any chain of accounts", async () => {
        const resources = [
            rb("edit", "payments", "edit", [ops]),
            rb("deploy", "build", "edit", [serviceAccount("payments", "deployer")]),
            crb("ci", "cluster-admin", [serviceAccount("build", "ci")]),
        ];
        const found = await stackViolations(policy, resources);
        // In the order of the objects: ClusterRoleBindings, then RoleBindings by namespace.
        assert.deepStrictEqual(
            found.map((f) => f.urn),
            [urnOf(crbType, "ci"), urnOf(rbType, "build-deploy"), urnOf(rbType, "payments-edit")],
        );
        assert.match(
            found[2].message,
            /^RoleBinding "edit" in namespace payments gives Group:ops cluster-admin-equivalent power: create or change pods or pod controllers in namespace payments, where ServiceAccount:payments:deployer has more power \(every verb on every resource\), through ClusterRole "edit", .*; exec or attach into running pods in namespace payments, through/,
        );
    });

    it("a namespace-wide * held by an account is more than edit there: it patches the namespace itself", async () => {
        const all = role("payments", "all", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]);
        const found = await messages([
            all,
            rb("all", "payments", "all", [serviceAccount("payments", "ci")], "Role"),
            rb("edit", "payments", "edit", [ops]),
        ]);
        assert.strictEqual(found.length, 2);
        assert.match(
            found[1],
            /^RoleBinding "edit" in namespace payments gives Group:ops cluster-admin-equivalent power: create or change pods or pod controllers in namespace payments, where ServiceAccount:payments:ci has more power \(every verb on every resource in a namespace\), through ClusterRole "edit"/,
        );
    });

    it("aws-auth rewritten in kube-system, by name", async () => {
        const rewrite = role("kube-system", "auth", [
            {
                apiGroups: [""],
                resources: ["configmaps"],
                verbs: ["patch"],
                resourceNames: ["aws-auth"],
            },
        ]);
        assert.deepStrictEqual(
            await messages([rewrite, rb("auth", "kube-system", "auth", [ops], "Role")]),
            [
                `RoleBinding "auth" in namespace kube-system gives Group:ops cluster-admin-equivalent power: rewrite the aws-auth ConfigMap in kube-system, which maps IAM principals to groups, system:masters included, through Role "auth" rules[0] {verbs: [patch], apiGroups: [""], resources: [configmaps], resourceNames: [aws-auth]}: ${fix}`,
            ],
        );
    });

    it("grants to unauthenticated callers beyond Kubernetes' own, compared as the escalation check compares rules", async () => {
        for (const subject of [group("system:unauthenticated"), user("system:anonymous")]) {
            assert.match(
                (await messages([crb("public", "view", [subject])]))[0],
                /gives (Group:system:unauthenticated|User:system:anonymous) cluster-admin-equivalent power: grant permissions to unauthenticated callers: anyone who reaches the API server, through ClusterRole "view"/,
            );
        }
        const [healthz, apis, star, all] = parseRules([
            { nonResourceURLs: ["/healthz"], verbs: ["get"] },
            { nonResourceURLs: ["/apis/*"], verbs: ["get"] },
            { nonResourceURLs: ["*"], verbs: ["*"] },
            { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
        ]);
        assert.ok(covers([healthz], healthz));
        assert.ok(
            covers([apis], parseRules([{ nonResourceURLs: ["/apis/apps"], verbs: ["get"] }])[0]),
        );
        assert.ok(!covers([healthz], apis));
        assert.ok(
            covers(
                [star, all],
                parseRules([
                    {
                        apiGroups: [""],
                        resources: ["pods/exec"],
                        verbs: ["create"],
                        resourceNames: ["x"],
                    },
                ])[0],
            ),
        );
        assert.ok(
            !covers(
                [
                    parseRules([
                        {
                            apiGroups: [""],
                            resources: ["pods"],
                            verbs: ["get"],
                            resourceNames: ["x"],
                        },
                    ])[0],
                ],
                parseRules([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }])[0],
            ),
        );
    });
});
