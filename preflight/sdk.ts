// The parts of the program's own @pulumi/pulumi that preflight relies on, loaded and checked
// in one place. Most are internals no release promises to keep (the mock monitor's
// registerResource, the Struct a response carries, the stack frames a Resource captures), so
// each is checked for the shape preflight uses before the program runs: an SDK that moved or
// changed one stops preflight with exit 2, naming the SDK's version, the tested range and what
// changed, never a stack trace or a wrong verdict.
import type * as pulumi from "@pulumi/pulumi";
import type { Callback } from "@pulumi/pulumi/proto/callback_pb";
import * as fs from "fs";
import * as path from "path";
import { describeRange, testedPackages, withinRange } from "./tested-versions";

/** The parts of one copy of the SDK the emulation uses; the program's copy, when it has its own. */
export interface Sdk {
    /** The directory of the SDK's package.json. */
    dir: string;
    version: string;
    pulumi: typeof pulumi;
    settings: { getMonitor(): unknown; waitForRPCs(): Promise<void> };
    /** Internal and untyped: the store that says which engine features are supported. */
    state: { getStore(): Record<string, unknown> };
    Callback: typeof Callback;
    provider: { CallResponse: new () => { setReturn(value: unknown): void } };
    resource: { RegisterResourceResponse: new () => unknown };
    rpc: {
        deserializeProperties(struct: unknown): Record<string, unknown>;
        serializeProperties(label: string, props: unknown): Promise<Record<string, unknown>>;
    };
    struct: {
        Struct: { new (): { toJavaScript(): unknown }; fromJavaScript(value: never): unknown };
    };
    /** runtime/resource: the function every registration goes through. */
    registration: { registerResource(...args: unknown[]): unknown };
    /** runtime/debuggable: the wrapper of every promise the SDK makes. */
    debuggable: { debuggablePromise(p: Promise<unknown>, label: unknown): Promise<unknown> };
    /** resource: the Resource class, whose static stackTrace captures a registration's frames. */
    Resource: { stackTrace(skip: number): unknown; framePositionRegExp: RegExp };
}

/** The program's SDK does not have an internal preflight relies on, in the shape it uses. */
export class SdkMismatch extends Error {}

/** The error for an SDK without `what`: its version, the tested range and a way on. */
export function sdkMismatch(version: string, what: string[]): SdkMismatch {
    const tested = describeRange(testedPackages["@pulumi/pulumi"]);
    return new SdkMismatch(
        `preflight relies on internals of @pulumi/pulumi that ${version} does not have in the ` +
            `shape it uses (${what.join("; ")}). Preflight is tested with @pulumi/pulumi ${tested}: ` +
            `install one of those for preflight, or check the program with ` +
            "`pulumi preview --policy-pack`",
    );
}

type Check = [label: string, ok: (value: never) => boolean];
type ProtoModule = Record<string, unknown> | undefined;
const isFunction = (v: unknown) => typeof v === "function";
const hasMethods =
    (...names: string[]) =>
    (v: { prototype?: Record<string, unknown> }) =>
        isFunction(v) && names.every((n) => isFunction(v.prototype?.[n]));

/** What preflight uses of each module, by the path it reads it at. */
const expected: Record<string, Check[]> = {
    pulumi: [
        ["runtime.setMocks", (v: typeof pulumi) => isFunction(v?.runtime?.setMocks)],
        [
            "runtime.runInPulumiStack",
            (v: typeof pulumi) => isFunction(v?.runtime?.runInPulumiStack),
        ],
        ["runtime.setAllConfig", (v: typeof pulumi) => isFunction(v?.runtime?.setAllConfig)],
    ],
    settings: [
        ["runtime/settings getMonitor", (v: Sdk["settings"]) => isFunction(v?.getMonitor)],
        ["runtime/settings waitForRPCs", (v: Sdk["settings"]) => isFunction(v?.waitForRPCs)],
    ],
    state: [["runtime/state getStore", (v: Sdk["state"]) => isFunction(v?.getStore)]],
    Callback: [["proto/callback_pb Callback", hasMethods("setToken", "setTarget", "getToken")]],
    provider: [
        [
            "proto/provider_pb CallResponse",
            (v: Sdk["provider"]) => hasMethods("setReturn")(v?.CallResponse as never),
        ],
    ],
    resource: [
        [
            "proto/resource_pb RegisterResourceResponse",
            (v: Sdk["resource"]) =>
                hasMethods("setUrn", "setId", "setObject")(v?.RegisterResourceResponse as never),
        ],
        // What mock-engine.ts reads of each registration and method call.
        [
            "proto/resource_pb RegisterResourceRequest",
            (v: ProtoModule) =>
                hasMethods(
                    "getObject",
                    "setObject",
                    "getProvider",
                    "getImportid",
                    "getStacktrace",
                    "getRemote",
                    "getType",
                    "getName",
                    "getParent",
                    "getCustom",
                    "getTransformsList",
                    "getDependenciesList",
                )(v?.RegisterResourceRequest as never),
        ],
        [
            "proto/resource_pb ResourceCallRequest",
            (v: ProtoModule) => hasMethods("getTok", "getArgs")(v?.ResourceCallRequest as never),
        ],
    ],
    source: [
        [
            "proto/source_pb StackFrame and SourcePosition",
            (v: ProtoModule) =>
                hasMethods("getPc")(v?.StackFrame as never) &&
                hasMethods("getUri", "getLine", "getColumn")(v?.SourcePosition as never),
        ],
    ],
    rpc: [
        [
            "runtime/rpc deserializeProperties",
            (v: Sdk["rpc"]) => isFunction(v?.deserializeProperties),
        ],
        ["runtime/rpc serializeProperties", (v: Sdk["rpc"]) => isFunction(v?.serializeProperties)],
    ],
    struct: [
        [
            "google-protobuf Struct",
            (v: Sdk["struct"]) =>
                isFunction(v?.Struct?.fromJavaScript) &&
                hasMethods("toJavaScript")(v.Struct as never),
        ],
    ],
    registration: [
        [
            "runtime/resource registerResource",
            (v: Sdk["registration"]) => isFunction(v?.registerResource),
        ],
    ],
    debuggable: [
        [
            "runtime/debuggable debuggablePromise",
            (v: Sdk["debuggable"]) => isFunction(v?.debuggablePromise),
        ],
    ],
    Resource: [
        ["resource Resource.stackTrace", (v: Sdk["Resource"]) => isFunction(v?.stackTrace)],
        [
            "resource Resource.framePositionRegExp",
            (v: Sdk["Resource"]) => v?.framePositionRegExp instanceof RegExp,
        ],
    ],
};

