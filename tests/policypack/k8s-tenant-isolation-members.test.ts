import * as assert from "assert";
import { k8sTenantIsolation as policy } from "../../policypack/policies/k8s-tenant-isolation";
import { stackViolations } from "./check";
import { base, fix, rbac, roleArn, urnOf } from "./k8s-tenant-isolation-fixture";

const view = { kind: "ClusterRole", name: "view" };
const binding = (name: string, namespace: string, subject: unknown, roleRef: unknown = view) => ({
    type: `${rbac}:RoleBinding`,
    name: `${namespace}-${name}`,
    props: { metadata: { name, namespace }, subjects: [subject], roleRef },
});
const defaultFix =
    "keep tenants' subjects out of Kubernetes' default bindings and leave the roles those grant as the API server writes them: grant tenants in their own namespaces instead.";
const developer = `Role "developer" rules[0] {verbs: [get, create], apiGroups: [apps], resources: [deployments]}`;

describe("k8s-tenant-isolation: whose subject is whose", () => {
    it("judges no one by a namespace without the tenant label", async () => {
        // A tenant's group may be bound in a platform namespace; that is no other tenant's.
        const shared = {
            type: "kubernetes:core/v1:Namespace",
            name: "shared",
            props: { metadata: { name: "shared" } },
        };
        const found = await stackViolations(policy, [
            ...base,
            shared,
            binding("readers", "shared", { kind: "Group", name: "payments-developers" }),
        ]);
        assert.deepStrictEqual(found, []);
    });

    it("leaves a platform namespace's service accounts out, bound cluster-wide or not", async () => {
        const deployer = {
            type: "kubernetes:core/v1:ServiceAccount",
            name: "platform-deployer",
            props: { metadata: { name: "deployer", namespace: "platform" } },
        };
        const crb = {
            type: `${rbac}:ClusterRoleBinding`,
            name: "deployer-view",
            props: {
                metadata: { name: "deployer-view" },
                subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "platform" }],
                roleRef: view,
            },
        };
        assert.deepStrictEqual(await stackViolations(policy, [...base, deployer, crb]), []);
    });

    it("gives a service account to its own namespace's tenant, though the stack does not create it", async () => {
        // The account exists outside the stack (Helm, another stack): only the binding names it.
        const crossing = binding(
            "builder",
            "search",
            { kind: "ServiceAccount", name: "builder", namespace: "payments" },
            { kind: "Role", name: "developer" },
        );
        assert.deepStrictEqual(await stackViolations(policy, [...base, crossing]), [
            {
                message: `ServiceAccount:payments:builder, a subject of tenant "payments" (namespace payments), can act in tenant namespace search through ${developer}, granted by RoleBinding "builder" in namespace search: ${fix}`,
                urn: urnOf(`${rbac}:RoleBinding`, "search-builder"),
            },
        ]);
    });

    it("gives a group to the tenant whose namespace binds it, whatever namespace its subject entry names", async () => {
        // Only a ServiceAccount subject has a namespace; the API server accepts and ignores one
        // on a Group (pkg/apis/rbac/validation/validation.go ValidateRoleBindingSubject).
        const auditors = binding(
            "auditors",
            "search",
            { kind: "Group", name: "auditors", namespace: "payments" },
            { kind: "Role", name: "developer" },
        );
        assert.deepStrictEqual(await stackViolations(policy, [...base, auditors]), []);
    });

    it("makes an IAM principal a tenant's through a tenant group it is mapped into, not a user of that name", async () => {
        // User "ops" is bound in payments; the IAM role ops is in group ops, which only a
        // platform ClusterRoleBinding names: the role is no tenant's, its view is no crossing.
        const user = binding(
            "ops",
            "payments",
            { kind: "User", name: "ops" },
            { kind: "Role", name: "developer" },
        );
        const crb = {
            type: `${rbac}:ClusterRoleBinding`,
            name: "ops-view",
            props: {
                metadata: { name: "ops-view" },
                subjects: [{ kind: "Group", name: "ops" }],
                roleRef: view,
            },
        };
        const entry = {
            type: "aws:eks/accessEntry:AccessEntry",
            name: "ops",
            props: { principalArn: roleArn("ops"), kubernetesGroups: ["ops"] },
        };
        assert.deepStrictEqual(await stackViolations(policy, [...base, user, crb, entry]), []);
    });

    it("keeps an IAM principal with the tenant whose namespace an access scope binds it in first", async () => {
        // The auditor role's access policy is scoped to search; its access entry also puts it in
        // payments' group. It is search's, and its group's binding in payments is the crossing.
        const entry = {
            type: "aws:eks/accessEntry:AccessEntry",
            name: "auditor",
            props: { principalArn: roleArn("auditor"), kubernetesGroups: ["payments-developers"] },
        };
        const association = {
            type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            name: "auditor-view",
            props: {
                principalArn: roleArn("auditor"),
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                accessScope: { type: "namespace", namespaces: ["search"] },
            },
        };
        const found = await stackViolations(policy, [...base, entry, association]);
        assert.deepStrictEqual(found, [
            {
                message: `IAM:${roleArn("auditor")}, a subject of tenant "search" (namespace search), can act in tenant namespace payments through ${developer}, granted by RoleBinding "developers" in namespace payments: ${fix}`,
                urn: urnOf(`${rbac}:RoleBinding`, "payments-developers"),
            },
        ]);
    });

    it("makes no subject of Kubernetes' own bindings a tenant's, even in a namespace labelled as one", async () => {
        // Labelling kube-system does not make its default RoleBindings' subjects (the scheduler,
        // the controller manager) that tenant's: a binding of one in payments is then payments'.
        const kubeSystem = {
            type: "kubernetes:core/v1:NamespacePatch",
            name: "kube-system",
            props: {
                metadata: { name: "kube-system", labels: { "hardened-eks.io/tenant": "platform" } },
            },
        };
        const scheduler = binding(
            "scheduler",
            "payments",
            { kind: "User", name: "system:kube-scheduler" },
            { kind: "Role", name: "developer" },
        );
        assert.deepStrictEqual(await stackViolations(policy, [...base, kubeSystem, scheduler]), []);
    });
});

