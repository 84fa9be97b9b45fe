// Models of @pulumi/eks's add-on components: `eks.Addon` (any EKS add-on: CoreDNS, kube-proxy,
// the EBS CSI driver, ...) and `eks.VpcCniAddon`. Each registers one `aws.eks.Addon`, which a
// preview analyzes with the values set here; each value cites pulumi/pulumi-eks at commit
// 7bf0c1b1 (nodejs/eks/addons/...).
import { eksSource } from "./eks";
import { ComponentModel, hasUnknown, ModelChild, record, UNKNOWN } from "./model";

/** The `aws.eks.Addon` arguments the AWS SDK sends (@pulumi/aws eks/addon.js), but `clusterName`. */
const addonArgs = [
    "addonName",
    "addonVersion",
    "namespaceConfig",
    "podIdentityAssociations",
    "preserve",
    "region",
    "resolveConflictsOnCreate",
    "resolveConflictsOnUpdate",
    "serviceAccountRoleArn",
    "tags",
];

/** `pulumi.jsonStringify`: the JSON text of a value, unknown while any part of it is. */
function jsonOf(value: unknown, sortKeys = false): unknown {
    if (hasUnknown(value)) {
        return UNKNOWN;
    }
    // stringifyReplacer (addons/addon.ts:60-71) sorts the keys of every object, arrays kept.
    const sorted = (_key: string, v: unknown) =>
        typeof v === "object" && v !== null && !Array.isArray(v)
            ? Object.fromEntries(
                  Object.keys(v)
                      .sort()
                      .map((k) => [k, (v as Record<string, unknown>)[k]]),
              )
            : v;
    return JSON.stringify(value, sortKeys ? sorted : undefined);
}

const addon: ComponentModel = {
    source: `${eksSource} nodejs/eks/addons/addon.ts`,
    build(ctx, name, inputs) {
        // addon.ts:48: the cluster's own name (`cluster.core.cluster.name`), known in a preview
        // when the cluster's model, or the program, named it.
        const cluster = ctx.resolve(inputs.cluster);
        const eksCluster = cluster?.children().find((c) => c.type === "aws:eks/cluster:Cluster");
        const child: ModelChild = {
            type: "aws:eks/addon:Addon",
            name,
            // addon.ts:44-54: every argument but the cluster, its configuration as JSON text.
            inputs: {
                ...Object.fromEntries(
                    addonArgs.filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]),
                ),
                clusterName: eksCluster?.inputs.name ?? UNKNOWN,
                configurationValues: inputs.configurationValues
                    ? jsonOf(inputs.configurationValues)
                    : undefined,
            },
        };
        // addon.ts:40-42: the component makes the cluster its parent; cmd/provider/addon.ts:29-31.
        return { children: [child], outputs: { addon: ctx.ref(child) }, parent: inputs.cluster };
    },
};

const flag = (v: unknown) => (v ? "true" : "false");

/**
 * The aws-node container's and init container's environment (computeEnv, cni-addon.ts:372-534),
 * in the order set there: a later setting of the same variable wins, as Object.assign makes it.
 */
export function cniEnv(args: Record<string, unknown>): {
    env: Record<string, string>;
    initEnv: Record<string, string>;
} {
    if (args.cniExternalSnat && args.externalSnat) {
        // cni-addon.ts:505-509
        throw new Error(
            "Please specify one of `cniExternalSnat` or `externalSnat` in your VpcCniOptions",
        );
    }
    const env: [string, string | undefined][] = [
        ["AWS_VPC_CNI_NODE_PORT_SUPPORT", args.nodePortSupport ? "true" : undefined],
        ["AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", args.customNetworkConfig ? "true" : undefined],
        ["WARM_ENI_TARGET", `${(args.warmEniTarget as number | undefined) ?? 1}`],
        ["WARM_IP_TARGET", args.warmIpTarget ? `${args.warmIpTarget as number}` : undefined],
        [
            "WARM_PREFIX_TARGET",
            args.warmPrefixTarget ? `${args.warmPrefixTarget as number}` : undefined,
        ],
        ["ENABLE_PREFIX_DELEGATION", args.enablePrefixDelegation ? "true" : undefined],
        ["AWS_VPC_K8S_CNI_LOGLEVEL", (args.logLevel as string) || "DEBUG"],
        [
            "AWS_VPC_K8S_CNI_LOG_FILE",
            (args.logFile as string) || "/host/var/log/aws-routed-eni/ipamd.log",
        ],
        ["AWS_VPC_K8S_CNI_VETHPREFIX", (args.vethPrefix as string) || "eni"],
        ["AWS_VPC_ENI_MTU", args.eniMtu ? `${args.eniMtu as number}` : "9001"],
        ["ENI_CONFIG_LABEL_DEF", (args.eniConfigLabelDef as string) || undefined],
        ["AWS_VPC_K8S_PLUGIN_LOG_LEVEL", (args.pluginLogLevel as string) || "DEBUG"],
        [
            "AWS_VPC_K8S_PLUGIN_LOG_FILE",
            (args.pluginLogFile as string) || "/var/log/aws-routed-eni/plugin.log",
        ],
        ["ENABLE_POD_ENI", flag(args.enablePodEni)],
        ["AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER", args.cniConfigureRpfilter ? "true" : undefined],
        // cni-addon.ts:493-503: set again, so `customNetworkConfig: true` alone ends up "false".
        ["AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", flag(args.cniCustomNetworkCfg)],
        ["AWS_VPC_K8S_CNI_EXTERNALSNAT", flag(args.externalSnat || args.cniExternalSnat)],
    ];
    return {
        env: Object.fromEntries(env.filter((e): e is [string, string] => e[1] !== undefined)),
        initEnv: { DISABLE_TCP_EARLY_DEMUX: flag(args.disableTcpEarlyDemux) },
    };
}

