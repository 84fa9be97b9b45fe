import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksClusterSettings } from "../lib/eks";
import { eksClusterTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";

export const eksClusterSecretsEncryption: ResourceValidationPolicy = {
    name: "eks-cluster-secrets-encryption",
    description: "Checks that EKS clusters envelope-encrypt Kubernetes Secrets with a KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateTypes(eksClusterTypes, (props, subject, report, args) => {
        const settings = eksClusterSettings(args.type, props);
        if (!settings.secretsEncrypted) {
            report(
                `${subject} does not envelope-encrypt Secrets with a KMS key: set ${settings.secretsField} ${settings.secretsField === "encryptionConfig" ? 'with resources ["secrets"] and provider.keyArn' : "to a KMS key ARN"}.`,
            );
        }
    }),
    remediationSteps:
        "Create a KMS key with rotation enabled and set it as the cluster's secrets encryption key (HardenedCluster does this by default).",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html",
};
