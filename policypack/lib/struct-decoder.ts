// Request properties decoded straight to JavaScript.
//
// Every Analyze request carries a resource's properties as a google.protobuf.Struct, and an
// AnalyzeStack request one per resource. google-protobuf decodes a Struct into a message per
// value, and each nested message syncs its whole subtree as it is attached: most of the
// pack's time on a large stack, for messages the server only reads back with toJavaScript()
// (@pulumi/policy deserialize.js: `outputsStruct.toJavaScript()`). Here a decoded Struct keeps
// its bytes, and toJavaScript() reads them straight into the value google-protobuf's
// toJavaScript would give (google/protobuf/struct.proto: Struct { map<string, Value> fields = 1 };
// Value { oneof kind: null_value = 1, number_value = 2, string_value = 3, bool_value = 4,
// struct_value = 5, list_value = 6 }; ListValue { repeated Value values = 1 }): keys in
// code-unit order as jspb.Map lists them, the last of repeated keys and kinds, no "__proto__"
// key, and "Unexpected struct type" for a value with no kind. (A map entry whose value field
// comes twice is read as the last one, where protobuf would merge them: no encoder writes
// that.) Any other use of the message (its fields map, its bytes) first decodes it the
// message way.
import * as path from "path";

interface Reader {
    nextField(): boolean;
    isEndGroup(): boolean;
    getFieldNumber(): number;
    skipField(): void;
    getCursor(): number;
    getBuffer(): Uint8Array;
    readString(): string;
    readDouble(): number;
    readBool(): boolean;
    readEnum(): number;
    readMessage<T>(message: T, read: (message: T, reader: Reader) => void): void;
}

interface StructMessage {
    toJavaScript(): unknown;
    [method: string]: unknown;
}

interface StructClass {
    deserializeBinaryFromReader(message: StructMessage, reader: Reader): StructMessage;
    __hardenedEksDecoder?: boolean;
}

interface Protobuf {
    BinaryReader: new (bytes: Uint8Array) => Reader;
}

/** A Value's kind, `undefined` while none was read. */
type Kind = { value: unknown } | undefined;

function readValue(reader: Reader): unknown {
    let kind: Kind;
    while (reader.nextField() && !reader.isEndGroup()) {
        switch (reader.getFieldNumber()) {
            case 1:
                reader.readEnum();
                kind = { value: null };
                break;
            case 2:
                kind = { value: reader.readDouble() };
                break;
            case 3:
                kind = { value: reader.readString() };
                break;
            case 4:
                kind = { value: reader.readBool() };
                break;
            case 5: {
                const holder: { value?: unknown } = {};
                reader.readMessage(holder, (h, r) => (h.value = readFields(r)));
                kind = { value: holder.value };
                break;
            }
            case 6: {
                const values: unknown[] = [];
                reader.readMessage(values, (list, r) => {
                    while (r.nextField() && !r.isEndGroup()) {
                        if (r.getFieldNumber() === 1) {
                            r.readMessage(list, (l, rr) => l.push(readValue(rr)));
                        } else {
                            r.skipField();
                        }
                    }
                });
                kind = { value: values };
                break;
            }
            default:
                reader.skipField();
        }
    }
    if (kind === undefined) {
        throw new Error("Unexpected struct type");
    }
    return kind.value;
}

function readFields(reader: Reader): Record<string, unknown> {
    const entries = new Map<string, () => unknown>();
    while (reader.nextField() && !reader.isEndGroup()) {
        if (reader.getFieldNumber() !== 1) {
            reader.skipField();
            continue;
        }
        const entry: { key: string; value: () => unknown } = {
            key: "",
            value: () => {
                throw new Error("Unexpected struct type");
            },
        };
        reader.readMessage(entry, (e, r) => {
            while (r.nextField() && !r.isEndGroup()) {
                if (r.getFieldNumber() === 1) {
                    e.key = r.readString();
                } else if (r.getFieldNumber() === 2) {
                    e.value = readOrThrow(r);
                } else {
                    r.skipField();
                }
            }
        });
        entries.set(entry.key, entry.value);
    }
    const fields: Record<string, unknown> = {};
    for (const key of [...entries.keys()].sort()) {
        if (key !== "__proto__") {
            fields[key] = entries.get(key)!();
        }
    }
    return fields;
}

/** Reads a map entry's Value now; an error (a value with no kind) is thrown when it is used. */
function readOrThrow(reader: Reader): () => unknown {
    let result: () => unknown = () => undefined;
    reader.readMessage(null, (_m, r) => {
        try {
            const value = readValue(r);
            result = () => value;
        } catch (e) {
            result = () => {
                throw e;
            };
        }
    });
    return result;
}

/** The Struct class and protobuf runtime the pack's server decodes requests with. */
function serverProtobuf(): { Struct: StructClass; protobuf: Protobuf } | undefined {
    try {
        const policy = path.dirname(require.resolve("@pulumi/policy/package.json"));
        const pulumi = path.dirname(
            require.resolve("@pulumi/pulumi/package.json", { paths: [policy] }),
        );
        const struct = require.resolve("google-protobuf/google/protobuf/struct_pb", {
            paths: [pulumi],
        });
        const protobuf = require.resolve("google-protobuf", { paths: [pulumi] });
        return {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            Struct: require(struct).Struct as StructClass,
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            protobuf: require(protobuf) as Protobuf,
        };
    } catch {
        return undefined;
    }
}

/** The message methods that need the fields decoded the message way. */
const messageMethods = ["getFieldsMap", "clearFieldsMap", "serializeBinary", "toObject"];

/** Installs the decoder; without the classes it expects, leaves the server as it is. */
export function decodeStructsToJavaScript(): boolean {
    const found = serverProtobuf();
    if (!found || typeof found.Struct.deserializeBinaryFromReader !== "function") {
        return false;
    }
    const { Struct, protobuf } = found;
    if (Struct.__hardenedEksDecoder) {
        return true;
    }
    const original = Struct.deserializeBinaryFromReader;
    Struct.deserializeBinaryFromReader = (message, reader) => {
        // The Struct's own bytes: from here to the end its parent's readMessage set.
        const start = reader.getCursor();
        while (reader.nextField() && !reader.isEndGroup()) {
            reader.skipField();
        }
        const bytes = reader.getBuffer().subarray(start, reader.getCursor());
        message.toJavaScript = () => readFields(new protobuf.BinaryReader(bytes));
        for (const method of messageMethods) {
            message[method] = (...args: unknown[]) => {
                for (const m of [...messageMethods, "toJavaScript"]) {
                    delete message[m];
                }
                original(message, new protobuf.BinaryReader(bytes));
                return (message[method] as (...a: unknown[]) => unknown)(...args);
            };
        }
        return message;
    };
    Struct.__hardenedEksDecoder = true;
    return true;
}
