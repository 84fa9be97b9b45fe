// k8s-no-cluster-admin-binding's judgement around the powers: what Kubernetes bounds passes (a
// reviewer must not switch the policy off), and how findings are reported: on the Patch that
// empowers a default binding, for subjects and namespaces unknown until deploy, every power
// through each binding, and allowedSubjects against IAM principals mapped into them.
import * as assert from "assert";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
import { notEscalationPowers } from "../../policypack/lib/rbac-not-escalation-powers";
import { showFindings } from "../../policypack/lib/rbac-grants";
import { RbacGraph } from "../../policypack/lib/rbac-graph";
import { PowerJudge } from "../../policypack/lib/rbac-powers";
import { k8sNoClusterAdminBinding as policy } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { stackViolations, StackResource } from "./check";
import {
    clusterRole,
    crb,
    crbType,
    group,
    rb,
    role,
    serviceAccount,
    urnOf,
    grantToOps,
} from "./rbac-fixtures";

const ops = group("ops");
/** What the engine sends for a value it cannot know yet. */
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const fix = "bind a Role with the verbs and resources the subject needs, in its namespace.";
const grant = grantToOps;
const messages = async (resources: StackResource[], config = {}) =>
    (await stackViolations(policy, resources, config)).map((v) => v.message);

describe("k8s-no-cluster-admin-binding: precision and reporting", () => {
    describe("what Kubernetes bounds is not reported", () => {
        for (const { rule, why } of notEscalationPowers) {
            it(`${rule.verbs.join(", ")} on ${rule.resources.join(", ")}${rule.resourceNames ? ` named ${rule.resourceNames.join(", ")}` : ""}: ${why}`, async () => {
                assert.deepStrictEqual(await messages(grant([rule])), []);
            });
        }

        it("view cluster-wide, and a tenant's admin in its own namespace", async () => {
            assert.deepStrictEqual(
                await messages([
                    crb("viewers", "view", [ops]),
                    rb("admins", "payments", "admin", [ops]),
                ]),
                [],
            );
        });

        it("a tenant's admin where the namespace's service accounts hold no power: view cluster-wide is none", async () => {
            const reader = crb("reader", "view", [serviceAccount("payments", "reader")]);
            assert.deepStrictEqual(
                await messages([rb("admins", "payments", "admin", [ops]), reader]),
                [],
            );
        });

        it("a service account's token for itself only (calico-node's rule)", async () => {
            // projectcalico/calico charts/calico/templates/calico-node-rbac.yaml (commit 02d4e3c0).
            const self = [
                {
                    apiGroups: [""],
                    resources: ["serviceaccounts/token"],
                    verbs: ["create"],
                    resourceNames: ["calico-node"],
                },
            ];
            assert.deepStrictEqual(
                await messages(grant(self, [serviceAccount("kube-system", "calico-node")])),
                [],
            );
        });

        it("namespaces patched with no pods to run there; PersistentVolumes with no pods to mount them", async () => {
            const relabel = role("payments", "labels", [
                { apiGroups: [""], resources: ["namespaces"], verbs: ["patch"] },
            ]);
            const volumes = grant([
                { apiGroups: [""], resources: ["persistentvolumes"], verbs: ["create", "delete"] },
            ]);
            assert.deepStrictEqual(
                await messages([
                    relabel,
                    rb("labels", "payments", "labels", [ops], "Role"),
                    ...volumes,
                ]),
                [],
            );
        });

        it("configmaps created in kube-system, and ConfigMaps other than aws-auth rewritten", async () => {
            const leader = role("kube-system", "leader", [
                { apiGroups: [""], resources: ["configmaps"], verbs: ["create"] },
                {
                    apiGroups: [""],
                    resources: ["configmaps"],
                    verbs: ["update", "patch"],
                    resourceNames: ["leader"],
                },
            ]);
            assert.deepStrictEqual(
                await messages([leader, rb("leader", "kube-system", "leader", [ops], "Role")]),
                [],
            );
        });

        it("CSR approval for a signer the API server does not trust for clients (Istio's legacy-unknown)", async () => {
            const istio = grant([
                {
                    apiGroups: ["certificates.k8s.io"],
                    resources: [
                        "certificatesigningrequests",
                        "certificatesigningrequests/approval",
                    ],
                    verbs: ["create", "update"],
                },
                {
                    apiGroups: ["certificates.k8s.io"],
                    resources: ["signers"],
                    verbs: ["approve"],
                    resourceNames: ["kubernetes.io/legacy-unknown"],
                },
            ]);
            assert.deepStrictEqual(await messages(istio), []);
        });

        it("status subresources and nodes: rbac-police rates them low, they are not cluster-admin", async () => {
            const status = grant([
                {
                    apiGroups: [""],
                    resources: ["nodes/status", "pods/status", "services/status"],
                    verbs: ["patch", "update"],
                },
                { apiGroups: [""], resources: ["nodes"], verbs: ["create", "patch", "delete"] },
                { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["patch"] },
            ]);
            assert.deepStrictEqual(await messages(status), []);
        });
    });

    it("a patch that gives a default role power is reported on the patch, through Kubernetes' own binding", async () => {
        const patch = {
            type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch",
            name: "basic",
            props: {
                metadata: { name: "system:basic-user" },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["list"] }],
            },
        };
        const found = await stackViolations(policy, [patch]);
        assert.deepStrictEqual(found, [
            {
                message: `ClusterRoleBinding "system:basic-user" gives Group:system:authenticated cluster-admin-equivalent power: read Secrets (list and watch return their contents) in every namespace, kube-system included, through ClusterRole "system:basic-user" rules[2] {verbs: [list], apiGroups: [""], resources: [secrets]} (written by ${urnOf("kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch", "basic")}): ${fix}`,
                urn: urnOf("kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch", "basic"),
            },
        ]);
    });

    it("a Patch that adds a group to Kubernetes' cluster-admin binding is reported on the Patch, for that group only", async () => {
        const patch = {
            type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch",
            name: "more-admins",
            props: { metadata: { name: "cluster-admin" }, subjects: [ops] },
        };
        assert.deepStrictEqual(await stackViolations(policy, [patch]), [
            {
                message: `ClusterRoleBinding "cluster-admin" gives Group:ops cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: ${fix}`,
                urn: urnOf(patch.type, patch.name),
            },
        ]);
    });

    it("an access scope's wildcard reaches the namespaces it matches, and their more powerful service accounts", async () => {
        const edit = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "dev-edit",
            props: {
                principalArn: "arn:aws:iam::123456789012:role/dev",
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                accessScope: { type: "namespace", namespaces: ["pay*"] },
            },
        };
        const found = await stackViolations(policy, [
            edit,
            crb("ci", "cluster-admin", [serviceAccount("payments", "ci")]),
        ]);
        assert.deepStrictEqual(
            found.map((f) => f.urn),
            [urnOf(crbType, "ci"), urnOf(edit.type, edit.name)],
        );
        assert.match(
            found[1].message,
            /^AccessPolicyAssociation "AmazonEKSEditPolicy for arn:aws:iam::123456789012:role\/dev" in namespace pay\* gives IAM:arn:aws:iam::123456789012:role\/dev cluster-admin-equivalent power: create or change pods or pod controllers in namespace payments, where ServiceAccount:payments:ci has more power \(every verb on every resource\), through AccessPolicy "AmazonEKSEditPolicy" rules\[16\]/,
        );
    });

    it("a subject unknown until deploy is judged by its binding's role, and no allowedSubjects entry names it", async () => {
        // As the SDK hands props to policies during preview: the subject's name is an Output.
        const ci = (roleName: string) => {
            const r = crb("ci", roleName, [{ kind: "User", name: unknownValue }]);
            return { ...r, props: unknownCheckingProxy(r.props) };
        };
        assert.deepStrictEqual(
            await messages([ci("cluster-admin")], {
                allowedSubjects: [
                    'User:<unknown until deploy: ClusterRoleBinding "ci" subjects[0]>',
                    "User:<unknown until deploy>",
                ],
            }),
            [
                `ClusterRoleBinding "ci" gives a subject unknown until deploy cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: ${fix}`,
            ],
        );
        assert.deepStrictEqual(await messages([ci("view")]), []);
    });

    it("a binding in a namespace unknown until deploy may be in kube-system (as the graph writes one: <...>)", () => {
        const later = rb("later", "apps", "power", [ops]);
        const graph = RbacGraph.fromResources(
            [
                clusterRole("power", [{ apiGroups: [""], resources: ["pods"], verbs: ["create"] }]),
                {
                    ...later,
                    props: unknownCheckingProxy({
                        ...later.props,
                        metadata: { name: "later", namespace: unknownValue },
                    }),
                },
            ].map((r) => ({ ...r, urn: urnOf(r.type, r.name) })),
        );
        const binding = graph.bindings.find((b) => b.name === "later")!;
        const judge = new PowerJudge(graph);
        assert.strictEqual(
            showFindings(judge.findings(judge.holderOf(ops, binding)), binding),
            'create or change pods or pod controllers in namespace <namespace of RoleBinding "apps-later", unknown until deploy>, possibly kube-system, through ClusterRole "power" rules[0] {verbs: [create], apiGroups: [""], resources: [pods]}',
        );
    });

    it("names every power through each binding: every verb on every resource alone, others where another rule grants them", async () => {
        const found = await messages([
            crb("admin", "cluster-admin", [ops]),
            ...grant([
                { apiGroups: [""], resources: ["secrets"], verbs: ["get"] },
                { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] },
            ]),
        ]);
        assert.strictEqual(found.length, 2);
        assert.match(
            found[0],
            /^ClusterRoleBinding "admin" gives Group:ops cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules\[0\] \{[^}]*\}: bind/,
        );
        assert.match(
            found[1],
            /^ClusterRoleBinding "ops" gives Group:ops cluster-admin-equivalent power: reach the kubelet API through nodes\/proxy, .*; read Secrets .* in every namespace, kube-system included, through/,
        );
    });

    it("allowedSubjects: an IAM principal mapped into an allowed group is reported on its access entry, unless listed too", async () => {
        const principal = "arn:aws:iam::123456789012:role/ops";
        const entry = {
            type: "aws:eks/accessEntry:AccessEntry",
            name: "ops",
            props: { principalArn: principal, kubernetesGroups: ["break-glass"] },
        };
        const resources = [crb("bg", "cluster-admin", [group("break-glass")]), entry];
        assert.deepStrictEqual(
            await stackViolations(policy, resources, { allowedSubjects: ["Group:break-glass"] }),
            [
                {
                    message: `IAM:${principal} is mapped into Group:break-glass, which allowedSubjects lets hold cluster-admin-equivalent power (every verb on every resource, through ClusterRoleBinding "bg" → ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}): list "IAM:${principal}" in allowedSubjects too if it is a break-glass principal, or map it to a group without that power.`,
                    urn: urnOf("aws:eks/accessEntry:AccessEntry", "ops"),
                },
            ],
        );
        assert.deepStrictEqual(
            await stackViolations(policy, resources, {
                allowedSubjects: ["Group:break-glass", `IAM:${principal}`],
            }),
            [],
        );
    });

    // aws-iam-authenticator renders {{SessionName}} in a role mapping's groups and user name as
    // the session name the caller chooses (server.go renderTemplate): bg-{{SessionName}} is
    // Group:bg-admin to a caller whose session is "admin".
    it("allowedSubjects: an IAM principal whose aws-auth group its session name may render as an allowed group", async () => {
        const principal = "arn:aws:iam::123456789012:role/ci";
        const awsAuth = (groups: string) => ({
            type: "kubernetes:core/v1:ConfigMap",
            name: "aws-auth",
            props: {
                metadata: { name: "aws-auth", namespace: "kube-system" },
                data: { mapRoles: `- rolearn: ${principal}\n  groups: ["${groups}"]\n` },
            },
        });
        const bg = crb("bg", "cluster-admin", [group("bg-admin")]);
        const config = { allowedSubjects: ["Group:bg-admin"] };
        assert.deepStrictEqual(
            await stackViolations(policy, [bg, awsAuth("bg-{{SessionName}}")], config),
            [
                {
                    message: `IAM:${principal} is mapped into Group:bg-{{SessionName}}, which the session name it chooses may render as Group:bg-admin, which allowedSubjects lets hold cluster-admin-equivalent power (every verb on every resource, through ClusterRoleBinding "bg" → ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}): list "IAM:${principal}" in allowedSubjects too if it is a break-glass principal, or map it to a group without that power.`,
                    urn: urnOf("kubernetes:core/v1:ConfigMap", "aws-auth"),
                },
            ],
        );
        // The first of the mapping's groups that is or may become an allowed one is named.
        const [second] = await stackViolations(policy, [bg, awsAuth('dev", "bg-admin')], config);
        assert.match(
            second.message,
            /^IAM:\S+ is mapped into Group:bg-admin, which allowedSubjects/,
        );
        // A template that cannot render the allowed group, or one in another variable: no report.
        for (const groups of ["ops-{{SessionName}}", "bg-{{AccountID}}", "bg-{{SessionName}}x"]) {
            assert.deepStrictEqual(
                await stackViolations(policy, [bg, awsAuth(groups)], config),
                [],
                groups,
            );
        }
    });
});

