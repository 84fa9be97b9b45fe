// One view of an EKS cluster's security settings, from either the provider resource
// `aws:eks/cluster:Cluster` (what a real preview sees) or the `eks:index:Cluster`
// component's inputs (what an offline run sees).
import { awsEksCluster } from "./types";
import { asArray, isRecord } from "./values";

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
        const vpc = isRecord(props.vpcConfig) ? props.vpcConfig : {};
        const encryption = asArray(props.encryptionConfig) ?? [];
        return {
            logTypes: props.enabledClusterLogTypes,
            logTypesField: "enabledClusterLogTypes",
            secretsEncrypted: encryption.some(
                (e) =>
                    isRecord(e) &&
                    (asArray(e.resources) ?? []).includes("secrets") &&
                    isRecord(e.provider) &&
                    typeof e.provider.keyArn === "string" &&
                    e.provider.keyArn !== "",
            ),
            secretsField: "encryptionConfig",
            endpointPublicAccess: vpc.endpointPublicAccess,
            publicAccessCidrs: vpc.publicAccessCidrs,
            endpointField: "vpcConfig.endpointPublicAccess",
        };
    }
    return {
        logTypes: props.enabledClusterLogTypes,
        logTypesField: "enabledClusterLogTypes",
        secretsEncrypted:
            typeof props.encryptionConfigKeyArn === "string" && props.encryptionConfigKeyArn !== "",
        secretsField: "encryptionConfigKeyArn",
        endpointPublicAccess: props.endpointPublicAccess,
        publicAccessCidrs: props.publicAccessCidrs,
        endpointField: "endpointPublicAccess",
    };
}
