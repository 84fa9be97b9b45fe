// The pack reads request Structs straight into JavaScript (policypack/lib/struct-decoder.ts):
// the values google-protobuf's own decoding gives, for anything an encoder writes.
import * as assert from "assert";
import { runs } from "../fast-check-seed";
import * as fc from "fast-check";
import { keyOrder } from "../key-order";
import * as path from "path";
import { decodeStructsToJavaScript } from "../../policypack/lib/struct-decoder";
import { encodeStruct } from "../../preflight/struct-encoder";

// The classes the pack's server decodes with, resolved as the decoder resolves them.
const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const pulumiDir = path.dirname(
    require.resolve("@pulumi/pulumi/package.json", { paths: [policyDir] }),
);
const load = (id: string) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(require.resolve(id, { paths: [pulumiDir] }));
const { Struct, Value } = load("google-protobuf/google/protobuf/struct_pb");
const { BinaryWriter } = load("google-protobuf");
const analyzer = load("@pulumi/pulumi/proto/analyzer_pb");

/** The value google-protobuf's own decoding gives: the decoded message, asked for its map first. */
function decodedTheMessageWay(bytes: Uint8Array): unknown {
    const message = Struct.deserializeBinary(bytes);
    message.getFieldsMap();
    return message.toJavaScript();
}

