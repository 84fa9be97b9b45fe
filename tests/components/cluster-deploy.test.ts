// What a real `pulumi up` and an upgrade of HardenedCluster need, each rule tested under
// mocks with the EKS User Guide page or the upstream source line it follows (the destroy is
// in cluster-destroy.test.ts). The rules no mock can show are in the README's "What
// `pulumi up` needs".
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { deploysToRealEngine, WaitForApiOptions } from "../../components/api-readiness";
import { HardenedCluster, HardenedClusterArgs } from "../../components/cluster";
import { installMocks, settled } from "../../preflight/mock-engine";
import { MockedResource, ProgramMocks } from "../../preflight/mocks";
import { itRefuses, json, ofType, one, RefusalCase, underMocks, urnsOf } from "../harness";
import { admin, clusterArgs } from "./cluster-fixtures";
// The modules themselves, not import-star copies, so that the test can stand in for them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import childProcess = require("child_process");
// eslint-disable-next-line @typescript-eslint/no-require-imports
import https = require("https");
// eslint-disable-next-line @typescript-eslint/no-require-imports
import readiness = require("../../components/api-readiness");

const runnerSg = "sg-0123456789abcdef0";

const args = clusterArgs;

const build = (extra: Partial<HardenedClusterArgs> = {}) =>
    underMocks(() => new HardenedCluster("prod", args(extra)));

/** Mocks that also record every invoke the program makes. */
class RecordingMocks extends ProgramMocks {
    public readonly calls: pulumi.runtime.MockCallArgs[] = [];
    call(callArgs: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        this.calls.push(callArgs);
        return super.call(callArgs);
    }
}

async function buildRecording(extra: Partial<HardenedClusterArgs> = {}) {
    const mocks = new RecordingMocks();
    installMocks(mocks, "test", "test");
    new HardenedCluster("prod", args(extra));
    await settled();
    return mocks;
}

const rules = (resources: MockedResource[]) =>
    ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
const eksCluster = (resources: MockedResource[]) => one(resources, "aws:eks/cluster:Cluster");
const addonNamed = (resources: MockedResource[], addonName: string) =>
    ofType(resources, "aws:eks/addon:Addon").find((r) => r.inputs.addonName === addonName)!;