/** The modules preflight reads, relative to the SDK's directory. */
const modules: Record<string, [file: string, pick?: string]> = {
    pulumi: ["."],
    settings: ["runtime/settings"],
    state: ["runtime/state"],
    Callback: ["proto/callback_pb", "Callback"],
    provider: ["proto/provider_pb"],
    resource: ["proto/resource_pb"],
    source: ["proto/source_pb"],
    rpc: ["runtime/rpc"],
    registration: ["runtime/resource"],
    debuggable: ["runtime/debuggable"],
    Resource: ["resource", "Resource"],
};

/**
 * The SDK at `sdkDir` (the directory of @pulumi/pulumi's package.json), every part checked;
 * ours by default. Throws SdkMismatch when a part is missing or has changed shape.
 */
export function loadSdk(
    sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json")),
): Sdk {
    const version = sdkVersion(sdkDir);
    const loaded: Record<string, unknown> = { dir: sdkDir, version };
    const problems: string[] = [];
    const load = (key: string, file: () => string, pick?: string) => {
        try {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const module = require(file());
            loaded[key] = pick ? module?.[pick] : module;
        } catch (e) {
            problems.push(`${key} cannot be loaded: ${(e as Error).message.split("\n")[0]}`);
            return;
        }
        for (const [label, ok] of expected[key] ?? []) {
            if (!ok(loaded[key] as never)) {
                problems.push(`${label} is missing or not what it was`);
            }
        }
    };
    for (const [key, [file, pick]] of Object.entries(modules)) {
        load(key, () => path.join(sdkDir, file), pick);
    }
    // From where the SDK's own files resolve it: their real path (Node follows links).
    load("struct", () =>
        require.resolve("google-protobuf/google/protobuf/struct_pb", {
            paths: [path.dirname(fs.realpathSync(path.join(sdkDir, "index.js")))],
        }),
    );
    if (problems.length > 0) {
        throw sdkMismatch(version, problems);
    }
    return loaded as unknown as Sdk;
}

/** What preflight reads of the mock monitor setMocks installs (runtime/mocks.js MockMonitor). */
export interface MockMonitorShape {
    registerResource: unknown;
    newUrn: unknown;
    resources: unknown;
}

/** Checks the monitor `setMocks` installed; throws SdkMismatch when it is not what preflight drives. */
export function checkMockMonitor(sdk: Sdk, monitor: Partial<MockMonitorShape> | undefined): void {
    const problems = [
        !isFunction(monitor?.registerResource) && "MockMonitor.registerResource",
        !isFunction(monitor?.newUrn) && "MockMonitor.newUrn",
        !(monitor?.resources instanceof Map) && "MockMonitor.resources (a Map)",
    ].filter((p): p is string => typeof p === "string");
    if (problems.length > 0) {
        throw sdkMismatch(
            sdk.version,
            problems.map((p) => `${p} is missing or not what it was`),
        );
    }
}

/** The SDK's version, from its package.json. */
function sdkVersion(sdkDir: string): string {
    try {
        return JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")).version;
    } catch {
        return "(unknown version)";
    }
}

/**
 * A note for an SDK outside the tested range whose internals all checked out: preflight runs,
 * and says it was not tested with it. `undefined` within the range.
 */
export function untestedSdkNote(sdk: Sdk): string | undefined {
    const range = testedPackages["@pulumi/pulumi"];
    return withinRange(sdk.version, range)
        ? undefined
        : `preflight is tested with @pulumi/pulumi ${describeRange(range)}, and this program uses ` +
              `${sdk.version}: every internal preflight relies on is in place, so it runs; ` +
              "compare with `pulumi preview --policy-pack` if a verdict surprises you";
}