describe("request Structs decoded straight to JavaScript", () => {
    before(() => assert.strictEqual(decodeStructsToJavaScript(), true));

    it("gives what google-protobuf's decoding gives, keys in order, for any JSON object", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 5 })), (value) => {
                const plain = JSON.parse(JSON.stringify(value));
                for (const bytes of [
                    Struct.fromJavaScript(plain).serializeBinary(),
                    encodeStruct(plain),
                ]) {
                    const fast = Struct.deserializeBinary(bytes).toJavaScript();
                    assert.deepStrictEqual(keyOrder(fast), keyOrder(decodedTheMessageWay(bytes)));
                    assert.deepStrictEqual(
                        keyOrder(fast),
                        keyOrder(Struct.fromJavaScript(plain).toJavaScript()),
                    );
                }
            }),
            { numRuns: runs(300) },
        );
    });

    it("reads a request's properties, and fresh values on every call", () => {
        const properties = { metadata: { name: "a" }, rules: [{ verbs: ["get"] }], n: null };
        const request = new analyzer.AnalyzeRequest()
            .setType("kubernetes:rbac.authorization.k8s.io/v1:Role")
            .setProperties(Struct.fromJavaScript(properties));
        const parsed = analyzer.AnalyzeRequest.deserializeBinary(request.serializeBinary());
        const first = parsed.getProperties().toJavaScript();
        assert.deepStrictEqual(first, properties);
        first.metadata.name = "changed";
        assert.deepStrictEqual(parsed.getProperties().toJavaScript(), properties);
        assert.strictEqual(parsed.getType(), "kubernetes:rbac.authorization.k8s.io/v1:Role");
    });

    it("decodes the message way for any other use: its map and its bytes", () => {
        const bytes = Struct.fromJavaScript({ b: [1, "x"], a: { c: true } }).serializeBinary();
        const message = Struct.deserializeBinary(bytes);
        assert.deepStrictEqual([...message.getFieldsMap().keys()], ["a", "b"]);
        assert.deepStrictEqual(Buffer.from(message.serializeBinary()), Buffer.from(bytes));
        assert.deepStrictEqual(message.toJavaScript(), { a: { c: true }, b: [1, "x"] });
    });

    it("keeps the last of a repeated key and drops __proto__, as jspb.Map does", () => {
        const entry = (key: string, value: unknown) => {
            const writer = new BinaryWriter();
            writer.writeString(1, key);
            writer.writeMessage(2, Value.fromJavaScript(value), Value.serializeBinaryToWriter);
            return writer.getResultBuffer();
        };
        const writer = new BinaryWriter();
        for (const [k, v] of [
            ["k", 1],
            ["__proto__", { x: 1 }],
            ["k", 2],
            ["a", "s"],
        ] as const) {
            writer.writeBytes(1, entry(k, v));
        }
        const bytes = writer.getResultBuffer();
        const fast = Struct.deserializeBinary(bytes).toJavaScript();
        assert.deepStrictEqual(keyOrder(fast), keyOrder(decodedTheMessageWay(bytes)));
        assert.deepStrictEqual(keyOrder(fast), [
            ["a", "s"],
            ["k", 2],
        ]);
        // Nor does a "__proto__" key give the object another prototype.
        assert.strictEqual(Object.getPrototypeOf(fast), Object.prototype);
        assert.strictEqual((fast as { x?: unknown }).x, undefined);
    });

    it("gives the changed fields once they are changed through the message's map", () => {
        const message = Struct.deserializeBinary(
            Struct.fromJavaScript({ a: 1, b: "x" }).serializeBinary(),
        );
        message.getFieldsMap().set("c", Value.fromJavaScript(true));
        assert.deepStrictEqual(message.toJavaScript(), { a: 1, b: "x", c: true });
        message.clearFieldsMap();
        assert.deepStrictEqual(message.toJavaScript(), {});
    });

    it("refuses a value with no kind when it is read, with google-protobuf's words", () => {
        const writer = new BinaryWriter();
        const entry = new BinaryWriter();
        entry.writeString(1, "empty");
        entry.writeBytes(2, new Uint8Array());
        writer.writeBytes(1, entry.getResultBuffer());
        const bytes = writer.getResultBuffer();
        const message = Struct.deserializeBinary(bytes);
        assert.throws(() => message.toJavaScript(), /^Error: Unexpected struct type$/);
        assert.throws(() => decodedTheMessageWay(bytes), /^Error: Unexpected struct type$/);
    });

    // struct.proto's messages as a newer schema or another encoder may write them: parsers skip
    // a field they do not know (protobuf Language Guide, "Unknown Fields"), and google-protobuf's
    // generated readers do (struct_pb.js: `default: reader.skipField()`).
    describe("fields struct.proto does not have, and a map entry with no value", () => {
        const message = (write: (w: typeof BinaryWriter.prototype) => void) => {
            const writer = new BinaryWriter();
            write(writer);
            return writer.getResultBuffer();
        };
        const unknown = (w: typeof BinaryWriter.prototype) => {
            w.writeUint32(9, 7);
            w.writeString(10, "extra");
        };
        const value = (v: unknown) => Value.fromJavaScript(v).serializeBinary();

        it("skips an unknown field of the Struct, a Value and a ListValue, as google-protobuf does", () => {
            const list = message((w) => {
                w.writeBytes(1, value("first"));
                unknown(w);
                w.writeBytes(1, value(2));
            });
            const bytes = message((w) => {
                unknown(w);
                w.writeBytes(
                    1,
                    message((e) => {
                        e.writeString(1, "list");
                        e.writeBytes(
                            2,
                            message((v) => (unknown(v), v.writeBytes(6, list))),
                        );
                    }),
                );
                w.writeBytes(
                    1,
                    message((e) => {
                        e.writeBytes(
                            2,
                            message((v) => (v.writeBool(4, true), unknown(v))),
                        );
                        e.writeString(1, "flag");
                    }),
                );
            });
            const fast = Struct.deserializeBinary(bytes).toJavaScript();
            assert.deepStrictEqual(keyOrder(fast), keyOrder(decodedTheMessageWay(bytes)));
            assert.deepStrictEqual(keyOrder(fast), [
                ["flag", true],
                ["list", ["first", 2]],
            ]);
        });

        // google-protobuf 3.21.4's jspb.Map.deserializeBinary reads fields 1 and 2 of an entry
        // and skips nothing, so the message way fails on the next field ("Invalid wire type");
        // the protobuf rule (a map entry is a message on the wire, Language Guide, "Maps",
        // "Backwards compatibility") is to skip it, and so does this decoder.
        it("skips an unknown field of a map entry, where google-protobuf's Map reader fails", () => {
            const bytes = message((w) =>
                w.writeBytes(
                    1,
                    message((e) => {
                        e.writeString(1, "k");
                        unknown(e);
                        e.writeBytes(2, value("v"));
                    }),
                ),
            );
            assert.deepStrictEqual(Struct.deserializeBinary(bytes).toJavaScript(), { k: "v" });
            assert.throws(() => decodedTheMessageWay(bytes), /Invalid wire type/);
        });

        // A map entry is a message whose fields default like any other (Language Guide,
        // "Maps", "Backwards compatibility"; "Default Values": the empty string for a string).
        it("reads an entry with a value and no key under the empty key, as google-protobuf does", () => {
            const bytes = message((w) =>
                w.writeBytes(
                    1,
                    message((e) => e.writeBytes(2, value("v"))),
                ),
            );
            assert.deepStrictEqual(Struct.deserializeBinary(bytes).toJavaScript(), { "": "v" });
            assert.deepStrictEqual(decodedTheMessageWay(bytes), { "": "v" });
        });

        it("refuses an entry with a key and no value when it is read, as a value with no kind", () => {
            const bytes = message((w) =>
                w.writeBytes(
                    1,
                    message((e) => e.writeString(1, "k")),
                ),
            );
            const decoded = Struct.deserializeBinary(bytes);
            assert.throws(() => decoded.toJavaScript(), /^Error: Unexpected struct type$/);
            assert.throws(() => decodedTheMessageWay(bytes), /^Error: Unexpected struct type$/);
        });
    });

    describe("installing the decoder", () => {
        it("installs once: a second call keeps the first, which still decodes the message way", () => {
            assert.strictEqual(decodeStructsToJavaScript(), true);
            const before = Struct.deserializeBinaryFromReader;
            assert.strictEqual(decodeStructsToJavaScript(), true);
            assert.strictEqual(Struct.deserializeBinaryFromReader, before);
            const bytes = Struct.fromJavaScript({ a: [1] }).serializeBinary();
            const decoded = Struct.deserializeBinary(bytes);
            assert.deepStrictEqual([...decoded.getFieldsMap().keys()], ["a"]);
            assert.deepStrictEqual(decoded.toJavaScript(), { a: [1] });
        });

        // The mark on the class is what makes a second call keep the first decoder: a class
        // without it (a fresh load of struct_pb) gets the decoder, marked, and is told so.
        it("installs on a Struct class that does not carry the decoder's mark, and marks it", () => {
            assert.strictEqual(decodeStructsToJavaScript(), true);
            const installed = Struct.deserializeBinaryFromReader;
            delete Struct.__hardenedEksDecoder;
            try {
                assert.strictEqual(decodeStructsToJavaScript(), true);
                assert.notStrictEqual(Struct.deserializeBinaryFromReader, installed);
                assert.strictEqual(Struct.__hardenedEksDecoder, true);
                const bytes = Struct.fromJavaScript({ a: [1, { b: null }] }).serializeBinary();
                assert.deepStrictEqual(Struct.deserializeBinary(bytes).toJavaScript(), {
                    a: [1, { b: null }],
                });
            } finally {
                Struct.deserializeBinaryFromReader = installed;
                Struct.__hardenedEksDecoder = true;
            }
        });

        it("leaves a Struct class without the reader it replaces as it is, and says so", () => {
            const own = Object.getOwnPropertyDescriptor(Struct, "deserializeBinaryFromReader");
            try {
                Struct.deserializeBinaryFromReader = undefined;
                assert.strictEqual(decodeStructsToJavaScript(), false);
                assert.strictEqual(Struct.deserializeBinaryFromReader, undefined);
            } finally {
                Object.defineProperty(Struct, "deserializeBinaryFromReader", own!);
            }
        });
    });
});
