// Pulumi mocks under which any TypeScript Pulumi program runs offline. As `pulumi preview`
// does (the `preview` setting): a resource's outputs are its inputs, and what a provider
// computes (ids, ARNs, endpoints) is unknown unless a model or preflight-mocks.json gives it.
// Otherwise, as after a deployment, with deterministic ids and ARNs (what unit tests assert).
// Remote components, whose children a provider plugin registers out of the mocks' sight, run
// through their models (models/); one with no model and no answer stops the run. The invokes
// programs commonly make are answered (answers.ts); an invoke with no answer fails, naming it.
import type * as pulumi from "@pulumi/pulumi";
import { Account, arnOf, awsInvokeAnswer, hexId } from "./answers";
import { MockAnswerError } from "./answer-error";
import {
    ComponentModel,
    componentModels,
    kubernetesInvoke,
    ModelChild,
    ModelContext,
    releaseModel,
    UNKNOWN,
} from "./models";

/** Values the mocks answer with; every one has a default. */
export interface MockSettings {
    /** Defaults to `123456789012`. */
    accountId?: string;
    /** Defaults to `us-east-1`. */
    region?: string;
    /** Defaults to `aws`. */
    partition?: string;
    /**
     * Run as `pulumi preview` of a new stack: provider-computed outputs are unknown. Defaults
     * to `false`: outputs as after a deployment, with deterministic ids and ARNs.
     */
    preview?: boolean;
    /** The project directory, where relative paths start. Defaults to the working directory. */
    dir?: string;
    /** Results of invokes, by token, that replace or add to the built-in answers. */
    invokes?: Record<string, Record<string, unknown>>;
    /** Outputs of the stacks the program reads with StackReference, by stack name. */
    stackReferences?: Record<string, Record<string, unknown>>;
    /** Provider-computed outputs to give, by type token or `<type>::<name>`, known in a preview too. */
    resourceOutputs?: Record<string, Record<string, unknown>>;
    /** Outputs of remote components preflight has no model of, by type token (their children go unchecked). */
    components?: Record<string, Record<string, unknown>>;
    /** Rendered manifests (`helm template` output) of Helm charts, by the chart resource's name. */
    helm?: Record<string, string>;
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
    /** State the mocks answered with: the inputs and what is known of the provider's outputs. */
    state: Record<string, unknown>;
    custom: boolean;
    provider?: string;
    /** Names of the transforms registered on this resource itself. */
    transforms: string[];
    /** URNs of the resources it depends on (`dependsOn` and inputs), when installed with `installMocks`. */
    dependencies: string[];
    /** Registered by a model of a remote component, in place of the provider plugin. */
    modelled?: boolean;
    /** `true` when registered with the `protect` option (the engine refuses to delete it). */
    protect?: boolean;
    /** `true` when registered with the `retainOnDelete` option (deleting it leaves it in the cloud). */
    retainOnDelete?: boolean;
    /** The program's call stack at registration (a modelled child's is its component's). */
    stack?: SourceFrame[];
}

/** One frame of a registration's call stack, after source maps: a `file:` URI, line and column. */
export interface SourceFrame {
    uri: string;
    line: number;
    column: number;
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
    /** A component a provider plugin builds (`remote: true` in the registration). */
    remote: boolean;
    /** The program's call stack at registration. */
    stack?: SourceFrame[];
    /** Registered with `protect: true`. */
    protect?: boolean;
    /** Registered with `retainOnDelete: true`. */
    retainOnDelete?: boolean;
}

/** Where a user supplies answers; named in every error that asks for one. */
export const invokeMocksFile = "preflight-mocks.json";

/** The SDK's marks for a resource reference inside serialized properties. */
const specialSigKey = "4dabf18193072939515e22adb298388d";
const specialResourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
/** Marks a reference a model made to one of its children, until the child has a URN. */
const childRef = Symbol("childRef");

export class ProgramMocks implements pulumi.runtime.Mocks {
    /** Every resource, in registration order, the models' children after their component. */
    public readonly resources: MockedResource[] = [];
    /** Set by mock-engine.ts just before each `newResource`. */
    public nextRegistration: NextRegistration | undefined;
    /** Called with each resource as it is registered, its inputs final (for analysis as it runs). */
    public onResource: (resource: MockedResource) => void = () => undefined;
    /** Publishes a resource where the SDK's `getResource` finds it (set by mock-engine.ts). */
    public publish: (urn: string, id: string | undefined, state: Record<string, unknown>) => void =
        () => undefined;
    private readonly account: Account;
    private readonly preview: boolean;
    private readonly settings: MockSettings;
    /** Modelled components by URN, for their method calls. */
    private readonly modelled = new Map<
        string,
        { type: string; name: string; inputs: Record<string, unknown> }
    >();

    constructor(settings: MockSettings = {}) {
        this.account = {
            accountId: settings.accountId ?? "123456789012",
            region: settings.region ?? "us-east-1",
            partition: settings.partition ?? "aws",
        };
        this.preview = settings.preview ?? false;
        this.settings = settings;
    }

