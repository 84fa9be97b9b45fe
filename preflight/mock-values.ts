// Values as the mocks hand them on: the SDK's unknowns as the engine's sentinel, a model's
// references to its children as the SDK's resource references, props after transforms.
import type * as pulumi from "@pulumi/pulumi";
import { ModelChild, UNKNOWN } from "./models";

/** The SDK's marks for a resource reference inside serialized properties. */
const specialSigKey = "4dabf18193072939515e22adb298388d";
const specialResourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
/** Marks a reference a model made to one of its children, until the child has a URN. */
export const childRef = Symbol("childRef");

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
export function withRefs(
    value: unknown,
    urns: Map<ModelChild, { urn: string; id?: string }>,
): unknown {
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
export async function transformed(
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

/** A model's value as the SDK would send it: no property whose value is `undefined`, deeply. */
export function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withoutUndefined);
    }
    if (
        typeof value !== "object" ||
        value === null ||
        Object.getPrototypeOf(value) !== Object.prototype
    ) {
        return value;
    }
    return Object.fromEntries(
        Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, withoutUndefined(v)]),
    );
}
