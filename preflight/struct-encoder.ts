// Encodes a JSON value as a google.protobuf.Struct's wire bytes, straight from the value:
// Struct.fromJavaScript would first build a message object for every value of every
// resource, which a large program pays for twice (Analyze, then AnalyzeStack) on the
// thread that runs the program. The bytes parse to what Struct.fromJavaScript gives
// (google/protobuf/struct.proto: Struct { map<string, Value> fields = 1 }; Value { oneof kind:
// null_value = 1, number_value = 2, string_value = 3, bool_value = 4, struct_value = 5,
// list_value = 6 }; ListValue { repeated Value values = 1 }).
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
