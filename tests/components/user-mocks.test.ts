// A user's own test of a program that uses the components, written the documented Pulumi
// way (https://www.pulumi.com/docs/using-pulumi/testing/unit/): `pulumi.runtime.setMocks`,
// then the program; no preflight, no transforms support. The README quotes this test.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";

describe("a program using HardenedCluster, under the SDK's own setMocks", () => {
    const created: pulumi.runtime.MockResourceArgs[] = [];
    const inputsOf = (type: string) => created.filter((r) => r.type === type).map((r) => r.inputs);

    before(async () => {
        pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    created.push(args);
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) =>
                    args.token === "aws:index/getPartition:getPartition"
                        ? { partition: "aws" }
                        : args.inputs,
            },
            "project",
            "stack",
            true, // a preview
        );
        await import("../fixtures/user-program");
        // Waits until every registration the program started has been answered.
        await pulumi.runtime.disconnect();
    });

    it("creates an EKS cluster with no hidden creator admin, audit logs, KMS secrets and a private endpoint", () => {
        const [cluster] = inputsOf("aws:eks/cluster:Cluster");
        assert.deepStrictEqual(cluster.accessConfig, {
            authenticationMode: "API",
            bootstrapClusterCreatorAdminPermissions: false,
        });
        assert.ok(cluster.enabledClusterLogTypes.includes("audit"));
        assert.deepStrictEqual(cluster.encryptionConfig.resources, ["secrets"]);
        assert.strictEqual(cluster.vpcConfig.endpointPublicAccess, false);
        assert.strictEqual(cluster.name, "project-stack-platform");
    });

    it("launches nodes with IMDSv2 required and hop limit 1", () => {
        const [template] = inputsOf("aws:ec2/launchTemplate:LaunchTemplate");
        assert.strictEqual(template.metadataOptions.httpTokens, "required");
        assert.strictEqual(template.metadataOptions.httpPutResponseHopLimit, 1);
    });

    it("makes only the listed role a cluster admin", () => {
        assert.deepStrictEqual(
            inputsOf("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => [
                a.principalArn,
                a.policyArn,
            ]),
            [
                [
                    "arn:aws:iam::123456789012:role/platform-admin",
                    "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                ],
            ],
        );
    });

    it("gives the tenant a restricted namespace and a Pod Identity role for its service account", () => {
        const [ns] = inputsOf("kubernetes:core/v1:Namespace");
        assert.strictEqual(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        const [association] = inputsOf("aws:eks/podIdentityAssociation:PodIdentityAssociation");
        assert.strictEqual(association.namespace, "payments");
        assert.strictEqual(association.serviceAccount, "api");
    });
});
