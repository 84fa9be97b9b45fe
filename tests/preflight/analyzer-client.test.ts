// The AnalyzeStack request preflight frames by hand, one resource at a time, is byte for
// byte what the generated AnalyzeStackRequest.serializeBinary gives.
import * as assert from "assert";
import * as fc from "fast-check";
import { keyOrder } from "../key-order";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { lengthDelimited, withProperties } from "../../preflight/analyzer-client";
import { encodeStruct, structCopy } from "../../preflight/struct-encoder";

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

describe("Struct copy", () => {
    const roundTrip = (value: unknown) => Struct.fromJavaScript(value as never).toJavaScript();

    it("gives what Struct.fromJavaScript(value).toJavaScript() gives, keys in the same order, for any JSON object", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 5 })), (value) => {
                const plain = JSON.parse(JSON.stringify(value));
                const copy = structCopy(plain);
                assert.deepStrictEqual(keyOrder(copy), keyOrder(roundTrip(plain)));
                assert.deepStrictEqual(copy, roundTrip(plain));
            }),
            { numRuns: 300 },
        );
    });

    it("copies, reads inherited keys, drops __proto__ and refuses what Struct refuses, as Struct does", () => {
        const value = { a: [{ b: 1 }] };
        const copy = structCopy(value) as typeof value;
        assert.notStrictEqual(copy.a, value.a);
        assert.notStrictEqual(copy.a[0], value.a[0]);
        const inherited = Object.create({ up: 1 });
        inherited.own = 2;
        const odd = JSON.parse('{"__proto__":{"x":1},"date":null}');
        odd.date = new Date(0);
        for (const input of [inherited, odd, { z: -0, y: NaN, x: Infinity }]) {
            assert.deepStrictEqual(keyOrder(structCopy(input)), keyOrder(roundTrip(input)));
        }
        for (const input of [{ a: undefined }, { a: [undefined] }, { a: () => 1 }, { a: 1n }]) {
            assert.throws(() => roundTrip(input), /Unexpected struct type/);
            assert.throws(() => structCopy(input), /Unexpected struct type/);
        }
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
