// Pulumi mocks under which any TypeScript Pulumi program runs offline. As `pulumi preview`
// does (the `preview` setting): a resource's outputs are its inputs, and what a provider
// computes (ids, ARNs, endpoints) is unknown unless a model or preflight-mocks.json gives it.
// Otherwise, as after a deployment, with deterministic ids and ARNs (what unit tests assert).
// Remote components, whose children a provider plugin registers out of the mocks' sight, run
// through their models (models/); one with no model and no answer stops the run. The invokes
// programs commonly make, and outputs as after a deployment, are answered (answers.ts); an
// invoke with no answer fails, naming it.
import type * as pulumi from "@pulumi/pulumi";
import { Account, arnOf, awsInvokeAnswer, deployedOutputs } from "./answers";
import { MockAnswerError } from "./answer-error";
import { childRef, transformed, withoutUndefined, withRefs, withUnknowns } from "./mock-values";
import {
    componentModels,
    kubernetesInvoke,
    ModelChild,
    ModelContext,
    ModelNote,
    releaseObjects,
    releaseType,
    ResolvedResource,
    unrenderedReleaseNote,
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
    /** What preflight could not check on this resource (reported as notes, not violations). */
    notes?: ModelNote[];
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

export { withUnknowns } from "./mock-values";

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
            const { state, parent } = await this.remoteComponent(
                args.type,
                args.name,
                inputs,
                registration,
            );
            this.record({ ...base, ...parent, state });
            return { id: undefined, state };
        }
        if (!custom) {
            this.record({ ...base, state: {} });
            return { id: undefined, state: {} };
        }
        const id = args.id || (this.preview ? undefined : `${args.name}-id`);
        const state = { ...inputs, ...this.outputsOf(args.type, args.name, id, inputs) };
        if (args.type !== releaseType) {
            this.record({ ...base, state });
            return { id, state };
        }
        // The Release is what a preview judges; its chart's objects only when they are rendered,
        // and a note says so when they are not (models/kubernetes.ts).
        const objects = this.build(args.type, args.name, (ctx) =>
            releaseObjects(ctx, args.name, inputs),
        );
        const notes = objects ? {} : { notes: [unrenderedReleaseNote(args.name, inputs)] };
        this.record({ ...base, state, ...notes });
        if (objects && registration) {
            await this.registerChildren(objects, registration, registration.urn, new Map());
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
            invoke: (token, inputs) => this.call({ token, inputs }),
            resolve: (reference) => this.resolve(reference),
        };
    }

    /**
     * The resource a reference in a component's inputs points at: the SDK rehydrates one as a
     * Resource with its type and name (runtime/rpc.js deserializeProperty), or leaves its URN.
     * `undefined` when no registered resource, or more than one, has that type and name.
     */
    private resolve(reference: unknown): ResolvedResource | undefined {
        let type: unknown;
        let name: unknown;
        if (typeof reference === "string" && reference.startsWith("urn:pulumi:")) {
            const parts = reference.split("::");
            type = parts[2]?.split("$").pop();
            name = parts[3];
        } else if (typeof reference === "object" && reference !== null) {
            type = (reference as { __pulumiType?: unknown }).__pulumiType;
            name = (reference as { __name?: unknown }).__name;
        }
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        return found.length === 1 ? this.resolved(found[0]) : undefined;
    }

    private resolved(r: MockedResource): ResolvedResource {
        return {
            type: r.type,
            name: r.name,
            urn: r.urn,
            inputs: r.inputs,
            children: () =>
                r.urn
                    ? this.resources.filter((c) => c.parent === r.urn).map((c) => this.resolved(c))
                    : [],
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
    ): Promise<{ state: Record<string, unknown>; parent?: { urn: string; parent: string } }> {
        const model = componentModels[type];
        if (!model) {
            const given = this.settings.components?.[type];
            if (given) {
                return { state: given };
            }
            throw new MockAnswerError(
                `preflight has no model of the remote component "${type}" ("${name}"): the children it ` +
                    `registers, which a preview analyzes, would go unchecked. Check this program with ` +
                    `\`pulumi preview --policy-pack\`, or, to run preflight without its children, add its ` +
                    `outputs under "components" in ${invokeMocksFile}, e.g. {"components": {"${type}": {...}}}`,
            );
        }
        const result = this.build(type, name, (ctx) => model.build(ctx, name, inputs));
        // The engine forms a URN from the parent the component registers with (resource.NewURN
        // in resmon's RegisterResource): a component that makes another resource its parent
        // gets that resource's URN as its type's prefix, and its children follow.
        const adopter = result.parent === undefined ? undefined : this.resolve(result.parent);
        const parent = adopter?.urn
            ? {
                  urn: `${adopter.urn.slice(0, adopter.urn.lastIndexOf("::"))}$${type}::${name}`,
                  parent: adopter.urn,
              }
            : undefined;
        const urns = new Map<ModelChild, { urn: string; id?: string }>();
        await this.registerChildren(
            result.children,
            registration,
            parent?.urn ?? registration.urn,
            urns,
        );
        this.modelled.set(registration.urn, { type, name, inputs });
        return { state: withRefs(result.outputs, urns) as Record<string, unknown>, parent };
    }

    /** What a model makes of a resource, its failures as errors the SDK reports by their message. */
    private build<T>(type: string, name: string, make: (ctx: ModelContext) => T): T {
        try {
            return make(this.modelContext());
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
            // As the SDK serializes them: a property set to undefined is not sent at all.
            const inputs = await transformed(
                chain,
                child.type,
                child.name,
                custom,
                withoutUndefined(child.inputs) as Record<string, unknown>,
            );
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
                ...(child.retainOnDelete ? { retainOnDelete: true } : {}),
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
        return {
            ...deployedOutputs(this.account, type, name, id ?? `${name}-id`, inputs),
            ...given,
        };
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
