// policypack/lib/eks.ts: each cluster type is read from its own fields, and messages name the
// field the program sets: `vpcConfig.endpointPublicAccess` on aws:eks/cluster:Cluster,
// `endpointPublicAccess` on the eks.Cluster component (@pulumi/eks 4.3.0, cluster.d.ts:244,
// ClusterArgs).
import * as assert from "assert";
import { eksClusterSettings } from "../../policypack/lib/eks";
import { eksClusterPrivateEndpoint as endpoint } from "../../policypack/policies/eks-cluster-private-endpoint";
import { violations } from "./check";

describe("EKS cluster settings, by cluster type", () => {
    it("names each setting's field as the type spells it", () => {
        const fields = (type: string) => {
            const s = eksClusterSettings(type, {});
            return [s.logTypesField, s.secretsField, s.secretsKeyField, s.endpointField];
        };
        assert.deepStrictEqual(fields("aws:eks/cluster:Cluster"), [
            "enabledClusterLogTypes",
            "encryptionConfig",
            "encryptionConfig.provider.keyArn",
            "vpcConfig.endpointPublicAccess",
        ]);
        assert.deepStrictEqual(fields("eks:index:Cluster"), [
            "enabledClusterLogTypes",
            "encryptionConfigKeyArn",
            "encryptionConfigKeyArn",
            "endpointPublicAccess",
        ]);
    });

    it("tells the component's user which field opens its public endpoint", async () => {
        assert.deepStrictEqual(
            await violations(
                endpoint,
                "eks:index:Cluster",
                { endpointPublicAccess: true },
                {},
                "prod",
            ),
            [
                'EKS cluster "prod" has a public API endpoint open to the internet (endpointPublicAccess is on with no publicAccessCidrs): set endpointPublicAccess to false, or list the CIDRs allowed.',
            ],
        );
    });
});
