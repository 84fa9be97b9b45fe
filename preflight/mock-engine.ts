// Installs ProgramMocks the way the Pulumi engine would run a program, filling two gaps of
// `pulumi.runtime.setMocks`: it refuses `transforms` (so components that rely on them,
// like HardenedCluster, could not run), and it does not tell mocks a resource's parent.
// Here transforms are accepted and applied as the engine applies them (the resource's
// own, then each ancestor's, then the stack's), and every resource gets its URN.
import type * as pulumi from "@pulumi/pulumi";
import type { Callback } from "@pulumi/pulumi/proto/callback_pb";
import { isDeepStrictEqual } from "util";
import { ProgramMocks, SourceFrame } from "./mocks";
import { checkMockMonitor, loadSdk, Sdk, sdkMismatch } from "./sdk";
import { userStackTraces } from "./stack-frames";
import { structCopy } from "./struct-encoder";

interface SourcePositionMessage {
    getUri(): string;
    getLine(): number;
    getColumn(): number;
}

interface RegisterRequest {
    getObject(): unknown;
    setObject(value: undefined): void;
    getProvider(): string;
    getImportid(): string;
    getStacktrace():
        { getFramesList(): { getPc(): SourcePositionMessage | undefined }[] } | undefined;
    getRemote(): boolean;
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getTransformsList(): Callback[];
    getDependenciesList(): string[];
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
}

interface RegisterResponse {
    setUrn(urn: string): void;
    setId(id: string): void;
    setObject(struct: unknown): void;
}

