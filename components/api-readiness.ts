// Waits, during a real `pulumi up`, until the cluster's Kubernetes API answers this
// deployment's credentials as a cluster admin, before the Kubernetes provider creates
// anything through it. EKS reports a cluster ACTIVE before its endpoint always answers, and
// an access entry and its policy association exist before the API honours them; without the
// wait the first Kubernetes object fails with a bare timeout or 401.
//
// pulumi-eks waits the same way, for up to 5 minutes (60 tries, 5 s apart) on `/healthz`,
// public endpoints only (pulumi/pulumi-eks nodejs/eks/cluster/cluster.ts:799-845 at
// 7bf0c1b). This wait also covers the private endpoint and the admin's access: it asks for
// `kube-system` with a token from `aws eks get-token`, as the provider will, and verifies the
// API's certificate against the cluster's CA instead of skipping the check.
//
// It never runs in a preview, nor under mocks (unit tests, preflight): nothing there can or
// should reach a cluster.
import { execFile } from "child_process";
import * as https from "https";
import * as pulumi from "@pulumi/pulumi";

/** What one probe of the API found. */
export interface ApiProbeResult {
    ready: boolean;
    /** Why it is not ready, for the log and the final error. */
    problem?: string;
}

export interface WaitForApiOptions {
    /** Names the component in the error, e.g. `HardenedCluster "platform"`. */
    component: string;
    /** The API server URL. */
    endpoint: string;
    /** The EKS cluster name, for the commands the error suggests. */
    clusterName: string;
    /** One try; a rejection counts as a failed try. */
    probe: () => Promise<ApiProbeResult>;
    /** Defaults to 300 000 (5 minutes, as pulumi-eks). */
    timeoutMs?: number;
    /** Defaults to 5 000 (as pulumi-eks). */
    intervalMs?: number;
    /** Defaults to `Date.now`. */
    now?: () => number;
    /** Defaults to a timer. */
    sleep?: (ms: number) => Promise<void>;
    /** Defaults to `pulumi.log.info`. */
    log?: (message: string) => void;
}

/**
 * Probes until the API is ready, `intervalMs` apart, for at most `timeoutMs`; returns the
 * number of tries, or throws an error naming the endpoint, the last problem and what to check.
 */
export async function waitForApi(options: WaitForApiOptions): Promise<number> {
    const timeoutMs = options.timeoutMs ?? 300_000;
    const intervalMs = options.intervalMs ?? 5_000;
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const log = options.log ?? ((message: string) => pulumi.log.info(message));
    const deadline = now() + timeoutMs;
    let attempts = 0;
    let problem = "no answer yet";
    for (;;) {
        attempts++;
        const result = await options.probe().catch((e: unknown): ApiProbeResult => ({
            ready: false,
            problem: e instanceof Error ? e.message : String(e),
        }));
        if (result.ready) {
            return attempts;
        }
        problem = result.problem ?? "not ready";
        if (now() + intervalMs > deadline) {
            throw new Error(apiNotReadyMessage(options, timeoutMs, attempts, problem));
        }
        log(
            `${options.component}: waiting for the Kubernetes API at ${options.endpoint}: ${problem}`,
        );
        await sleep(intervalMs);
    }
}

/** The error when the API never became ready: the endpoint, the last problem, what to check. */
export function apiNotReadyMessage(
    options: Pick<WaitForApiOptions, "component" | "endpoint" | "clusterName">,
    timeoutMs: number,
    attempts: number,
    problem: string,
): string {
    return (
        `${options.component}: the Kubernetes API at ${options.endpoint} did not answer this ` +
        `deployment's credentials as a cluster admin within ${timeoutMs / 1000} s ` +
        `(${attempts} tries; last: ${problem}). Check that this machine reaches the endpoint ` +
        `on TCP 443 (its CIDR in apiAccessCidrs or its security group in ` +
        `apiAccessSecurityGroupIds, and a route: a runner in the VPC, a VPN or peering; from ` +
        `the VPC the endpoint resolves to the private one, which publicAccessCidrs does not ` +
        `open), that ` +
        `the identity \`aws eks get-token\` signs with (kubeconfigRoleArn, kubeconfigProfile, ` +
        `or the ambient AWS credentials) is one of adminRoleArns, and that its access entry ` +
        `exists with AmazonEKSClusterAdminPolicy: aws eks list-access-entries --cluster-name ` +
        `${options.clusterName}`
    );
}

