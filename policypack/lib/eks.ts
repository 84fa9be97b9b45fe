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
    secretsField: string;
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
            secretsField: "encryptionConfig",
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
        secretsField: "encryptionConfigKeyArn",
        get endpointPublicAccess() {
            return props.endpointPublicAccess;
        },
        get publicAccessCidrs() {
            return props.publicAccessCidrs;
        },
        endpointField: "endpointPublicAccess",
    };
}
