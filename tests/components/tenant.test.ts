import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import { TenantNamespace, TenantNamespaceArgs } from "../../components/tenant";
import { MockedResource } from "../../preflight/mocks";
import { itRefuses, json, ofType, one, RefusalCase, underMocks } from "../harness";

const team = "arn:aws:iam::123456789012:role/payments-devs";
const readWrite = ["get", "list", "watch", "create", "update", "patch", "delete"];

function args(extra: Partial<TenantNamespaceArgs> = {}): TenantNamespaceArgs {
    return {
        name: "payments",
        clusterName: "prod",
        oidcProviderArn:
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC",
        oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC",
        kubernetesProvider: new k8s.Provider("k8s", { kubeconfig: "{}" }),
        teamRoleArns: [team],
        serviceAccounts: [
            { name: "ledger", s3Access: [{ bucketArn: "arn:aws:s3:::ledger", access: "read" }] },
        ],
        ...extra,
    };
}

function build(extra: Partial<TenantNamespaceArgs> = {}) {
    return underMocks(() => new TenantNamespace("payments", args(extra)));
}

const policy = (resources: MockedResource[], name: string) =>
    ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find(
        (r) => r.name === `payments-${name}`,
    )?.inputs.spec as any;

describe("TenantNamespace", () => {
    it("creates the namespace, its guards, the developer access and the IRSA service account", async () => {
        const types = (await build()).map((r) => r.type).sort();
        assert.deepStrictEqual(types, [
            "aws:eks/accessEntry:AccessEntry",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "hardened-eks:index:IrsaRole",
            "hardened-eks:index:TenantNamespace",
            "kubernetes:core/v1:LimitRange",
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:ResourceQuota",
            "kubernetes:core/v1:ServiceAccount",
            "kubernetes:core/v1:ServiceAccountPatch",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:rbac.authorization.k8s.io/v1:Role",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            "pulumi:providers:kubernetes",
        ]);
    });

    it("labels the namespace for Pod Security Admission at restricted in enforce, audit and warn", async () => {
        const ns = one(await build(), "kubernetes:core/v1:Namespace").inputs.metadata as any;
        assert.strictEqual(ns.name, "payments");
        for (const mode of ["enforce", "audit", "warn"]) {
            assert.strictEqual(ns.labels[`pod-security.kubernetes.io/${mode}`], "restricted", mode);
        }
    });

    it("uses the podSecurityLevel given", async () => {
        const ns = one(
            await build({ podSecurityLevel: "baseline" }),
            "kubernetes:core/v1:Namespace",
        ).inputs.metadata as any;
        assert.strictEqual(ns.labels["pod-security.kubernetes.io/enforce"], "baseline");
    });

    it("sets a quota with no load balancers and no node ports by default", async () => {
        const quota = one(await build(), "kubernetes:core/v1:ResourceQuota").inputs as any;
        assert.strictEqual(quota.metadata.namespace, "payments");
        assert.deepStrictEqual(quota.spec.hard, {
            "requests.cpu": "4",
            "requests.memory": "8Gi",
            "limits.cpu": "8",
            "limits.memory": "16Gi",
            pods: "50",
            "services.loadbalancers": "0",
            "services.nodeports": "0",
        });
    });

    it("overrides every quota value", async () => {
        const quota = one(
            await build({
                quota: {
                    requestsCpu: "1",
                    requestsMemory: "1Gi",
                    limitsCpu: "2",
                    limitsMemory: "2Gi",
                    pods: 5,
                    loadBalancers: 1,
                    nodePorts: 2,
                },
            }),
            "kubernetes:core/v1:ResourceQuota",
        ).inputs as any;
        assert.deepStrictEqual(quota.spec.hard, {
            "requests.cpu": "1",
            "requests.memory": "1Gi",
            "limits.cpu": "2",
            "limits.memory": "2Gi",
            pods: "5",
            "services.loadbalancers": "1",
            "services.nodeports": "2",
        });
    });

    it("gives containers default requests and limits", async () => {
        const limits = one(await build(), "kubernetes:core/v1:LimitRange").inputs as any;
        assert.deepStrictEqual(limits.spec.limits, [
            {
                type: "Container",
                defaultRequest: { cpu: "100m", memory: "128Mi" },
                default: { cpu: "500m", memory: "512Mi" },
            },
        ]);
    });

    it("denies all ingress and egress by default", async () => {
        assert.deepStrictEqual(policy(await build(), "default-deny"), {
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
        });
    });

    it("allows DNS only to kube-dns in kube-system", async () => {
        const dns = policy(await build(), "allow-dns");
        assert.deepStrictEqual(dns.policyTypes, ["Egress"]);
        assert.deepStrictEqual(dns.egress, [
            {
                to: [
                    {
                        namespaceSelector: {
                            matchLabels: { "kubernetes.io/metadata.name": "kube-system" },
                        },
                        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                ],
                ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                ],
            },
        ]);
    });

    it("allows traffic within the namespace only", async () => {
        const same = policy(await build(), "allow-same-namespace");
        assert.deepStrictEqual(same.ingress, [{ from: [{ podSelector: {} }] }]);
        assert.deepStrictEqual(same.egress, [{ to: [{ podSelector: {} }] }]);
        assert.ok(!JSON.stringify(same).includes("namespaceSelector"));
    });

    it("allows HTTPS egress only to egressCidrs, and adds no such policy without them", async () => {
        assert.strictEqual(policy(await build(), "allow-https-egress"), undefined);
        const egress = policy(
            await build({ egressCidrs: ["10.0.64.0/20", "10.0.80.0/20"] }),
            "allow-https-egress",
        );
        assert.deepStrictEqual(egress, {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [
                        { ipBlock: { cidr: "10.0.64.0/20" } },
                        { ipBlock: { cidr: "10.0.80.0/20" } },
                    ],
                    ports: [{ protocol: "TCP", port: 443 }],
                },
            ],
        });
    });

    it("stops the default service account from mounting a token", async () => {
        const sa = one(await build(), "kubernetes:core/v1:ServiceAccountPatch").inputs as any;
        assert.deepStrictEqual(sa.metadata, { name: "default", namespace: "payments" });
        assert.strictEqual(sa.automountServiceAccountToken, false);
    });

    it("gives each service account an IRSA role trusted by that service account only", async () => {
        const resources = await build();
        const trust = json(one(resources, "aws:iam/role:Role").inputs.assumeRolePolicy);
        assert.deepStrictEqual(Object.values(trust.Statement[0].Condition.StringEquals), [
            "system:serviceaccount:payments:ledger",
            "sts.amazonaws.com",
        ]);
        const sa = one(resources, "kubernetes:core/v1:ServiceAccount").inputs.metadata as any;
        assert.strictEqual(sa.namespace, "payments");
        assert.strictEqual(
            sa.annotations["eks.amazonaws.com/role-arn"],
            "arn:aws:iam::123456789012:role/payments-ledger-role",
        );
    });

    it("maps each team role to the <tenant>-developers group through an access entry", async () => {
        const entry = one(await build(), "aws:eks/accessEntry:AccessEntry").inputs;
        assert.deepStrictEqual(entry, {
            clusterName: "prod",
            principalArn: team,
            kubernetesGroups: ["payments-developers"],
            type: "STANDARD",
        });
    });

    it("binds the group in this namespace only, to a Role with explicit verbs and no Secrets", async () => {
        const resources = await build();
        assert.strictEqual(
            ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding").length,
            0,
        );
        assert.strictEqual(
            ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").length,
            0,
        );
        const binding = one(resources, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")
            .inputs as any;
        assert.strictEqual(binding.metadata.namespace, "payments");
        assert.deepStrictEqual(binding.subjects, [
            { kind: "Group", name: "payments-developers", apiGroup: "rbac.authorization.k8s.io" },
        ]);
        assert.deepStrictEqual(binding.roleRef, {
            kind: "Role",
            name: "developer",
            apiGroup: "rbac.authorization.k8s.io",
        });
        const role = one(resources, "kubernetes:rbac.authorization.k8s.io/v1:Role").inputs as any;
        assert.strictEqual(role.metadata.namespace, "payments");
        for (const rule of role.rules) {
            for (const field of ["apiGroups", "resources", "verbs"]) {
                assert.ok(!rule[field].includes("*"), `${field} ${rule[field]}`);
            }
            assert.ok(!rule.resources.includes("secrets"));
            assert.ok(
                !rule.resources.some((r: string) =>
                    ["pods/exec", "pods/attach", "pods/portforward"].includes(r),
                ),
            );
        }
        const pods = role.rules.find((r: any) => r.resources.includes("deployments"));
        assert.deepStrictEqual(pods.verbs, readWrite);
        const netpol = role.rules.find((r: any) => r.resources.includes("networkpolicies"));
        assert.deepStrictEqual(
            netpol.verbs,
            ["get", "list", "watch"],
            "developers must not lift default-deny",
        );
    });

    it("grants Secrets only when allowSecretsAccess is set", async () => {
        const role = one(
            await build({ allowSecretsAccess: true }),
            "kubernetes:rbac.authorization.k8s.io/v1:Role",
        ).inputs as any;
        const secrets = role.rules.find((r: any) => r.resources.includes("secrets"));
        assert.deepStrictEqual(secrets.verbs, readWrite);
    });

    it("outputs the namespace and each service account's role ARN", async () => {
        let tenant: TenantNamespace | undefined;
        await underMocks(() => (tenant = new TenantNamespace("payments", args())));
        const value = <T>(o: { apply(f: (v: T) => void): unknown }) =>
            new Promise<T>((r) => o.apply(r));
        assert.strictEqual(await value(tenant!.namespaceName), "payments");
        assert.deepStrictEqual(await value(tenant!.serviceAccountRoleArns), {
            ledger: "arn:aws:iam::123456789012:role/payments-ledger-role",
        });
    });

    describe("refusals", () => {
        const refusals: RefusalCase[] = [
            [
                "a name that is not DNS-1123",
                { name: "Team_A" },
                /name "Team_A" is not a DNS-1123 label/,
            ],
            [
                "the default namespace",
                { name: "default" },
                /name "default" is reserved by Kubernetes/,
            ],
            ["a kube-* namespace", { name: "kube-system" }, /name "kube-system" is reserved/],
            [
                "the privileged level",
                { podSecurityLevel: "privileged" },
                /podSecurityLevel "privileged" lets tenant pods escape/,
            ],
            [
                "an unknown level",
                { podSecurityLevel: "strict" },
                /podSecurityLevel "strict" is not a Pod Security Standards level/,
            ],
            [
                "a fractional pod quota",
                { quota: { pods: 1.5 } },
                /quota \(pods\) "1.5" is not a whole number/,
            ],
            [
                "a service account named default",
                { serviceAccounts: [{ name: "default" }] },
                /serviceAccounts\[0\]\.name "default"/,
            ],
            [
                "a service account listed twice",
                { serviceAccounts: [{ name: "a" }, { name: "a" }] },
                /serviceAccounts\[1\]\.name "a" is listed twice/,
            ],
            [
                "a wildcard action of a service account",
                {
                    serviceAccounts: [
                        { name: "a", policyStatements: [{ actions: ["iam:*"], resources: ["*"] }] },
                    ],
                },
                /serviceAccounts\[0\]\.policyStatements\[0\] .*"iam:\*"/,
            ],
            [
                "an admin policy of a service account",
                {
                    serviceAccounts: [
                        {
                            name: "a",
                            managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                        },
                    ],
                },
                /serviceAccounts\[0\]\.managedPolicyArns\[0\]/,
            ],
            [
                "a team ARN that is not a role",
                { teamRoleArns: ["arn:aws:iam::123456789012:user/alice"] },
                /teamRoleArns\[0\] .*is not an IAM role ARN/,
            ],
            [
                "an egress CIDR that is not one",
                { egressCidrs: ["10.0.0.0/33"] },
                /egressCidrs\[0\] "10.0.0.0\/33" is not a CIDR/,
            ],
            [
                "a missing provider",
                { kubernetesProvider: undefined },
                /kubernetesProvider undefined is required/,
            ],
            [
                "a team role listed twice",
                { teamRoleArns: [team, team] },
                /teamRoleArns\[1\] ".*payments-devs" is also teamRoleArns\[0\], and EKS allows one access entry per principal/,
            ],
        ];
        itRefuses(
            'TenantNamespace "payments"',
            refusals,
            (extra) =>
                new TenantNamespace("payments", { ...args(), ...extra } as TenantNamespaceArgs),
            // The provider is made by args(), before the constructor runs.
            (r) => r.type === "pulumi:providers:kubernetes",
        );
    });
});
