// What a model of a remote component is. Remote components (built inside a provider plugin,
// such as `@pulumi/eks`'s) register their children in the plugin, where no mock sees them; a
// model registers the children the real component registers, with the values it sets where a
// policy reads them, and returns the outputs the SDK declares. Each value cites the upstream
// source line it follows.
import type { Account } from "../answers";

/** What `pulumi preview` sends for a value it cannot know yet (the engine's unknown sentinel). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A child the component registers. */
export interface ModelChild {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    /** Outputs known at preview beyond the inputs (rare: values read from invokes). */
    outputs?: Record<string, unknown>;
    /** A component resource (no id, no provider outputs). Defaults to `false`. */
    component?: boolean;
    /** Registered with `retainOnDelete: true`. Defaults to `false`. */
    retainOnDelete?: boolean;
    /** Children registered with this child as their parent. */
    children?: ModelChild[];
}

/**
 * What preflight could not check on a resource, and how to let it: shown beside the verdict
 * as a note, never as a policy violation.
 */
export interface ModelNote {
    /** A stable name for the kind of note, one of `noteKinds`. */
    id: keyof typeof noteKinds;
    message: string;
}

/** Every kind of note: what it says, and how to act on it (the SARIF rule of its results). */
export const noteKinds = {
    "helm-release-not-rendered": {
        title: "A helm.v3.Release whose chart's objects preflight did not check",
        help:
            "A preview judges a helm.v3.Release by its inputs and never sees the objects Helm installs. " +
            'To check them, render the chart with `helm template` and name the file under "helm" in ' +
            "preflight-mocks.json, keyed by the Release's resource name.",
    },
};

/** What a model knows of the run it is part of. */
export interface ModelContext extends Account {
    /** Whether this is a preview, where provider-computed outputs are unknown. */
    preview: boolean;
    /** The project directory, for relative paths. */
    dir: string;
    /** A resource reference to a direct child, as the SDK deserializes a `Resource` output. */
    ref(child: ModelChild): unknown;
    /** Answers the user gave in preflight-mocks.json, for the models that need them. */
    settings: { helm?: Record<string, string> };
    /** The answer to an invoke the component makes, as the program's own invokes are answered. */
    invoke(token: string, inputs: Record<string, unknown>): Record<string, unknown>;
    /**
     * The resource a reference among the component's inputs points at (a resource the program
     * registered earlier, as the SDK rehydrates it), or `undefined` when it cannot be told.
     */
    resolve(reference: unknown): ResolvedResource | undefined;
}

/** A registered resource, as a model may read it through a reference. */
export interface ResolvedResource {
    type: string;
    name: string;
    urn?: string;
    inputs: Record<string, unknown>;
    /** The resources registered with this one as their parent. */
    children(): ResolvedResource[];
}

/** The children and outputs of one component. */
export interface ModelResult {
    children: ModelChild[];
    outputs: Record<string, unknown>;
    /**
     * A resource the real component makes its own parent in place of the program's (a reference
     * among its inputs), which puts its URN, and its children's, under that resource's.
     */
    parent?: unknown;
}

export interface ComponentModel {
    /** The upstream source this model follows: repository, commit and file. */
    source: string;
    build(ctx: ModelContext, name: string, inputs: Record<string, unknown>): ModelResult;
    /** Resource methods (`pulumi.runtime.call`), by token. */
    methods?: Record<
        string,
        (
            ctx: ModelContext,
            self: { name: string; inputs: Record<string, unknown> },
            args: Record<string, unknown>,
        ) => Record<string, unknown>
    >;
}

/** A plain record of `value`, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
}

/** `value` unless the run is a preview, where the provider computes it: then unknown. */
export function computed(ctx: ModelContext, value: unknown): unknown {
    return ctx.preview ? UNKNOWN : value;
}

/** Whether `value` holds the unknown sentinel anywhere, as an output built from it would be unknown. */
export function hasUnknown(value: unknown): boolean {
    if (value === UNKNOWN) {
        return true;
    }
    if (typeof value !== "object" || value === null) {
        return false;
    }
    return Object.values(value).some(hasUnknown);
}
