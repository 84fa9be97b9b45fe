// Starts a policy pack exactly as the Pulumi engine does (`@pulumi/pulumi/cmd/run-policy-pack`
// resolved from the pack's directory, the port read from its stdout) and drives it over the
// analyzer gRPC protocol: GetAnalyzerInfo, Configure, Analyze, AnalyzeStack.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { encodeStruct } from "./struct-encoder";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient as GrpcAnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as path from "path";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "" | "low" | "medium" | "high" | "critical";

const levels: Record<number, EnforcementLevel> = {
    0: "advisory",
    1: "mandatory",
    2: "disabled",
    3: "remediate",
};
const levelNumbers: Record<EnforcementLevel, number> = {
    advisory: 0,
    mandatory: 1,
    disabled: 2,
    remediate: 3,
};
const severities: Record<number, Severity> = {
    0: "",
    1: "low",
    2: "medium",
    3: "high",
    4: "critical",
};

/**
 * The compliance framework a policy implements (proto/pulumi/analyzer.proto
 * PolicyComplianceFramework; @pulumi/policy policy.ts `framework`): e.g. name "CIS", version
 * "1.8", reference "5.3.1", specification the benchmark's title.
 */
export interface ComplianceFramework {
    name: string;
    version: string;
    reference: string;
    specification: string;
}

/** What GetAnalyzerInfo says of one policy (proto/pulumi/analyzer.proto PolicyInfo). */
export interface PolicyDescription {
    name: string;
    /** Empty when the pack sets none. */
    displayName: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    /** `undefined` when the pack sets none. */
    framework?: ComplianceFramework;
    /** Empty when the pack sets none. */
    tags: string[];
    remediationSteps: string;
    url: string;
    /** Whether the policy judges one resource at a time or the whole stack; `""` when the pack does not say. */
    policyType: "resource" | "stack" | "";
    /** JSON-schema `properties` of the policy's config, with their defaults. */
    configSchema?: Record<string, Record<string, unknown>>;
    required: string[];
}

export interface PackInfo {
    name: string;
    version: string;
    policies: PolicyDescription[];
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    urn: string;
}

/** A resource as the engine sends it to the analyzer. */
export interface AnalyzedResource {
    type: string;
    name: string;
    urn: string;
    properties: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
}

const policyTypes: Record<number, PolicyDescription["policyType"]> = { 1: "resource", 2: "stack" };

/** A policy's framework, when the pack set one (an empty message counts as none). */
function frameworkOf(f: analyzer.PolicyComplianceFramework | undefined): {
    framework?: ComplianceFramework;
} {
    const framework = f && {
        name: f.getName(),
        version: f.getVersion(),
        reference: f.getReference(),
        specification: f.getSpecification(),
    };
    return framework && Object.values(framework).some((v) => v !== "") ? { framework } : {};
}

/** Per-policy config, resolved: level and properties, as Configure sends it. */
export type ResolvedConfig = Record<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
>;