describe("k8s-tenant-isolation: Kubernetes' own bindings, as the stack patches them", () => {
    it("reports a tenant's group a Patch adds to a default ClusterRoleBinding, on the Patch", async () => {
        // Server-side apply of subjects merges them into the bootstrap binding: payments'
        // developers then list and watch Services and Endpoints in every namespace.
        const patch = {
            type: `${rbac}:ClusterRoleBindingPatch`,
            name: "kube-dns-too",
            props: {
                metadata: { name: "system:kube-dns" },
                subjects: [{ kind: "Group", name: "payments-developers" }],
            },
        };
        const found = await stackViolations(policy, [...base, patch]);
        assert.deepStrictEqual(
            found.map((f) => [f.message, f.urn]),
            [`Group:payments-developers`, `IAM:${roleArn("payments-developers")}`].map((key) => [
                `${key}, a subject of tenant "payments" (namespace payments), can act in every namespace, tenants search included through ClusterRole "system:kube-dns" rules[0] {verbs: [list, watch], apiGroups: [""], resources: [endpoints, services]}, granted by ClusterRoleBinding "system:kube-dns" (Kubernetes default): ${defaultFix}`,
                urnOf(`${rbac}:ClusterRoleBindingPatch`, "kube-dns-too"),
            ]),
        );
    });

    it("reports a rule a Patch adds to a default role every authenticated user is bound to, on the Patch", async () => {
        // system:basic-user is bound to system:authenticated (cluster-role-bindings.yaml).
        const patch = {
            type: `${rbac}:ClusterRolePatch`,
            name: "basic-user-secrets",
            props: {
                metadata: { name: "system:basic-user" },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }],
            },
        };
        const found = await stackViolations(policy, [...base, patch]);
        const rule = `ClusterRole "system:basic-user" rules[2] {verbs: [get], apiGroups: [""], resources: [secrets]} (written by ${urnOf(`${rbac}:ClusterRolePatch`, "basic-user-secrets")})`;
        // Every tenant user is authenticated; a Group subject is no user, so it is not named.
        assert.deepStrictEqual(
            found.map((f) => [f.message, f.urn]),
            [
                ["ServiceAccount:payments:worker", "payments", "search"],
                ["ServiceAccount:search:worker", "search", "payments"],
                [`IAM:${roleArn("payments-developers")}`, "payments", "search"],
                [`IAM:${roleArn("search-developers")}`, "search", "payments"],
            ].map(([key, own, other]) => [
                `${key}, a subject of tenant "${own}" (namespace ${own}), can act in every namespace, tenants ${other} included through ${rule}, granted by ClusterRoleBinding "system:basic-user" (Kubernetes default): ${defaultFix}`,
                urnOf(`${rbac}:ClusterRolePatch`, "basic-user-secrets"),
            ]),
        );
    });

    it("reports a tenant's IAM role that aws-auth maps into system:masters, on the aws-auth ConfigMap", async () => {
        // Kubernetes binds system:masters to cluster-admin (cluster-role-bindings.yaml); an access
        // entry may not name a system: group, but an aws-auth mapping may.
        const awsAuth = {
            type: "kubernetes:core/v1:ConfigMap",
            name: "aws-auth",
            props: {
                metadata: { name: "aws-auth", namespace: "kube-system" },
                data: {
                    mapRoles: `- rolearn: ${roleArn("payments-developers")}\n  groups: [payments-developers, system:masters]\n`,
                },
            },
        };
        const found = await stackViolations(policy, [...base, awsAuth]);
        const rule = `ClusterRole "cluster-admin" rules[0] {verbs: [*], apiGroups: [*], resources: [*]}`;
        assert.deepStrictEqual(found, [
            {
                message: `IAM:${roleArn("payments-developers")}, a subject of tenant "payments" (namespace payments), can act in every namespace, tenants search included through ${rule}; can write cluster-scoped resources through ${rule}, granted by ClusterRoleBinding "cluster-admin" (Kubernetes default): ${defaultFix}`,
                urn: urnOf("kubernetes:core/v1:ConfigMap", "aws-auth"),
            },
        ]);
        // Mapped elsewhere too, into its own group only: the violation is on the mapping that
        // names system:masters.
        const cluster = {
            type: "eks:index:Cluster",
            name: "eks",
            props: {
                roleMappings: [
                    {
                        roleArn: roleArn("payments-developers"),
                        username: "dev",
                        groups: ["payments-developers"],
                    },
                ],
            },
        };
        const twice = await stackViolations(policy, [...base, cluster, awsAuth]);
        assert.deepStrictEqual(
            twice.map((f) => f.urn),
            [urnOf("kubernetes:core/v1:ConfigMap", "aws-auth")],
        );
        // Another principal's mapping into system:masters is not this one's.
        const platform = {
            ...cluster,
            props: {
                roleMappings: [
                    {
                        roleArn: roleArn("platform-admin"),
                        username: "admin",
                        groups: ["system:masters"],
                    },
                ],
            },
        };
        const other = await stackViolations(policy, [platform, ...base, awsAuth]);
        assert.deepStrictEqual(
            other.map((f) => f.urn),
            [urnOf("kubernetes:core/v1:ConfigMap", "aws-auth")],
        );
    });

    // A mapping's user name is the identity's (server.go renderTemplate): named as one of
    // Kubernetes' own users, the role holds that user's default bindings, here
    // system:kube-controller-manager's (cluster-role-bindings.yaml).
    it("reports a tenant's IAM role that aws-auth gives a Kubernetes user's name, on the aws-auth ConfigMap", async () => {
        const awsAuth = {
            type: "kubernetes:core/v1:ConfigMap",
            name: "aws-auth",
            props: {
                metadata: { name: "aws-auth", namespace: "kube-system" },
                data: {
                    mapRoles: `- rolearn: ${roleArn("payments-developers")}\n  username: system:kube-controller-manager\n  groups: [payments-developers]\n`,
                },
            },
        };
        // Its access entry left out: EKS reads aws-auth only for a principal without one.
        const entryless = base.filter((r) => r.type !== "aws:eks/accessEntry:AccessEntry");
        const found = await stackViolations(policy, [...entryless, awsAuth]);
        assert.ok(found.length > 0);
        // The user name given by an eks.Cluster mapping after an aws-auth one that gives none:
        // the violation is on the mapping that gave it.
        const cluster = {
            type: "eks:index:Cluster",
            name: "eks",
            props: {
                roleMappings: [
                    {
                        roleArn: roleArn("payments-developers"),
                        username: "system:kube-controller-manager",
                        groups: [],
                    },
                ],
            },
        };
        const nameless = {
            ...awsAuth,
            props: {
                ...awsAuth.props,
                data: {
                    mapRoles: `- rolearn: ${roleArn("payments-developers")}\n  groups: [payments-developers]\n`,
                },
            },
        };
        const byCluster = await stackViolations(policy, [...entryless, nameless, cluster]);
        assert.ok(byCluster.length > 0);
        assert.ok(byCluster.every((f) => f.urn === urnOf("eks:index:Cluster", "eks")));
        for (const f of found) {
            assert.strictEqual(f.urn, urnOf("kubernetes:core/v1:ConfigMap", "aws-auth"));
            assert.match(
                f.message,
                /^IAM:arn:aws:iam::123456789012:role\/payments-developers, a subject of tenant "payments" \(namespace payments\), .*granted by ClusterRoleBinding "system:kube-controller-manager" \(Kubernetes default\)/,
            );
        }
    });
});
