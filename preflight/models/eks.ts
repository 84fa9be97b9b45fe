// Models of @pulumi/eks's remote components: what `eks.Cluster`, `eks.ManagedNodeGroup`,
// `eks.NodeGroupV2` and `eks.NodeGroup` register where a policy reads it. Each value cites
// pulumi/pulumi-eks at commit 7bf0c1b1 (nodejs/eks/...). Children no policy reads (security
// groups and their rules, the Kubernetes provider, the VPC CNI and other add-ons, storage
// classes, instance profiles, auto-scaling groups) are left out.
import * as crypto from "crypto";
import * as yaml from "js-yaml";
import { arnOf, hexId } from "../answers";
import { ComponentModel, computed, ModelChild, ModelContext, record, UNKNOWN } from "./model";

export const eksSource = "pulumi/pulumi-eks@7bf0c1b1";

/** `sha1hash` of servicerole.ts:20: the first 8 hex digits of the SHA-1 of `s`. */
function sha1hash(s: string): string {
    return crypto.createHash("sha1").update(s).digest("hex").substring(0, 8);
}

/**
 * An `eks:index:ServiceRole` (servicerole.ts:73): an IAM role `${name}-role` that `service`
 * assumes (servicerole.ts:75-97), and one attachment per managed policy, named
 * `${name}-${sha1hash(id)}` (servicerole.ts:101-108).
 */
function serviceRole(
    ctx: ModelContext,
    name: string,
    service: string,
    policies: string[],
    extra: { description?: string; actions?: string[]; tags?: unknown } = {},
): ModelChild {
    return {
        type: "eks:index:ServiceRole",
        name,
        component: true,
        inputs: {},
        children: [
            {
                type: "aws:iam/role:Role",
                name: `${name}-role`,
                inputs: {
                    description: extra.description,
                    assumeRolePolicy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Action: extra.actions ?? ["sts:AssumeRole"],
                                Effect: "Allow",
                                Principal: { Service: [service] },
                            },
                        ],
                    }),
                    tags: extra.tags,
                },
            },
            ...policies.map((policy): ModelChild => ({
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                name: `${name}-${sha1hash(`arn:aws:iam::aws:policy/${policy}`)}`,
                inputs: {
                    policyArn: `arn:${ctx.partition}:iam::aws:policy/${policy}`,
                    role: UNKNOWN,
                },
            })),
        ],
    };
}

/** `supportsConfigMap` and `supportsAccessEntries` (cluster/authenticationMode.ts:102-113). */
const supportsConfigMap = (mode: unknown) =>
    !mode || mode === "CONFIG_MAP" || mode === "API_AND_CONFIG_MAP";
const supportsAccessEntries = (mode: unknown) => mode === "API" || mode === "API_AND_CONFIG_MAP";

/** The aws-auth ConfigMap's data (cluster/authenticationMode.ts:124-176). */
function awsAuthData(inputs: Record<string, unknown>, instanceRoleMapped: boolean) {
    const mapping = (m: Record<string, unknown>, arnKey: string, key: string) => ({
        [key]: m[arnKey],
        username: m.username,
        groups: m.groups,
    });
    const roles = ((inputs.roleMappings as Record<string, unknown>[] | undefined) ?? []).map((m) =>
        mapping(m, "roleArn", "rolearn"),
    );
    const data: Record<string, unknown> = {
        // An instance role's ARN is the provider's to compute, so the model leaves the YAML unknown.
        mapRoles: instanceRoleMapped ? UNKNOWN : yaml.dump(roles),
    };
    if (inputs.userMappings) {
        data.mapUsers = yaml.dump(
            (inputs.userMappings as Record<string, unknown>[]).map((m) =>
                mapping(m, "userArn", "userarn"),
            ),
        );
    }
    return data;
}

/** Access entries and their policy associations (cluster/authenticationMode.ts:178-218). */
function accessEntries(
    componentName: string,
    clusterName: unknown,
    entries: Record<string, unknown>,
): ModelChild[] {
    return Object.entries(entries).map(([key, raw]) => {
        const entry = record(raw);
        const { accessPolicies, username, ...rest } = entry;
        return {
            type: "aws:eks/accessEntry:AccessEntry",
            name: `${componentName}-${key}`,
            inputs: { ...rest, clusterName, userName: username },
            children: Object.entries(record(accessPolicies)).map(
                ([associationName, association]): ModelChild => ({
                    type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
                    name: `${componentName}-${key}-${associationName}`,
                    inputs: {
                        accessScope: record(association).accessScope,
                        principalArn: entry.principalArn,
                        policyArn: record(association).policyArn,
                        clusterName,
                    },
                }),
            ),
        };
    });
}

