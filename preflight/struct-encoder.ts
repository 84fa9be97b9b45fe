// Encodes a JSON value as a google.protobuf.Struct's wire bytes, straight from the value:
// Struct.fromJavaScript would first build a message object for every value of every
// resource, which a large program pays for twice (Analyze, then AnalyzeStack) on the
// thread that runs the program. The bytes parse to what Struct.fromJavaScript gives
// (google/protobuf/struct.proto: Struct { map<string, Value> fields = 1 }; Value { oneof kind:
// null_value = 1, number_value = 2, string_value = 3, bool_value = 4, struct_value = 5,
// list_value = 6 }; ListValue { repeated Value values = 1 }). Also the value such a Struct
// gives back, without building it.
import { BinaryWriter } from "google-protobuf";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** BinaryWriter.writeMessage writes nothing for a null value: nested values go in a box. */
const box = {};

function writeValue(value: Json, writer: BinaryWriter): void {
    if (value === null) {
        writer.writeEnum(1, 0);
    } else if (typeof value === "number") {
        writer.writeDouble(2, value);
    } else if (typeof value === "string") {
        writer.writeString(3, value);
    } else if (typeof value === "boolean") {
        writer.writeBool(4, value);
    } else if (Array.isArray(value)) {
        writer.writeMessage(6, value, writeList);
    } else {
        writer.writeMessage(5, value, writeStruct);
    }
}

function writeList(values: Json[], writer: BinaryWriter): void {
    for (const value of values) {
        writer.writeMessage(1, box, () => writeValue(value, writer));
    }
}

function writeStruct(fields: { [key: string]: Json }, writer: BinaryWriter): void {
    for (const key of Object.keys(fields)) {
        writer.writeMessage(1, box, () => {
            writer.writeString(1, key);
            writer.writeMessage(2, box, () => writeValue(fields[key], writer));
        });
    }
}

/** The wire bytes of a Struct holding `fields`, a JSON object (what `plain` returns). */
export function encodeStruct(fields: Record<string, unknown>): Uint8Array {
    const writer = new BinaryWriter();
    writeStruct(fields as { [key: string]: Json }, writer);
    return writer.getResultBuffer();
}

/**
 * What `Struct.fromJavaScript(value).toJavaScript()` gives, without building the messages
 * (google-protobuf google/protobuf/struct_pb.js, Value.fromJavaScript and the toJavaScript
 * methods): a fresh copy whose keys come in code-unit order (jspb.Map sorts them), with the
 * inherited enumerable properties fromJavaScript reads through for-in, and without a
 * "__proto__" key, which jspb.Map cannot hold. Anything but a JSON value is refused, with
 * fromJavaScript's words.
 */
export function structCopy(value: unknown): Json {
    if (
        value === null ||
        typeof value === "string" ||
        typeof value === "number" ||
        typeof value === "boolean"
    ) {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map(structCopy);
    }
    if (typeof value !== "object") {
        throw new Error("Unexpected struct type.");
    }
    const keys: string[] = [];
    for (const key in value) {
        if (key !== "__proto__") {
            keys.push(key);
        }
    }
    const copy: { [key: string]: Json } = {};
    for (const key of keys.sort()) {
        copy[key] = structCopy((value as Record<string, unknown>)[key]);
    }
    return copy;
}
