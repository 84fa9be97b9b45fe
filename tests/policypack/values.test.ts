// The normalising helpers (policypack/lib/values.ts): `show` keeps a value in a message short,
// and the preview helpers take only the SDK's unknown-value error as "pending", so that any
// other error still reaches validateTypes' "could not be checked" violation.
import * as assert from "assert";
import * as fc from "fast-check";
import {
    asStringArray,
    knownOrPending,
    orPending,
    parseJsonObject,
    show,
} from "../../policypack/lib/values";
import { runs } from "../fast-check-seed";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy");

describe("show: a value as JSON, cut to 120 characters", () => {
    it("a rendering of 120 characters is shown whole", () => {
        const value = "a".repeat(118);
        assert.strictEqual(show(value), `"${value}"`);
        assert.strictEqual(show(value).length, 120);
    });

    it("a longer one keeps its first 117 characters and ends with ...", () => {
        const value = "a".repeat(100) + "b".repeat(19);
        assert.strictEqual(show(value), `"${"a".repeat(100)}${"b".repeat(16)}...`);
        assert.strictEqual(show(value).length, 120);
    });

    it("never throws, and never passes 120 characters", () => {
        fc.assert(
            fc.property(fc.anything(), (value) => show(value).length <= 120),
            { numRuns: runs(200) },
        );
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        assert.strictEqual(show(circular), "[object Object]");
        assert.strictEqual(show(undefined), "undefined");
    });
});

describe("knownOrPending and orPending: only a value unknown during preview is pending", () => {
    const props = unknownCheckingProxy({ keyArn: unknownStringValue, name: "deploy", empty: "" });
    const broken = {
        get keyArn(): string {
            throw new TypeError("keyArn is malformed");
        },
    };

    it("knownOrPending: a non-empty string or an unknown is set; any other error is thrown", () => {
        assert.strictEqual(knownOrPending(props, "name"), true);
        assert.strictEqual(knownOrPending(props, "keyArn"), true);
        assert.strictEqual(knownOrPending(props, "empty"), false);
        assert.strictEqual(knownOrPending(props, "absent"), false);
        assert.throws(() => knownOrPending(broken, "keyArn"), /^TypeError: keyArn is malformed$/);
    });

    it("orPending: the value read, `pending` for an unknown; any other error is thrown", () => {
        assert.strictEqual(
            orPending(() => props.name as string, "pending"),
            "deploy",
        );
        assert.strictEqual(
            orPending(() => props.keyArn as string, "pending"),
            "pending",
        );
        assert.throws(
            () => orPending(() => broken.keyArn, "pending"),
            /^TypeError: keyArn is malformed$/,
        );
    });
});

describe("asStringArray and parseJsonObject: anything not of the shape asked for is undefined", () => {
    it("asStringArray: a string, or a list of strings only; one other element makes it undefined", () => {
        assert.deepStrictEqual(asStringArray("s3:GetObject"), ["s3:GetObject"]);
        assert.deepStrictEqual(asStringArray(["s3:GetObject", "s3:PutObject"]), [
            "s3:GetObject",
            "s3:PutObject",
        ]);
        assert.strictEqual(asStringArray(["s3:GetObject", 7]), undefined);
        assert.strictEqual(asStringArray([7, "s3:GetObject"]), undefined);
        assert.strictEqual(asStringArray(undefined), undefined);
    });

    it("parseJsonObject: a JSON object's text or an object; bad JSON, or JSON of another kind, is undefined", () => {
        assert.deepStrictEqual(parseJsonObject('{"Version":"2012-10-17"}'), {
            Version: "2012-10-17",
        });
        assert.strictEqual(parseJsonObject('{"Version":'), undefined);
        assert.strictEqual(parseJsonObject("[1]"), undefined);
        assert.strictEqual(parseJsonObject(7), undefined);
    });
});
