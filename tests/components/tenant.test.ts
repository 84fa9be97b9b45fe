import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TenantNamespace, TenantNamespaceArgs } from "../../components/tenant";
import { MockedResource } from "../../preflight/mocks";
import { itRefuses, json, ofType, one, RefusalCase, underMocks } from "../harness";

const team = "arn:aws:iam::123456789012:role/payments-devs";
const viewer = "arn:aws:iam::123456789012:role/payments-viewers";
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

const serviceAccount = (resources: MockedResource[], name: string) =>
    ofType(resources, "kubernetes:core/v1:ServiceAccount").find(
        (r) => (r.inputs.metadata as any).name === name,
    )?.inputs as any;

const admissionPolicy = (resources: MockedResource[], name: string) =>
    ofType(resources, "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy").find(
        (r) => (r.inputs.metadata as any).name === name,
    )?.inputs as any;

describe("TenantNamespace", () => {
    it("creates the namespace, its guards, the developer access and the IRSA service account", async () => {
        const types = (await build()).map((r) => r.type).sort();
        assert.deepStrictEqual(types, [
            "aws:eks/accessEntry:AccessEntry",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "hardened-eks:index:IrsaRole",
            "hardened-eks:index:TenantNamespace",
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
            "kubernetes:core/v1:LimitRange",
            "kubernetes:core/v1:Namespace",
            "kubernetes:core/v1:ResourceQuota",
            "kubernetes:core/v1:ServiceAccount",
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
        assert.deepStrictEqual(
            {
                "requests.cpu": quota.spec.hard["requests.cpu"],
                "requests.memory": quota.spec.hard["requests.memory"],
                "limits.cpu": quota.spec.hard["limits.cpu"],
                "limits.memory": quota.spec.hard["limits.memory"],
                pods: quota.spec.hard.pods,
                "services.loadbalancers": quota.spec.hard["services.loadbalancers"],
                "services.nodeports": quota.spec.hard["services.nodeports"],
            },
            {
                "requests.cpu": "4",
                "requests.memory": "8Gi",
                "limits.cpu": "8",
                "limits.memory": "16Gi",
                pods: "50",
                "services.loadbalancers": "0",
                "services.nodeports": "0",
            },
        );
    });

    // Object count quota (https://kubernetes.io/docs/concepts/policy/resource-quotas/#quota-on-object-count)
    // and storage quota (#storage-resource-quota): one tenant cannot fill the etcd every
    // tenant shares, nor claim volumes without bound (EKS Best Practices, multi-tenancy).
    it("caps Services, Secrets, ConfigMaps, claims and requested storage against object floods", async () => {
        const hard = (one(await build(), "kubernetes:core/v1:ResourceQuota").inputs as any).spec
            .hard;
        assert.deepStrictEqual(
            Object.keys(hard)
                .filter(
                    (k) => k.startsWith("count/") || k.includes("storage") || k.includes("volume"),
                )
                .sort(),
            [
                "count/configmaps",
                "count/secrets",
                "count/services",
                "persistentvolumeclaims",
                "requests.storage",
            ],
        );
        assert.strictEqual(hard["count/services"], "20");
        assert.strictEqual(hard["count/secrets"], "100");
        assert.strictEqual(hard["count/configmaps"], "100");
        assert.strictEqual(hard.persistentvolumeclaims, "10");
        assert.strictEqual(hard["requests.storage"], "100Gi");
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
                    services: 3,
                    secrets: 4,
                    configMaps: 6,
                    persistentVolumeClaims: 7,
                    requestsStorage: "8Gi",
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
            "count/services": "3",
            "count/secrets": "4",
            "count/configmaps": "6",
            persistentvolumeclaims: "7",
            "requests.storage": "8Gi",
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

    // EKS User Guide, pod-id-agent-setup: the agent listens on 169.254.170.23 and
    // [fd00:ec2::23]; pod-id-how-it-works: pods get http://169.254.170.23/v1/credentials (port 80).
    it("lets pods reach the Pod Identity agent (TCP 80, 169.254.170.23/32 and fd00:ec2::23/128) when a service account uses pod-identity", async () => {
        const agent = policy(
            await build({ serviceAccounts: [{ name: "ledger", identity: "pod-identity" }] }),
            "allow-pod-identity-agent",
        );
        assert.deepStrictEqual(agent, {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [
                        { ipBlock: { cidr: "169.254.170.23/32" } },
                        { ipBlock: { cidr: "fd00:ec2::23/128" } },
                    ],
                    ports: [{ protocol: "TCP", port: 80 }],
                },
            ],
        });
    });

    it("opens nothing to the Pod Identity agent when no service account uses pod-identity", async () => {
        for (const serviceAccounts of [
            [],
            [{ name: "ledger" }],
            [{ name: "a", identity: "irsa" }],
        ]) {
            const resources = await build({ serviceAccounts } as Partial<TenantNamespaceArgs>);
            assert.strictEqual(policy(resources, "allow-pod-identity-agent"), undefined);
            assert.ok(
                !JSON.stringify(
                    ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy"),
                ).includes("169.254.170.23"),
            );
        }
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
        const sa = serviceAccount(resources, "ledger").metadata;
        assert.strictEqual(sa.namespace, "payments");
        assert.strictEqual(
            sa.annotations["eks.amazonaws.com/role-arn"],
            "arn:aws:iam::123456789012:role/payments-ledger-role",
        );
    });

    it("labels the namespace as a tenant's, for policies and admission", async () => {
        const ns = one(await build(), "kubernetes:core/v1:Namespace").inputs.metadata as any;
        assert.strictEqual(ns.labels["hardened-eks.io/tenant"], "payments");
    });

    it("maps each team role to its access level's group through an access entry named after the role", async () => {
        const resources = await build({ teams: [{ roleArn: viewer, access: "view" }] });
        const entries = ofType(resources, "aws:eks/accessEntry:AccessEntry");
        assert.deepStrictEqual(
            entries.map((e) => [e.name, e.inputs]),
            [
                [
                    "payments-team-123456789012-payments-viewers",
                    {
                        clusterName: "prod",
                        principalArn: viewer,
                        kubernetesGroups: ["payments-viewers"],
                        type: "STANDARD",
                    },
                ],
                [
                    "payments-team-123456789012-payments-devs",
                    {
                        clusterName: "prod",
                        principalArn: team,
                        kubernetesGroups: ["payments-developers"],
                        type: "STANDARD",
                    },
                ],
            ],
        );
    });

    it("gives teams view access unless they ask for develop", async () => {
        const resources = await build({ teamRoleArns: [], teams: [{ roleArn: viewer }] });
        assert.deepStrictEqual(
            one(resources, "aws:eks/accessEntry:AccessEntry").inputs.kubernetesGroups,
            ["payments-viewers"],
        );
        assert.deepStrictEqual(
            ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:Role").map(
                (r) => (r.inputs.metadata as any).name,
            ),
            ["viewer"],
        );
    });

    it("keeps a team's access entry when its access level changes", async () => {
        const asViewer = await build({
            teamRoleArns: [],
            teams: [{ roleArn: team, access: "view" }],
        });
        const asDeveloper = await build({
            teamRoleArns: [],
            teams: [{ roleArn: team, access: "develop" }],
        });
        const entry = (r: MockedResource[]) => one(r, "aws:eks/accessEntry:AccessEntry");
        assert.strictEqual(entry(asViewer).urn, entry(asDeveloper).urn);
        assert.deepStrictEqual(entry(asDeveloper).inputs.kubernetesGroups, ["payments-developers"]);
    });

    const roleOf = (resources: MockedResource[], name: string) =>
        ofType(resources, "kubernetes:rbac.authorization.k8s.io/v1:Role").find(
            (r) => (r.inputs.metadata as any).name === name,
        )?.inputs as any;
    const verbsOn = (role: any, apiGroup: string, resource: string) =>
        role.rules
            .filter((r: any) => r.apiGroups.includes(apiGroup) && r.resources.includes(resource))
            .flatMap((r: any) => r.verbs);

    it("binds each group in this namespace only, to a Role with explicit verbs", async () => {
        const resources = await build({ teams: [{ roleArn: viewer, access: "view" }] });
        for (const kind of ["ClusterRoleBinding", "ClusterRole"]) {
            assert.strictEqual(
                ofType(resources, `kubernetes:rbac.authorization.k8s.io/v1:${kind}`).length,
                0,
            );
        }
        const bindings = ofType(
            resources,
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        ).map((r) => r.inputs as any);
        assert.deepStrictEqual(
            bindings.map((b) => [b.metadata.namespace, b.subjects, b.roleRef]),
            [
                ["viewer", "payments-viewers"],
                ["developer", "payments-developers"],
            ].map(([role, group]) => [
                "payments",
                [{ kind: "Group", name: group, apiGroup: "rbac.authorization.k8s.io" }],
                { kind: "Role", name: role, apiGroup: "rbac.authorization.k8s.io" },
            ]),
        );
        for (const name of ["viewer", "developer"]) {
            const role = roleOf(resources, name);
            assert.strictEqual(role.metadata.namespace, "payments");
            for (const rule of role.rules) {
                for (const field of ["apiGroups", "resources", "verbs"]) {
                    assert.ok(!rule[field].includes("*"), `${name} ${field} ${rule[field]}`);
                }
                assert.ok(
                    !rule.resources.some((r: string) =>
                        ["pods/exec", "pods/attach", "pods/portforward"].includes(r),
                    ),
                    name,
                );
            }
        }
    });

    it("lets viewers read workloads, logs and events, but not Secrets, and create nothing", async () => {
        const role = roleOf(await build({ teams: [{ roleArn: viewer }] }), "viewer");
        assert.deepStrictEqual(verbsOn(role, "", "pods/log"), ["get", "list", "watch"]);
        assert.deepStrictEqual(verbsOn(role, "apps", "deployments"), ["get", "list", "watch"]);
        assert.deepStrictEqual(verbsOn(role, "", "events"), ["get", "list", "watch"]);
        assert.deepStrictEqual(verbsOn(role, "", "secrets"), []);
        for (const rule of role.rules) {
            assert.deepStrictEqual(rule.verbs, ["get", "list", "watch"], rule.resources.join());
        }
    });

    it("lets developers deploy workloads and use Secrets, read-only on what isolates the tenant", async () => {
        const role = roleOf(await build(), "developer");
        assert.deepStrictEqual(verbsOn(role, "apps", "deployments"), [
            "get",
            "list",
            "watch",
            ...readWrite,
        ]);
        assert.ok(verbsOn(role, "", "pods").includes("create"));
        assert.ok(verbsOn(role, "", "secrets").includes("get"));
        for (const [group, resource] of [
            ["networking.k8s.io", "networkpolicies"],
            ["", "resourcequotas"],
            ["", "limitranges"],
            ["", "serviceaccounts"],
        ]) {
            assert.deepStrictEqual(
                verbsOn(role, group, resource),
                ["get", "list", "watch"],
                `developers must not change ${resource}`,
            );
        }
    });

    // Pods may not run as `default` (admission) and developers may not write service
    // accounts (RBAC); Kubernetes has no "use" verb: whoever creates pods may name any service
    // account of the namespace (kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation).
    it("gives every tenant a workload service account, with no role and no token, that developers run pods as", async () => {
        const resources = await build({ teams: [{ roleArn: viewer, access: "view" }] });
        const sa = serviceAccount(resources, "workload");
        assert.deepStrictEqual(sa, {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: "workload", namespace: "payments" },
            automountServiceAccountToken: false,
        });
        const workload = ofType(resources, "kubernetes:core/v1:ServiceAccount").find(
            (r) => (r.inputs.metadata as any).name === "workload",
        )!;
        assert.strictEqual(
            workload.parent,
            one(resources, "hardened-eks:index:TenantNamespace").urn,
            "a plain child of the tenant, not an IrsaRole",
        );
        const developer = roleOf(resources, "developer");
        for (const [group, resource] of [
            ["", "pods"],
            ["apps", "deployments"],
            ["batch", "jobs"],
        ]) {
            assert.ok(verbsOn(developer, group, resource).includes("create"), resource);
        }
        assert.deepStrictEqual(verbsOn(developer, "", "serviceaccounts"), ["get", "list", "watch"]);
        assert.deepStrictEqual(verbsOn(roleOf(resources, "viewer"), "", "pods"), [
            "get",
            "list",
            "watch",
        ]);
        const noDefault = admissionPolicy(resources, "hardened-eks-payments-no-default-sa");
        assert.strictEqual(
            noDefault.spec.validations[0].expression,
            "variables.serviceAccount != 'default'",
        );
    });

    it("gives developers no Ingress write, and refuses Ingresses at admission, unless allowIngress", async () => {
        const denied = await build();
        assert.deepStrictEqual(
            verbsOn(roleOf(denied, "developer"), "networking.k8s.io", "ingresses"),
            ["get", "list", "watch"],
        );
        assert.ok(admissionPolicy(denied, "hardened-eks-payments-no-ingress"));
        const allowed = await build({ allowIngress: true });
        assert.ok(
            verbsOn(roleOf(allowed, "developer"), "networking.k8s.io", "ingresses").includes(
                "create",
            ),
        );
        assert.strictEqual(admissionPolicy(allowed, "hardened-eks-payments-no-ingress"), undefined);
    });

    it("refuses pods and workloads running as the default service account, in this namespace only", async () => {
        const resources = await build();
        const policy = admissionPolicy(resources, "hardened-eks-payments-no-default-sa");
        assert.deepStrictEqual(
            policy.spec.validations[0].expression,
            "variables.serviceAccount != 'default'",
        );
        const binding = ofType(
            resources,
            "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
        ).find((r) => (r.inputs.metadata as any).name === "hardened-eks-payments-no-default-sa")!
            .inputs as any;
        assert.deepStrictEqual(binding.spec, {
            policyName: "hardened-eks-payments-no-default-sa",
            validationActions: ["Deny"],
            matchResources: {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "payments" } },
            },
        });
    });

    it("gives a pod-identity service account a Pod Identity association instead of an IRSA annotation", async () => {
        const resources = await build({
            serviceAccounts: [{ name: "ledger", identity: "pod-identity" }],
        });
        assert.deepStrictEqual(
            one(resources, "aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs,
            {
                clusterName: "prod",
                namespace: "payments",
                serviceAccount: "ledger",
                roleArn: "arn:aws:iam::123456789012:role/payments-ledger-role",
            },
        );
        const sa = serviceAccount(resources, "ledger").metadata;
        assert.strictEqual(sa.annotations, undefined);
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
                "a service account named workload, the one every tenant gets",
                { serviceAccounts: [{ name: "workload" }] },
                /serviceAccounts\[0\]\.name "workload" is the service account every tenant gets, with no IAM role: give each workload its own service account name/,
            ],
            [
                "a fractional Secrets quota",
                { quota: { secrets: 2.5 } },
                /quota \(count\/secrets\) "2.5" is not a whole number/,
            ],
            [
                "a negative claims quota",
                { quota: { persistentVolumeClaims: -1 } },
                /quota \(persistentvolumeclaims\) "-1" is not a whole number/,
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
                "HTTPS egress to 0.0.0.0/0",
                { egressCidrs: ["10.0.64.0/20", "0.0.0.0/0"] },
                /egressCidrs\[1\] "0\.0\.0\.0\/0" opens HTTPS egress to the internet \(a prefix shorter than \/8\): list the CIDRs/,
            ],
            [
                "HTTPS egress to ::/0",
                { egressCidrs: ["::/0"] },
                /egressCidrs\[0\] "::\/0" opens HTTPS egress to the internet/,
            ],
            [
                "HTTPS egress to a /7",
                { egressCidrs: ["10.0.0.0/7"] },
                /egressCidrs\[0\] "10\.0\.0\.0\/7" opens HTTPS egress/,
            ],
            [
                "allowSecretsAccess, which access levels replaced",
                { allowSecretsAccess: true },
                /allowSecretsAccess true was replaced by access levels: list the role in teams with access: "develop"/,
            ],
            [
                "an access level that is not one",
                { teams: [{ roleArn: viewer, access: "admin" }] },
                /teams\[0\]\.access "admin" is not an access level: use "view" \(the default\) or "develop"/,
            ],
            [
                "a team role known only after deployment",
                { teams: [{ roleArn: pulumi.output(viewer) }] },
                /teams\[0\]\.roleArn .* is not known before deployment/,
            ],
            [
                "a role in both teams and teamRoleArns",
                { teams: [{ roleArn: team }] },
                /teamRoleArns\[0\] ".*payments-devs" is also teams\[0\]\.roleArn/,
            ],
            [
                "an unknown workload identity",
                { serviceAccounts: [{ name: "a", identity: "kiam" }] },
                /serviceAccounts\[0\]\.identity "kiam" is not a workload identity/,
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
