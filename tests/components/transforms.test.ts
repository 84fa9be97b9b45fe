import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/eks";
import {
    disableBootstrapClusterCreatorAdmin,
    hardenEksCluster,
    requireImdsv2HopLimit1,
} from "../../components/transforms";
import { one, underMocks } from "../harness";

function transformArgs(type: string, props: Record<string, unknown>): pulumi.ResourceTransformArgs {
    return { custom: true, type, name: "child", props, opts: { protect: true } };
}

describe("transforms", () => {
    describe("disableBootstrapClusterCreatorAdmin", () => {
        it("turns bootstrapClusterCreatorAdminPermissions off on aws:eks/cluster:Cluster, keeping the rest", () => {
            const result = disableBootstrapClusterCreatorAdmin(
                transformArgs("aws:eks/cluster:Cluster", {
                    name: "prod",
                    accessConfig: {
                        authenticationMode: "API",
                        bootstrapClusterCreatorAdminPermissions: true,
                    },
                }),
            );
            assert.deepStrictEqual(result?.props, {
                name: "prod",
                accessConfig: {
                    authenticationMode: "API",
                    bootstrapClusterCreatorAdminPermissions: false,
                },
            });
            assert.deepStrictEqual(result?.opts, { protect: true });
        });

        it("adds accessConfig when the cluster has none", () => {
            const result = disableBootstrapClusterCreatorAdmin(
                transformArgs("aws:eks/cluster:Cluster", {}),
            );
            assert.deepStrictEqual(result?.props.accessConfig, {
                bootstrapClusterCreatorAdminPermissions: false,
            });
        });

        it("leaves every other type alone", () => {
            assert.strictEqual(
                disableBootstrapClusterCreatorAdmin(
                    transformArgs("eks:index:Cluster", { accessConfig: {} }),
                ),
                undefined,
            );
        });

        it("does not mutate its input", () => {
            const props = { accessConfig: { bootstrapClusterCreatorAdminPermissions: true } };
            disableBootstrapClusterCreatorAdmin(transformArgs("aws:eks/cluster:Cluster", props));
            assert.strictEqual(props.accessConfig.bootstrapClusterCreatorAdminPermissions, true);
        });
    });

    describe("requireImdsv2HopLimit1", () => {
        it("requires IMDSv2 tokens with hop limit 1 where @pulumi/eks sets hop limit 2", () => {
            const result = requireImdsv2HopLimit1(
                transformArgs("aws:ec2/launchTemplate:LaunchTemplate", {
                    imageId: "ami-1",
                    metadataOptions: {
                        httpTokens: "optional",
                        httpPutResponseHopLimit: 2,
                        instanceMetadataTags: "enabled",
                    },
                }),
            );
            assert.deepStrictEqual(result?.props, {
                imageId: "ami-1",
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required",
                    httpPutResponseHopLimit: 1,
                    instanceMetadataTags: "enabled",
                },
            });
        });

        it("also fixes the launch configurations of @pulumi/eks NodeGroup (v1)", () => {
            const result = requireImdsv2HopLimit1(
                transformArgs("aws:ec2/launchConfiguration:LaunchConfiguration", {
                    imageId: "ami-1",
                }),
            );
            assert.deepStrictEqual(result?.props.metadataOptions, {
                httpEndpoint: "enabled",
                httpTokens: "required",
                httpPutResponseHopLimit: 1,
            });
        });

        it("leaves every other type alone", () => {
            assert.strictEqual(
                requireImdsv2HopLimit1(transformArgs("aws:eks/cluster:Cluster", {})),
                undefined,
            );
        });
    });

    describe("hardenEksCluster", () => {
        it("returns the creator-admin and IMDSv2 transforms, in that order", () => {
            assert.deepStrictEqual(hardenEksCluster(), [
                disableBootstrapClusterCreatorAdmin,
                requireImdsv2HopLimit1,
            ]);
        });

        it("is what an eks.Cluster registers when passed as its transforms", async () => {
            const resources = await underMocks(
                () =>
                    new eks.Cluster(
                        "legacy",
                        { authenticationMode: eks.AuthenticationMode.Api },
                        { transforms: hardenEksCluster() },
                    ),
            );
            assert.deepStrictEqual(one(resources, "eks:index:Cluster").transforms, [
                "disableBootstrapClusterCreatorAdmin",
                "requireImdsv2HopLimit1",
            ]);
        });
    });
});