/** mergeConfigurationValues (cni-addon.ts:539-575): the user's values over the computed environment. */
export function cniConfiguration(args: Record<string, unknown>): Record<string, unknown> {
    const { env, initEnv } = cniEnv(args);
    const config: Record<string, unknown> = { ...record(args.configurationValues) };
    if (!("enableNetworkPolicy" in config) && args.enableNetworkPolicy !== undefined) {
        config.enableNetworkPolicy = flag(args.enableNetworkPolicy);
    }
    const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
    config.env = isObject(config.env) ? { ...env, ...record(config.env) } : env;
    const init = config.init;
    if (isObject(init) && isObject(record(init).env)) {
        config.init = { ...record(init), env: { ...initEnv, ...record(record(init).env) } };
    } else if (isObject(init)) {
        config.init = { env: initEnv, ...record(init) };
    } else {
        config.init = { env: initEnv };
    }
    return config;
}

const vpcCniAddon: ComponentModel = {
    source: `${eksSource} nodejs/eks/addons/cni-addon.ts`,
    build(ctx, name, inputs) {
        // cni-addon.ts:272-289: the version given, else the newest for the cluster's version
        // (an invoke, which a preview runs), else an error.
        let addonVersion = inputs.addonVersion;
        if (!addonVersion && inputs.clusterVersion) {
            addonVersion = hasUnknown(inputs.clusterVersion)
                ? UNKNOWN
                : ctx.invoke("aws:eks/getAddonVersion:getAddonVersion", {
                      addonName: "vpc-cni",
                      kubernetesVersion: inputs.clusterVersion,
                      mostRecent: true,
                  }).version;
        } else if (!addonVersion) {
            throw new Error(
                "You need to specify either `addonVersion` or `clusterVersion` to determine the version of the vpc-cni addon to use.",
            );
        }
        // cni-addon.ts:291-295: unknown while any value it is built from is.
        const {
            clusterName: _c,
            clusterVersion: _v,
            addonVersion: _a,
            serviceAccountRoleArn: _s,
            tags: _t,
            ...configured
        } = inputs;
        const configuration = hasUnknown(configured) ? UNKNOWN : cniConfiguration(inputs);
        const child: ModelChild = {
            type: "aws:eks/addon:Addon",
            name,
            // cni-addon.ts:297-313
            inputs: {
                clusterName: inputs.clusterName,
                addonVersion,
                addonName: "vpc-cni",
                resolveConflictsOnCreate: inputs.resolveConflictsOnCreate ?? "OVERWRITE",
                resolveConflictsOnUpdate: inputs.resolveConflictsOnUpdate ?? "OVERWRITE",
                preserve: true,
                configurationValues: jsonOf(configuration, true),
                serviceAccountRoleArn: inputs.serviceAccountRoleArn,
                tags: inputs.tags,
            },
        };
        const children: ModelChild[] = [child];
        if (inputs.securityContextPrivileged) {
            // cni-addon.ts:316-318, 324-364: a server-side apply patch of the aws-node DaemonSet.
            children.push({
                type: "kubernetes:apps/v1:DaemonSetPatch",
                name,
                retainOnDelete: true,
                inputs: {
                    apiVersion: "apps/v1",
                    kind: "DaemonSet",
                    metadata: {
                        name: "aws-node",
                        namespace: "kube-system",
                        annotations: { "pulumi.com/patchForce": "true" },
                    },
                    spec: {
                        template: {
                            spec: {
                                containers: [
                                    {
                                        name: "aws-node",
                                        securityContext: {
                                            privileged: inputs.securityContextPrivileged,
                                        },
                                    },
                                ],
                            },
                        },
                    },
                },
            });
        }
        // cmd/provider/cni-addon.ts:26-31
        return { children, outputs: { addon: ctx.ref(child) } };
    },
};

export const eksAddonModels: Record<string, ComponentModel> = {
    "eks:index:Addon": addon,
    "eks:index:VpcCniAddon": vpcCniAddon,
};