describe("k8s-no-cluster-admin-binding: what a binding's report names", () => {
    it("the subjects given the same powers through one binding, all in one message", async () => {
        assert.deepStrictEqual(
            await stackViolations(policy, [
                crb("ops", "cluster-admin", [ops, { kind: "User", name: "alice" }]),
            ]),
            [
                {
                    message: `ClusterRoleBinding "ops" gives Group:ops, User:alice cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}: ${fix}`,
                    urn: urnOf(crbType, "ops"),
                },
            ],
        );
    });

    it("every namespace of an access scope", async () => {
        const principal = "arn:aws:iam::123456789012:role/dev";
        const edit = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "dev-edit",
            props: {
                principalArn: principal,
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
                accessScope: { type: "namespace", namespaces: ["kube-system", "payments"] },
            },
        };
        const found = await messages([edit]);
        const head = `AccessPolicyAssociation "AmazonEKSEditPolicy for ${principal}" in namespace kube-system, payments gives IAM:${principal} cluster-admin-equivalent power: create or change pods or pod controllers in namespace kube-system, through AccessPolicy "AmazonEKSEditPolicy" rules[16] `;
        assert.strictEqual(found.length, 1);
        assert.strictEqual(found[0].slice(0, head.length), head);
    });

    it("through Kubernetes' own binding, the Patch that adds a power after one the defaults already give", async () => {
        // system:controller:resourcequota-controller lists and watches every resource
        // (Secrets included) by default; the Patch adds impersonation of service accounts.
        const patch = {
            type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch",
            name: "quota",
            props: {
                metadata: { name: "system:controller:resourcequota-controller" },
                rules: [
                    { apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] },
                ],
            },
        };
        const urn = urnOf(patch.type, patch.name);
        assert.deepStrictEqual(await stackViolations(policy, [patch]), [
            {
                message: `ClusterRoleBinding "system:controller:resourcequota-controller" gives ServiceAccount:kube-system:resourcequota-controller cluster-admin-equivalent power: read Secrets (list and watch return their contents) in every namespace, kube-system included, through ClusterRole "system:controller:resourcequota-controller" rules[0] {verbs: [list, watch], apiGroups: [*], resources: [*]}; impersonate service accounts in every namespace, kube-system included, through ClusterRole "system:controller:resourcequota-controller" rules[3] {verbs: [impersonate], apiGroups: [""], resources: [serviceaccounts]} (written by ${urn}): ${fix}`,
                urn,
            },
        ]);
    });

    it("allowedSubjects: an IAM principal whose access entry sets an allowed user's name", async () => {
        const principal = "arn:aws:iam::123456789012:role/ops";
        const entry = {
            type: "aws:eks/accessEntry:AccessEntry",
            name: "ops",
            props: { principalArn: principal, userName: "break-glass" },
        };
        const resources = [
            crb("bg", "cluster-admin", [{ kind: "User", name: "break-glass" }]),
            entry,
        ];
        assert.deepStrictEqual(
            await stackViolations(policy, resources, { allowedSubjects: ["User:break-glass"] }),
            [
                {
                    message: `IAM:${principal} is mapped into User:break-glass, which allowedSubjects lets hold cluster-admin-equivalent power (every verb on every resource, through ClusterRoleBinding "bg" → ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}): list "IAM:${principal}" in allowedSubjects too if it is a break-glass principal, or map it to a group without that power.`,
                    urn: urnOf(entry.type, entry.name),
                },
            ],
        );
    });
});
