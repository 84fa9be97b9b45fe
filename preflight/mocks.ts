// Pulumi mocks under which any TypeScript Pulumi program runs offline: every resource's
// state echoes its inputs with a deterministic id and ARN, the invokes programs commonly
// make are answered, and the remote components of @pulumi/eks return the outputs that
// programs read. An invoke with no answer fails, naming the token.
import * as pulumi from "@pulumi/pulumi";

/** Values the mocks answer with; every one has a default. */
export interface MockSettings {
    /** Defaults to `123456789012`. */
    accountId?: string;
    /** Defaults to `us-east-1`. */
    region?: string;
    /** Defaults to `aws`. */
    partition?: string;
    /** Results of invokes, by token, that replace or add to the built-in answers. */
    invokes?: Record<string, Record<string, unknown>>;
    /** Outputs of the stacks the program reads with StackReference, by stack name. */
    stackReferences?: Record<string, Record<string, unknown>>;
}

/** A resource the program registered, as the mocks saw it. */
export interface MockedResource {
    type: string;
    name: string;
    /** URN, parent chain included (known when installed with `installMocks`). */
    urn?: string;
    /** URN of the parent; `undefined` for the stack's direct children. */
    parent?: string;
    /** Inputs after every applicable transform, as a provider would receive them. */
    inputs: Record<string, unknown>;
    /** State the mocks answered with: the inputs, an id, an ARN and the outputs programs read. */
    state: Record<string, unknown>;
    custom: boolean;
    provider?: string;
    /** Names of the transforms registered on this resource itself. */
    transforms: string[];
    /** URNs of the resources it depends on (`dependsOn` and inputs), when installed with `installMocks`. */
    dependencies: string[];
}

/** What the emulated engine (mock-engine.ts) tells the mocks about the next registration. */
export interface NextRegistration {
    urn: string;
    parent?: string;
    /** Transforms registered on the resource itself (first in `chain`). */
    transforms: pulumi.ResourceTransform[];
    /** Every transform that applies, in the engine's order. */
    chain: pulumi.ResourceTransform[];
    /** URNs of the resources it depends on. */
    dependencies: string[];
}

/** Where a user supplies an invoke's result; named in the error of an unknown invoke. */
export const invokeMocksFile = "preflight-mocks.json";

export class ProgramMocks implements pulumi.runtime.Mocks {
    /** Every `newResource` call, in order. */
    public readonly resources: MockedResource[] = [];
    private readonly accountId: string;
    private readonly region: string;
    private readonly partition: string;
    private readonly invokes: Record<string, Record<string, unknown>>;
    private readonly stackReferences: Record<string, Record<string, unknown>>;

    constructor(settings: MockSettings = {}) {
        this.accountId = settings.accountId ?? "123456789012";
        this.region = settings.region ?? "us-east-1";
        this.partition = settings.partition ?? "aws";
        this.invokes = settings.invokes ?? {};
        this.stackReferences = settings.stackReferences ?? {};
    }

    /** Set by mock-engine.ts just before each `newResource`. */
    public nextRegistration: NextRegistration | undefined;

    async newResource(
        args: pulumi.runtime.MockResourceArgs,
    ): Promise<pulumi.runtime.MockResourceResult> {
        const registration = this.nextRegistration;
        this.nextRegistration = undefined;
        let inputs = (args.inputs ?? {}) as Record<string, unknown>;
        for (const transform of registration?.chain ?? []) {
            const result = await transform({
                custom: args.custom ?? true,
                type: args.type,
                name: args.name,
                props: inputs,
                opts: {},
            });
            inputs = (result?.props as Record<string, unknown> | undefined) ?? inputs;
        }
        const local = args.custom === false && !isRemoteComponent(args.type);
        const id = local ? undefined : args.id || `${args.name}-id`;
        const state = local
            ? {}
            : { ...inputs, ...this.computed(args.type, args.name, id!, inputs) };
        this.resources.push({
            type: args.type,
            name: args.name,
            urn: registration?.urn,
            parent: registration?.parent,
            inputs,
            state,
            custom: args.custom ?? true,
            provider: args.provider,
            transforms: (registration?.transforms ?? []).map((t) => t.name || "anonymous"),
            dependencies: registration?.dependencies ?? [],
        });
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const given = this.invokes[args.token];
        if (given) {
            return given;
        }
        const answer = this.answer(args.token, (args.inputs ?? {}) as Record<string, unknown>);
        if (!answer) {
            throw new UnknownInvokeError(args.token);
        }
        return answer;
    }