/** What an HTTP status from `GET /api/v1/namespaces/kube-system` says about readiness. */
export function judgeApiStatus(status: number): ApiProbeResult {
    if (status === 200) {
        return { ready: true };
    }
    if (status === 401) {
        return {
            ready: false,
            problem:
                "HTTP 401: the API does not accept the token, so the identity that signed it has no effective access entry (yet), or is not one of adminRoleArns",
        };
    }
    if (status === 403) {
        return {
            ready: false,
            problem:
                "HTTP 403: the identity is known but not yet authorized: its AmazonEKSClusterAdminPolicy association is not effective (yet)",
        };
    }
    return { ready: false, problem: `HTTP ${status} from the API server` };
}

/** What a failed connection says, in words that point at the cause. */
export function judgeNetworkError(error: { code?: string; message: string }): string {
    switch (error.code) {
        case "ETIMEDOUT":
        case "ECONNRESET":
            return `no answer on TCP 443 (${error.code}): a security group rule or the network path blocks this machine`;
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return `the endpoint's name does not resolve here (${error.code}): a private endpoint resolves only in the VPC and the networks that use its DNS`;
        default:
            return error.code ? `${error.code}: ${error.message}` : error.message;
    }
}

/** How to reach one cluster: its endpoint, its CA and the `aws` arguments that sign a token. */
export interface ClusterProbeTarget {
    endpoint: string;
    /** Base64 PEM, as EKS gives `certificateAuthority.data`. */
    certificateAuthorityData: string;
    /** Arguments of `aws` that print an ExecCredential, e.g. `eks get-token --cluster-name ...`. */
    tokenArgs: string[];
    /** Per request. Defaults to 5 000. */
    requestTimeoutMs?: number;
}

/** A probe that signs a token with the `aws` CLI and asks the API for `kube-system`. */
export function clusterProbe(target: ClusterProbeTarget): () => Promise<ApiProbeResult> {
    return async () => {
        let token: string;
        try {
            token = await awsToken(target.tokenArgs);
        } catch (e) {
            return { ready: false, problem: (e as Error).message };
        }
        return new Promise<ApiProbeResult>((resolve) => {
            const request = https.request(
                `${target.endpoint}/api/v1/namespaces/kube-system`,
                {
                    method: "GET",
                    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
                    ca: Buffer.from(target.certificateAuthorityData, "base64"),
                    timeout: target.requestTimeoutMs ?? 5_000,
                },
                (response) => {
                    response.resume();
                    resolve(judgeApiStatus(response.statusCode ?? 0));
                },
            );
            request.on("timeout", () =>
                request.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
            );
            request.on("error", (error: NodeJS.ErrnoException) =>
                resolve({ ready: false, problem: judgeNetworkError(error) }),
            );
            request.end();
        });
    };
}

/** The bearer token `aws <tokenArgs>` prints (an ExecCredential's `status.token`). */
function awsToken(tokenArgs: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile("aws", tokenArgs, { timeout: 60_000 }, (error, stdout, stderr) => {
            if (error) {
                const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
                reject(
                    new Error(
                        missing
                            ? "the aws CLI is not on PATH: install AWS CLI v2 where `pulumi up` runs"
                            : `aws ${tokenArgs.slice(0, 2).join(" ")} failed: ${String(stderr).trim().split("\n")[0] || error.message}`,
                    ),
                );
                return;
            }
            try {
                resolve(JSON.parse(stdout).status.token as string);
            } catch {
                reject(new Error("aws eks get-token printed no ExecCredential token"));
            }
        });
    });
}

/**
 * Whether this run deploys to a real engine: not a preview, and not under mocks (the SDK's
 * `setMocks`, which preflight and unit tests use, installs a MockMonitor; a real engine's
 * monitor is a gRPC client).
 */
export function deploysToRealEngine(): boolean {
    if (pulumi.runtime.isDryRun()) {
        return false;
    }
    const monitor = pulumi.runtime.getMonitor() as { getChannel?: unknown } | undefined;
    return typeof monitor?.getChannel === "function";
}