/**
 * The launch template of a NodeGroupV2 (nodes/nodegroup.ts:1422-1457): `metadataOptions` is
 * whatever the caller passed, so the AMI's defaults apply when it passed none.
 */
function nodeGroupV2LaunchTemplate(name: string, args: Record<string, unknown>): ModelChild {
    return {
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: `${name}-launchTemplate`,
        inputs: {
            imageId: args.amiId ?? UNKNOWN,
            instanceType: args.instanceType ?? "t3.medium",
            iamInstanceProfile: { name: UNKNOWN },
            keyName: args.nodePublicKey === undefined ? undefined : UNKNOWN,
            networkInterfaces: [
                {
                    associatePublicIpAddress: String(args.nodeAssociatePublicIpAddress ?? true),
                    securityGroups: UNKNOWN,
                },
            ],
            metadataOptions: args.metadataOptions,
            userData: UNKNOWN,
        },
    };
}

const cluster: ComponentModel = {
    source: `${eksSource} nodejs/eks/cluster/cluster.ts`,
    build(ctx, name, inputs) {
        const children: ModelChild[] = [];
        // The EKS service role, unless one is given (cluster.ts:513-545).
        if (!inputs.serviceRole) {
            children.push(
                serviceRole(
                    ctx,
                    `${name}-eksRole`,
                    "eks.amazonaws.com",
                    ["AmazonEKSClusterPolicy"],
                    {
                        description: "Allows EKS to manage clusters on your behalf.",
                        actions: ["sts:AssumeRole", "sts:TagSession"],
                        tags: inputs.tags,
                    },
                ),
            );
        }
        const mode = record(inputs).authenticationMode;
        // Autonamed in the provider's Check, so known at preview; the suffix is random.
        const clusterName =
            inputs.name ?? `${name}-eksCluster-${hexId(name).slice(0, 7).toLowerCase()}`;
        const subnetIds =
            inputs.subnetIds ??
            (inputs.publicSubnetIds || inputs.privateSubnetIds
                ? [
                      ...((inputs.publicSubnetIds as unknown[]) ?? []),
                      ...((inputs.privateSubnetIds as unknown[]) ?? []),
                  ]
                : UNKNOWN);
        const eksCluster: ModelChild = {
            type: "aws:eks/cluster:Cluster",
            name: `${name}-eksCluster`,
            // cluster.ts:687-745
            inputs: {
                name: clusterName,
                roleArn: UNKNOWN,
                bootstrapSelfManagedAddons: record(inputs.autoMode).enabled
                    ? false
                    : (inputs.bootstrapSelfManagedAddons ?? true),
                vpcConfig: {
                    securityGroupIds: inputs.skipDefaultSecurityGroups ? undefined : [UNKNOWN],
                    subnetIds,
                    endpointPrivateAccess: inputs.endpointPrivateAccess,
                    endpointPublicAccess: inputs.endpointPublicAccess,
                    publicAccessCidrs: inputs.publicAccessCidrs,
                },
                version: inputs.version,
                enabledClusterLogTypes: inputs.enabledClusterLogTypes,
                tags: {
                    Name: `${name}-eksCluster`,
                    ...record(inputs.clusterTags),
                    ...record(inputs.tags),
                },
                // cluster.ts:593-607: secrets only, with the given key.
                encryptionConfig: inputs.encryptionConfigKeyArn
                    ? {
                          provider: { keyArn: inputs.encryptionConfigKeyArn },
                          resources: ["secrets"],
                      }
                    : undefined,
                // cluster.ts:733-741: "Explicitely grants the principal creating the cluster
                // admin access" whenever authenticationMode is set.
                accessConfig: mode
                    ? { authenticationMode: mode, bootstrapClusterCreatorAdminPermissions: true }
                    : undefined,
                upgradePolicy: inputs.upgradePolicy,
                deletionProtection: inputs.deletionProtection,
            },
            outputs: ctx.preview
                ? {}
                : {
                      arn: arnOf(ctx, "aws:eks/cluster:Cluster", String(clusterName)),
                      endpoint: `https://${hexId(String(clusterName))}.gr7.${ctx.region}.eks.amazonaws.com`,
                      identities: [
                          {
                              oidcs: [
                                  {
                                      issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${hexId(String(clusterName))}`,
                                  },
                              ],
                          },
                      ],
                  },
        };
        children.push(eksCluster);

        // The default node group's instance role (cluster.ts:941-974).
        const skipDefaultNodeGroup =
            inputs.skipDefaultNodeGroup || inputs.fargate || record(inputs.autoMode).enabled;
        const instanceRole =
            !inputs.instanceRole &&
            !inputs.instanceRoles &&
            (inputs.createInstanceRole ||
                (!skipDefaultNodeGroup && inputs.createInstanceRole === undefined));
        if (instanceRole) {
            children.push(
                serviceRole(
                    ctx,
                    `${name}-instanceRole`,
                    "ec2.amazonaws.com",
                    [
                        "AmazonEKSWorkerNodePolicy",
                        "AmazonEKS_CNI_Policy",
                        "AmazonEC2ContainerRegistryReadOnly",
                    ],
                    { tags: inputs.tags },
                ),
            );
        }
        const mappedInstanceRoles = Boolean(
            instanceRole || inputs.instanceRole || inputs.instanceRoles,
        );
        // aws-auth (cluster.ts:1000-1029): whenever the mode supports the ConfigMap.
        if (supportsConfigMap(mode)) {
            children.push({
                type: "kubernetes:core/v1:ConfigMap",
                name: `${name}-nodeAccess`,
                inputs: {
                    apiVersion: "v1",
                    kind: "ConfigMap",
                    immutable: false,
                    metadata: {
                        name: "aws-auth",
                        namespace: "kube-system",
                        annotations: { "pulumi.com/patchForce": "true" },
                    },
                    data: awsAuthData(inputs, mappedInstanceRoles),
                },
            });
        }
        // Access entries (cluster.ts:1031-1058), the default node group's first.
        if (supportsAccessEntries(mode)) {
            const entries: Record<string, unknown> = {};
            if (mappedInstanceRoles) {
                entries.defaultNodeGroupInstanceRole = { principalArn: UNKNOWN, type: "EC2_LINUX" };
            }
            Object.assign(entries, record(inputs.accessEntries));
            children.push(...accessEntries(name, clusterName, entries));
        }
        // The OIDC provider for IRSA (cluster.ts:1253-1267).
        if (inputs.createOidcProvider) {
            children.push({
                type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
                name: `${name}-oidcProvider`,
                inputs: {
                    clientIdLists: ["sts.amazonaws.com"],
                    url: UNKNOWN,
                    thumbprintLists: [UNKNOWN],
                },
            });
        }
        // The default node group, a NodeGroupV2 parented to the cluster (cluster.ts:2150-2162).
        if (!skipDefaultNodeGroup) {
            const options = record(inputs.nodeGroupOptions);
            children.push(
                nodeGroupV2LaunchTemplate(name, {
                    ...options,
                    instanceType: options.instanceType ?? inputs.instanceType,
                    nodeAssociatePublicIpAddress:
                        options.nodeAssociatePublicIpAddress ?? inputs.nodeAssociatePublicIpAddress,
                    nodePublicKey: options.nodePublicKey ?? inputs.nodePublicKey,
                }),
            );
        }

        const issuer = `oidc.eks.${ctx.region}.amazonaws.com/id/${hexId(String(clusterName))}`;
        const oidcProviderArn = inputs.createOidcProvider
            ? computed(ctx, `arn:${ctx.partition}:iam::${ctx.accountId}:oidc-provider/${issuer}`)
            : undefined;
        const kubeconfig = computed(ctx, kubeconfigOf(String(clusterName), ctx.region));
        return {
            children,
            outputs: {
                eksCluster: ctx.ref(eksCluster),
                ...(ctx.preview
                    ? {}
                    : {
                          kubeconfig,
                          kubeconfigJson: JSON.stringify(kubeconfig),
                          oidcIssuer: issuer,
                          oidcProviderUrl: `https://${issuer}`,
                          oidcProviderArn,
                          clusterSecurityGroupId: `sg-${hexId(`${clusterName}-cluster`).slice(0, 17)}`,
                          nodeSecurityGroupId: `sg-${hexId(`${clusterName}-node`).slice(0, 17)}`,
                      }),
            },
        };
    },
    methods: {
        // cluster.ts getKubeconfig: the kubeconfig with an optional profile or role.
        "eks:index:Cluster/getKubeconfig": (ctx, self) => ({
            result: computed(
                ctx,
                JSON.stringify(kubeconfigOf(String(self.inputs.name ?? self.name), ctx.region)),
            ),
        }),
    },
};

/** A kubeconfig as `eks.Cluster` builds it: `aws eks get-token` exec. */
function kubeconfigOf(clusterName: string, region: string) {
    const endpoint = `https://${hexId(clusterName)}.gr7.${region}.eks.amazonaws.com`;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name: clusterName,
                cluster: { server: endpoint, "certificate-authority-data": "bW9jaw==" },
            },
        ],
        contexts: [{ name: "aws", context: { cluster: clusterName, user: "aws" } }],
        "current-context": "aws",
        users: [
            {
                name: "aws",
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName],
                    },
                },
            },
        ],
    };
}

