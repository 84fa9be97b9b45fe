// Test helper: a value's objects as [key, value] lists, in key order, at every depth. assert's
// deepStrictEqual ignores key order, which the Struct decoding and copying must keep.
export const keyOrder = (value: unknown): unknown =>
    Array.isArray(value)
        ? value.map(keyOrder)
        : typeof value === "object" && value !== null
          ? Object.entries(value).map(([k, v]) => [k, keyOrder(v)])
          : value;
