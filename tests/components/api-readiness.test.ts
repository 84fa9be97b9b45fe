// The wait for the cluster's API during a real `pulumi up` (components/api-readiness.ts),
// with a fake probe and a fake clock: bounded as pulumi-eks bounds its own wait
// (pulumi/pulumi-eks nodejs/eks/cluster/cluster.ts:799-845 at 7bf0c1b: 60 retries, 5 s
// apart, about 5 minutes), and an error that says what to check.
import * as assert from "assert";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import {
    ApiProbeResult,
    clusterProbe,
    judgeApiStatus,
    judgeNetworkError,
    waitForApi,
} from "../../components/api-readiness";
import { getTokenArgs } from "../../components/cluster-config";

/** A clock that moves only when the wait sleeps, and the sleeps it was asked for. */
function fakeClock() {
    let now = 0;
    const sleeps: number[] = [];
    return {
        now: () => now,
        sleep: async (ms: number) => {
            sleeps.push(ms);
            now += ms;
        },
        sleeps,
    };
}

const target = {
    component: 'HardenedCluster "platform"',
    endpoint: "https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com",
    clusterName: "platform",
};

describe("waitForApi", () => {
    it("tries every 5 s and gives up after 5 minutes: 61 tries, 60 sleeps, as pulumi-eks (cluster/cluster.ts:811-813)", async () => {
        const clock = fakeClock();
        let tries = 0;
        const logged: string[] = [];
        const error = await waitForApi({
            ...target,
            probe: async () => {
                tries++;
                return judgeApiStatus(401);
            },
            now: clock.now,
            sleep: clock.sleep,
            log: (m) => logged.push(m),
        }).then(
            () => assert.fail("expected the wait to fail"),
            (e: Error) => e,
        );
        assert.strictEqual(tries, 61);
        assert.deepStrictEqual(clock.sleeps, Array(60).fill(5_000));
        assert.strictEqual(logged.length, 60);
        assert.strictEqual(
            error.message,
            'HardenedCluster "platform": the Kubernetes API at https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com ' +
                "did not answer this deployment's credentials as a cluster admin within 300 s (61 tries; last: " +
                "HTTP 401: the API does not accept the token, so the identity that signed it has no effective " +
                "access entry (yet), or is not one of adminRoleArns). Check that this machine reaches the " +
                "endpoint on TCP 443 (its CIDR in apiAccessCidrs or its security group in " +
                "apiAccessSecurityGroupIds, and a route: a runner in the VPC, a VPN or peering; from the " +
                "VPC the endpoint resolves to the private one, which publicAccessCidrs does not open), that the " +
                "identity `aws eks get-token` signs with (kubeconfigRoleArn, kubeconfigProfile, or the ambient " +
                "AWS credentials) is one of adminRoleArns, and that its access entry exists with " +
                "AmazonEKSClusterAdminPolicy: aws eks list-access-entries --cluster-name platform",
        );
    });

    it("returns as soon as the API answers, with the number of tries", async () => {
        const clock = fakeClock();
        const answers: ApiProbeResult[] = [
            { ready: false, problem: "no answer on TCP 443 (ETIMEDOUT)" },
            judgeApiStatus(403),
            judgeApiStatus(200),
        ];
        const tries = await waitForApi({
            ...target,
            probe: async () => answers.shift()!,
            now: clock.now,
            sleep: clock.sleep,
            log: () => undefined,
        });
        assert.strictEqual(tries, 3);
        assert.deepStrictEqual(clock.sleeps, [5_000, 5_000]);
    });

    it("counts a probe that throws as a failed try, its message the last problem", async () => {
        const clock = fakeClock();
        const error = await waitForApi({
            ...target,
            timeoutMs: 10_000,
            intervalMs: 5_000,
            probe: async () => {
                throw new Error(
                    "the aws CLI is not on PATH: install AWS CLI v2 where `pulumi up` runs",
                );
            },
            now: clock.now,
            sleep: clock.sleep,
            log: () => undefined,
        }).catch((e: Error) => e);
        assert.match(
            (error as Error).message,
            /within 10 s \(3 tries; last: the aws CLI is not on PATH: install AWS CLI v2 where `pulumi up` runs\)/,
        );
    });

    it("reads the API's answer: 200 ready, 401 no access entry, 403 no admin association yet", () => {
        assert.deepStrictEqual(judgeApiStatus(200), { ready: true });
        assert.match(judgeApiStatus(401).problem!, /no effective access entry/);
        assert.match(judgeApiStatus(403).problem!, /AmazonEKSClusterAdminPolicy association/);
        assert.deepStrictEqual(judgeApiStatus(503), {
            ready: false,
            problem: "HTTP 503 from the API server",
        });
    });

    it("names the likely cause of a connection failure: a blocked port, a name that resolves only in the VPC", () => {
        assert.match(
            judgeNetworkError({ code: "ETIMEDOUT", message: "timed out" }),
            /a security group rule or the network path blocks this machine/,
        );
        assert.match(
            judgeNetworkError({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND" }),
            /a private endpoint resolves only in the VPC/,
        );
        assert.strictEqual(
            judgeNetworkError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" }),
            "ECONNREFUSED: connect ECONNREFUSED",
        );
    });
});

describe("clusterProbe", () => {
    let dir: string;
    const savedPath = process.env.PATH;

    before(() => {
        // A stand-in `aws` that records its arguments and prints an ExecCredential.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-aws-"));
        fs.writeFileSync(
            path.join(dir, "aws"),
            `#!/bin/sh\necho "$@" > "${dir}/args"\necho '{"kind":"ExecCredential","status":{"token":"k8s-aws-v1.fake"}}'\n`,
            { mode: 0o755 },
        );
    });

    after(() => {
        process.env.PATH = savedPath;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("signs a token with the kubeconfig's own `aws eks get-token` arguments, then reports a refused connection", async () => {
        // A local port with nothing listening: no network beyond this machine.
        const server = net.createServer();
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        const port = (server.address() as net.AddressInfo).port;
        await new Promise((r) => server.close(r));
        process.env.PATH = `${dir}${path.delimiter}${savedPath}`;
        const tokenArgs = getTokenArgs("platform", "eu-west-1", { profile: "ci" });
        const result = await clusterProbe({
            endpoint: `https://127.0.0.1:${port}`,
            certificateAuthorityData: "",
            tokenArgs,
            requestTimeoutMs: 2_000,
        })();
        assert.strictEqual(
            fs.readFileSync(path.join(dir, "args"), "utf8").trim(),
            tokenArgs.join(" "),
        );
        assert.strictEqual(result.ready, false);
        assert.match(result.problem!, /^ECONNREFUSED: /);
    });

    it("says so when the aws CLI is not on PATH", async () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "empty-path-"));
        process.env.PATH = empty;
        const result = await clusterProbe({
            endpoint: "https://127.0.0.1:1",
            certificateAuthorityData: "",
            tokenArgs: getTokenArgs("platform", "eu-west-1"),
        })();
        process.env.PATH = savedPath;
        fs.rmdirSync(empty);
        assert.deepStrictEqual(result, {
            ready: false,
            problem: "the aws CLI is not on PATH: install AWS CLI v2 where `pulumi up` runs",
        });
    });
});
