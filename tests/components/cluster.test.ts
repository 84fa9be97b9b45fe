import * as assert from "assert";
import { HardenedCluster, HardenedClusterArgs } from "../../components/cluster";
import { MockedResource } from "../../preflight/mocks";
import { itRefuses, json, ofType, one, RefusalCase, underMocks } from "../harness";

const admin = "arn:aws:iam::123456789012:role/platform-admin";

function args(extra: Partial<HardenedClusterArgs> = {}): HardenedClusterArgs {
    return {
        vpcId: "vpc-1",
        privateSubnetIds: ["subnet-a", "subnet-b"],
        adminRoleArns: [admin],
        ...extra,
    };
}

function build(extra: Partial<HardenedClusterArgs> = {}) {
    return underMocks(() => new HardenedCluster("prod", args(extra)));
}

const eksInputs = (resources: MockedResource[]) =>
    one(resources, "eks:index:Cluster").inputs as any;

describe("HardenedCluster", () => {
    it("creates the keys and log group, the cluster, the node role and one IMDSv2 node group", async () => {
        const types = (await build()).map((r) => r.type).sort();
        assert.deepStrictEqual(types, [
            "aws:cloudwatch/logGroup:LogGroup",
            "aws:ec2/launchTemplate:LaunchTemplate",
            "aws:iam/role:Role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "aws:kms/key:Key",
            "aws:kms/key:Key",
            "eks:index:Cluster",
            "eks:index:ManagedNodeGroup",
            "hardened-eks:index:HardenedCluster",
            "pulumi:providers:kubernetes",
        ]);
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

        it("creates /aws/eks/<cluster>/cluster with 90 days retention and a KMS key, before the cluster", async () => {
            const resources = await build();
            const group = one(resources, "aws:cloudwatch/logGroup:LogGroup");
            assert.strictEqual(group.inputs.name, "/aws/eks/prod/cluster");
            assert.strictEqual(group.inputs.retentionInDays, 90);
            assert.strictEqual(
                group.inputs.kmsKeyId,
                "arn:aws:kms:us-east-1:123456789012:key/prod-logs-key-id",
            );
            assert.ok(
                resources.indexOf(group) < resources.indexOf(one(resources, "eks:index:Cluster")),
            );
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
            const group = one(
                await build({ logRetentionDays: 365, clusterName: "payments-prod" }),
                "aws:cloudwatch/logGroup:LogGroup",
            );
            assert.strictEqual(group.inputs.retentionInDays, 365);
            assert.strictEqual(group.inputs.name, "/aws/eks/payments-prod/cluster");
        });
    });

    describe("secrets encryption", () => {
        it("encrypts Secrets with a key it creates, rotation on", async () => {
            const resources = await build();
            const key = one(resources, "aws:kms/key:Key", "prod-secrets-key").inputs;
            assert.strictEqual(key.enableKeyRotation, true);
            assert.strictEqual(
                eksInputs(resources).encryptionConfigKeyArn,
                "arn:aws:kms:us-east-1:123456789012:key/prod-secrets-key-id",
            );
        });

        it("uses kmsKeyArn when given and creates no secrets key", async () => {
            const arn =
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            const resources = await build({ kmsKeyArn: arn });
            assert.strictEqual(eksInputs(resources).encryptionConfigKeyArn, arn);
            assert.strictEqual(ofType(resources, "aws:kms/key:Key").length, 1);
        });
    });

    describe("endpoint and access", () => {
        it("keeps the API endpoint private by default", async () => {
            const inputs = eksInputs(await build());
            assert.strictEqual(inputs.endpointPrivateAccess, true);
            assert.strictEqual(inputs.endpointPublicAccess, false);
            assert.strictEqual(inputs.publicAccessCidrs, undefined);
        });

        it("opens the public endpoint only to publicAccessCidrs", async () => {
            const inputs = eksInputs(
                await build({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
            );
            assert.strictEqual(inputs.endpointPublicAccess, true);
            assert.deepStrictEqual(inputs.publicAccessCidrs, ["203.0.113.0/24"]);
        });

        it("uses access entries only: API mode, OIDC provider, admins with AmazonEKSClusterAdminPolicy, no aws-auth mappings", async () => {
            const inputs = eksInputs(
                await build({ adminRoleArns: [admin, "arn:aws:iam::123456789012:role/ci"] }),
            );
            assert.strictEqual(inputs.authenticationMode, "API");
            assert.strictEqual(inputs.createOidcProvider, true);
            assert.strictEqual(inputs.roleMappings, undefined);
            assert.strictEqual(inputs.userMappings, undefined);
            assert.deepStrictEqual(
                Object.values(inputs.accessEntries),
                [admin, "arn:aws:iam::123456789012:role/ci"].map((principalArn) => ({
                    principalArn,
                    type: "STANDARD",
                    accessPolicies: {
                        admin: {
                            policyArn:
                                "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                            accessScope: { type: "cluster" },
                        },
                    },
                })),
            );
        });

        it("registers the bootstrap-admin and IMDSv2 transforms on eks.Cluster, where they reach its remote children", async () => {
            const resources = await build();
            assert.deepStrictEqual(one(resources, "eks:index:Cluster").transforms, [
                "disableBootstrapClusterCreatorAdmin",
                "requireImdsv2HopLimit1",
            ]);
        });

        it("skips the default node group, keeps nodes off public IPs and enables VPC CNI network policy", async () => {
            const inputs = eksInputs(await build());
            assert.strictEqual(inputs.skipDefaultNodeGroup, true);
            assert.strictEqual(inputs.nodeAssociatePublicIpAddress, false);
            assert.strictEqual(inputs.vpcCniOptions.enableNetworkPolicy, true);
            assert.deepStrictEqual(inputs.privateSubnetIds, ["subnet-a", "subnet-b"]);
            assert.strictEqual(inputs.publicSubnetIds, undefined);
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

        it("puts managed node groups on the private subnets with the launch template and no remote access", async () => {
            const resources = await build({
                nodeGroups: [
                    { name: "general" },
                    {
                        name: "batch",
                        instanceTypes: ["c6i.xlarge"],
                        minSize: 0,
                        desiredSize: 1,
                        maxSize: 10,
                    },
                ],
            });
            const groups = ofType(resources, "eks:index:ManagedNodeGroup");
            assert.deepStrictEqual(
                groups.map((g) => g.name),
                ["prod-general", "prod-batch"],
            );
            const batch = groups[1].inputs as any;
            assert.deepStrictEqual(batch.subnetIds, ["subnet-a", "subnet-b"]);
            assert.deepStrictEqual(batch.scalingConfig, {
                minSize: 0,
                desiredSize: 1,
                maxSize: 10,
            });
            assert.deepStrictEqual(batch.instanceTypes, ["c6i.xlarge"]);
            assert.deepStrictEqual(batch.launchTemplate, { id: "prod-batch-lt-id", version: "1" });
            assert.strictEqual(batch.remoteAccess, undefined);
            assert.strictEqual(
                ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate").length,
                2,
            );
        });

        it("gives nodes a role with only the worker, CNI and ECR read-only policies", async () => {
            const resources = await build();
            const policies = ofType(
                resources,
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            ).map((r) => r.inputs.policyArn);
            assert.deepStrictEqual(policies, [
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
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
            one(resources, "aws:eks/accessEntry:AccessEntry").inputs.clusterName,
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

    it("outputs the cluster name, a secret kubeconfig and the OIDC provider", async () => {
        let cluster: HardenedCluster | undefined;
        await underMocks(() => (cluster = new HardenedCluster("prod", args())));
        const value = <T>(o: { apply(f: (v: T) => void): unknown }) =>
            new Promise<T>((r) => o.apply(r));
        assert.strictEqual(await value(cluster!.clusterName), "prod");
        assert.match(
            await value(cluster!.oidcIssuerUrl),
            /^oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
        );
        assert.match(await value(cluster!.oidcProviderArn), /:oidc-provider\/oidc\.eks/);
        assert.strictEqual(await (cluster!.kubeconfig as any).isSecret, true);
        assert.strictEqual(json(await value(cluster!.kubeconfig)).kind, "Config");
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
