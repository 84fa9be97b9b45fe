// Normalising helpers for property bags whose shape nobody guarantees: policies and
// components run them on user input, so none of them throws.

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `undefined` for absent, `[x]` for a scalar, a plain array of the elements otherwise: every
 * element is read, so an unknown one (during preview) throws here.
 */
export function asArray(value: unknown): unknown[] | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (!Array.isArray(value)) {
        return [value];
    }
    // Read index by index into a plain array: in a policy, `value` is the SDK's unknown-checking
    // proxy, and an array method on it (filter, map) also reads `constructor` and
    // Symbol.species through it, each read making another proxy: three times the cost.
    // Each element is still read through the proxy, which still throws on an unknown.
    const length = value.length;
    const items = new Array<unknown>(length);
    for (let i = 0; i < length; i++) {
        items[i] = value[i];
    }
    return items;
}

/** The strings of a string-or-array value; `undefined` when any element is not a string. */
export function asStringArray(value: unknown): string[] | undefined {
    const items = asArray(value);
    if (items === undefined || !items.every((item) => typeof item === "string")) {
        return undefined;
    }
    return items as string[];
}

/** A JSON string parsed, an object returned as is; `undefined` for anything else. */
export function parseJsonObject(value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "string") {
        try {
            const parsed: unknown = JSON.parse(value);
            return isRecord(parsed) ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return isRecord(value) ? value : undefined;
}

/** Renders a value for a violation message, short enough to read. */
export function show(value: unknown): string {
    let text: string;
    try {
        text = JSON.stringify(value) ?? String(value);
    } catch {
        text = Object.prototype.toString.call(value);
    }
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A value as text: a string as it is, anything else as `show` renders it. Never throws. */
export function text(value: unknown): string {
    return typeof value === "string" ? value : show(value);
}

/** The SDK's marker for a value unknown during preview; public at run time, @internal in its types. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { UnknownValueError } = require("@pulumi/policy") as {
    UnknownValueError: new (...args: never[]) => Error;
};

/**
 * Whether `record[key]` is a non-empty string, or unknown during preview (the value of a
 * resource the stack creates, such as a key's ARN): set either way.
 */
export function knownOrPending(record: Record<string, unknown>, key: string): boolean {
    try {
        const value = record[key];
        return typeof value === "string" && value !== "";
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return true;
        }
        throw e;
    }
}

/**
 * `read()`, or `pending` when what it reads is unknown during preview: for a value a policy
 * can judge without, such as the ARN of a role the stack creates, whose permissions are known.
 */
export function orPending<T>(read: () => T, pending: T): T {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return pending;
        }
        throw e;
    }
}