/** `customLaunchTemplateArgs` (nodes/nodegroup.ts:2125-2131, with customUserDataArgs). */
const customLaunchTemplateArgs = [
    "kubeletExtraArgs",
    "bootstrapExtraArgs",
    "bottlerocketSettings",
    "nodeadmExtraOptions",
    "enableIMDSv2",
    "userData",
    "amiId",
    "enableEfaSupport",
];

const managedNodeGroup: ComponentModel = {
    source: `${eksSource} nodejs/eks/nodes/nodegroup.ts`,
    build(ctx, name, inputs) {
        const children: ModelChild[] = [];
        const custom = customLaunchTemplateArgs.some((k) => inputs[k] !== undefined);
        const { cluster: _cluster, ...args } = inputs;
        let launchTemplate: unknown = inputs.launchTemplate;
        if (custom) {
            // nodegroup.ts:2236-2243: enableIMDSv2 gives hop limit 2.
            const metadataOptions =
                inputs.enableIMDSv2 !== undefined
                    ? {
                          httpTokens: inputs.enableIMDSv2 ? "required" : "optional",
                          httpPutResponseHopLimit: 2,
                          httpEndpoint: "enabled",
                      }
                    : undefined;
            children.push({
                type: "aws:ec2/launchTemplate:LaunchTemplate",
                name: `${name}-launchTemplate`,
                // nodegroup.ts:2281-2297
                inputs: { blockDeviceMappings: UNKNOWN, userData: UNKNOWN, metadataOptions },
            });
            launchTemplate = { id: UNKNOWN, version: UNKNOWN };
            delete args.diskSize;
        }
        const scaling = record(inputs.scalingConfig);
        const nodeGroup: ModelChild = {
            type: "aws:eks/nodeGroup:NodeGroup",
            name,
            // nodegroup.ts:2092-2120
            inputs: {
                ...args,
                clusterName: inputs.clusterName ?? UNKNOWN,
                nodeRoleArn: inputs.nodeRoleArn ?? UNKNOWN,
                scalingConfig: {
                    desiredSize: scaling.desiredSize ?? 2,
                    minSize: scaling.minSize ?? 1,
                    maxSize: scaling.maxSize ?? 2,
                },
                subnetIds: inputs.subnetIds ?? UNKNOWN,
                launchTemplate,
            },
            outputs: ctx.preview
                ? {}
                : { arn: arnOf(ctx, "aws:eks/nodeGroup:NodeGroup", name), nodeGroupName: name },
        };
        children.push(nodeGroup);
        return { children, outputs: { nodeGroup: ctx.ref(nodeGroup), placementGroupName: "" } };
    },
};

