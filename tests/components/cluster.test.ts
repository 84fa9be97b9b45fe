import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { HardenedCluster, HardenedClusterArgs } from "../../components/cluster";
import { MockedResource } from "../../preflight/mocks";
import { itRefuses, json, ofType, one, RefusalCase, underMocks, urnsOf } from "../harness";
import { admin, clusterArgs } from "./cluster-fixtures";

const ci = "arn:aws:iam::123456789012:role/ci";

const args = clusterArgs;

function build(extra: Partial<HardenedClusterArgs> = {}) {
    return underMocks(() => new HardenedCluster("prod", args(extra)));
}

const clusterOf = (resources: MockedResource[]) => one(resources, "aws:eks/cluster:Cluster");
const eksInputs = (resources: MockedResource[]) => clusterOf(resources).inputs as any;
const addonOf = (resources: MockedResource[], addonName: string) =>
    ofType(resources, "aws:eks/addon:Addon").find((r) => r.inputs.addonName === addonName)!;

describe("HardenedCluster", () => {
    it("owns every resource it creates: no remote component among its children", async () => {
        const resources = await build();
        const types = resources.map((r) => r.type).sort();
        assert.deepStrictEqual(
            [...new Set(types)],
            [
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:ec2/launchTemplate:LaunchTemplate",
                "aws:ec2/securityGroup:SecurityGroup",
                "aws:eks/accessEntry:AccessEntry",
                "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
                "aws:eks/addon:Addon",
                "aws:eks/cluster:Cluster",
                "aws:eks/nodeGroup:NodeGroup",
                "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
                "aws:iam/role:Role",
                "aws:iam/rolePolicy:RolePolicy",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                "aws:kms/key:Key",
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                "hardened-eks:index:DeletionProtection",
                "hardened-eks:index:HardenedCluster",
                "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
                "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
                "pulumi:providers:kubernetes",
            ],
        );
        assert.ok(resources.every((r) => !r.type.startsWith("eks:")));
        assert.ok(resources.every((r) => r.transforms.length === 0));
    });

    describe("control-plane logs", () => {
        it("sends all five log types", async () => {
            assert.deepStrictEqual(eksInputs(await build()).enabledClusterLogTypes, [
                "api",
                "audit",
                "authenticator",
                "controllerManager",
                "scheduler",
            ]);
        });

        it("creates /aws/eks/<cluster>/cluster with 90 days retention and a KMS key", async () => {
            const group = one(await build(), "aws:cloudwatch/logGroup:LogGroup");
            assert.strictEqual(group.inputs.name, "/aws/eks/prod/cluster");
            assert.strictEqual(group.inputs.retentionInDays, 90);
            assert.strictEqual(
                group.inputs.kmsKeyId,
                "arn:aws:kms:us-east-1:123456789012:key/prod-logs-key-id",
            );
        });

        it("makes the cluster depend on the log group, so EKS never creates it unencrypted", async () => {
            const resources = await build();
            const group = one(resources, "aws:cloudwatch/logGroup:LogGroup");
            assert.ok(group.urn);
            assert.ok(clusterOf(resources).dependencies.includes(group.urn!));
        });

        it("lets CloudWatch Logs use the logs key for this log group only, with rotation on", async () => {
            const key = one(await build(), "aws:kms/key:Key", "prod-logs-key").inputs;
            assert.strictEqual(key.enableKeyRotation, true);
            const logs = json(key.policy).Statement.find((s: any) => s.Principal.Service);
            assert.strictEqual(logs.Principal.Service, "logs.us-east-1.amazonaws.com");
            assert.deepStrictEqual(logs.Condition, {
                ArnEquals: {
                    "kms:EncryptionContext:aws:logs:arn":
                        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/prod/cluster",
                },
            });
        });

        it("uses logRetentionDays and clusterName", async () => {
            const resources = await build({ logRetentionDays: 365, clusterName: "payments-prod" });
            const group = one(resources, "aws:cloudwatch/logGroup:LogGroup");
            assert.strictEqual(group.inputs.retentionInDays, 365);
            assert.strictEqual(group.inputs.name, "/aws/eks/payments-prod/cluster");
            assert.strictEqual(eksInputs(resources).name, "payments-prod");
        });

        it("names the cluster <project>-<stack>-<name> by default, so stacks do not collide", async () => {
            const resources = await underMocks(
                () => new HardenedCluster("platform", { ...args(), clusterName: undefined }),
            );
            assert.strictEqual(eksInputs(resources).name, "test-test-platform");
            assert.strictEqual(
                one(resources, "aws:cloudwatch/logGroup:LogGroup").inputs.name,
                "/aws/eks/test-test-platform/cluster",
            );
        });
    });

    describe("secrets encryption", () => {
        it("encrypts Secrets with a key it creates, rotation on", async () => {
            const resources = await build();
            const key = one(resources, "aws:kms/key:Key", "prod-secrets-key").inputs;
            assert.strictEqual(key.enableKeyRotation, true);
            assert.deepStrictEqual(eksInputs(resources).encryptionConfig, {
                provider: { keyArn: "arn:aws:kms:us-east-1:123456789012:key/prod-secrets-key-id" },
                resources: ["secrets"],
            });
        });

        it("lets the cluster role use the secrets key, and that key only", async () => {
            const policy = json(
                one(await build(), "aws:iam/rolePolicy:RolePolicy", "prod-cluster-role-secrets-key")
                    .inputs.policy,
            );
            assert.deepStrictEqual(policy.Statement, [
                {
                    Sid: "SecretsEnvelopeEncryption",
                    Effect: "Allow",
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                    Resource: "arn:aws:kms:us-east-1:123456789012:key/prod-secrets-key-id",
                },
            ]);
        });

        it("uses kmsKeyArn when given and creates no secrets key", async () => {
            const arn =
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            const resources = await build({ kmsKeyArn: arn });
            assert.strictEqual(eksInputs(resources).encryptionConfig.provider.keyArn, arn);
            assert.strictEqual(ofType(resources, "aws:kms/key:Key").length, 1);
        });
    });

    describe("endpoint and access", () => {
        it("keeps the API endpoint private by default", async () => {
            const vpc = eksInputs(await build()).vpcConfig;
            assert.strictEqual(vpc.endpointPrivateAccess, true);
            assert.strictEqual(vpc.endpointPublicAccess, false);
            assert.strictEqual(vpc.publicAccessCidrs, undefined);
            assert.deepStrictEqual(vpc.subnetIds, ["subnet-a", "subnet-b"]);
        });

        it("opens the public endpoint only to publicAccessCidrs", async () => {
            const vpc = eksInputs(
                await build({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
            ).vpcConfig;
            assert.strictEqual(vpc.endpointPublicAccess, true);
            assert.deepStrictEqual(vpc.publicAccessCidrs, ["203.0.113.0/24"]);
        });

        it("uses access entries only, and does not make the creator a hidden admin", async () => {
            assert.deepStrictEqual(eksInputs(await build()).accessConfig, {
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: false,
            });
        });

        it("protects the cluster from deletion unless deletionProtection is false", async () => {
            assert.strictEqual(eksInputs(await build()).deletionProtection, true);
            assert.strictEqual(
                eksInputs(await build({ deletionProtection: false })).deletionProtection,
                false,
            );
        });

        it("gives each admin an access entry and a cluster-scoped AmazonEKSClusterAdminPolicy", async () => {
            const resources = await build({ adminRoleArns: [admin, ci] });
            assert.deepStrictEqual(
                ofType(resources, "aws:eks/accessEntry:AccessEntry").map((r) => r.inputs),
                [admin, ci].map((principalArn) => ({
                    clusterName: "prod",
                    principalArn,
                    type: "STANDARD",
                })),
            );
            assert.deepStrictEqual(
                ofType(resources, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map(
                    (r) => r.inputs,
                ),
                [admin, ci].map((principalArn) => ({
                    clusterName: "prod",
                    principalArn,
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                    accessScope: { type: "cluster" },
                })),
            );
        });

        it("creates the IRSA OIDC provider for sts.amazonaws.com on the cluster's issuer", async () => {
            const oidc = one(await build(), "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
            assert.deepStrictEqual(oidc.inputs.clientIdLists, ["sts.amazonaws.com"]);
            assert.match(
                oidc.inputs.url as string,
                /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
            );
        });

        it("uses the Kubernetes provider only after the admins' access policies exist", async () => {
            const resources = await build({ adminRoleArns: [admin, ci] });
            const provider = one(resources, "pulumi:providers:kubernetes");
            const associations = ofType(
                resources,
                "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
            ).map((r) => r.urn!);
            assert.deepStrictEqual(
                associations.filter((urn) => provider.dependencies.includes(urn)),
                associations,
            );
        });

        it("refuses Services with externalIPs cluster-wide through an admission policy", async () => {
            const resources = await build();
            const policy = one(
                resources,
                "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
            ).inputs as any;
            assert.strictEqual(policy.metadata.name, "hardened-eks-no-external-ips");
            assert.strictEqual(
                policy.spec.validations[0].expression,
                "!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0",
            );
            const binding = one(
                resources,
                "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
            ).inputs as any;
            assert.deepStrictEqual(binding.spec, {
                policyName: "hardened-eks-no-external-ips",
                validationActions: ["Deny"],
            });
        });
    });

    describe("add-ons", () => {
        it("installs vpc-cni with network policy on and an IRSA role for kube-system/aws-node", async () => {
            const resources = await build();
            const cni = addonOf(resources, "vpc-cni").inputs;
            assert.deepStrictEqual(json(cni.configurationValues), { enableNetworkPolicy: "true" });
            const role = one(resources, "aws:iam/role:Role", "prod-vpc-cni-role");
            assert.strictEqual(cni.serviceAccountRoleArn, role.state.arn);
            const trust = json(role.inputs.assumeRolePolicy).Statement[0];
            assert.strictEqual(trust.Action, "sts:AssumeRoleWithWebIdentity");
            assert.deepStrictEqual(Object.values(trust.Condition.StringEquals), [
                "system:serviceaccount:kube-system:aws-node",
                "sts.amazonaws.com",
            ]);
            assert.strictEqual(
                one(
                    resources,
                    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    "prod-vpc-cni-role-AmazonEKS_CNI_Policy",
                ).inputs.policyArn,
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            );
        });

        it("installs coredns, kube-proxy and the Pod Identity agent, EKS-managed only", async () => {
            const resources = await build();
            assert.deepStrictEqual(
                ofType(resources, "aws:eks/addon:Addon")
                    .map((r) => r.inputs.addonName)
                    .sort(),
                ["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"],
            );
            assert.strictEqual(eksInputs(resources).bootstrapSelfManagedAddons, false);
        });

        it("creates the node groups after the node add-ons, and coredns after the node groups", async () => {
            const resources = await build();
            const group = one(resources, "aws:eks/nodeGroup:NodeGroup");
            for (const addonName of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) {
                assert.ok(
                    group.dependencies.includes(addonOf(resources, addonName).urn!),
                    addonName,
                );
            }
            assert.ok(addonOf(resources, "coredns").dependencies.includes(group.urn!));
        });
    });

    describe("node groups", () => {
        it("launches nodes with IMDSv2 required, hop limit 1, an encrypted root volume and no SSH key", async () => {
            const lt = one(await build(), "aws:ec2/launchTemplate:LaunchTemplate").inputs as any;
            assert.strictEqual(lt.metadataOptions.httpTokens, "required");
            assert.strictEqual(lt.metadataOptions.httpPutResponseHopLimit, 1);
            assert.strictEqual(lt.metadataOptions.httpEndpoint, "enabled");
            assert.deepStrictEqual(lt.blockDeviceMappings[0].ebs, {
                encrypted: "true",
                volumeSize: 50,
                volumeType: "gp3",
                deleteOnTermination: "true",
            });
            assert.strictEqual(lt.keyName, undefined);
        });

        it("puts managed node groups on the private subnets with AL2023, the launch template and no remote access", async () => {
            const resources = await build({
                nodeGroups: [
                    { name: "general" },
                    {
                        name: "batch",
                        instanceTypes: ["c7g.xlarge"],
                        amiType: "AL2023_ARM_64_STANDARD",
                        minSize: 0,
                        desiredSize: 1,
                        maxSize: 10,
                    },
                ],
            });
            const groups = ofType(resources, "aws:eks/nodeGroup:NodeGroup");
            assert.deepStrictEqual(
                groups.map((g) => g.name),
                ["prod-general", "prod-batch"],
            );
            const [general, batch] = groups.map((g) => g.inputs as any);
            assert.strictEqual(general.amiType, "AL2023_x86_64_STANDARD");
            assert.strictEqual(batch.amiType, "AL2023_ARM_64_STANDARD");
            assert.strictEqual(batch.clusterName, "prod");
            assert.deepStrictEqual(batch.subnetIds, ["subnet-a", "subnet-b"]);
            assert.deepStrictEqual(batch.scalingConfig, {
                minSize: 0,
                desiredSize: 1,
                maxSize: 10,
            });
            assert.deepStrictEqual(batch.instanceTypes, ["c7g.xlarge"]);
            assert.deepStrictEqual(batch.launchTemplate, { id: "prod-batch-lt-id", version: "1" });
            assert.strictEqual(batch.remoteAccess, undefined);
            assert.strictEqual(batch.diskSize, undefined);
        });

        it("gives nodes a role with only the worker and ECR read-only policies (the CNI's are IRSA)", async () => {
            const policies = ofType(
                await build(),
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            )
                .filter((r) => r.name.startsWith("prod-node-role-"))
                .map((r) => r.inputs.policyArn);
            assert.deepStrictEqual(policies, [
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            ]);
        });
    });

    it("creates a TenantNamespace per tenant, wired to the cluster's OIDC provider and name", async () => {
        const resources = await build({
            tenants: [
                {
                    name: "payments",
                    teamRoleArns: ["arn:aws:iam::123456789012:role/payments"],
                    serviceAccounts: [{ name: "api" }],
                },
                { name: "search" },
            ],
        });
        assert.deepStrictEqual(
            ofType(resources, "hardened-eks:index:TenantNamespace").map((r) => r.name),
            ["prod-payments", "prod-search"],
        );
        assert.strictEqual(
            one(
                resources,
                "aws:eks/accessEntry:AccessEntry",
                "prod-payments-team-123456789012-payments",
            ).inputs.clusterName,
            "prod",
        );
        const trust = json(
            one(resources, "aws:iam/role:Role", "prod-payments-api-role").inputs.assumeRolePolicy,
        );
        assert.match(
            trust.Statement[0].Principal.Federated,
            /^arn:aws:iam::123456789012:oidc-provider\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\//,
        );
        const ns = one(resources, "kubernetes:core/v1:Namespace", "prod-search-namespace");
        assert.match(
            ns.urn ?? "",
            /HardenedCluster\$hardened-eks:index:TenantNamespace\$kubernetes:core\/v1:Namespace::prod-search-namespace$/,
        );
        assert.match(ns.provider ?? "", /pulumi:providers:kubernetes::prod-k8s/);
    });

    it("outputs the cluster name, a secret kubeconfig with no static credentials, the OIDC provider and the cluster security group", async () => {
        let cluster: HardenedCluster | undefined;
        await underMocks(() => (cluster = new HardenedCluster("prod", args())));
        const value = <T>(o: { apply(f: (v: T) => void): unknown }) =>
            new Promise<T>((r) => o.apply(r));
        assert.strictEqual(await value(cluster!.clusterName), "prod");
        assert.match(
            await value(cluster!.oidcIssuerUrl),
            /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
        );
        assert.match(await value(cluster!.oidcProviderArn), /:oidc-provider\/oidc\.eks/);
        assert.match(await value(cluster!.clusterSecurityGroupId), /^sg-[0-9a-f]{17}$/);
        assert.strictEqual(await (cluster!.kubeconfig as any).isSecret, true);
        const config = json(await value(cluster!.kubeconfig));
        assert.deepStrictEqual(config.users[0].user, {
            exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "aws",
                args: [
                    "eks",
                    "get-token",
                    "--cluster-name",
                    "prod",
                    "--region",
                    "us-east-1",
                    "--output",
                    "json",
                ],
            },
        });
        assert.match(config.clusters[0].cluster.server, /^https:\/\/.*\.eks\.amazonaws\.com$/);
    });

    describe("names that survive updates", () => {
        const tenants = [
            {
                name: "payments",
                teamRoleArns: ["arn:aws:iam::123456789012:role/payments-dev"],
                teams: [{ roleArn: "arn:aws:iam::123456789012:role/payments-ro" }],
                serviceAccounts: [{ name: "api" }, { name: "worker" }],
            },
            { name: "search", teamRoleArns: ["arn:aws:iam::123456789012:role/search-dev"] },
        ];

        it("keeps the second admin's children when the first admin is removed", async () => {
            const both = urnsOf(await build({ adminRoleArns: [admin, ci] }));
            const second = urnsOf(await build({ adminRoleArns: [ci] }));
            const ciUrns = second.filter((u) => u.includes("-admin-"));
            assert.strictEqual(ciUrns.length, 2);
            assert.ok(ciUrns.every((u) => u.endsWith("::prod-admin-123456789012-ci")));
            assert.deepStrictEqual(
                ciUrns.filter((u) => both.includes(u)),
                ciUrns,
            );
        });

        it("changes no URN when admins, tenants, team roles or service accounts are reordered", async () => {
            const before = urnsOf(await build({ adminRoleArns: [admin, ci], tenants }));
            const reversed = tenants
                .map((t) => ({
                    ...t,
                    teamRoleArns: [...t.teamRoleArns].reverse(),
                    serviceAccounts: t.serviceAccounts && [...t.serviceAccounts].reverse(),
                }))
                .reverse();
            const after = urnsOf(await build({ adminRoleArns: [ci, admin], tenants: reversed }));
            assert.deepStrictEqual([...after].sort(), [...before].sort());
        });
    });

    describe("refusals", () => {
        const refusals: RefusalCase[] = [
            [
                "one private subnet",
                { privateSubnetIds: ["subnet-a"] },
                /privateSubnetIds \["subnet-a"\] has fewer than two subnets/,
            ],
            [
                "no admin",
                { adminRoleArns: [] },
                /adminRoleArns \[\] is empty: .*role that runs `pulumi up`/,
            ],
            [
                "an admin that is not a role ARN",
                { adminRoleArns: ["admin"] },
                /adminRoleArns\[0\] "admin" is not an IAM role ARN/,
            ],
            [
                "an admin ARN known only after deployment",
                { adminRoleArns: [admin, pulumi.output(ci)] },
                /adminRoleArns\[1\] .* is not known before deployment \(an Output or a Promise\), and the children it makes are named after its value.*: pass the ARN as a string/,
            ],
            [
                "an admin listed twice",
                { adminRoleArns: [admin, admin] },
                /adminRoleArns\[1\] ".*platform-admin" is also adminRoleArns\[0\]/,
            ],
            [
                "no node group",
                { nodeGroups: [] },
                /nodeGroups \[\] is empty, and the coredns add-on needs nodes to become active/,
            ],
            [
                "a cluster name EKS does not accept",
                { clusterName: "prod.eu" },
                /clusterName "prod\.eu" is not a valid EKS cluster name/,
            ],
            [
                "a tenant with HTTPS egress to the internet",
                { tenants: [{ name: "a", egressCidrs: ["0.0.0.0/0"] }] },
                /tenants\[0\]\.egressCidrs\[0\] "0\.0\.0\.0\/0" opens HTTPS egress to the internet/,
            ],
            ["a missing VPC", { vpcId: undefined }, /vpcId undefined is required/],
            [
                "a public endpoint without CIDRs",
                { endpointPublicAccess: true },
                /publicAccessCidrs undefined is empty while endpointPublicAccess is on/,
            ],
            [
                "a public endpoint with an empty CIDR list",
                { endpointPublicAccess: true, publicAccessCidrs: [] },
                /publicAccessCidrs \[\] is empty/,
            ],
            [
                "0.0.0.0/0",
                { endpointPublicAccess: true, publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"] },
                /publicAccessCidrs\[1\] "0\.0\.0\.0\/0" opens the API endpoint to the whole internet/,
            ],
            [
                "::/0",
                { endpointPublicAccess: true, publicAccessCidrs: ["::/0"] },
                /publicAccessCidrs\[0\] "::\/0" opens/,
            ],
            [
                "a CIDR that is not one",
                { endpointPublicAccess: true, publicAccessCidrs: ["office"] },
                /publicAccessCidrs\[0\] "office" is not a CIDR/,
            ],
            [
                "CIDRs with a private endpoint",
                { publicAccessCidrs: ["203.0.113.0/24"] },
                /publicAccessCidrs .* is set while endpointPublicAccess is off/,
            ],
            [
                "a retention CloudWatch does not accept",
                { logRetentionDays: 45 },
                /logRetentionDays 45 is not a CloudWatch Logs retention period/,
            ],
            [
                "a KMS key ARN that is not one",
                { kmsKeyArn: "alias/eks" },
                /kmsKeyArn "alias\/eks" is not a KMS key ARN/,
            ],
            [
                "node group sizes out of order",
                { nodeGroups: [{ name: "a", minSize: 3, maxSize: 2 }] },
                /nodeGroups\[0\] .* minSize <= desiredSize <= maxSize/,
            ],
            [
                "a node group name that is not DNS-1123",
                { nodeGroups: [{ name: "GPU_nodes" }] },
                /nodeGroups\[0\]\.name "GPU_nodes" is not a DNS-1123 label/,
            ],
            [
                "a tenant named kube-system",
                { tenants: [{ name: "kube-system" }] },
                /tenants\[0\]\.name "kube-system" is reserved/,
            ],
            [
                "a tenant listed twice",
                { tenants: [{ name: "a" }, { name: "a" }] },
                /tenants\[1\]\.name "a" is listed twice/,
            ],
            [
                "a tenant service account with a wildcard",
                {
                    tenants: [
                        {
                            name: "a",
                            serviceAccounts: [
                                {
                                    name: "x",
                                    policyStatements: [{ actions: ["*"], resources: ["*"] }],
                                },
                            ],
                        },
                    ],
                },
                /tenants\[0\]\.serviceAccounts\[0\]\.policyStatements\[0\]/,
            ],
            [
                "an admin role that is also a tenant's team role",
                { tenants: [{ name: "a", teamRoleArns: [admin] }] },
                /tenants\[0\]\.teamRoleArns\[0\] ".*platform-admin" is also adminRoleArns\[0\], and EKS allows one access entry per principal/,
            ],
            [
                "one team role in two tenants",
                {
                    tenants: [
                        { name: "a", teamRoleArns: ["arn:aws:iam::123456789012:role/shared"] },
                        { name: "b", teamRoleArns: ["arn:aws:iam::123456789012:role/shared"] },
                    ],
                },
                /tenants\[1\]\.teamRoleArns\[0\] ".*role\/shared" is also tenants\[0\]\.teamRoleArns\[0\]/,
            ],
        ];
        itRefuses(
            'HardenedCluster "prod"',
            refusals,
            (extra) => new HardenedCluster("prod", { ...args(), ...extra } as HardenedClusterArgs),
        );
    });
});
