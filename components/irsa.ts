// IrsaRole: an IAM role that exactly one Kubernetes service account can assume, through
// IAM Roles for Service Accounts (https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html)
// or EKS Pod Identity (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html).
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { arnKey } from "./names";
import {
    IrsaPermissionArgs,
    iamStatement,
    refuseResolvedPolicy,
    s3Statements,
    validateIrsaPermissions,
    WorkloadIdentity,
} from "./irsa-permissions";
import {
    checkDns1123Label,
    checkDns1123Subdomain,
    Fail,
    failer,
    isPlainString,
} from "./validation";

export interface IrsaRoleArgs extends IrsaPermissionArgs {
    /** ARN of the cluster's IAM OIDC provider. Required with identity `irsa`, unused otherwise. */
    oidcProviderArn?: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL, with or without `https://`. Required with identity `irsa`, unused otherwise. */
    oidcIssuerUrl?: pulumi.Input<string>;
    /** Name of the EKS cluster, for the Pod Identity association. Required with identity `pod-identity`, unused otherwise. */
    clusterName?: pulumi.Input<string>;
    /** Namespace of the service account (a DNS-1123 label). */
    namespace: string;
    /** Name of the one service account that may assume the role (a DNS-1123 name). */
    serviceAccountName: string;
    /**
     * When given, the ServiceAccount is also created in `namespace`, annotated
     * `eks.amazonaws.com/role-arn` with the role. Defaults to creating no ServiceAccount.
     */
    kubernetesProvider?: k8s.Provider;
    /** Tags of the role. Defaults to none. */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The issuer as IAM condition keys name it: no scheme, no trailing slash. */
export function issuerHost(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

/** The trust policy: only `system:serviceaccount:<namespace>:<name>`, only for STS. */
export function trustPolicy(
    providerArn: string,
    issuerUrl: string,
    namespace: string,
    serviceAccountName: string,
) {
    const host = issuerHost(issuerUrl);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccountName}`,
                        [`${host}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

/**
 * A role trust policy that lets one AWS service assume the role, as EKS's cluster and node
 * roles and Pod Identity roles need.
 */
export function serviceTrustPolicy(service: string, actions: string[] = ["sts:AssumeRole"]) {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }],
    };
}

/**
 * The trust policy of an EKS Pod Identity role: only the Pod Identity service, only to assume
 * the role and tag the session (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
 * Which service account gets the role is the association's to say.
 */
export function podIdentityTrustPolicy() {
    return serviceTrustPolicy("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]);
}

/** Checks every argument of an IrsaRole; throws the first problem. */
export function validateIrsaRoleArgs(fail: Fail, args: IrsaRoleArgs): void {
    const podIdentity = args.identity === WorkloadIdentity.PodIdentity;
    const required = podIdentity
        ? (["clusterName"] as const)
        : (["oidcProviderArn", "oidcIssuerUrl"] as const);
    for (const field of required) {
        if (args[field] === undefined || args[field] === "") {
            fail(
                field,
                args[field],
                `is required with identity "${args.identity ?? WorkloadIdentity.Irsa}"`,
                podIdentity
                    ? "pass the cluster's name (HardenedCluster outputs it)"
                    : "pass the cluster's OIDC provider ARN and issuer URL (HardenedCluster outputs them)",
            );
        }
    }
    if (
        isPlainString(args.oidcIssuerUrl) &&
        !/^(https:\/\/)?[^\s/*]+(\/[^\s*]*)?$/.test(args.oidcIssuerUrl)
    ) {
        fail(
            "oidcIssuerUrl",
            args.oidcIssuerUrl,
            "is not an issuer URL",
            "pass the cluster's OIDC issuer, e.g. https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE",
        );
    }
    checkDns1123Label(fail, "namespace", args.namespace);
    checkDns1123Subdomain(fail, "serviceAccountName", args.serviceAccountName);
    validateIrsaPermissions(fail, args);
}

/**
 * An IAM role that exactly one Kubernetes service account can assume, with
 * least-privilege permissions, and optionally that service account.
 */
export class IrsaRole extends pulumi.ComponentResource {
    /** ARN of the role; the service account's `eks.amazonaws.com/role-arn` annotation. */
    public readonly roleArn: pulumi.Output<string>;
    /** Name of the role. */
    public readonly roleName: pulumi.Output<string>;
    /** Name of the service account that may assume the role. */
    public readonly serviceAccountName: pulumi.Output<string>;

    constructor(name: string, args: IrsaRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        validateIrsaRoleArgs(failer("IrsaRole", name), args);
        super("hardened-eks:index:IrsaRole", name, {}, opts);

        const podIdentity = args.identity === WorkloadIdentity.PodIdentity;
        const serviceAccount = `${args.namespace}/${args.serviceAccountName}`;
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: podIdentity
                    ? `EKS Pod Identity role of service account ${serviceAccount}`
                    : `IRSA role of service account ${serviceAccount}`,
                assumeRolePolicy: podIdentity
                    ? JSON.stringify(podIdentityTrustPolicy())
                    : pulumi
                          .all([args.oidcProviderArn!, args.oidcIssuerUrl!])
                          .apply(([arn, url]) =>
                              JSON.stringify(
                                  trustPolicy(arn, url, args.namespace, args.serviceAccountName),
                              ),
                          ),
                tags: args.tags,
            },
            { parent: this },
        );

        const statements = [
            ...(args.policyStatements ?? []).map(iamStatement),
            ...(args.s3Access ?? []).flatMap((s, i) => s3Statements(s.bucketArn, s.access, i)),
        ];
        if (statements.length > 0) {
            new aws.iam.RolePolicy(
                `${name}-policy`,
                {
                    role: role.name,
                    policy: pulumi
                        .jsonStringify({ Version: "2012-10-17", Statement: statements })
                        .apply((policy) => {
                            refuseResolvedPolicy(
                                failer("IrsaRole", name),
                                policy,
                                args.policyStatements?.length ?? 0,
                            );
                            return policy;
                        }),
                },
                { parent: this },
            );
        }
        for (const policyArn of (args.managedPolicyArns ?? []) as string[]) {
            new aws.iam.RolePolicyAttachment(
                `${name}-managed-${arnKey(policyArn)}`,
                { role: role.name, policyArn },
                { parent: this },
            );
        }
        if (podIdentity) {
            new aws.eks.PodIdentityAssociation(
                `${name}-pod-identity`,
                {
                    clusterName: args.clusterName!,
                    namespace: args.namespace,
                    serviceAccount: args.serviceAccountName,
                    roleArn: role.arn,
                    tags: args.tags,
                },
                { parent: this },
            );
        }

        if (args.kubernetesProvider) {
            new k8s.core.v1.ServiceAccount(
                `${name}-sa`,
                {
                    metadata: {
                        name: args.serviceAccountName,
                        namespace: args.namespace,
                        // Pod Identity needs no annotation: the association names the account.
                        annotations: podIdentity
                            ? undefined
                            : { "eks.amazonaws.com/role-arn": role.arn },
                    },
                },
                { parent: this, provider: args.kubernetesProvider },
            );
        }

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.serviceAccountName = pulumi.output(args.serviceAccountName);
        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            serviceAccountName: this.serviceAccountName,
        });
    }
}

export * from "./irsa-permissions";
