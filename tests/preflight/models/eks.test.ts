// The model of @pulumi/eks registers what the real component registers where a policy reads
// it; each test names the upstream line it follows (pulumi/pulumi-eks@7bf0c1b1, nodejs/eks/).
import * as assert from "assert";
import * as eks from "@pulumi/eks";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { hardenEksCluster } from "../../../components/transforms";
import { MockedResource } from "../../../preflight/mocks";
import { UNKNOWN } from "../../../preflight/models";
import { json, ofType, one, underMocks } from "../../harness";

const preview = (build: () => unknown) => underMocks(build, "test", "test", { preview: true });
const apiCluster = (opts: pulumi.ComponentResourceOptions = {}) =>
    new eks.Cluster("prod", { authenticationMode: eks.AuthenticationMode.Api }, opts);
const child = (resources: MockedResource[], type: string) =>
    one(
        resources.filter((r) => r.modelled),
        type,
    );

describe("preflight model of eks.Cluster", () => {
    it("creates the cluster with bootstrapClusterCreatorAdminPermissions true when authenticationMode is set (cluster/cluster.ts:733-741)", async () => {
        const cluster = child(await preview(() => apiCluster()), "aws:eks/cluster:Cluster");
        assert.strictEqual(cluster.name, "prod-eksCluster");
        assert.match(
            cluster.urn!,
            /::eks:index:Cluster\$aws:eks\/cluster:Cluster::prod-eksCluster$/,
        );
        assert.deepStrictEqual(cluster.inputs.accessConfig, {
            authenticationMode: "API",
            bootstrapClusterCreatorAdminPermissions: true,
        });
        assert.strictEqual(cluster.inputs.roleArn, UNKNOWN, "the service role's ARN is computed");
    });

    it("sets no accessConfig without authenticationMode, which EKS reads as the creator admin (cluster/cluster.ts:733)", async () => {
        const cluster = child(
            await preview(() => new eks.Cluster("old", {})),
            "aws:eks/cluster:Cluster",
        );
        assert.strictEqual(cluster.inputs.accessConfig, undefined);
    });

    it("applies the program's transforms to the children, as the engine does for remote components", async () => {
        const resources = await preview(() => apiCluster({ transforms: hardenEksCluster() }));
        assert.strictEqual(
            (child(resources, "aws:eks/cluster:Cluster").inputs.accessConfig as any)
                .bootstrapClusterCreatorAdminPermissions,
            false,
        );
        assert.deepStrictEqual(
            child(resources, "aws:ec2/launchTemplate:LaunchTemplate").inputs.metadataOptions,
            { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        );
    });

    it("gives the default node group a launch template with no metadata options (nodes/nodegroup.ts:1422-1457, cluster/cluster.ts:2150-2162)", async () => {
        const template = child(
            await preview(() => apiCluster()),
            "aws:ec2/launchTemplate:LaunchTemplate",
        );
        assert.strictEqual(template.name, "prod-launchTemplate");
        assert.strictEqual(template.inputs.metadataOptions, undefined);
        const skipped = await preview(
            () => new eks.Cluster("bare", { skipDefaultNodeGroup: true }),
        );
        assert.strictEqual(ofType(skipped, "aws:ec2/launchTemplate:LaunchTemplate").length, 0);
    });

    it("maps the service role to eks.amazonaws.com with AmazonEKSClusterPolicy (cluster/cluster.ts:513-545, servicerole.ts:75-108)", async () => {
        const resources = await preview(() => apiCluster());
        const role = one(resources, "aws:iam/role:Role", "prod-eksRole-role");
        assert.deepStrictEqual(json(role.inputs.assumeRolePolicy).Statement, [
            {
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Effect: "Allow",
                Principal: { Service: ["eks.amazonaws.com"] },
            },
        ]);
        assert.strictEqual(
            one(
                resources,
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                "prod-eksRole-4b490823",
            ).inputs.policyArn,
            "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
        );
    });

    it("creates access entries with their policy associations as children (cluster/authenticationMode.ts:178-218)", async () => {
        const resources = await preview(
            () =>
                new eks.Cluster("prod", {
                    authenticationMode: eks.AuthenticationMode.Api,
                    skipDefaultNodeGroup: true,
                    accessEntries: {
                        ops: {
                            principalArn: "arn:aws:iam::123456789012:role/ops",
                            accessPolicies: {
                                admin: {
                                    policyArn:
                                        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                                    accessScope: { type: "cluster" },
                                },
                            },
                        },
                    },
                }),
        );
        const association = one(
            resources,
            "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        );
        assert.strictEqual(association.name, "prod-ops-admin");
        assert.match(
            association.urn!,
            /AccessEntry\$aws:eks\/accessPolicyAssociation:AccessPolicyAssociation::prod-ops-admin$/,
        );
        assert.strictEqual(association.inputs.principalArn, "arn:aws:iam::123456789012:role/ops");
    });

    it("writes role mappings to the aws-auth ConfigMap, unknown while an instance role is mapped (cluster/cluster.ts:1000-1029)", async () => {
        const mappings = [
            {
                roleArn: "arn:aws:iam::123456789012:role/ops",
                username: "ops",
                groups: ["system:masters"],
            },
        ];
        const known = one(
            await preview(
                () => new eks.Cluster("a", { roleMappings: mappings, skipDefaultNodeGroup: true }),
            ),
            "kubernetes:core/v1:ConfigMap",
        ).inputs as any;
        assert.strictEqual(known.metadata.name, "aws-auth");
        assert.match(
            known.data.mapRoles,
            /rolearn: arn:aws:iam::123456789012:role\/ops\n\s+username: ops\n\s+groups:\n\s+- system:masters/,
        );
        const withNodes = one(
            await preview(() => new eks.Cluster("b", { roleMappings: mappings })),
            "kubernetes:core/v1:ConfigMap",
        ).inputs as any;
        assert.strictEqual(withNodes.data.mapRoles, UNKNOWN);
    });

    it("creates the OIDC provider only when asked (cluster/cluster.ts:1253-1267)", async () => {
        assert.strictEqual(
            ofType(
                await preview(() => apiCluster()),
                "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            ).length,
            0,
        );
        const oidc = one(
            await preview(() => new eks.Cluster("c", { createOidcProvider: true })),
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
        );
        assert.deepStrictEqual(oidc.inputs.clientIdLists, ["sts.amazonaws.com"]);
    });

    it("returns eksCluster as an aws.eks.Cluster, and leaves computed outputs unknown in a preview", async () => {
        let seen: { isCluster: boolean; applied: boolean } | undefined;
        await preview(() => {
            const cluster = apiCluster();
            seen = { isCluster: false, applied: false };
            cluster.eksCluster.apply((c) => (seen!.isCluster = c instanceof aws.eks.Cluster));
            cluster.kubeconfigJson.apply(() => (seen!.applied = true));
        });
        assert.deepStrictEqual(seen, { isCluster: true, applied: false });
    });

    it("answers getKubeconfig(), unknown in a preview and a kubeconfig otherwise", async () => {
        let config: string | undefined;
        await underMocks(() =>
            apiCluster()
                .getKubeconfig()
                .apply((k) => (config = k.result)),
        );
        assert.strictEqual(JSON.parse(config!).users[0].user.exec.command, "aws");
        let ran = false;
        await preview(() =>
            apiCluster()
                .getKubeconfig()
                .apply(() => (ran = true)),
        );
        assert.strictEqual(ran, false);
    });
});

describe("preflight model of eks.ManagedNodeGroup and the node groups", () => {
    it("builds a launch template with hop limit 2 for enableIMDSv2 (nodes/nodegroup.ts:2236-2243)", async () => {
        const resources = await preview(() => {
            const cluster = apiCluster();
            new eks.ManagedNodeGroup("workers", {
                cluster,
                enableIMDSv2: true,
                nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
            });
        });
        const template = one(
            resources,
            "aws:ec2/launchTemplate:LaunchTemplate",
            "workers-launchTemplate",
        );
        assert.deepStrictEqual(template.inputs.metadataOptions, {
            httpTokens: "required",
            httpPutResponseHopLimit: 2,
            httpEndpoint: "enabled",
        });
        const group = one(resources, "aws:eks/nodeGroup:NodeGroup", "workers");
        assert.deepStrictEqual(group.inputs.launchTemplate, { id: UNKNOWN, version: UNKNOWN });
        assert.deepStrictEqual(group.inputs.scalingConfig, {
            desiredSize: 2,
            minSize: 1,
            maxSize: 2,
        });
    });

    it("uses EKS's own launch template when no template argument is given (nodes/nodegroup.ts:2049-2061)", async () => {
        const resources = await preview(
            () =>
                new eks.ManagedNodeGroup("plain", {
                    cluster: apiCluster(),
                    nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
                }),
        );
        assert.strictEqual(
            ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate").filter(
                (r) => r.name === "plain-launchTemplate",
            ).length,
            0,
        );
    });

    it("returns nodeGroup as an aws.eks.NodeGroup that programs can read", async () => {
        let name: string | undefined;
        await underMocks(() => {
            const group = new eks.ManagedNodeGroup("workers", {
                cluster: apiCluster(),
                nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
            });
            group.nodeGroup.apply((g) => {
                assert.ok(g instanceof aws.eks.NodeGroup);
                g.nodeGroupName.apply((n) => (name = n));
            });
        });
        assert.strictEqual(name, "workers");
    });

    it("gives NodeGroupV2 a launch template and NodeGroup a launch configuration, neither with metadata options (nodes/nodegroup.ts:1422-1457, 924-945)", async () => {
        const resources = await preview(() => {
            const cluster = apiCluster();
            new eks.NodeGroupV2("v2", { cluster });
            new eks.NodeGroup("v1", { cluster });
        });
        const template = one(
            resources,
            "aws:ec2/launchTemplate:LaunchTemplate",
            "v2-launchTemplate",
        );
        assert.strictEqual(template.inputs.metadataOptions, undefined);
        const configuration = one(resources, "aws:ec2/launchConfiguration:LaunchConfiguration");
        assert.strictEqual(configuration.name, "v1-nodeLaunchConfiguration");
        assert.strictEqual(configuration.inputs.metadataOptions, undefined);
    });
});
