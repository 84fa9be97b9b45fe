// HardenedCluster's arguments and their checks: what a caller may pass, with defaults in
// prose, and the synchronous validation that refuses bad input before any child exists.
import * as pulumi from "@pulumi/pulumi";
import { validateApiAccess } from "./api-access";
import { logRetentionPeriods } from "./cluster-config";
import { addonVersionPattern, managedAddonNames, minimumKubernetesVersion } from "./eks-facts";
import { eksClusterNamePattern } from "./names";
import { TenantSpecArgs, teamRoleArguments, validateTenantSpec } from "./tenant";
import {
    checkArray,
    checkDns1123Label,
    checkOneAccessEntryEach,
    checkRoleArns,
    Fail,
    isPlainString,
} from "./validation";

/** A managed node group on the cluster's private subnets. */
export interface NodeGroupArgs {
    /** Name of the group (a DNS-1123 label). */
    name: string;
    /** EC2 instance types. Defaults to `["m6i.large"]`. */
    instanceTypes?: string[];
    /** Minimum number of nodes. Defaults to `2`. */
    minSize?: number;
    /** Desired number of nodes. Defaults to `minSize`. */
    desiredSize?: number;
    /** Maximum number of nodes. Defaults to `4`, and at least `desiredSize`. */
    maxSize?: number;
    /** Size of the encrypted root volume in GiB. Defaults to `50`. */
    diskSizeGiB?: number;
    /**
     * EKS AMI type, e.g. `AL2023_ARM_64_STANDARD` for Graviton instance types or
     * `BOTTLEROCKET_x86_64`. Defaults to `AL2023_x86_64_STANDARD`.
     * See https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType
     */
    amiType?: string;
    /** Kubernetes labels of the nodes. Defaults to none. */
    labels?: Record<string, string>;
}

export interface HardenedClusterArgs {
    /** VPC of the cluster: the one `privateSubnetIds` belong to (EKS derives it from them). */
    vpcId: pulumi.Input<string>;
    /** Private subnets of the control-plane ENIs and the nodes: at least two, in different AZs. */
    privateSubnetIds: pulumi.Input<string>[];
    /**
     * IAM roles that get cluster admin (`AmazonEKSClusterAdminPolicy` through EKS access
     * entries), the only principals that do: at least one, each an ARN string (its access
     * entry is named after it, so removing or reordering admins never touches another's).
     * Include the role that runs `pulumi up`, or it loses access to what it created.
     */
    adminRoleArns: pulumi.Input<string>[];
    /**
     * Name of the EKS cluster; changing it replaces the cluster. Defaults to
     * `<project>-<stack>-<name>` (shortened with a hash to EKS's 100 characters), unique per
     * stack so that two stacks of one program can share an account.
     */
    clusterName?: string;
    /**
     * Kubernetes version, `1.30` or later (the first that serves the
     * `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy the component creates).
     * Defaults to the EKS default version. The node groups and the add-ons follow it: raising
     * it updates the control plane, then the add-ons, then the nodes.
     * See https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html
     */
    version?: pulumi.Input<string>;
    /**
     * Days control-plane logs are kept, a CloudWatch Logs retention period. Defaults to `90`.
     * See https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
     */
    logRetentionDays?: number;
    /**
     * KMS key for secrets envelope encryption. Defaults to a key the component creates, with
     * rotation on, kept when the component is deleted. It cannot change once the cluster
     * exists: EKS cannot re-key secrets encryption, so such an update fails; a new key means a
     * new cluster, under a new name.
     * See https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
     */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Whether the API endpoint is also reachable from the internet. Defaults to `false`
     * (private only). When `true`, `publicAccessCidrs` is required.
     * See https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
     */
    endpointPublicAccess?: boolean;
    /**
     * CIDRs allowed to the public endpoint; not empty, not `0.0.0.0/0` or `::/0`, no prefix
     * shorter than /8. Only with `endpointPublicAccess`. Defaults to none. They serve machines
     * outside the VPC only: inside it (and in networks that use its DNS) the endpoint resolves
     * to the private one, which admits only `apiAccessCidrs` and `apiAccessSecurityGroupIds`,
     * so a `pulumi up` run from the VPC needs one of those.
     * See https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html
     */
    publicAccessCidrs?: string[];
    /**
     * CIDRs allowed to the private API endpoint on TCP 443, e.g. a CI runner subnet or a VPN
     * range: one ingress rule each, on a security group the component creates for the control
     * plane's network interfaces (not the nodes'). Not `0.0.0.0/0` or `::/0`, no prefix shorter
     * than /8. Defaults to none. The component creates Kubernetes objects through the API, so
     * this, `apiAccessSecurityGroupIds`, or a public endpoint with `publicAccessCidrs` must let
     * in the machine that runs `pulumi up`.
     * See https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
     */
    apiAccessCidrs?: string[];
    /**
     * Security groups whose members may reach the private API endpoint on TCP 443 (a CI
     * runner's, a bastion's), each an ID string known when the program runs (its ingress rule
     * is named after it). Defaults to none. See `apiAccessCidrs`.
     */
    apiAccessSecurityGroupIds?: pulumi.Input<string>[];
    /**
     * An IAM role the kubeconfig and the component's Kubernetes provider assume to sign tokens
     * (`aws eks get-token --role-arn`), as pulumi-eks' `providerCredentialOpts.roleArn`. It
     * must be one of `adminRoleArns` for the provider to work. Defaults to none: the ambient
     * AWS credentials where the kubeconfig is used.
     */
    kubeconfigRoleArn?: string;
    /**
     * A named AWS CLI profile the kubeconfig and the component's Kubernetes provider sign
     * tokens with (`aws eks get-token --profile`), as pulumi-eks'
     * `providerCredentialOpts.profileName`. Defaults to none: the ambient AWS credentials.
     */
    kubeconfigProfile?: string;
    /**
     * Add-on versions to pin, by add-on name (`vpc-cni`, `kube-proxy`,
     * `eks-pod-identity-agent`, `coredns`), e.g. `{ "vpc-cni": "v1.19.2-eksbuild.1" }`.
     * Defaults to the most recent version EKS offers for the cluster's Kubernetes version,
     * looked up on every `pulumi up`, so the add-ons follow `version`.
     * See https://docs.aws.amazon.com/eks/latest/userguide/updating-an-add-on.html
     */
    addonVersions?: Record<string, string>;
    /**
     * Managed node groups, at least one (the `coredns` add-on needs nodes to become active).
     * Defaults to one group named `default` with the defaults of `NodeGroupArgs`.
     */
    nodeGroups?: NodeGroupArgs[];
    /** Tenants, each a TenantNamespace on this cluster. Defaults to none. */
    tenants?: TenantSpecArgs[];
    /**
     * Whether the cluster is protected from deletion: EKS refuses to delete it, and `pulumi
     * destroy` (or removing the component from the program) is refused before anything of
     * the cluster is deleted, with or without a preview. To delete the cluster, set it to
     * `false`, run `pulumi up`, then `pulumi destroy`; do the same after a first `pulumi up`
     * that did not finish. Defaults to `true`.
     * See https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html
     */
    deletionProtection?: boolean;
    /** Tags of the AWS resources. Defaults to none. */
    tags?: Record<string, string>;
}