const nodeGroupV2: ComponentModel = {
    source: `${eksSource} nodejs/eks/nodes/nodegroup.ts`,
    build(_ctx, name, inputs) {
        // nodegroup.ts:1422-1457 and the auto-scaling group at nodegroup.ts:1487.
        return { children: [nodeGroupV2LaunchTemplate(name, inputs)], outputs: {} };
    },
};

const nodeGroup: ComponentModel = {
    source: `${eksSource} nodejs/eks/nodes/nodegroup.ts`,
    build(_ctx, name, inputs) {
        return {
            children: [
                {
                    // nodegroup.ts:924-945: no metadata options at all, so the AMI's defaults.
                    type: "aws:ec2/launchConfiguration:LaunchConfiguration",
                    name: `${name}-nodeLaunchConfiguration`,
                    inputs: {
                        associatePublicIpAddress: inputs.nodeAssociatePublicIpAddress,
                        imageId: inputs.amiId ?? UNKNOWN,
                        instanceType: inputs.instanceType ?? "t3.medium",
                        iamInstanceProfile: UNKNOWN,
                        keyName: inputs.nodePublicKey === undefined ? undefined : UNKNOWN,
                        securityGroups: UNKNOWN,
                        userData: UNKNOWN,
                    },
                },
            ],
            outputs: {},
        };
    },
};

export const eksModels: Record<string, ComponentModel> = {
    "eks:index:Cluster": cluster,
    "eks:index:ManagedNodeGroup": managedNodeGroup,
    "eks:index:NodeGroupV2": nodeGroupV2,
    "eks:index:NodeGroup": nodeGroup,
};
