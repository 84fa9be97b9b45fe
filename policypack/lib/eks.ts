// One view of an EKS cluster's security settings, from either the provider resource
// `aws:eks/cluster:Cluster` or the `eks:index:Cluster` component's inputs (a preview
// analyzes both). Each setting is read only when a policy asks for it, so a value unknown
// during preview (a key ARN, say) stops only the policies that need it.
import { awsEksCluster } from "./types";
import { asArray, isRecord, knownOrPending } from "./values";

export interface EksClusterSettings {
    logTypes: unknown;
    /** Where log types are set, for messages. */
    logTypesField: string;
    /** Whether `secrets` are envelope-encrypted with a KMS key ARN. */
    secretsEncrypted: boolean;
    /**
     * The KMS key EKS encrypts Secrets (and, from Kubernetes 1.28, all API data) with, as
     * given: `undefined` when none is. Reading it throws when it is unknown during preview.
     */
    secretsKeyArn: unknown;
    secretsField: string;
    /** Where the key is set, for messages. */
    secretsKeyField: string;
    /** Public endpoint; `undefined` means unset, which is on for both types. */
    endpointPublicAccess: unknown;
    publicAccessCidrs: unknown;
    endpointField: string;
}

export function eksClusterSettings(
    type: string,
    props: Record<string, unknown>,
): EksClusterSettings {
    if (type === awsEksCluster) {
        const vpc = () => (isRecord(props.vpcConfig) ? props.vpcConfig : {});
        return {
            get logTypes() {
                return props.enabledClusterLogTypes;
            },
            logTypesField: "enabledClusterLogTypes",
            // A key ARN unknown during preview is a key the stack creates: encryption is set.
            get secretsEncrypted() {
                return (asArray(props.encryptionConfig) ?? []).some(
                    (e) =>
                        isRecord(e) &&
                        (asArray(e.resources) ?? []).includes("secrets") &&
                        isRecord(e.provider) &&
                        knownOrPending(e.provider, "keyArn"),
                );
            },
            // The provider of the one encryptionConfig EKS takes; its `resources` is deprecated
            // and defaults to ["secrets"] (EKS User Guide, envelope-encryption: "Do you still
            // need to set the resources field in EncryptionConfig?").
            get secretsKeyArn() {
                const entry = (asArray(props.encryptionConfig) ?? []).find(
                    (e) => isRecord(e) && isRecord(e.provider),
                ) as { provider: Record<string, unknown> } | undefined;
                return entry?.provider.keyArn;
            },
            secretsField: "encryptionConfig",
            secretsKeyField: "encryptionConfig.provider.keyArn",
            get endpointPublicAccess() {
                return vpc().endpointPublicAccess;
            },
            get publicAccessCidrs() {
                return vpc().publicAccessCidrs;
            },
            endpointField: "vpcConfig.endpointPublicAccess",
        };
    }
    return {
        get logTypes() {
            return props.enabledClusterLogTypes;
        },
        logTypesField: "enabledClusterLogTypes",
        get secretsEncrypted() {
            return knownOrPending(props, "encryptionConfigKeyArn");
        },
        get secretsKeyArn() {
            return props.encryptionConfigKeyArn;
        },
        secretsField: "encryptionConfigKeyArn",
        secretsKeyField: "encryptionConfigKeyArn",
        get endpointPublicAccess() {
            return props.endpointPublicAccess;
        },
        get publicAccessCidrs() {
            return props.publicAccessCidrs;
        },
        endpointField: "endpointPublicAccess",
    };
}
