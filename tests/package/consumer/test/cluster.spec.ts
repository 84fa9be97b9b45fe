// The user's own unit test, written the documented Pulumi way: the SDK's setMocks, then the
// program, then assertions on what it asked for.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";

describe("the platform cluster", () => {
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
            "consumer",
            "dev",
            true,
        );
        await import("../index");
        await pulumi.runtime.disconnect();
    });

    it("has no hidden creator admin, sends audit logs and encrypts Secrets", () => {
        const [cluster] = inputsOf("aws:eks/cluster:Cluster");
        assert.strictEqual(cluster.accessConfig.bootstrapClusterCreatorAdminPermissions, false);
        assert.ok(cluster.enabledClusterLogTypes.includes("audit"));
        assert.deepStrictEqual(cluster.encryptionConfig.resources, ["secrets"]);
        assert.strictEqual(cluster.vpcConfig.endpointPublicAccess, false);
    });

    it("launches nodes with IMDSv2 required and hop limit 1", () => {
        const [template] = inputsOf("aws:ec2/launchTemplate:LaunchTemplate");
        assert.strictEqual(template.metadataOptions.httpTokens, "required");
        assert.strictEqual(template.metadataOptions.httpPutResponseHopLimit, 1);
    });

    it("binds the payments team in its namespace only", () => {
        const [entry] = inputsOf("aws:eks/accessEntry:AccessEntry").filter(
            (e) => e.principalArn === "arn:aws:iam::123456789012:role/payments-dev",
        );
        assert.deepStrictEqual(entry.kubernetesGroups, ["payments-developers"]);
    });
});
