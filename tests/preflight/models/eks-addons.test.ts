// The models of @pulumi/eks's add-on and supporting components register what the real ones
// register; each test names the upstream line it follows (pulumi/pulumi-eks@7bf0c1b1,
// nodejs/eks/). The first test keeps the list of models whole: every remote component the
// installed @pulumi/eks exports must have one.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { MockSettings, ProgramMocks } from "../../../preflight/mocks";
import { componentModels, UNKNOWN } from "../../../preflight/models";
import { json, one, underMocks } from "../../harness";

const preview = (build: () => unknown, settings: MockSettings = {}) =>
    underMocks(build, "test", "test", { preview: true, ...settings });
const cluster = () => new eks.Cluster("prod", { skipDefaultNodeGroup: true });
/** The name the cluster model gives `prod`'s aws.eks.Cluster (autonamed in the provider's Check). */
const prodClusterName = "prod-eksCluster-06bde7e";

/** Registers one remote component straight through the mocks, for the failures a model raises. */
function registerRemote(type: string, name: string, inputs: Record<string, unknown>) {
    const mocks = new ProgramMocks({ preview: true });
    mocks.nextRegistration = {
        urn: `urn:pulumi:test::test::${type}::${name}`,
        transforms: [],
        chain: [],
        dependencies: [],
        remote: true,
    };
    return mocks.newResource({ type, name, inputs, custom: false });
}