    /** The ARN a resource of `type` named `name` gets. */
    arn(type: string, name: string): string {
        const module = type.split(":")[1]?.split("/")[0] ?? "unknown";
        const kind = (type.split(":")[2] ?? "resource").toLowerCase();
        const p = this.partition;
        switch (module) {
            case "s3":
                return `arn:${p}:s3:::${name}`;
            case "iam":
                return `arn:${p}:iam::${this.accountId}:${kind}/${name}`;
            default:
                return `arn:${p}:${module}:${this.region}:${this.accountId}:${kind}/${name}`;
        }
    }

    private computed(
        type: string,
        name: string,
        id: string,
        inputs: Record<string, unknown>,
    ): Record<string, unknown> {
        if (type.startsWith("kubernetes:")) {
            const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
            return { metadata: { ...metadata, name: metadata.name ?? name } };
        }
        if (type === "eks:index:Cluster") {
            return this.eksCluster(name, inputs);
        }
        if (type === "aws:eks/cluster:Cluster") {
            const clusterName = (inputs.name as string | undefined) ?? name;
            const { issuer, endpoint } = this.clusterEndpoints(clusterName);
            return {
                id: clusterName,
                name: clusterName,
                arn: this.arn(type, clusterName),
                endpoint,
                certificateAuthority: { data: "bW9jaw==" },
                identities: [{ oidcs: [{ issuer: `https://${issuer}` }] }],
                status: "ACTIVE",
            };
        }
        if (type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider") {
            const url = String(inputs.url ?? name).replace(/^https:\/\//, "");
            return { id, arn: `arn:${this.partition}:iam::${this.accountId}:oidc-provider/${url}` };
        }
        if (type === "pulumi:pulumi:StackReference") {
            const stack = String(inputs.name ?? id);
            const outputs = this.stackReferences[stack];
            if (!outputs) {
                throw new MockAnswerError(
                    `preflight has no outputs for stack reference "${stack}": add them under ` +
                        `"stackReferences" in ${invokeMocksFile} beside Pulumi.yaml, e.g. {"stackReferences": {"${stack}": {...}}}`,
                );
            }
            return { name: stack, outputs, secretOutputNames: [] };
        }
        if (type === "eks:index:ManagedNodeGroup") {
            return {
                nodeGroup: {
                    nodeGroupName: name,
                    arn: this.arn("aws:eks/nodeGroup:NodeGroup", name),
                },
            };
        }
        const physicalName =
            (inputs.name as string | undefined) ?? (inputs.bucket as string | undefined) ?? name;
        const state: Record<string, unknown> = {
            id,
            name: physicalName,
            arn: this.arn(type, physicalName),
        };
        if (type.startsWith("aws:s3/bucket")) {
            state.bucket = physicalName;
        }
        if (type === "aws:kms/key:Key") {
            state.keyId = id;
            state.arn = this.arn(type, id);
        }
        if (type === "aws:ec2/launchTemplate:LaunchTemplate") {
            state.latestVersion = 1;
        }
        return state;
    }

    /** The OIDC issuer (without scheme) and API endpoint EKS gives a cluster. */
    private clusterEndpoints(clusterName: string): { issuer: string; endpoint: string } {
        const id = hexId(clusterName);
        return {
            issuer: `oidc.eks.${this.region}.amazonaws.com/id/${id}`,
            endpoint: `https://${id}.gr7.${this.region}.eks.amazonaws.com`,
        };
    }

    private eksCluster(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
        const clusterName = (inputs.name as string | undefined) ?? name;
        const { issuer, endpoint } = this.clusterEndpoints(clusterName);
        const oidcProviderArn = `arn:${this.partition}:iam::${this.accountId}:oidc-provider/${issuer}`;
        const kubeconfig = {
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
        const eksCluster = {
            name: clusterName,
            arn: this.arn("aws:eks/cluster:Cluster", clusterName),
            endpoint,
            identities: [{ oidcs: [{ issuer: `https://${issuer}` }] }],
        };
        return {
            kubeconfig,
            kubeconfigJson: JSON.stringify(kubeconfig),
            oidcIssuer: issuer,
            oidcProviderUrl: `https://${issuer}`,
            oidcProviderArn,
            eksCluster,
            core: {
                cluster: eksCluster,
                endpoint,
                oidcProvider: { arn: oidcProviderArn, url: issuer },
            },
            clusterSecurityGroupId: `sg-${hexId(`${clusterName}-cluster`).slice(0, 17)}`,
            nodeSecurityGroupId: `sg-${hexId(`${clusterName}-node`).slice(0, 17)}`,
            instanceRoles: [],
        };
    }

    private answer(
        token: string,
        inputs: Record<string, unknown>,
    ): Record<string, unknown> | undefined {
        const p = this.partition;
        switch (token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return {
                    id: this.accountId,
                    accountId: this.accountId,
                    arn: `arn:${p}:iam::${this.accountId}:user/preflight`,
                    userId: "AIDAPREFLIGHT",
                };
            case "aws:index/getPartition:getPartition":
                return {
                    id: p,
                    partition: p,
                    dnsSuffix: "amazonaws.com",
                    reverseDnsPrefix: "com.amazonaws",
                };
            case "aws:index/getRegion:getRegion":
                return {
                    id: this.region,
                    name: this.region,
                    region: this.region,
                    endpoint: `ec2.${this.region}.amazonaws.com`,
                    description: this.region,
                };
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const names = ["a", "b", "c"].map((z) => `${this.region}${z}`);
                return {
                    id: this.region,
                    names,
                    zoneIds: names.map((_, i) => `use1-az${i + 1}`),
                    groupNames: [this.region],
                };
            }
            case "aws:ec2/getAmi:getAmi":
                return {
                    id: "ami-0123456789abcdef0",
                    imageId: "ami-0123456789abcdef0",
                    architecture: "x86_64",
                    name: "mock-ami",
                };
            case "aws:ssm/getParameter:getParameter":
                return {
                    id: String(inputs.name),
                    name: inputs.name,
                    arn: this.arn("aws:ssm/parameter:Parameter", String(inputs.name)),
                    type: "String",
                    value: "ami-0123456789abcdef0",
                    version: 1,
                    insecureValue: "ami-0123456789abcdef0",
                };
            case "aws:eks/getAddonVersion:getAddonVersion":
                return {
                    id: String(inputs.addonName),
                    addonName: inputs.addonName,
                    kubernetesVersion: inputs.kubernetesVersion,
                    version: "v1.0.0-eksbuild.1",
                };
            case "aws:iam/getPolicyDocument:getPolicyDocument":
                return {
                    id: "policy",
                    json: JSON.stringify(renderPolicyDocument(inputs)),
                    minifiedJson: JSON.stringify(renderPolicyDocument(inputs)),
                };
            default:
                return undefined;
        }
    }
}

/** Something the mocks cannot answer without the user's help. */
export class MockAnswerError extends Error {
    /** The SDK reports a failed call by its gRPC `details`, not its message. */
    public readonly details: string;