describe("HardenedCluster deployment", () => {
    describe("a reachable API (EKS User Guide, cluster-endpoint.html and sec-group-reqs.html)", () => {
        it('admits TCP 443 from each apiAccessCidrs entry and apiAccessSecurityGroupIds member, one rule each, named after its source (cluster-endpoint.html: "contains rules to allow ingress traffic on port 443")', async () => {
            const resources = await build({
                apiAccessCidrs: ["10.0.0.0/16", "2001:db8::/56"],
                apiAccessSecurityGroupIds: [runnerSg],
            });
            const group = one(resources, "aws:ec2/securityGroup:SecurityGroup", "prod-api-access");
            assert.deepStrictEqual(
                rules(resources).map((r) => [r.name, r.inputs]),
                [
                    [
                        "prod-api-from-10.0.0.0-16",
                        {
                            securityGroupId: group.state.id,
                            description: "Kubernetes API (HTTPS) from 10.0.0.0/16",
                            ipProtocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            cidrIpv4: "10.0.0.0/16",
                        },
                    ],
                    [
                        "prod-api-from-2001-db8---56",
                        {
                            securityGroupId: group.state.id,
                            description: "Kubernetes API (HTTPS) from 2001:db8::/56",
                            ipProtocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            cidrIpv6: "2001:db8::/56",
                        },
                    ],
                    [
                        `prod-api-from-${runnerSg}`,
                        {
                            securityGroupId: group.state.id,
                            description: `Kubernetes API (HTTPS) from ${runnerSg}`,
                            ipProtocol: "tcp",
                            fromPort: 443,
                            toPort: 443,
                            referencedSecurityGroupId: runnerSg,
                        },
                    ],
                ],
            );
        });

        it("puts the rules on a security group of the control plane's own, in the cluster's VPC, passed in vpcConfig.securityGroupIds (sec-group-reqs.html: EKS \"doesn't associate them to any node groups\")", async () => {
            const resources = await build();
            const group = one(resources, "aws:ec2/securityGroup:SecurityGroup");
            assert.deepStrictEqual(group.inputs, {
                vpcId: "vpc-1",
                description: "Kubernetes API access to EKS cluster prod",
            });
            assert.deepStrictEqual(
                (eksCluster(resources).inputs as any).vpcConfig.securityGroupIds,
                [group.state.id],
            );
            // The launch templates name no security group: the nodes keep EKS's cluster group only.
            const lt = one(resources, "aws:ec2/launchTemplate:LaunchTemplate").inputs;
            assert.strictEqual(lt.vpcSecurityGroupIds, undefined);
        });

        it("keeps the other rules' URNs when a CIDR is removed or the lists are reordered", async () => {
            const before = urnsOf(
                rules(
                    await build({
                        apiAccessCidrs: ["10.0.0.0/16", "10.8.0.0/16"],
                        apiAccessSecurityGroupIds: [runnerSg],
                    }),
                ),
            );
            const after = urnsOf(
                rules(
                    await build({
                        apiAccessCidrs: ["10.8.0.0/16"],
                        apiAccessSecurityGroupIds: [runnerSg],
                    }),
                ),
            );
            assert.deepStrictEqual(
                after.filter((u) => before.includes(u)),
                after,
            );
            const reordered = urnsOf(
                rules(await build({ apiAccessCidrs: ["10.8.0.0/16", "10.0.0.0/16"] })),
            );
            assert.deepStrictEqual([...reordered].sort(), [
                ...urnsOf(rules(await build({ apiAccessCidrs: ["10.0.0.0/16", "10.8.0.0/16"] }))),
            ]);
        });

        it("creates the Kubernetes provider only after the ingress rules and the admins' access policies exist", async () => {
            const resources = await build({ apiAccessSecurityGroupIds: [runnerSg] });
            const provider = one(resources, "pulumi:providers:kubernetes");
            const needed = [
                ...rules(resources),
                ...ofType(resources, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation"),
            ].map((r) => r.urn!);
            assert.strictEqual(needed.length, 3);
            assert.deepStrictEqual(
                needed.filter((urn) => provider.dependencies.includes(urn)),
                needed,
            );
        });

        it("accepts a public endpoint open to narrow CIDRs as the only way in (cluster-endpoint.html)", async () => {
            const resources = await build({
                apiAccessCidrs: undefined,
                endpointPublicAccess: true,
                publicAccessCidrs: ["203.0.113.0/24"],
            });
            assert.deepStrictEqual(rules(resources), []);
            assert.deepStrictEqual(
                (eksCluster(resources).inputs as any).vpcConfig.publicAccessCidrs,
                ["203.0.113.0/24"],
            );
        });

        it("outputs the cluster security group EKS created (vpcConfig.clusterSecurityGroupId)", async () => {
            let cluster: HardenedCluster | undefined;
            await underMocks(() => (cluster = new HardenedCluster("prod", args())));
            const id = await new Promise((r) => cluster!.clusterSecurityGroupId.apply(r));
            assert.match(String(id), /^sg-[0-9a-f]{17}$/);
        });

        describe("refusals", () => {
            const refusals: RefusalCase[] = [
                [
                    "a configuration from which nothing reaches the API",
                    { apiAccessCidrs: undefined },
                    /^HardenedCluster "prod": apiAccessCidrs undefined and apiAccessSecurityGroupIds are empty and the endpoint is private, so nothing can reach the Kubernetes API the component creates its admission policy and tenants through: list the CIDRs of the machine that runs `pulumi up` \(a CI runner subnet, a VPN range\) in apiAccessCidrs, or its security groups in apiAccessSecurityGroupIds, or, for a machine outside the VPC, open the public endpoint to it with endpointPublicAccess: true and publicAccessCidrs \(inside the VPC the endpoint resolves to the private one\)$/,
                ],
                [
                    "empty access lists with a private endpoint",
                    { apiAccessCidrs: [], apiAccessSecurityGroupIds: [] },
                    /apiAccessCidrs \[\] and apiAccessSecurityGroupIds are empty and the endpoint is private/,
                ],
                [
                    "0.0.0.0/0 in apiAccessCidrs",
                    { apiAccessCidrs: ["0.0.0.0/0"] },
                    /^HardenedCluster "prod": apiAccessCidrs\[0\] "0\.0\.0\.0\/0" opens the private API endpoint to every network routed to the VPC: list the CIDRs of the CI runners, VPN or bastion that run `pulumi up` and kubectl$/,
                ],
                [
                    "::/0 in apiAccessCidrs",
                    { apiAccessCidrs: ["10.0.0.0/16", "::/0"] },
                    /apiAccessCidrs\[1\] "::\/0" opens the private API endpoint/,
                ],
                [
                    "an apiAccessCidrs prefix shorter than /8",
                    { apiAccessCidrs: ["0.0.0.0/1"] },
                    /^HardenedCluster "prod": apiAccessCidrs\[0\] "0\.0\.0\.0\/1" opens the private API endpoint to every network routed to the VPC \(a prefix shorter than \/8\): list the CIDRs/,
                ],
                [
                    "an apiAccessCidrs entry that is not a CIDR",
                    { apiAccessCidrs: ["vpn"] },
                    /^HardenedCluster "prod": apiAccessCidrs\[0\] "vpn" is not a CIDR: use the form 10\.0\.0\.0\/16$/,
                ],
                [
                    "a CIDR listed twice",
                    { apiAccessCidrs: ["10.0.0.0/16", "10.0.0.0/16"] },
                    /apiAccessCidrs\[1\] "10\.0\.0\.0\/16" is listed twice: list each CIDR once$/,
                ],
                [
                    "a publicAccessCidrs prefix shorter than /8, as broad as 0.0.0.0/0 in two halves",
                    { endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] },
                    /publicAccessCidrs\[0\] "0\.0\.0\.0\/1" opens the API endpoint to the whole internet \(a prefix shorter than \/8\)/,
                ],
                [
                    "a security group ID that is not one",
                    { apiAccessSecurityGroupIds: ["runner"] },
                    /^HardenedCluster "prod": apiAccessSecurityGroupIds\[0\] "runner" is not a security group ID: use the form sg-0123456789abcdef0$/,
                ],
                [
                    "a security group ID known only after deployment",
                    { apiAccessSecurityGroupIds: [pulumi.output(runnerSg)] },
                    /apiAccessSecurityGroupIds\[0\] .* is not known before deployment \(an Output or a Promise\), and the ingress rule it makes is named after its value.*: pass the ID as a string/,
                ],
                [
                    "a security group listed twice",
                    { apiAccessSecurityGroupIds: [runnerSg, runnerSg] },
                    /apiAccessSecurityGroupIds\[1\] "sg-0123456789abcdef0" is listed twice/,
                ],
            ];
            itRefuses(
                'HardenedCluster "prod"',
                refusals,
                (extra) =>
                    new HardenedCluster("prod", { ...args(), ...extra } as HardenedClusterArgs),
            );
        });
    });

    describe("API readiness (pulumi-eks cluster/cluster.ts:799-845 waits only when !isDryRun())", () => {
        it("never waits for the API under mocks, in a deployment or a preview: no wait, no token, no request", async () => {
            const seen: string[] = [];
            const originalRequest = https.request;
            const originalExecFile = childProcess.execFile;
            const originalWait = readiness.waitForApi;
            // A wait that began would probe every 5 s for 5 minutes: this one returns at once,
            // so a HardenedCluster that waited under mocks fails this test in well under a
            // second and leaves no timer behind.
            (readiness as any).waitForApi = async (options: WaitForApiOptions) => {
                seen.push(`waitForApi ${options.endpoint}`);
                return 1;
            };
            (https as any).request = (...a: unknown[]) => {
                seen.push(`https.request ${String(a[0])}`);
                throw new Error("no network under mocks");
            };
            (childProcess as any).execFile = (file: string) => {
                seen.push(`execFile ${file}`);
                throw new Error("no aws CLI under mocks");
            };
            try {
                for (const preview of [false, true]) {
                    const decided: boolean[] = [];
                    const resources = await underMocks(
                        () => {
                            new HardenedCluster("prod", args());
                            decided.push(deploysToRealEngine());
                        },
                        "test",
                        "test",
                        { preview },
                    );
                    assert.deepStrictEqual(decided, [false]);
                    // In a deployment the provider gets the kubeconfig at once; in a preview the
                    // endpoint is unknown, and so is the kubeconfig.
                    if (!preview) {
                        assert.match(
                            providerKubeconfig(resources).clusters[0].cluster.server,
                            /^https:\/\/[0-9A-F]{32}\.gr7\.us-east-1\.eks\.amazonaws\.com$/,
                        );
                    }
                }
            } finally {
                (https as any).request = originalRequest;
                (childProcess as any).execFile = originalExecFile;
                (readiness as any).waitForApi = originalWait;
            }
            assert.deepStrictEqual(seen, []);
        });
    });

    describe("credentials (pulumi-eks providerCredentialOpts, cluster/cluster.ts:203-237)", () => {
        const role = "arn:aws:iam::123456789012:role/ci-deployer";

        it("signs tokens with kubeconfigRoleArn and kubeconfigProfile, as --role-arn and --profile of aws eks get-token (not AWS_PROFILE: pulumi/pulumi-eks#1484), in the output and in the provider", async () => {
            let cluster: HardenedCluster | undefined;
            const resources = await underMocks(
                () =>
                    (cluster = new HardenedCluster(
                        "prod",
                        args({
                            adminRoleArns: [admin, role],
                            kubeconfigRoleArn: role,
                            kubeconfigProfile: "ci",
                        }),
                    )),
            );
            const expected = {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "aws",
                args: [
                    "eks",
                    "get-token",
                    "--cluster-name",
                    "prod",
                    "--region",
                    "us-east-1",
                    "--role-arn",
                    role,
                    "--profile",
                    "ci",
                    "--output",
                    "json",
                ],
            };
            const kubeconfig = json(await new Promise((r) => cluster!.kubeconfig.apply(r)));
            assert.deepStrictEqual(kubeconfig.users[0].user.exec, expected);
            assert.deepStrictEqual(providerKubeconfig(resources).users[0].user.exec, expected);
        });

        itRefuses(
            'HardenedCluster "prod"',
            [
                [
                    "a kubeconfigRoleArn that is not a role ARN",
                    { kubeconfigRoleArn: "arn:aws:iam::123456789012:user/ci" },
                    /^HardenedCluster "prod": kubeconfigRoleArn ".*:user\/ci" is not an IAM role ARN: pass arn:aws:iam::<account>:role\/<name>$/,
                ],
                [
                    "a kubeconfigRoleArn that is not an admin, which the provider could not work with",
                    { kubeconfigRoleArn: role },
                    /^HardenedCluster "prod": kubeconfigRoleArn ".*:role\/ci-deployer" is not one of adminRoleArns, so the Kubernetes provider that signs with it could not create the admission policy and the tenants: add it to adminRoleArns, or sign with an admin role$/,
                ],
                [
                    "a kubeconfigProfile that is not a profile name",
                    { kubeconfigProfile: "--debug" },
                    /^HardenedCluster "prod": kubeconfigProfile "--debug" is not an AWS CLI profile name: pass the name of a profile in ~\/\.aws\/config, e\.g\. ci-deployer$/,
                ],
            ],
            (extra) => new HardenedCluster("prod", { ...args(), ...extra } as HardenedClusterArgs),
        );
    });

    describe("versions that follow the cluster (EKS User Guide, update-cluster.html)", () => {
        it("gives every node group the cluster's version output (pulumi-eks nodes/nodegroup.ts:1889-1890)", async () => {
            const resources = await build({
                version: "1.31",
                nodeGroups: [
                    { name: "general" },
                    { name: "arm", amiType: "AL2023_ARM_64_STANDARD" },
                ],
            });
            const groups = ofType(resources, "aws:eks/nodeGroup:NodeGroup");
            assert.deepStrictEqual(
                groups.map((g) => [g.name, g.inputs.version]),
                [
                    ["prod-general", "1.31"],
                    ["prod-arm", "1.31"],
                ],
            );
            assert.ok(groups.every((g) => g.dependencies.includes(eksCluster(resources).urn!)));
        });

        it("looks each add-on's version up with the cluster's version and mostRecent (pulumi-eks cluster/cluster.ts:766-776, terraform-aws-eks v21.19.0 main.tf:758-766)", async () => {
            const mocks = await buildRecording({ version: "1.31" });
            const lookups = mocks.calls
                .filter((c) => c.token === "aws:eks/getAddonVersion:getAddonVersion")
                .map((c) => c.inputs)
                .sort((a, b) => String(a.addonName).localeCompare(String(b.addonName)));
            assert.deepStrictEqual(lookups, [
                { addonName: "coredns", kubernetesVersion: "1.31", mostRecent: true },
                {
                    addonName: "eks-pod-identity-agent",
                    kubernetesVersion: "1.31",
                    mostRecent: true,
                },
                { addonName: "kube-proxy", kubernetesVersion: "1.31", mostRecent: true },
                { addonName: "vpc-cni", kubernetesVersion: "1.31", mostRecent: true },
            ]);
            assert.ok(
                ofType(mocks.resources, "aws:eks/addon:Addon").every(
                    (a) => a.inputs.addonVersion === "v1.0.0-eksbuild.1",
                ),
            );
        });

        it("uses a version pinned in addonVersions instead of the lookup, for that add-on only", async () => {
            const mocks = await buildRecording({
                version: "1.31",
                addonVersions: { "vpc-cni": "v1.19.2-eksbuild.1" },
            });
            assert.strictEqual(
                addonNamed(mocks.resources, "vpc-cni").inputs.addonVersion,
                "v1.19.2-eksbuild.1",
            );
            assert.strictEqual(
                addonNamed(mocks.resources, "kube-proxy").inputs.addonVersion,
                "v1.0.0-eksbuild.1",
            );
            assert.ok(
                !mocks.calls.some(
                    (c) =>
                        c.token === "aws:eks/getAddonVersion:getAddonVersion" &&
                        c.inputs.addonName === "vpc-cni",
                ),
            );
        });

        it("orders control plane, then vpc-cni, kube-proxy and the Pod Identity agent, then the node groups, then coredns (terraform-aws-eks v21.19.0 README.md:151-160, main.tf:768-811)", async () => {
            const resources = await build();
            const cluster = eksCluster(resources).urn!;
            const group = one(resources, "aws:eks/nodeGroup:NodeGroup");
            for (const addonName of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) {
                const addon = addonNamed(resources, addonName);
                assert.ok(addon.dependencies.includes(cluster), addonName);
                assert.ok(group.dependencies.includes(addon.urn!), addonName);
            }
            assert.ok(addonNamed(resources, "coredns").dependencies.includes(group.urn!));
        });

        itRefuses(
            'HardenedCluster "prod"',
            [
                [
                    "a version older than 1.30",
                    { version: "1.29" },
                    /^HardenedCluster "prod": version "1\.29" is older than 1\.30, the first Kubernetes version that serves admissionregistration\.k8s\.io\/v1 ValidatingAdmissionPolicy, which HardenedCluster creates: use "1\.30" or later$/,
                ],
                [
                    "a version that is not a minor version",
                    { version: "1.31.2" },
                    /^HardenedCluster "prod": version "1\.31\.2" is not a Kubernetes minor version: use the form "1\.31"$/,
                ],
                [
                    "a pinned version of an add-on the component does not install",
                    { addonVersions: { "aws-ebs-csi-driver": "v1.38.1-eksbuild.1" } },
                    /^HardenedCluster "prod": addonVersions\["aws-ebs-csi-driver"\] "v1\.38\.1-eksbuild\.1" names an add-on HardenedCluster does not install: use one of vpc-cni, kube-proxy, eks-pod-identity-agent, coredns$/,
                ],
                [
                    "a pinned add-on version that is not one",
                    { addonVersions: { coredns: "latest" } },
                    /addonVersions\["coredns"\] "latest" is not an EKS add-on version: use a version `aws eks describe-addon-versions --addon-name coredns` lists/,
                ],
            ],
            (extra) => new HardenedCluster("prod", { ...args(), ...extra } as HardenedClusterArgs),
        );
    });
});

/** The parsed kubeconfig the Kubernetes provider was given (a secret). */
function providerKubeconfig(resources: MockedResource[]): any {
    const kubeconfig = one(resources, "pulumi:providers:kubernetes").inputs.kubeconfig as any;
    return json(typeof kubeconfig === "string" ? kubeconfig : kubeconfig.value);
}