describe("preflight models of every @pulumi/eks remote component", () => {
    it("has a model of each remote component the installed @pulumi/eks exports (its generated classes' __pulumiType)", () => {
        // The SDK is generated from the provider's schema: each of its resources is a class
        // with a `__pulumiType`, and a component is a ComponentResource registered `remote`.
        const remote = Object.keys(eks)
            .map((k) => (eks as Record<string, unknown>)[k])
            .filter(
                (v): v is { __pulumiType: string; prototype: unknown } =>
                    typeof v === "function" &&
                    typeof (v as { __pulumiType?: unknown }).__pulumiType === "string" &&
                    (v as { prototype: unknown }).prototype instanceof pulumi.ComponentResource,
            );
        for (const component of remote) {
            assert.match(String(component), /true \/\*remote\*\//, component.__pulumiType);
        }
        const types = remote.map((c) => c.__pulumiType).sort();
        assert.deepStrictEqual(types, [
            "eks:index:Addon",
            "eks:index:Cluster",
            "eks:index:ClusterCreationRoleProvider",
            "eks:index:ManagedNodeGroup",
            "eks:index:NodeGroup",
            "eks:index:NodeGroupSecurityGroup",
            "eks:index:NodeGroupV2",
            "eks:index:VpcCniAddon",
        ]);
        assert.deepStrictEqual(
            types.filter((t) => !componentModels[t]),
            [],
            "remote components with no model",
        );
    });
});

describe("preflight model of eks.Addon", () => {
    it("registers one aws.eks.Addon with the cluster's name and the configuration as JSON, the cluster its parent (addons/addon.ts:40-54)", async () => {
        const resources = await preview(() => {
            new eks.Addon("coredns", {
                cluster: cluster(),
                addonName: "coredns",
                addonVersion: "v1.11.3-eksbuild.2",
                configurationValues: {
                    replicaCount: 3,
                    resources: { limits: { memory: "170Mi" } },
                },
                resolveConflictsOnUpdate: "PRESERVE",
            });
        });
        const addon = one(resources, "aws:eks/addon:Addon");
        assert.strictEqual(addon.name, "coredns");
        assert.deepStrictEqual(addon.inputs, {
            addonName: "coredns",
            addonVersion: "v1.11.3-eksbuild.2",
            resolveConflictsOnUpdate: "PRESERVE",
            clusterName: prodClusterName,
            configurationValues: '{"replicaCount":3,"resources":{"limits":{"memory":"170Mi"}}}',
        });
        // The engine forms the URN from the parent the component registers with: the cluster.
        assert.strictEqual(
            one(resources, "eks:index:Addon").urn,
            "urn:pulumi:test::test::eks:index:Cluster$eks:index:Addon::coredns",
        );
        assert.strictEqual(
            addon.urn,
            "urn:pulumi:test::test::eks:index:Cluster$eks:index:Addon$aws:eks/addon:Addon::coredns",
        );
        assert.strictEqual(addon.parent, one(resources, "eks:index:Addon").urn);
    });

    it("passes the EBS CSI driver's IRSA role through (addons/addon.ts:47)", async () => {
        const addon = one(
            await preview(
                () =>
                    new eks.Addon("ebs-csi", {
                        cluster: cluster(),
                        addonName: "aws-ebs-csi-driver",
                        serviceAccountRoleArn: "arn:aws:iam::123456789012:role/ebs-csi",
                    }),
            ),
            "aws:eks/addon:Addon",
        );
        assert.strictEqual(
            addon.inputs.serviceAccountRoleArn,
            "arn:aws:iam::123456789012:role/ebs-csi",
        );
        assert.strictEqual(addon.inputs.configurationValues, undefined);
    });
});

describe("preflight model of eks.VpcCniAddon", () => {
    it("registers the vpc-cni add-on with OVERWRITE, preserve and the computed environment as sorted JSON (addons/cni-addon.ts:291-313, 372-575)", async () => {
        const resources = await preview(
            () =>
                new eks.VpcCniAddon("vpc-cni", {
                    clusterName: "prod",
                    clusterVersion: "1.31",
                    enableNetworkPolicy: true,
                }),
        );
        const addon = one(resources, "aws:eks/addon:Addon");
        assert.deepStrictEqual(addon.inputs, {
            clusterName: "prod",
            // cni-addon.ts:276-283: the newest version for the cluster's, from an invoke.
            addonVersion: "v1.0.0-eksbuild.1",
            addonName: "vpc-cni",
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            preserve: true,
            configurationValues: JSON.stringify({
                enableNetworkPolicy: "true",
                env: {
                    AWS_VPC_ENI_MTU: "9001",
                    AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "false",
                    AWS_VPC_K8S_CNI_EXTERNALSNAT: "false",
                    AWS_VPC_K8S_CNI_LOGLEVEL: "DEBUG",
                    AWS_VPC_K8S_CNI_LOG_FILE: "/host/var/log/aws-routed-eni/ipamd.log",
                    AWS_VPC_K8S_CNI_VETHPREFIX: "eni",
                    AWS_VPC_K8S_PLUGIN_LOG_FILE: "/var/log/aws-routed-eni/plugin.log",
                    AWS_VPC_K8S_PLUGIN_LOG_LEVEL: "DEBUG",
                    ENABLE_POD_ENI: "false",
                    WARM_ENI_TARGET: "1",
                },
                init: { env: { DISABLE_TCP_EARLY_DEMUX: "false" } },
            }),
        });
        assert.strictEqual(
            addon.urn,
            "urn:pulumi:test::test::eks:index:VpcCniAddon$aws:eks/addon:Addon::vpc-cni",
        );
    });

    it("lays the user's configuration values over the computed ones, and keeps the upstream order of the custom network setting (cni-addon.ts:381-386, 493-503, 552-556)", async () => {
        const addon = one(
            await preview(
                () =>
                    new eks.VpcCniAddon("vpc-cni", {
                        clusterName: "prod",
                        addonVersion: "v1.19.0-eksbuild.1",
                        customNetworkConfig: true,
                        warmIpTarget: 5,
                        configurationValues: {
                            env: { WARM_ENI_TARGET: "0" },
                            nodeAgent: { enablePolicyEventLogs: "true" },
                        },
                    }),
            ),
            "aws:eks/addon:Addon",
        );
        const configuration = json(addon.inputs.configurationValues);
        assert.strictEqual(configuration.env.WARM_ENI_TARGET, "0");
        assert.strictEqual(configuration.env.WARM_IP_TARGET, "5");
        // customNetworkConfig sets it "true", and the unset cniCustomNetworkCfg sets it again.
        assert.strictEqual(configuration.env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG, "false");
        assert.deepStrictEqual(configuration.nodeAgent, { enablePolicyEventLogs: "true" });
        assert.strictEqual(addon.inputs.addonVersion, "v1.19.0-eksbuild.1");
    });

    it("takes the add-on version from preflight-mocks.json's invokes when given", async () => {
        const addon = one(
            await preview(
                () =>
                    new eks.VpcCniAddon("vpc-cni", { clusterName: "prod", clusterVersion: "1.31" }),
                {
                    invokes: {
                        "aws:eks/getAddonVersion:getAddonVersion": {
                            version: "v1.19.2-eksbuild.1",
                        },
                    },
                },
            ),
            "aws:eks/addon:Addon",
        );
        assert.strictEqual(addon.inputs.addonVersion, "v1.19.2-eksbuild.1");
    });

    it("patches the aws-node DaemonSet privileged when asked, retained on delete (cni-addon.ts:316-318, 324-364)", async () => {
        const patch = one(
            await preview(
                () =>
                    new eks.VpcCniAddon("vpc-cni", {
                        clusterName: "prod",
                        addonVersion: "v1.19.0-eksbuild.1",
                        securityContextPrivileged: true,
                    }),
            ),
            "kubernetes:apps/v1:DaemonSetPatch",
        );
        assert.strictEqual(patch.name, "vpc-cni");
        assert.strictEqual(patch.retainOnDelete, true);
        assert.deepStrictEqual(patch.inputs, {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            metadata: {
                name: "aws-node",
                namespace: "kube-system",
                annotations: { "pulumi.com/patchForce": "true" },
            },
            spec: {
                template: {
                    spec: {
                        containers: [{ name: "aws-node", securityContext: { privileged: true } }],
                    },
                },
            },
        });
    });

    it("fails as the component does with neither addonVersion nor clusterVersion (cni-addon.ts:284-289)", async () => {
        await assert.rejects(
            registerRemote("eks:index:VpcCniAddon", "vpc-cni", { clusterName: "prod" }),
            {
                message:
                    'eks:index:VpcCniAddon "vpc-cni": You need to specify either `addonVersion` or `clusterVersion` to determine the version of the vpc-cni addon to use.',
            },
        );
    });

    it("fails as the component does with both externalSnat and cniExternalSnat (cni-addon.ts:505-509)", async () => {
        await assert.rejects(
            registerRemote("eks:index:VpcCniAddon", "vpc-cni", {
                clusterName: "prod",
                addonVersion: "v1.19.0-eksbuild.1",
                externalSnat: true,
                cniExternalSnat: true,
            }),
            {
                message:
                    'eks:index:VpcCniAddon "vpc-cni": Please specify one of `cniExternalSnat` or `externalSnat` in your VpcCniOptions',
            },
        );
    });

    it("leaves the configuration unknown while a value it is built from is (cni-addon.ts:291-295)", async () => {
        const addon = one(
            await preview(() => {
                const mtu = new aws.ec2.Vpc("vpc", {}).id.apply(() => 9001);
                new eks.VpcCniAddon("vpc-cni", {
                    clusterName: "prod",
                    addonVersion: "v1.19.0-eksbuild.1",
                    eniMtu: mtu,
                });
            }),
            "aws:eks/addon:Addon",
        );
        assert.strictEqual(addon.inputs.configurationValues, UNKNOWN);
    });
});

describe("preflight model of eks.NodeGroupSecurityGroup", () => {
    it("registers the node security group and its five rules, egress open to the internet (nodes/securitygroup.ts:113-200)", async () => {
        const resources = await preview(() => {
            const c = cluster();
            new eks.NodeGroupSecurityGroup("nodes", {
                vpcId: "vpc-1",
                clusterSecurityGroup: c.clusterSecurityGroup as unknown as aws.ec2.SecurityGroup,
                eksCluster: c.eksCluster,
                tags: { team: "platform" },
            });
        });
        const group = one(
            resources,
            "aws:ec2/securityGroup:SecurityGroup",
            "nodes-nodeSecurityGroup",
        );
        assert.deepStrictEqual(group.inputs, {
            vpcId: "vpc-1",
            revokeRulesOnDelete: true,
            tags: {
                Name: "nodes-nodeSecurityGroup",
                [`kubernetes.io/cluster/${prodClusterName}`]: "owned",
                team: "platform",
            },
        });
        const rules = resources.filter(
            (r) => r.type === "aws:ec2/securityGroupRule:SecurityGroupRule",
        );
        assert.deepStrictEqual(
            rules.map((r) => [
                r.name,
                r.inputs.type,
                r.inputs.fromPort,
                r.inputs.toPort,
                r.inputs.protocol,
            ]),
            [
                ["nodes-eksNodeIngressRule", "ingress", 0, 0, "-1"],
                ["nodes-eksNodeClusterIngressRule", "ingress", 1025, 65535, "tcp"],
                ["nodes-eksExtApiServerClusterIngressRule", "ingress", 443, 443, "tcp"],
                ["nodes-eksNodeInternetEgressRule", "egress", 0, 0, "-1"],
                ["nodes-eksClusterIngressRule", "ingress", 443, 443, "tcp"],
            ],
        );
        assert.deepStrictEqual(rules[3].inputs.cidrBlocks, ["0.0.0.0/0"]);
        assert.strictEqual(rules[3].inputs.securityGroupId, UNKNOWN);
    });
});

describe("preflight model of eks.ClusterCreationRoleProvider", () => {
    it("registers a role the account's root may assume, with eks:* and iam:PassRole on every resource, and a provider that assumes it (cluster/cluster.ts:338-403)", async () => {
        let role: unknown;
        const resources = await preview(() => {
            new eks.ClusterCreationRoleProvider("creator", { region: "eu-west-1" }).role.apply(
                (r) => (role = r),
            );
        });
        const iamRole = one(resources, "aws:iam/role:Role", "creator-eksClusterCreatorRole");
        assert.deepStrictEqual(json(iamRole.inputs.assumeRolePolicy), {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "sts:AssumeRole",
                },
            ],
        });
        assert.strictEqual(iamRole.inputs.description, "Admin access to eks-creator");
        const policy = one(resources, "aws:iam/rolePolicy:RolePolicy");
        assert.strictEqual(policy.name, "creator-eksClusterCreatorPolicy");
        assert.strictEqual(policy.parent, iamRole.urn);
        assert.deepStrictEqual(policy.inputs.policy, {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "eks:*", Resource: "*" },
                { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
            ],
        });
        const provider = one(resources, "pulumi:providers:aws");
        assert.strictEqual(provider.name, "creator-eksClusterCreatorEntity");
        assert.strictEqual(provider.inputs.region, "eu-west-1");
        assert.strictEqual(provider.inputs.assumeRoles, UNKNOWN);
        assert.ok(
            role instanceof aws.iam.Role,
            "role is an aws.iam.Role (cmd/provider/cluster.ts:71-77)",
        );
    });
});
