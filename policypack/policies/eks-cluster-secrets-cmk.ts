import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksClusterSettings } from "../lib/eks";
import { eksClusterTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { orPending, show } from "../lib/values";

/** A key ARN unknown during preview: a key the stack creates, so a customer managed key. */
const pending = Symbol("pending");

/**
 * An AWS managed key's alias, alone or in an alias ARN: "The alias/aws/ prefix is reserved
 * for AWS managed key" (AWS KMS Developer Guide, alias-create.html). A key ARN or key id does
 * not say who manages the key, so it passes.
 */
const awsManagedAlias = /^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//i;

export const eksClusterSecretsCmk: ResourceValidationPolicy = {
    name: "eks-cluster-secrets-cmk",
    description:
        "Checks that EKS clusters encrypt Secrets with a customer managed KMS key rather than only the AWS owned key EKS uses by default (CIS Amazon EKS Benchmark 5.3.1).",
    // Advisory: the AWS owned key does encrypt; a customer managed key adds control over the
    // key's policy, rotation, audit and revocation.
    enforcementLevel: "advisory",
    severity: "medium",
    // From Kubernetes 1.28, EKS envelope-encrypts all API data with an AWS owned key unless
    // the cluster names its own KMS key (EKS User Guide, envelope-encryption.html: "By
    // default, this KEK is owned by AWS, but you can optionally bring your own from AWS KMS").
    validateResource: validateTypes(eksClusterTypes, (props, subject, report, args) => {
        const settings = eksClusterSettings(args.type, props);
        const key = orPending<unknown>(() => settings.secretsKeyArn, pending);
        if (key === pending) {
            return;
        }
        if (typeof key !== "string" || key.trim() === "") {
            report(
                `${subject} names no KMS key (${settings.secretsKeyField} is ${key === undefined ? "unset" : show(key)}), so EKS encrypts its Secrets only with the AWS owned key it uses by default, whose policy, rotation and use you cannot see or control: set ${settings.secretsKeyField} to a customer managed KMS key.`,
            );
        } else if (awsManagedAlias.test(key.trim())) {
            report(
                `${subject} encrypts Secrets with "${key}", an AWS managed key (the alias/aws/ prefix is reserved for them), whose policy you cannot change: set ${settings.secretsKeyField} to a customer managed KMS key.`,
            );
        }
    }),
    remediationSteps:
        "Create a symmetric KMS key with rotation enabled in the cluster's Region and set it as the cluster's encryption key (encryptionConfig.provider.keyArn; encryptionConfigKeyArn on eks.Cluster; HardenedCluster creates one by default).",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html",
};