    async newResource(
        args: pulumi.runtime.MockResourceArgs,
    ): Promise<pulumi.runtime.MockResourceResult> {
        const registration = this.nextRegistration;
        this.nextRegistration = undefined;
        const custom = args.custom ?? true;
        const inputs = await transformed(
            registration?.chain ?? [],
            args.type,
            args.name,
            custom,
            withUnknowns(args.inputs ?? {}) as Record<string, unknown>,
        );
        const base = {
            type: args.type,
            name: args.name,
            urn: registration?.urn,
            parent: registration?.parent,
            inputs,
            custom,
            provider: args.provider,
            transforms: (registration?.transforms ?? []).map((t) => t.name || "anonymous"),
            dependencies: registration?.dependencies ?? [],
            stack: registration?.stack,
            // Only when set, so that resources without them compare as before.
            ...(registration?.protect ? { protect: true } : {}),
            ...(registration?.retainOnDelete ? { retainOnDelete: true } : {}),
        };
        if (registration?.remote) {
            const state = await this.remoteComponent(args.type, args.name, inputs, registration);
            this.record({ ...base, state });
            return { id: undefined, state };
        }
        if (!custom) {
            this.record({ ...base, state: {} });
            return { id: undefined, state: {} };
        }
        const id = args.id || (this.preview ? undefined : `${args.name}-id`);
        const state = { ...inputs, ...this.outputsOf(args.type, args.name, id, inputs) };
        this.record({ ...base, state });
        if (args.type === "kubernetes:helm.sh/v3:Release" && registration) {
            const { children } = this.build(releaseModel, args.type, args.name, inputs);
            await this.registerChildren(children, registration, registration.urn, new Map());
        }
        return { id, state };
    }

    private record(resource: MockedResource): void {
        this.resources.push(resource);
        this.onResource(resource);
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        const answer =
            this.settings.invokes?.[args.token] ??
            awsInvokeAnswer(this.account, args.token, inputs) ??
            kubernetesInvoke(this.modelContext(), args.token, inputs);
        if (!answer) {
            throw new UnknownInvokeError(args.token);
        }
        return answer;
    }

    /** Answers a resource method call (`cluster.getKubeconfig()`) from the component's model. */
    callMethod(
        token: string,
        selfUrn: string,
        args: Record<string, unknown>,
    ): Record<string, unknown> {
        const given = this.settings.invokes?.[token];
        if (given) {
            return given;
        }
        const self = this.modelled.get(selfUrn);
        const method = self && componentModels[self.type]?.methods?.[token];
        if (!self || !method) {
            throw new MockAnswerError(
                `preflight has no model of method "${token}" (on ${selfUrn}): add its result under ` +
                    `"invokes" in ${invokeMocksFile} beside Pulumi.yaml, e.g. {"invokes": {"${token}": {...}}}`,
            );
        }
        return method(this.modelContext(), self, args);
    }

    /** The ARN a resource of `type` named `name` gets. */
    arn(type: string, name: string): string {
        return arnOf(this.account, type, name);
    }

    private modelContext(): ModelContext {
        return {
            ...this.account,
            preview: this.preview,
            dir: this.settings.dir ?? process.cwd(),
            settings: { helm: this.settings.helm },
            ref: (child: ModelChild) => ({ [childRef]: child }),
        };
    }

    /**
     * A remote component: its model registers the children the provider plugin would, with the
     * component's transforms applied as the engine applies them, and gives its outputs.
     */
    private async remoteComponent(
        type: string,
        name: string,
        inputs: Record<string, unknown>,
        registration: NextRegistration,
    ): Promise<Record<string, unknown>> {
        const model = componentModels[type];
        if (!model) {
            const given = this.settings.components?.[type];
            if (given) {
                return given;
            }
            throw new MockAnswerError(
                `preflight has no model of the remote component "${type}" ("${name}"): the children it ` +
                    `registers, which a preview analyzes, would go unchecked. Check this program with ` +
                    `\`pulumi preview --policy-pack\`, or, to run preflight without its children, add its ` +
                    `outputs under "components" in ${invokeMocksFile}, e.g. {"components": {"${type}": {...}}}`,
            );
        }
        const result = this.build(model, type, name, inputs);
        const urns = new Map<ModelChild, { urn: string; id?: string }>();
        await this.registerChildren(result.children, registration, registration.urn, urns);
        this.modelled.set(registration.urn, { type, name, inputs });
        return withRefs(result.outputs, urns) as Record<string, unknown>;
    }

    /** A model's result, its failures as errors the SDK reports by their message. */
    private build(
        model: ComponentModel,
        type: string,
        name: string,
        inputs: Record<string, unknown>,
    ) {
        try {
            return model.build(this.modelContext(), name, inputs);
        } catch (e) {
            throw e instanceof MockAnswerError
                ? e
                : new MockAnswerError(`${type} "${name}": ${(e as Error).message}`);
        }
    }

