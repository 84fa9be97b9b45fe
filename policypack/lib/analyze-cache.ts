// One conversion of a request's properties for all the pack's policies.
//
// For each resource, @pulumi/policy's server converts the request's protobuf Struct to
// JavaScript once per policy (sdk/nodejs/policy/server.ts, makeAnalyzeRpcFun: each validation
// calls deserializeProperties(req.getProperties())), even for a policy that then ignores the
// resource's type: with 17 policies, most of an Analyze call. The Struct is the same object
// for every policy of one request, and the server only reads the converted value (each
// policy still gets its own deserialized copy), so the conversion is kept per Struct.
import * as path from "path";

interface StructClass {
    prototype: { toJavaScript(): unknown; __hardenedEksCached?: boolean };
}

/** The Struct class @pulumi/policy's server receives requests in. */
function serverStruct(): StructClass | undefined {
    try {
        const policy = path.dirname(require.resolve("@pulumi/policy/package.json"));
        const pulumi = path.dirname(
            require.resolve("@pulumi/pulumi/package.json", { paths: [policy] }),
        );
        const file = require.resolve("google-protobuf/google/protobuf/struct_pb", {
            paths: [pulumi],
        });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(file).Struct as StructClass;
    } catch {
        return undefined;
    }
}

/** Installs the cache; without the classes it expects, leaves the server as it is. */
export function cacheRequestConversions(): boolean {
    const Struct = serverStruct();
    const original = Struct?.prototype.toJavaScript;
    if (!Struct || typeof original !== "function") {
        return false;
    }
    if (!Struct.prototype.__hardenedEksCached) {
        const converted = new WeakMap<object, unknown>();
        Struct.prototype.toJavaScript = function (this: object) {
            if (!converted.has(this)) {
                converted.set(this, original.call(this));
            }
            return converted.get(this);
        };
        Struct.prototype.__hardenedEksCached = true;
    }
    return true;
}