/** A running policy pack and a gRPC client connected to it. */
export class PolicyPackProcess {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: GrpcAnalyzerClient,
        /** The port the pack printed. */
        public readonly port: number,
        private readonly stderr: () => string,
    ) {}

    /** Starts the pack in `packDir` and waits until it prints its port. */
    static async start(packDir: string, timeoutMs = 60_000): Promise<PolicyPackProcess> {
        const dir = path.resolve(packDir);
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
        // As the engine does: the pack's directory as the working directory and the program
        // ("."), after the engine's own address, which the pack only uses for logging.
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
            cwd: dir,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            // The program runs in this process while the pack starts: after a long synchronous
            // stretch the timer fires before the pending output is read, so read it first
            // (setImmediate runs after the poll phase that delivers it).
            const timer = setTimeout(
                () => setImmediate(() => fail(`did not print its port within ${timeoutMs} ms`)),
                timeoutMs,
            );
            let printed = false;
            const fail = (why: string) => {
                clearTimeout(timer);
                if (printed) {
                    return;
                }
                child.kill();
                reject(
                    new Error(`policy pack ${dir} ${why}${stderr ? `:\n${stderr.trim()}` : ""}`),
                );
            };
            child.stdout!.on("data", (d) => {
                stdout += d;
                const match = /^(\d+)\s*$/m.exec(stdout);
                if (match) {
                    printed = true;
                    clearTimeout(timer);
                    resolve(Number(match[1]));
                }
            });
            child.on("exit", (code) => fail(`exited with code ${code} before printing its port`));
            child.on("error", (e) => fail(`could not start: ${e.message}`));
        });
        child.removeAllListeners("exit");
        const client = new GrpcAnalyzerClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
            {
                "grpc.max_receive_message_length": 1024 * 1024 * 400,
                "grpc.max_send_message_length": 1024 * 1024 * 400,
            },
        );
        return new PolicyPackProcess(child, client, port, () => stderr);
    }

    async info(): Promise<PackInfo> {
        const info = await this.call<analyzer.AnalyzerInfo>((cb) =>
            this.client.getAnalyzerInfo(new Empty(), cb),
        );
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => ({
                name: p.getName(),
                displayName: p.getDisplayname(),
                description: p.getDescription(),
                enforcementLevel: levels[p.getEnforcementlevel()],
                severity: severities[p.getSeverity()] ?? "",
                ...frameworkOf(p.getFramework()),
                tags: p.getTagsList(),
                remediationSteps: p.getRemediationSteps(),
                url: p.getUrl(),
                policyType: policyTypes[p.getPolicyType()] ?? "",
                configSchema: p
                    .getConfigschema()
                    ?.getProperties()
                    ?.toJavaScript() as PolicyDescription["configSchema"],
                required: p.getConfigschema()?.getRequiredList() ?? [],
            })),
        };
    }

    async configure(config: ResolvedConfig): Promise<void> {
        const req = new analyzer.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(config)) {
            const pc = new analyzer.PolicyConfig();
            pc.setEnforcementlevel(levelNumbers[c.enforcementLevel] as analyzer.EnforcementLevel);
            pc.setProperties(Struct.fromJavaScript(plain(c.properties) as Record<string, never>));
            map.set(name, pc);
        }
        await this.call((cb) => this.client.configure(req, cb));
    }

    async analyze(resource: AnalyzedResource): Promise<Diagnostic[]> {
        const body = withProperties(
            describe(new analyzer.AnalyzeRequest(), resource).serializeBinary(),
            resource,
        );
        return diagnostics(await this.unary("/pulumirpc.Analyzer/Analyze", body));
    }

    async analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]> {
        // AnalyzeStackRequest is `repeated AnalyzerResource resources = 1` (pulumi
        // proto/pulumi/analyzer.proto): each resource is encoded as soon as it is described,
        // so thousands of message objects, several times the size of their bytes, never
        // exist at once. The bytes parse to what AnalyzeStackRequest.serializeBinary gives.
        const parts: Uint8Array[] = [];
        for (const r of resources) {
            const bytes = withProperties(
                describe(new analyzer.AnalyzerResource(), r)
                    .setParent(r.parent ?? "")
                    .setDependenciesList(r.dependencies ?? [])
                    .serializeBinary(),
                r,
            );
            parts.push(lengthDelimited(1, bytes.length), bytes);
        }
        return diagnostics(
            await this.unary("/pulumirpc.Analyzer/AnalyzeStack", Buffer.concat(parts)),
        );
    }

    /** A unary call whose request is already encoded. */
    private unary(method: string, body: Buffer): Promise<analyzer.AnalyzeResponse> {
        return this.call<analyzer.AnalyzeResponse>((cb) =>
            this.client.makeUnaryRequest(
                method,
                (b: Buffer) => b,
                (b: Buffer) => analyzer.AnalyzeResponse.deserializeBinary(new Uint8Array(b)),
                body,
                (err, res) => cb(err, res!),
            ),
        );
    }

    /** What the pack wrote to stderr so far. */
    get errors(): string {
        return this.stderr();
    }

    async close(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null) {
            const exited = new Promise((r) => this.child.once("exit", r));
            this.child.kill();
            await exited;
        }
    }

    private call<T>(
        invoke: (cb: (err: grpc.ServiceError | null, res: T) => void) => void,
    ): Promise<T> {
        return new Promise((resolve, reject) =>
            invoke((err, res) =>
                err
                    ? reject(new Error(`policy pack RPC failed: ${err.details || err.message}`))
                    : resolve(res),
            ),
        );
    }
}

/** A protobuf field header for a length-delimited field: its tag, then the length as a varint. */
export function lengthDelimited(field: number, length: number): Uint8Array {
    const bytes = [(field << 3) | 2];
    for (let n = length; ; n = Math.floor(n / 128)) {
        if (n < 128) {
            bytes.push(n);
            break;
        }
        bytes.push((n % 128) | 128);
    }
    return Uint8Array.from(bytes);
}

/** Fills what an AnalyzeRequest and a stack's AnalyzerResource share. */
function describe<T extends analyzer.AnalyzeRequest | analyzer.AnalyzerResource>(
    req: T,
    r: AnalyzedResource,
): T {
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setOptions(new analyzer.AnalyzerResourceOptions());
    return req;
}

/**
 * A described message's bytes with the resource's properties appended as field 2
 * (`google.protobuf.Struct properties = 2` in both AnalyzeRequest and AnalyzerResource),
 * encoded straight from their JSON (see struct-encoder.ts). Protobuf parsers accept fields
 * in any order.
 */
export function withProperties(described: Uint8Array, r: AnalyzedResource): Buffer {
    const properties = encodeStruct(plain(r.properties) as Record<string, unknown>);
    return Buffer.concat([described, lengthDelimited(2, properties.length), properties]);
}

function diagnostics(res: analyzer.AnalyzeResponse): Diagnostic[] {
    return res.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: levels[d.getEnforcementlevel()],
        severity: severities[d.getSeverity()] ?? "",
        urn: d.getUrn(),
    }));
}

/**
 * A property bag as the engine sends it to analyzers: plain JSON, unknowns as the unknown
 * sentinel, and resource references as the resource's id, or its URN when it has none (the
 * engine marshals with KeepResources off).
 */
export function plain(value: unknown): unknown {
    return value === undefined
        ? {}
        : JSON.parse(
              JSON.stringify(value, (_k, v) => {
                  if (typeof v === "bigint") {
                      return Number(v);
                  }
                  if (v && typeof v === "object" && v[resourceSigKey] === resourceSig) {
                      return v.id || v.urn;
                  }
                  return v;
              }),
          );
}

/** The SDK's marks for a resource reference inside serialized properties. */
const resourceSigKey = "4dabf18193072939515e22adb298388d";
const resourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
