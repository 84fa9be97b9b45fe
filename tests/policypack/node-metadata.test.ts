// Instance metadata on nodes: what ec2-launch-template-imdsv2 says when the hop limit is left to
// the AMI, and when eks-node-group-launch-template sees a node group without a launch template.
import * as assert from "assert";
import { ec2LaunchTemplateImdsv2 as imds } from "../../policypack/policies/ec2-launch-template-imdsv2";
import { eksNodeGroupLaunchTemplate as launchTemplate } from "../../policypack/policies/eks-node-group-launch-template";
import { violations } from "./check";

describe("ec2-launch-template-imdsv2 explains an unset hop limit: the AMI's default applies", () => {
    const judge = (metadataOptions: unknown, config = {}) =>
        violations(
            imds,
            "aws:ec2/launchTemplate:LaunchTemplate",
            { metadataOptions },
            config,
            "nodes",
        );

    it("says which default an unset hop limit leaves in place", async () => {
        assert.deepStrictEqual(await judge({ httpTokens: "required" }), [
            `launch template "nodes" lets containers reach instance metadata (metadataOptions.httpPutResponseHopLimit is undefined, so the AMI's default applies: 2 on EKS-optimized AMIs): set it to 1.`,
        ]);
    });

    it("reports both tokens and hop limit when metadataOptions is missing", async () => {
        assert.deepStrictEqual(await judge(undefined, { maxHopLimit: 2 }), [
            'launch template "nodes" allows IMDSv1 (metadataOptions.httpTokens is undefined): set metadataOptions.httpTokens to "required".',
            `launch template "nodes" lets containers reach instance metadata (metadataOptions.httpPutResponseHopLimit is undefined, so the AMI's default applies: 2 on EKS-optimized AMIs): set it to 2.`,
        ]);
    });

    it("names no default for a hop limit that is set", async () => {
        assert.deepStrictEqual(
            await judge({ httpTokens: "required", httpPutResponseHopLimit: 3 }, { maxHopLimit: 2 }),
            [
                'launch template "nodes" lets containers reach instance metadata (metadataOptions.httpPutResponseHopLimit is 3): set it to 2.',
            ],
        );
    });
});

describe("eks-node-group-launch-template takes a launchTemplate given as null, which the provider takes as unset, as none", () => {
    it("advises a launch template for launchTemplate null as for launchTemplate absent", async () => {
        const advice =
            'EKS node group "workers" has no launch template, so its nodes take the AMI\'s metadata defaults (IMDSv1 allowed on AL2, hop limit 2 on EKS-optimized AMIs): give it a launch template with metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 } (HardenedCluster does; with @pulumi/eks, pass enableIMDSv2: true and hardenEksCluster()).';
        for (const props of [
            { clusterName: "prod" },
            { clusterName: "prod", launchTemplate: null },
        ]) {
            assert.deepStrictEqual(
                await violations(
                    launchTemplate,
                    "aws:eks/nodeGroup:NodeGroup",
                    props,
                    {},
                    "workers",
                ),
                [advice],
                JSON.stringify(props),
            );
        }
    });
});
