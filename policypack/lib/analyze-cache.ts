// One deserialization of a request's properties for all the pack's policies.
//
// @pulumi/policy's server deserializes a resource's protobuf Struct once per policy: in
// Analyze for each of the 17 resource policies, even one that then ignores the resource's
// type (server.js makeAnalyzeRpcFun, `deserializeProperties(req.getProperties(), false)`), and
// in AnalyzeStack for every resource of the stack, once per stack policy
// (makeAnalyzeStackRpcFun, the same call on `r.getProperties()`): most of the pack's time on a
// large stack. The Struct is the same object for every policy of one request, so its
// deserialization is kept per Struct, and each policy reads the same values through its own
// unknown-checking proxy. That is sound because the pack's policies only read their props
// (the tests hand every policy props that throw on any write: tests/policypack/check.ts).
import * as path from "path";

interface Deserialize {
    deserializeProperties(struct: unknown, proxySecrets?: boolean): unknown;
    __hardenedEksCached?: boolean;
}

/** The deserialize module of the @pulumi/policy the pack's server runs on. */
function serverDeserialize(): Deserialize | undefined {
    try {
        const policy = path.dirname(require.resolve("@pulumi/policy/package.json"));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(path.join(policy, "deserialize")) as Deserialize;
    } catch {
        return undefined;
    }
}

/** Installs the cache; without the module it expects, leaves the server as it is. */
export function cacheRequestConversions(): boolean {
    const deserialize = serverDeserialize();
    const original = deserialize?.deserializeProperties;
    if (!deserialize || typeof original !== "function") {
        return false;
    }
    if (!deserialize.__hardenedEksCached) {
        const deserialized = new WeakMap<object, unknown>();
        deserialize.deserializeProperties = (struct, proxySecrets) => {
            // Secret-preserving proxies (remediation) are made fresh, as the server makes them.
            if (proxySecrets || typeof struct !== "object" || struct === null) {
                return original(struct, proxySecrets);
            }
            if (!deserialized.has(struct)) {
                deserialized.set(struct, original(struct, false));
            }
            return deserialized.get(struct);
        };
        deserialize.__hardenedEksCached = true;
    }
    return true;
}