    constructor(message: string) {
        super(message);
        this.details = message;
    }
}

/** An invoke the mocks cannot answer. */
export class UnknownInvokeError extends MockAnswerError {
    constructor(public readonly token: string) {
        super(
            `preflight has no mock answer for invoke "${token}": add its result under ` +
                `"invokes" in ${invokeMocksFile} beside Pulumi.yaml, e.g. {"invokes": {"${token}": {...}}}`,
        );
    }
}

/** Remote components (built by a provider plugin) return outputs; local ones do not. */
export function isRemoteComponent(type: string): boolean {
    return type.startsWith("eks:index:");
}

/** A stable 32-hex-digit id derived from `seed`, as EKS uses in issuer URLs. */
function hexId(seed: string): string {
    let h = 0x811c9dc5;
    let out = "";
    for (let round = 0; out.length < 32; round++) {
        for (const ch of `${seed}/${round}`) {
            h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
        }
        out += h.toString(16).padStart(8, "0").toUpperCase();
    }
    return out.slice(0, 32);
}

/** `aws.iam.getPolicyDocument` inputs rendered as the policy JSON AWS would return. */
export function renderPolicyDocument(inputs: Record<string, unknown>): Record<string, unknown> {
    const statements = ((inputs.statements as Record<string, unknown>[] | undefined) ?? []).map(
        (s) => {
            const out: Record<string, unknown> = { Effect: s.effect ?? "Allow" };
            if (s.sid) out.Sid = s.sid;
            if (s.actions) out.Action = s.actions;
            if (s.notActions) out.NotAction = s.notActions;
            if (s.resources) out.Resource = s.resources;
            if (s.notResources) out.NotResource = s.notResources;
            for (const [key, field] of [
                ["Principal", "principals"],
                ["NotPrincipal", "notPrincipals"],
            ] as const) {
                const list = s[field] as { type: string; identifiers: string[] }[] | undefined;
                if (list) {
                    out[key] = Object.fromEntries(list.map((pr) => [pr.type, pr.identifiers]));
                }
            }
            const conditions = s.conditions as
                { test: string; variable: string; values: string[] }[] | undefined;
            if (conditions) {
                const c: Record<string, Record<string, string[]>> = {};
                for (const cond of conditions) {
                    c[cond.test] = { ...(c[cond.test] ?? {}), [cond.variable]: cond.values };
                }
                out.Condition = c;
            }
            return out;
        },
    );
    return { Version: inputs.version ?? "2012-10-17", Statement: statements };
}
