// The pack converts each request's properties once for all its policies
// (policypack/lib/analyze-cache.ts); each policy still gets the same values.
import * as assert from "assert";
import * as path from "path";
import { cacheRequestConversions } from "../../policypack/lib/analyze-cache";

// The Struct class @pulumi/policy's server receives, resolved as the cache resolves it.
const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const pulumiDir = path.dirname(
    require.resolve("@pulumi/pulumi/package.json", { paths: [policyDir] }),
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require(path.join(policyDir, "deserialize"));

describe("request conversion cache", () => {
    it("converts a request's Struct once, and each policy still gets its own equal copy", () => {
        assert.strictEqual(cacheRequestConversions(), true);
        assert.strictEqual(cacheRequestConversions(), true, "installing twice is harmless");
        const props = { metadata: { name: "a", labels: { x: "1" } }, rules: [{ verbs: ["get"] }] };
        const struct = Struct.fromJavaScript(props);
        assert.strictEqual(struct.toJavaScript(), struct.toJavaScript());
        const first = deserializeProperties(struct, false);
        const second = deserializeProperties(struct, false);
        assert.deepStrictEqual(first, props);
        assert.deepStrictEqual(second, props);
        assert.notStrictEqual(first.metadata, second.metadata, "each policy gets fresh objects");
        const other = Struct.fromJavaScript({ metadata: { name: "b" } });
        assert.deepStrictEqual(other.toJavaScript(), { metadata: { name: "b" } });
    });
});
