// The pack deserializes a request's properties once for all its policies
// (policypack/lib/analyze-cache.ts): every policy reads the same values.
import * as assert from "assert";
import * as path from "path";
import * as util from "util";
import { cacheRequestConversions } from "../../policypack/lib/analyze-cache";

// The Struct class @pulumi/policy's server receives, and its deserialize module.
const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const pulumiDir = path.dirname(
    require.resolve("@pulumi/pulumi/package.json", { paths: [policyDir] }),
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const deserialize = require(path.join(policyDir, "deserialize"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require(require.resolve("@pulumi/pulumi/runtime/rpc", { paths: [policyDir] }));

/**
 * Runs `use` on a freshly loaded deserialize module, the one the cache then installs on, as a
 * server process loads it once; the tests' shared module is back in place afterwards.
 */
function withFreshServerModule(use: (fresh: typeof deserialize) => void) {
    const key = require.resolve(path.join(policyDir, "deserialize"));
    const shared = require.cache[key];
    delete require.cache[key];
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        use(require(key));
    } finally {
        require.cache[key] = shared;
    }
}

describe("request deserialization cache", () => {
    it("deserializes a request's Struct once for every policy, and each Struct to its own values", () => {
        assert.strictEqual(cacheRequestConversions(), true);
        assert.strictEqual(cacheRequestConversions(), true, "installing twice is harmless");
        const props = { metadata: { name: "a", labels: { x: "1" } }, rules: [{ verbs: ["get"] }] };
        const struct = Struct.fromJavaScript(props);
        let conversions = 0;
        const toJavaScript = struct.toJavaScript.bind(struct);
        struct.toJavaScript = () => (conversions++, toJavaScript());
        const first = deserialize.deserializeProperties(struct, false);
        const second = deserialize.deserializeProperties(struct, false);
        assert.deepStrictEqual(first, props);
        assert.strictEqual(second, first, "the second policy reads the first one's values");
        assert.strictEqual(conversions, 1);
        const other = Struct.fromJavaScript({ metadata: { name: "b" } });
        assert.deepStrictEqual(deserialize.deserializeProperties(other, false), {
            metadata: { name: "b" },
        });
    });

    it("leaves the secret-preserving form (remediation) fresh for each call", () => {
        cacheRequestConversions();
        const struct = Struct.fromJavaScript({ a: { b: 1 } });
        const first = deserialize.deserializeProperties(struct, true);
        const second = deserialize.deserializeProperties(struct, true);
        assert.notStrictEqual(first, second);
        assert.deepStrictEqual(first, second);
    });
});

describe("request deserialization cache: installed at most once, and never over a server it does not know", () => {
    it("installing again keeps the one cache, instead of wrapping it in another", () => {
        assert.strictEqual(cacheRequestConversions(), true);
        const installed = deserialize.deserializeProperties;
        assert.strictEqual(cacheRequestConversions(), true);
        assert.strictEqual(deserialize.deserializeProperties, installed);
    });

    it("without the deserializeProperties it expects, reports false and leaves the module as it is", () => {
        const saved = deserialize.deserializeProperties;
        try {
            deserialize.deserializeProperties = "not a function";
            assert.strictEqual(cacheRequestConversions(), false);
            assert.strictEqual(deserialize.deserializeProperties, "not a function");
        } finally {
            deserialize.deserializeProperties = saved;
        }
    });
});

describe("request deserialization cache: on a server module of its own", () => {
    it("wraps the server's deserializeProperties once, however often it is installed", () => {
        withFreshServerModule((fresh) => {
            const original = fresh.deserializeProperties;
            assert.strictEqual(cacheRequestConversions(), true);
            const installed = fresh.deserializeProperties;
            assert.notStrictEqual(installed, original);
            assert.strictEqual(cacheRequestConversions(), true);
            assert.strictEqual(fresh.deserializeProperties, installed);
        });
    });

    it("keeps the plain form each policy is given: secrets unwrapped into the values, not a proxy over them", () => {
        withFreshServerModule((fresh) => {
            cacheRequestConversions();
            const secret = { [rpc.specialSigKey]: rpc.specialSecretSig, value: "hunter2" };
            const struct = Struct.fromJavaScript({ db: { password: secret } });
            const values = fresh.deserializeProperties(struct, false);
            assert.strictEqual(util.types.isProxy(values), false);
            assert.strictEqual(util.types.isProxy(values.db), false);
            assert.deepStrictEqual(Object.getOwnPropertyDescriptor(values.db, "password"), {
                value: "hunter2",
                writable: true,
                enumerable: true,
                configurable: true,
            });
            assert.strictEqual(fresh.deserializeProperties(struct, false), values);
        });
    });
});