interface CallRequest {
    getTok(): string;
    getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface MockMonitorInternals {
    registerResource(req: RegisterRequest, callback: unknown): void;
    newUrn(parent: string, type: string, name: string): string;
    resources: Map<string, { urn: string; id: string | null; state: unknown }>;
    call?: (req: CallRequest, callback: (err: unknown, resp?: unknown) => void) => void;
}

/** What the emulated engine knows of a registration while the mocks build its state. */
interface Registration {
    /** The URN as the engine forms it: `urn:pulumi:<stack>::<project>::<parent types$type>::<name>`. */
    urn: string;
    /** The engine-form URN of the parent. */
    parent?: string;
    /** `Parent$Child` type chain, without the stack. */
    qualifiedType: string;
    transforms: pulumi.ResourceTransform[];
}

/** The type of the registration `probe` sends before the program's first. */
export const probeType = "hardened-eks:preflight:Probe";

/** How to run the program: as a preview (isDryRun), and in which organization. */
export interface RunMode {
    /** Defaults to `false`. */
    preview?: boolean;
    /** Defaults to none. */
    organization?: string;
}

/** Runs `setMocks` with transforms support and URN recording. Call before importing the program. */
export function installMocks(
    mocks: ProgramMocks,
    project = "project",
    stack = "stack",
    sdk: Sdk = loadSdk(),
    mode: RunMode = {},
): { probe(): Promise<void> } {
    const { Callback, settings, state } = sdk;
    void sdk.pulumi.runtime.setMocks(
        mocks,
        project,
        stack,
        mode.preview ?? false,
        mode.organization,
    );
    const monitor = settings.getMonitor() as unknown as MockMonitorInternals;
    checkMockMonitor(sdk, monitor);
    userStackTraces(sdk.Resource);
    // Children a model registers are found by the SDK's getResource, as resource references.
    // The state goes out as a protobuf Struct, which has no `undefined`: drop those keys.
    mocks.publish = (urn, id, resourceState) =>
        monitor.resources.set(urn, {
            urn,
            id: id ?? null,
            state: JSON.parse(JSON.stringify(resourceState)),
        });
    // Keyed by the URN the mock monitor hands out (its own, shorter form), which is what
    // the SDK sends back as a child's parent and as a method's `__self__`.
    const byMockUrn = new Map<string, Registration>();
    // Resource methods (`cluster.getKubeconfig()`): the mock monitor has no `call` of its own.
    monitor.call = (req, callback) => {
        try {
            const args = req.getArgs()?.toJavaScript() ?? {};
            const self = (args.__self__ as { urn?: string } | undefined)?.urn ?? "";
            // The SDK names `__self__` by the mock monitor's URN; the mocks know the engine's.
            const result = mocks.callMethod(req.getTok(), byMockUrn.get(self)?.urn ?? self, args);
            const response = new sdk.provider.CallResponse();
            response.setReturn(sdk.struct.Struct.fromJavaScript(result as never));
            callback(null, response);
        } catch (e) {
            callback(e);
        }
    };
    const callbacks = new Map<string, pulumi.ResourceTransform>();
    const stackTransforms: pulumi.ResourceTransform[] = [];
    let next = 0;
    const register = async (transform: pulumi.ResourceTransform) => {
        const token = `preflight-transform-${next++}`;
        callbacks.set(token, transform);
        const callback = new Callback();
        callback.setToken(token);
        callback.setTarget("preflight");
        return callback;
    };
    const store = state.getStore();
    store.supportsTransforms = true;
    store.callbacks = {
        registerTransform: register,
        registerStackTransform: (t: pulumi.ResourceTransform) => void stackTransforms.push(t),
        registerStackInvokeTransform: () => undefined,
        registerStackInvokeTransformAsync: async () => new Callback(),
        registerResourceHook: async () => undefined,
        registerErrorHook: async () => undefined,
        shutdown: () => undefined,
        awaitStackRegistrations: async () => undefined,
    };

    // Keyed by the URN the mock monitor hands out (its own, shorter form), which is what
    // the SDK sends back as a child's parent.
    const byUrn = new Map<string, Registration>();
    let probeSentFrames: boolean | undefined;
    monitor.registerResource = (req, callback) => {
        if (req.getType() === probeType) {
            probeSentFrames = req.getStacktrace() !== undefined;
            void registerWithMocks(req, callback as Answer, async ({ inputs }) => ({
                id: "probe",
                state: inputs,
            }));
            return;
        }
        const parent = byMockUrn.get(req.getParent());
        const type = req.getType();
        const qualifiedType =
            parent && !parent.qualifiedType.startsWith("pulumi:pulumi:Stack")
                ? `${parent.qualifiedType}$${type}`
                : type;
        const registration: Registration = {
            urn: `urn:pulumi:${stack}::${project}::${qualifiedType}::${req.getName()}`,
            parent: parent?.urn,
            qualifiedType,
            transforms: req.getTransformsList().flatMap((cb) => callbacks.get(cb.getToken()) ?? []),
        };
        byMockUrn.set(monitor.newUrn(req.getParent(), type, req.getName()), registration);
        byUrn.set(registration.urn, registration);
        // The transforms that apply: the resource's own, then its ancestors', then the stack's.
        const chain = [...registration.transforms];
        for (let p = parent; p; p = p.parent ? byUrn.get(p.parent) : undefined) {
            chain.push(...p.transforms);
        }
        chain.push(...stackTransforms);
        mocks.nextRegistration = {
            urn: registration.urn,
            parent: registration.parent,
            transforms: registration.transforms,
            chain,
            dependencies: req.getDependenciesList().flatMap((urn) => byMockUrn.get(urn)?.urn ?? []),
            remote: req.getRemote(),
            stack: userFrames(req),
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
        };
        void registerWithMocks(req, callback as Answer);
    };

    /**
     * MockMonitor.registerResource (@pulumi/pulumi runtime/mocks.js:91-113), answered through
     * the pump. Answers wait there while the program runs: each waiting answer holds the state
     * (which the monitor keeps anyway) rather than a protobuf copy of it, built when it is given,
     * and the request lets go of its inputs once they are read (the SDK reads them again only
     * when a registration fails, runtime/resource.js:506-515).
     */
    async function registerWithMocks(
        req: RegisterRequest,
        answer: Answer,
        newResource = (args: pulumi.runtime.MockResourceArgs) => mocks.newResource(args),
    ): Promise<void> {
        try {
            const result = await newResource({
                type: req.getType(),
                name: req.getName(),
                inputs: sdk.rpc.deserializeProperties(req.getObject()),
                provider: req.getProvider(),
                custom: req.getCustom(),
                id: req.getImportid(),
            });
            const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
            const state = await sdk.rpc.serializeProperties("", result.state);
            monitor.resources.set(urn, { urn, id: result.id ?? null, state });
            req.setObject(undefined);
            answers.push(() => {
                const response = new sdk.resource.RegisterResourceResponse() as RegisterResponse;
                response.setUrn(urn);
                response.setId(result.id || "");
                // The SDK reads the object with toJavaScript() alone (runtime/resource.js:533,
                // rpc.js:182): it gets what Struct.fromJavaScript(state) would give back,
                // without the messages in between. Nothing serializes a mock's response.
                const object = new sdk.struct.Struct();
                object.toJavaScript = () => structCopy(state);
                response.setObject(object);
                answer(null, response);
            });
        } catch (error) {
            answers.push(() => answer(error, undefined));
        }
    }

    /**
     * One registration through the SDK and back, before the program's first: the parts of it
     * preflight replaces or reads (the stack frames the request carries, the answer's state read
     * through the Struct's toJavaScript) must still be how the SDK works, or the verdict would
     * be wrong without a word: an SDK that changed either stops preflight (SdkMismatch).
     */
    const probe = async () => {
        const sent = { text: "preflight", list: [1, "two", { three: true }] };
        const Probe = sdk.pulumi.CustomResource as unknown as new (
            type: string,
            name: string,
            props: Record<string, unknown>,
        ) => { echo: { isKnown: Promise<boolean>; promise(): Promise<unknown> } };
        const resource = new Probe(probeType, "preflight-probe", { echo: sent });
        const known = await resource.echo.isKnown;
        const echoed = known ? await resource.echo.promise() : undefined;
        const problems = [
            probeSentFrames !== true && "a registration request carries no stack trace",
            !isDeepStrictEqual(echoed, sent) &&
                `a registration's answer reads back as ${JSON.stringify(echoed)}`,
        ].filter((p): p is string => typeof p === "string");
        if (problems.length > 0) {
            throw sdkMismatch(sdk.version, problems);
        }
    };
    return { probe };
}

/** The SDK's callback for a registration. */
type Answer = (error: unknown, response: unknown) => void;

/**
 * Registration answers, a few per turn of the event loop. Answered at once, the SDK's
 * registrations chain through microtasks for the whole program; answered each as its own
 * setImmediate, thousands run in one turn. Either way the event loop rarely reaches its I/O
 * phase, so the pack's answers (and the progress line) would wait for the program's end
 * instead of streaming beside it.
 */
class AnswerPump {
    /** Answers not yet given, from `head` on; given ones are cleared, as each holds its request. */
    private queue: ((() => void) | undefined)[] = [];
    private head = 0;
    private scheduled = false;

