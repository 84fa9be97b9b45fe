// The AnalyzeStack request preflight frames by hand, one resource at a time, is byte for
// byte what the generated AnalyzeStackRequest.serializeBinary gives.
import * as assert from "assert";
import * as fc from "fast-check";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { lengthDelimited, withProperties } from "../../preflight/analyzer-client";
import { encodeStruct } from "../../preflight/struct-encoder";

describe("analyzer client framing", () => {
    it("frames repeated AnalyzerResource as AnalyzeStackRequest.serializeBinary does, for any sizes", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.string(), fc.string({ maxLength: 40_000 })), { maxLength: 6 }),
                (items) => {
                    const resources = items.map(([name, type]) =>
                        new analyzer.AnalyzerResource().setName(name).setType(type).setUrn("u"),
                    );
                    const generated = Buffer.from(
                        new analyzer.AnalyzeStackRequest()
                            .setResourcesList(resources)
                            .serializeBinary(),
                    );
                    const framed = Buffer.concat(
                        resources.flatMap((r) => {
                            const bytes = r.serializeBinary();
                            return [lengthDelimited(1, bytes.length), bytes];
                        }),
                    );
                    assert.ok(framed.equals(generated));
                },
            ),
            { numRuns: 100 },
        );
    });
});

describe("Struct encoder", () => {
    it("encodes any JSON object to bytes that parse to what Struct.fromJavaScript holds", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 5 })), (value) => {
                const plain = JSON.parse(JSON.stringify(value));
                const parsed = Struct.deserializeBinary(encodeStruct(plain)).toJavaScript();
                assert.deepStrictEqual(parsed, Struct.fromJavaScript(plain).toJavaScript());
                // toJavaScript assigns obj[key], so an own "__proto__" key cannot come back
                // out of either encoder; every other object does, unchanged.
                if (!JSON.stringify(plain).includes('"__proto__"')) {
                    assert.deepStrictEqual(parsed, plain);
                }
            }),
            { numRuns: 300 },
        );
    });

    it('encodes an own "__proto__" key to bytes the pack reads as Struct.fromJavaScript gives', () => {
        const plain = JSON.parse('{"__proto__":{"a":1},"b":[{"__proto__":null}],"c":2}');
        const parsed = Struct.deserializeBinary(encodeStruct(plain));
        assert.deepStrictEqual(parsed.toObject(), Struct.fromJavaScript(plain).toObject());
        assert.deepStrictEqual(parsed.toJavaScript(), { b: [{}], c: 2 });
    });
});

describe("requests with their properties appended", () => {
    it("parse as AnalyzeRequest and AnalyzerResource with every field, properties included", () => {
        const resource = {
            type: "aws:iam/policy:Policy",
            name: "deploy",
            urn: "urn:pulumi:dev::app::aws:iam/policy:Policy::deploy",
            properties: { policy: '{"Statement":[]}', tags: { team: "a" }, list: [1, null, true] },
        };
        for (const Message of [analyzer.AnalyzeRequest, analyzer.AnalyzerResource]) {
            const head = new Message()
                .setType(resource.type)
                .setName(resource.name)
                .setUrn(resource.urn);
            const parsed = Message.deserializeBinary(
                withProperties(head.serializeBinary(), resource),
            );
            assert.strictEqual(parsed.getType(), resource.type);
            assert.strictEqual(parsed.getName(), resource.name);
            assert.strictEqual(parsed.getUrn(), resource.urn);
            assert.deepStrictEqual(parsed.getProperties()?.toJavaScript(), resource.properties);
        }
    });
});