    private async registerChildren(
        children: ModelChild[],
        component: NextRegistration,
        parentUrn: string,
        urns: Map<ModelChild, { urn: string; id?: string }>,
    ): Promise<void> {
        const chain = component.chain;
        const [, stack, project, parentType] =
            /^urn:pulumi:([^:]*)::([^:]*)::(.*)::[^:]*$/.exec(parentUrn) ?? [];
        for (const child of children) {
            const urn = `urn:pulumi:${stack}::${project}::${parentType}$${child.type}::${child.name}`;
            const custom = !child.component;
            const inputs = await transformed(chain, child.type, child.name, custom, child.inputs);
            const id = custom && !this.preview ? `${child.name}-id` : undefined;
            const state = custom
                ? {
                      ...inputs,
                      ...(this.preview ? {} : this.outputsOf(child.type, child.name, id, inputs)),
                      ...child.outputs,
                  }
                : {};
            this.record({
                type: child.type,
                name: child.name,
                urn,
                parent: parentUrn,
                inputs,
                state,
                custom,
                transforms: [],
                dependencies: [],
                modelled: true,
                stack: component.stack,
            });
            urns.set(child, { urn, id });
            this.publish(urn, id, state);
            await this.registerChildren(child.children ?? [], component, urn, urns);
        }
    }

    /** What is known of a resource's provider-computed outputs. */
    private outputsOf(
        type: string,
        name: string,
        id: string | undefined,
        inputs: Record<string, unknown>,
    ): Record<string, unknown> {
        const given = {
            ...this.settings.resourceOutputs?.[type],
            ...this.settings.resourceOutputs?.[`${type}::${name}`],
        };
        if (type.startsWith("kubernetes:")) {
            // The Kubernetes provider names unnamed objects in its Check, so even a preview knows it.
            const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
            return { metadata: { ...metadata, name: metadata.name ?? name }, ...given };
        }
        if (type === "pulumi:pulumi:StackReference") {
            return { ...this.stackReference(String(inputs.name ?? id ?? name)), ...given };
        }
        if (this.preview || type.startsWith("pulumi:providers:")) {
            return given;
        }
        return { ...this.deployed(type, name, id ?? `${name}-id`, inputs), ...given };
    }

    private stackReference(stack: string): Record<string, unknown> {
        const outputs = this.settings.stackReferences?.[stack];
        if (!outputs) {
            throw new MockAnswerError(
                `preflight has no outputs for stack reference "${stack}": add them under ` +
                    `"stackReferences" in ${invokeMocksFile} beside Pulumi.yaml, e.g. {"stackReferences": {"${stack}": {...}}}`,
            );
        }
        return { name: stack, outputs, secretOutputNames: [] };
    }

    /** Outputs as after a deployment: deterministic ids, names and ARNs. */
    private deployed(
        type: string,
        name: string,
        id: string,
        inputs: Record<string, unknown>,
    ): Record<string, unknown> {
        if (type === "aws:eks/cluster:Cluster") {
            const clusterName = (inputs.name as string | undefined) ?? name;
            const hex = hexId(clusterName);
            return {
                id: clusterName,
                name: clusterName,
                arn: this.arn(type, clusterName),
                endpoint: `https://${hex}.gr7.${this.account.region}.eks.amazonaws.com`,
                certificateAuthority: { data: "bW9jaw==" },
                vpcConfig: {
                    ...(inputs.vpcConfig as Record<string, unknown> | undefined),
                    clusterSecurityGroupId: `sg-${hex.slice(0, 17).toLowerCase()}`,
                },
                identities: [
                    {
                        oidcs: [
                            {
                                issuer: `https://oidc.eks.${this.account.region}.amazonaws.com/id/${hex}`,
                            },
                        ],
                    },
                ],
                status: "ACTIVE",
            };
        }
        if (type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider") {
            const url = String(inputs.url ?? name).replace(/^https:\/\//, "");
            return {
                id,
                arn: `arn:${this.account.partition}:iam::${this.account.accountId}:oidc-provider/${url}`,
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

/** The SDK's unknown values (an `Unknown` of any SDK copy) as the engine's sentinel, deeply. */
export function withUnknowns(value: unknown): unknown {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    if ((value as { __pulumiUnknown?: unknown }).__pulumiUnknown === true) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(withUnknowns);
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) {
        return value;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v)]));
}

/** `value` with the references a model made to its children as the SDK's resource references. */
function withRefs(value: unknown, urns: Map<ModelChild, { urn: string; id?: string }>): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => withRefs(v, urns));
    }
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const child = (value as { [childRef]?: ModelChild })[childRef];
    if (child) {
        const { urn, id } = urns.get(child)!;
        return {
            [specialSigKey]: specialResourceSig,
            urn,
            ...(child.component ? {} : { id: id ?? "" }),
        };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRefs(v, urns)]));
}

/** Props after each transform of `chain`, in order, as the engine applies them. */
async function transformed(
    chain: pulumi.ResourceTransform[],
    type: string,
    name: string,
    custom: boolean,
    props: Record<string, unknown>,
): Promise<Record<string, unknown>> {
    let inputs = props;
    for (const transform of chain) {
        const result = await transform({ custom, type, name, props: inputs, opts: {} });
        inputs = (result?.props as Record<string, unknown> | undefined) ?? inputs;
    }
    return inputs;
}
