// Runs one policy of the pack in-process, with its schema defaults merged with `config`
// (as the engine's Configure would), and returns the violation messages.
import {
    Policy,
    PolicyProviderResource,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";

const readOnlyViews = new WeakMap<object, object>();

/**
 * `value` seen through a proxy that throws on any write, at any depth: the pack deserializes
 * a request once for all its policies (policypack/lib/analyze-cache.ts), so a policy that
 * wrote to its props would change what the next one reads. The error surfaces as the
 * policy's "could not be checked" violation, which every test would notice.
 */
export function readOnly<T>(value: T): T {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    let view = readOnlyViews.get(value);
    if (!view) {
        const refuse = (_target: object, key: string | symbol): never => {
            throw new TypeError(`a policy wrote to its props (${String(key)})`);
        };
        view = new Proxy(value, {
            get: (target, key) => readOnly(Reflect.get(target, key)),
            set: refuse,
            defineProperty: refuse,
            deleteProperty: refuse,
            setPrototypeOf: (target) => refuse(target, "prototype"),
        });
        readOnlyViews.set(value, view);
    }
    return view as T;
}

function configOf(policy: Policy, config: Record<string, unknown>) {
    const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {}).map(([k, v]) => [
            k,
            (v as { default?: unknown }).default,
        ]),
    );
    return { ...defaults, ...config };
}

/** Violations of `policy` on one resource (created with `provider`, when given). */
export async function violations(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
    name = "subject",
    provider?: PolicyProviderResource,
): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
    for (const validate of validations) {
        await validate!(
            {
                type,
                props: readOnly(props),
                urn: `urn:pulumi:test::test::${type}::${name}`,
                name,
                ...(provider ? { provider: readOnly(provider) } : {}),
                opts: {} as never,
                stackTags: new Map(),
                isType: () => false,
                asType: () => undefined,
                getConfig: <T>() => configOf(policy, config) as T,
                notApplicable: () => {
                    throw new Error("not applicable");
                },
            } as never,
            (message: string) => messages.push(message),
        );
    }
    return messages;
}

export interface StackResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

/** Violations of a stack policy on the given resources, with the URN each is reported on. */
export async function stackViolations(
    policy: StackValidationPolicy,
    resources: StackResource[],
    config: Record<string, unknown> = {},
): Promise<{ message: string; urn?: string }[]> {
    const found: { message: string; urn?: string }[] = [];
    await policy.validateStack(
        {
            resources: resources.map((r) => ({
                ...r,
                props: readOnly(r.props),
                urn: `urn:pulumi:test::test::${r.type}::${r.name}`,
                opts: {},
                dependencies: [],
                propertyDependencies: {},
            })) as never,
            getConfig: <T>() => configOf(policy, config) as T,
            stackTags: new Map(),
            notApplicable: () => {
                throw new Error("not applicable");
            },
        } as never,
        (message: string, urn?: string) => found.push({ message, urn }),
    );
    return found;
}