/** Checks every argument of a HardenedCluster; throws the first problem. */
export function validateClusterArgs(fail: Fail, args: HardenedClusterArgs): void {
    if (args.vpcId === undefined || args.vpcId === "") {
        fail("vpcId", args.vpcId, "is required", "pass the ID of the cluster's VPC");
    }
    const subnets = checkArray(fail, "privateSubnetIds", args.privateSubnetIds);
    if (subnets.length < 2) {
        fail(
            "privateSubnetIds",
            args.privateSubnetIds,
            "has fewer than two subnets",
            "pass private subnets in at least two availability zones",
        );
    }
    const admins = checkArray(fail, "adminRoleArns", args.adminRoleArns);
    if (admins.length === 0) {
        fail(
            "adminRoleArns",
            args.adminRoleArns,
            "is empty",
            "list at least one IAM role, including the role that runs `pulumi up`",
        );
    }
    const adminArguments = admins.map((arn, i): [string, unknown] => [`adminRoleArns[${i}]`, arn]);
    checkRoleArns(fail, adminArguments);
    if (args.clusterName !== undefined && !eksClusterNamePattern.test(args.clusterName)) {
        fail(
            "clusterName",
            args.clusterName,
            "is not a valid EKS cluster name",
            "use up to 100 letters, digits, '-' and '_', starting with a letter or digit",
        );
    }
    const retention = args.logRetentionDays ?? 90;
    if (!logRetentionPeriods.includes(retention)) {
        fail(
            "logRetentionDays",
            retention,
            "is not a CloudWatch Logs retention period",
            `use one of ${logRetentionPeriods.join(", ")}`,
        );
    }
    if (
        isPlainString(args.kmsKeyArn) &&
        !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/.test(args.kmsKeyArn)
    ) {
        fail(
            "kmsKeyArn",
            args.kmsKeyArn,
            "is not a KMS key ARN",
            "pass arn:aws:kms:<region>:<account>:key/<id>, or omit it to have a key created",
        );
    }
    validateVersion(fail, args.version);
    validateApiAccess(fail, args);
    validateKubeconfigCredentials(fail, args);
    validateAddonVersions(fail, args.addonVersions);
    const groups = checkArray(fail, "nodeGroups", args.nodeGroups) as NodeGroupArgs[];
    if (args.nodeGroups !== undefined && groups.length === 0) {
        fail(
            "nodeGroups",
            args.nodeGroups,
            "is empty, and the coredns add-on needs nodes to become active",
            "list at least one node group, or omit nodeGroups for one group named default",
        );
    }
    const groupNames = new Set<string>();
    groups.forEach((g, i) => {
        const groupName = checkDns1123Label(fail, `nodeGroups[${i}].name`, g?.name);
        if (groupNames.has(groupName)) {
            fail(
                `nodeGroups[${i}].name`,
                groupName,
                "is listed twice",
                "give each node group its own name",
            );
        }
        groupNames.add(groupName);
        const s = nodeGroupSizes(g);
        if (
            ![s.minSize, s.desiredSize, s.maxSize, s.diskSizeGiB].every(Number.isInteger) ||
            s.minSize < 0 ||
            s.minSize > s.desiredSize ||
            s.desiredSize > s.maxSize ||
            s.maxSize < 1
        ) {
            fail(
                `nodeGroups[${i}]`,
                s,
                "has sizes that do not satisfy 0 <= minSize <= desiredSize <= maxSize, maxSize >= 1",
                "pass whole numbers in that order",
            );
        }
    });
    const tenantNames = new Set<string>();
    checkArray(fail, "tenants", args.tenants).forEach((t, i) => {
        const tenant = t as TenantSpecArgs;
        validateTenantSpec(
            (argument, value, problem, fix) =>
                fail(`tenants[${i}].${argument}`, value, problem, fix),
            tenant,
        );
        if (tenantNames.has(tenant.name)) {
            fail(
                `tenants[${i}].name`,
                tenant.name,
                "is listed twice",
                "give each tenant its own name",
            );
        }
        tenantNames.add(tenant.name);
    });
    checkOneAccessEntryEach(fail, [
        ...adminArguments,
        ...(args.tenants ?? []).flatMap((t, i) => teamRoleArguments(t, `tenants[${i}].`)),
    ]);
}

