// What the EKS cluster policies tell the user to change, and where their limits fall, on both
// cluster types: the provider resource aws:eks/cluster:Cluster and the eks.Cluster component
// (policypack/lib/eks.ts reads each from its own fields).
import * as assert from "assert";
import { eksClusterAuditLogging as audit } from "../../policypack/policies/eks-cluster-audit-logging";
import { eksClusterPrivateEndpoint as endpoint } from "../../policypack/policies/eks-cluster-private-endpoint";
import { eksClusterSecretsEncryption as secrets } from "../../policypack/policies/eks-cluster-secrets-encryption";
import { violations } from "./check";

const clusterTypes = ["aws:eks/cluster:Cluster", "eks:index:Cluster"] as const;
type ClusterType = (typeof clusterTypes)[number];

/** A cluster whose public endpoint is on and open to `cidrs`, as `type` spells it. */
const publicTo = (type: ClusterType, cidrs: string[]): Record<string, unknown> =>
    type === "aws:eks/cluster:Cluster"
        ? { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: cidrs } }
        : { endpointPublicAccess: true, publicAccessCidrs: cidrs };

describe("eks-cluster-audit-logging names every missing log type, in the report and in the fix", () => {
    for (const type of clusterTypes) {
        it(type, async () => {
            assert.deepStrictEqual(
                await violations(
                    audit,
                    type,
                    { enabledClusterLogTypes: ["api", "scheduler"] },
                    { requiredLogTypes: ["audit", "api", "authenticator"] },
                    "prod",
                ),
                [
                    'EKS cluster "prod" does not send "audit", "authenticator" logs to CloudWatch (enabledClusterLogTypes is ["api","scheduler"]): add "audit", "authenticator" to enabledClusterLogTypes.',
                ],
            );
        });
    }
});

describe("eks-cluster-secrets-encryption tells each cluster type how to set its key", () => {
    it("aws:eks/cluster:Cluster: an encryptionConfig for secrets with a provider key", async () => {
        assert.deepStrictEqual(
            await violations(secrets, "aws:eks/cluster:Cluster", {}, {}, "prod"),
            [
                'EKS cluster "prod" does not envelope-encrypt Secrets with a KMS key: set encryptionConfig with resources ["secrets"] and provider.keyArn.',
            ],
        );
    });

    it("eks:index:Cluster: encryptionConfigKeyArn, one ARN", async () => {
        assert.deepStrictEqual(await violations(secrets, "eks:index:Cluster", {}, {}, "prod"), [
            'EKS cluster "prod" does not envelope-encrypt Secrets with a KMS key: set encryptionConfigKeyArn to a KMS key ARN.',
        ]);
    });
});

describe("eks-cluster-private-endpoint allows a prefix exactly as long as the shortest allowed", () => {
    for (const type of clusterTypes) {
        it(type, async () => {
            // The default minPrefixLength is 16; IPv6 prefixes need /32.
            assert.deepStrictEqual(
                await violations(endpoint, type, publicTo(type, ["10.0.0.0/16", "2001:db8::/32"])),
                [],
            );
            assert.deepStrictEqual(
                await violations(endpoint, type, publicTo(type, ["203.0.113.0/24"]), {
                    minPrefixLength: 24,
                }),
                [],
            );
            const field =
                type === "aws:eks/cluster:Cluster"
                    ? "vpcConfig.endpointPublicAccess"
                    : "endpointPublicAccess";
            assert.deepStrictEqual(
                await violations(
                    endpoint,
                    type,
                    publicTo(type, ["10.0.0.0/15", "2001:db8::/31"]),
                    {},
                    "prod",
                ),
                [
                    `EKS cluster "prod" has a public API endpoint open to a large part of the internet (publicAccessCidrs includes "10.0.0.0/15", a /15, broader than /16): set ${field} to false, or list only your networks' CIDRs.`,
                    `EKS cluster "prod" has a public API endpoint open to a large part of the internet (publicAccessCidrs includes "2001:db8::/31", a /31, broader than /32): set ${field} to false, or list only your networks' CIDRs.`,
                ],
            );
        });
    }
});