    constructor(private readonly perTurn = 16) {}

    push(answer: () => void): void {
        this.queue.push(answer);
        if (!this.scheduled) {
            this.scheduled = true;
            setImmediate(() => this.pump());
        }
    }

    private pump(): void {
        for (let i = 0; i < this.perTurn && this.head < this.queue.length; i++) {
            const answer = this.queue[this.head];
            this.queue[this.head++] = undefined;
            answer!();
        }
        if (this.head >= this.queue.length) {
            this.queue.length = 0;
            this.head = 0;
            this.scheduled = false;
        } else {
            if (this.head >= 4096) {
                this.queue = this.queue.slice(this.head);
                this.head = 0;
            }
            // The next turn: the event loop polls I/O in between.
            setImmediate(() => this.pump());
        }
    }
}

const answers = new AnswerPump();

/** Resolves once every registration and invoke the program started has been answered. */
export async function settled(settings: Sdk["settings"] = loadSdk().settings): Promise<void> {
    await settings.waitForRPCs();
}

/**
 * The frames of a registration's call stack, which userStackTraces has cut to the first few
 * outside node_modules (the user's code and local components): enough to locate it, small
 * enough for thousands of resources.
 */
function userFrames(req: RegisterRequest): SourceFrame[] {
    return (req.getStacktrace()?.getFramesList() ?? []).flatMap((frame) => {
        const pc = frame.getPc();
        return pc ? [{ uri: pc.getUri(), line: pc.getLine(), column: pc.getColumn() }] : [];
    });
}