function validateVersion(fail: Fail, version: unknown): void {
    if (version === undefined || !isPlainString(version)) {
        return; // the EKS default, or known only at deployment
    }
    const match = /^(\d+)\.(\d+)$/.exec(version);
    if (!match) {
        fail("version", version, "is not a Kubernetes minor version", 'use the form "1.31"');
    }
    const { major, minor, reason } = minimumKubernetesVersion;
    const [givenMajor, givenMinor] = [Number(match[1]), Number(match[2])];
    if (givenMajor < major || (givenMajor === major && givenMinor < minor)) {
        fail(
            "version",
            version,
            `is older than ${major}.${minor}, ${reason}`,
            `use "${major}.${minor}" or later`,
        );
    }
}

/** AWS CLI profile names: no spaces, no leading '-' (it is an argument of `aws`). */
const profileNamePattern = /^[A-Za-z0-9_][A-Za-z0-9_.+=@,/-]{0,127}$/;

function validateKubeconfigCredentials(fail: Fail, args: HardenedClusterArgs): void {
    if (args.kubeconfigRoleArn !== undefined) {
        checkRoleArns(fail, [["kubeconfigRoleArn", args.kubeconfigRoleArn]]);
        if (!args.adminRoleArns.includes(args.kubeconfigRoleArn)) {
            fail(
                "kubeconfigRoleArn",
                args.kubeconfigRoleArn,
                "is not one of adminRoleArns, so the Kubernetes provider that signs with it could not create the admission policy and the tenants",
                "add it to adminRoleArns, or sign with an admin role",
            );
        }
    }
    if (
        args.kubeconfigProfile !== undefined &&
        (typeof args.kubeconfigProfile !== "string" ||
            !profileNamePattern.test(args.kubeconfigProfile))
    ) {
        fail(
            "kubeconfigProfile",
            args.kubeconfigProfile,
            "is not an AWS CLI profile name",
            "pass the name of a profile in ~/.aws/config, e.g. ci-deployer",
        );
    }
}

function validateAddonVersions(fail: Fail, versions: unknown): void {
    if (versions === undefined) {
        return;
    }
    if (typeof versions !== "object" || versions === null || Array.isArray(versions)) {
        fail(
            "addonVersions",
            versions,
            "is not a map of add-on name to version",
            'pass e.g. { "vpc-cni": "v1.19.2-eksbuild.1" }',
        );
    }
    for (const [addon, version] of Object.entries(versions as Record<string, unknown>)) {
        if (!(managedAddonNames as readonly string[]).includes(addon)) {
            fail(
                `addonVersions["${addon}"]`,
                version,
                "names an add-on HardenedCluster does not install",
                `use one of ${managedAddonNames.join(", ")}`,
            );
        }
        if (typeof version !== "string" || !addonVersionPattern.test(version)) {
            fail(
                `addonVersions["${addon}"]`,
                version,
                "is not an EKS add-on version",
                `use a version \`aws eks describe-addon-versions --addon-name ${addon}\` lists, e.g. v1.19.2-eksbuild.1`,
            );
        }
    }
}

/** A node group's sizes with defaults applied. */
export function nodeGroupSizes(g: NodeGroupArgs) {
    const minSize = g.minSize ?? 2;
    const desiredSize = g.desiredSize ?? minSize;
    return {
        minSize,
        desiredSize,
        maxSize: g.maxSize ?? Math.max(4, desiredSize),
        diskSizeGiB: g.diskSizeGiB ?? 50,
    };
}
