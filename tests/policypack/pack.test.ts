// The pack as the engine runs it: started through @pulumi/pulumi/cmd/run-policy-pack and
// driven over the analyzer gRPC protocol.
import * as assert from "assert";
import * as path from "path";
import { AnalyzedResource, PackInfo, PolicyPackProcess } from "../../preflight/analyzer-client";
import { resolvePolicyConfig } from "../../preflight/policy-config";
import { complianceMetadata } from "../../policypack/lib/compliance";
import { policyControls } from "../../policypack/lib/controls";

const packDir = path.join(__dirname, "..", "..", "policypack");
const urn = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;
const resource = (
    type: string,
    name: string,
    properties: Record<string, unknown>,
): AnalyzedResource => ({ type, name, urn: urn(type, name), properties });

const wildcardPolicy = resource("aws:iam/policy:Policy", "deploy", {
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" }],
    }),
});
/** A ClusterRole that grants everything, and a ClusterRoleBinding of it to one user. */
const superuser = resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "superuser", {
    metadata: { name: "superuser" },
    rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
});
const binding = resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "ops", {
    subjects: [{ kind: "User", name: "alice" }],
    roleRef: { kind: "ClusterRole", name: "superuser" },
});
const wildcardRole = resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "ops", {
    metadata: { name: "ops" },
    rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }],
});

describe("policy pack over the analyzer protocol", function () {
    this.timeout(120_000);
    let pack: PolicyPackProcess;
    let info: PackInfo;

    before(async () => {
        pack = await PolicyPackProcess.start(packDir);
        info = await pack.info();
    });
    after(async () => pack?.close());

    it("GetAnalyzerInfo lists every policy with its level, severity, remediation and config defaults", () => {
        assert.strictEqual(info.name, "hardened-eks");
        assert.match(info.version, /^\d+\.\d+\.\d+/);
        const levels = Object.fromEntries(info.policies.map((p) => [p.name, p.enforcementLevel]));
        assert.deepStrictEqual(levels, {
            "policy-exemptions": "advisory",
            "iam-no-wildcard-permissions": "mandatory",
            "iam-no-wildcard-principals": "mandatory",
            "iam-no-admin-managed-policies": "mandatory",
            "k8s-no-cluster-admin-binding": "mandatory",
            "k8s-tenant-isolation": "mandatory",
            "eks-no-unlisted-cluster-admin": "mandatory",
            "eks-cluster-audit-logging": "mandatory",
            "eks-cluster-secrets-encryption": "mandatory",
            "eks-cluster-private-endpoint": "mandatory",
            "eks-irsa-trust-scoped": "mandatory",
            "ec2-launch-template-imdsv2": "mandatory",
            "k8s-namespace-pod-security": "mandatory",
            "eks-node-group-remote-access": "mandatory",
            "k8s-no-wildcard-rbac-rules": "advisory",
            "eks-node-group-launch-template": "advisory",
            "k8s-no-default-service-account": "advisory",
            "k8s-eks-subject-identity": "advisory",
            "iam-type-wide-write": "advisory",
            "iam-network-only-principals": "advisory",
            "eks-cluster-version-supported": "advisory",
            "eks-cluster-deletion-protection": "advisory",
            "eks-cluster-secrets-cmk": "advisory",
        });
        for (const p of info.policies) {
            assert.match(p.description, /^Checks that /, p.name);
            assert.ok(["low", "medium", "high", "critical"].includes(p.severity), p.name);
            assert.ok(p.remediationSteps.length > 20, p.name);
            for (const [prop, schema] of Object.entries(p.configSchema ?? {})) {
                assert.ok(schema.default !== undefined, `${p.name}.${prop} has no default`);
            }
        }
        const audit = info.policies.find((p) => p.name === "eks-cluster-audit-logging");
        assert.deepStrictEqual(audit?.configSchema?.requiredLogTypes.default, ["audit"]);
    });

    it("GetAnalyzerInfo gives each policy the controls it implements: display name, framework, tags", () => {
        for (const p of info.policies) {
            const { displayName, framework, tags } = complianceMetadata(policyControls[p.name]);
            assert.deepStrictEqual(
                [p.displayName, p.framework, p.tags],
                [displayName, framework, tags],
                p.name,
            );
        }
        const endpoint = info.policies.find((p) => p.name === "eks-cluster-private-endpoint")!;
        assert.deepStrictEqual(endpoint.framework, {
            name: "CIS Amazon EKS Benchmark",
            version: "1.8.0",
            reference: "5.4.1, 5.4.2",
            specification:
                "Restrict Access to the Control Plane Endpoint; Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled",
        });
        assert.deepStrictEqual(endpoint.tags, [
            "CIS Amazon EKS Benchmark 1.8.0: 5.4.1",
            "CIS Amazon EKS Benchmark 1.8.0: 5.4.2",
            "AWS Security Hub: EKS.1",
        ]);
        const version = info.policies.find((p) => p.name === "eks-cluster-version-supported")!;
        assert.deepStrictEqual(
            [
                version.framework?.name,
                version.framework?.reference,
                version.configSchema?.asOf.default,
            ],
            ["AWS Security Hub", "EKS.2", "today"],
        );
    });

    it("Analyze reports the baseline checks: version, deletion protection, customer managed key, SSH open to the internet", async () => {
        await pack.configure(
            resolvePolicyConfig(info, { "eks-cluster-version-supported": { asOf: "2026-11-28" } }),
        );
        try {
            const cluster = resource("aws:eks/cluster:Cluster", "prod", {
                version: "1.32",
                enabledClusterLogTypes: ["audit"],
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: "alias/aws/ebs" } },
                vpcConfig: { endpointPublicAccess: false, subnetIds: ["subnet-a"] },
                accessConfig: { bootstrapClusterCreatorAdminPermissions: false },
            });
            assert.deepStrictEqual(
                (await pack.analyze(cluster)).map((d) => [
                    d.policyName,
                    d.enforcementLevel,
                    d.message.split("\n")[1],
                ]),
                [
                    [
                        "eks-cluster-version-supported",
                        "advisory",
                        'EKS cluster "prod" runs Kubernetes 1.32, which left EKS standard support on March 23, 2026 and is in extended support, at an extra cost per cluster hour, until March 23, 2027, when EKS upgrades the control plane itself: upgrade to 1.34 or 1.35, in standard support.',
                    ],
                    [
                        "eks-cluster-deletion-protection",
                        "advisory",
                        'EKS cluster "prod" can be deleted by any DeleteCluster call (deletionProtection is unset, which means off): set deletionProtection to true, and turn it off only in the update before the cluster is meant to go.',
                    ],
                    [
                        "eks-cluster-secrets-cmk",
                        "advisory",
                        'EKS cluster "prod" encrypts Secrets with "alias/aws/ebs", an AWS managed key (the alias/aws/ prefix is reserved for them), whose policy you cannot change: set encryptionConfig.provider.keyArn to a customer managed KMS key.',
                    ],
                ],
            );
            const nodes = resource("aws:eks/nodeGroup:NodeGroup", "workers", {
                clusterName: "prod",
                launchTemplate: { id: "lt-1", version: "1" },
                remoteAccess: { ec2SshKey: "ops" },
            });
            const [ssh, ...others] = await pack.analyze(nodes);
            assert.deepStrictEqual(others, []);
            assert.deepStrictEqual(
                [ssh.policyName, ssh.enforcementLevel, ssh.severity],
                ["eks-node-group-remote-access", "mandatory", "high"],
            );
            assert.match(
                ssh.message,
                /EKS node group "workers" opens SSH \(port 22\) on its nodes to the internet \(0\.0\.0\.0\/0\)/,
            );
        } finally {
            await pack.configure(resolvePolicyConfig(info));
        }
    });

    it("Analyze with schema defaults reports a wildcard action as mandatory, naming the resource, the statement and the fix", async () => {
        await pack.configure(resolvePolicyConfig(info));
        const [d, ...rest] = await pack.analyze(wildcardPolicy);
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(d.policyName, "iam-no-wildcard-permissions");
        assert.strictEqual(d.enforcementLevel, "mandatory");
        assert.strictEqual(d.severity, "critical");
        assert.match(
            d.message,
            /IAM policy "deploy": policy statement 0 \("All"\) action "s3:\*" grants every action of service "s3": list the exact actions/,
        );
    });

    it("Configure changes verdicts: allowed actions, levels, disabled policies", async () => {
        await pack.configure(
            resolvePolicyConfig(info, {
                "iam-no-wildcard-permissions": { allowedActions: ["s3:*"] },
            }),
        );
        assert.deepStrictEqual(await pack.analyze(wildcardPolicy), []);

        await pack.configure(
            resolvePolicyConfig(info, { "iam-no-wildcard-permissions": "advisory" }),
        );
        assert.strictEqual((await pack.analyze(wildcardPolicy))[0].enforcementLevel, "advisory");

        await pack.configure(
            resolvePolicyConfig(info, {
                "k8s-no-wildcard-rbac-rules": { enforcementLevel: "mandatory" },
            }),
        );
        assert.strictEqual((await pack.analyze(wildcardRole))[0].enforcementLevel, "mandatory");

        await pack.configure(resolvePolicyConfig(info, { all: "disabled" }));
        assert.deepStrictEqual(await pack.analyze(wildcardPolicy), []);
        await pack.configure(resolvePolicyConfig(info));
    });

    it("refuses config the schemas do not allow, as the CLI does", () => {
        assert.throws(
            () => resolvePolicyConfig(info, { "no-such-policy": "advisory" }),
            /"no-such-policy", which is not a policy/,
        );
        assert.throws(
            () =>
                resolvePolicyConfig(info, {
                    "eks-cluster-audit-logging": { requiredLogTypes: "audit" },
                }),
            /is not of type array/,
        );
        assert.throws(
            () =>
                resolvePolicyConfig(info, {
                    "eks-cluster-audit-logging": { requiredLogTypes: ["Audit"] },
                }),
            /use one of "api"/,
        );
        assert.throws(
            () => resolvePolicyConfig(info, { all: "strict" }),
            /enforcement level "strict"/,
        );
    });

    it("answers malformed input with violations, never an RPC error", async () => {
        const odd: AnalyzedResource[] = [
            resource("aws:iam/policy:Policy", "bad-json", { policy: '{"Statement": [' }),
            resource("aws:iam/role:Role", "bad-trust", {
                assumeRolePolicy: { Statement: [{ Effect: "Allowed", Principal: "*" }] },
            }),
            resource("aws:iam/rolePolicy:RolePolicy", "numbers", {
                policy: { Statement: [{ Effect: "Allow", Action: [1, 2], Resource: {} }] },
            }),
            resource("eks:index:Cluster", "strings", {
                enabledClusterLogTypes: { audit: true },
                accessEntries: "all",
                roleMappings: 7,
            }),
            resource("kubernetes:core/v1:ConfigMap", "aws-auth", {
                metadata: { name: "aws-auth", namespace: "kube-system" },
                data: { mapRoles: ": :" },
            }),
        ];
        const messages = (await Promise.all(odd.map((r) => pack.analyze(r)))).map((ds) =>
            ds.map((d) => d.message).join("\n"),
        );
        assert.match(messages[0], /policy is not valid JSON/);
        assert.match(messages[1], /has Effect "Allowed": it must be exactly "Allow" or "Deny"/);
        assert.match(messages[2], /has Action \[1,2\]: it must be a string or an array of strings/);
        assert.match(messages[3], /does not send "audit" logs/);
        assert.match(messages[4], /mapRoles is not valid YAML/);
    });

    it("AnalyzeStack reports a binding to a wildcard ClusterRole on the binding's URN", async () => {
        const ds = await pack.analyzeStack([superuser, binding, wildcardPolicy]);
        assert.deepStrictEqual(
            ds.map((d) => [d.policyName, d.urn]),
            [["k8s-no-cluster-admin-binding", binding.urn]],
        );
        assert.match(
            ds[0].message,
            /ClusterRoleBinding "ops" gives User:alice cluster-admin-equivalent power: every verb on every resource, through ClusterRole "superuser" rules\[0\]/,
        );
    });

    it("AnalyzeStack reports cluster-admin given to a subject unknown until deploy as mandatory", async () => {
        // The engine sends a value it cannot know yet (a role ARN the stack creates) as the
        // unknown sentinel; the binding is still judged by its role.
        const ci = resource("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "ci", {
            metadata: { name: "ci" },
            subjects: [{ kind: "User", name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }],
            roleRef: { kind: "ClusterRole", name: "cluster-admin" },
        });
        const ds = await pack.analyzeStack([ci]);
        assert.deepStrictEqual(
            ds.map((d) => [d.policyName, d.enforcementLevel, d.urn]),
            [["k8s-no-cluster-admin-binding", "mandatory", ci.urn]],
        );
        assert.match(
            ds[0].message,
            /\nClusterRoleBinding "ci" gives a subject unknown until deploy cluster-admin-equivalent power: every verb on every resource, through ClusterRole "cluster-admin" rules\[0\]/,
        );
    });

    it("exemptions: an accepted violation is advisory with its reason, others stay mandatory, expired, stale and malformed entries are reported", async () => {
        const other = resource("aws:iam/policy:Policy", "other", wildcardPolicy.properties);
        /** A bucket policy whose statement 1 (Sid "Public") allows anyone. */
        const bucket = resource("aws:s3/bucketPolicy:BucketPolicy", "site", {
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::111122223333:root" },
                        Action: "s3:*",
                        Resource: "arn:aws:s3:::site/*",
                    },
                    {
                        Sid: "Public",
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::site/*",
                    },
                ],
            }),
        });
        await pack.configure(
            resolvePolicyConfig(info, {
                "policy-exemptions": {
                    exemptions: [
                        {
                            resource: "dep*",
                            glob: true,
                            policies: ["iam-no-wildcard-permissions"],
                            statements: ["All"],
                            reason: "bucket admin for the migration, SEC-12",
                            owner: "platform-team",
                            expires: "2999-12-31",
                        },
                        {
                            resource: binding.urn,
                            policies: ["k8s-no-cluster-admin-binding"],
                            reason: "break-glass user, SEC-13",
                        },
                        {
                            resource: "site",
                            policies: ["iam-no-wildcard-principals"],
                            statements: [0],
                            reason: "statement 0 is not the public one",
                        },
                        {
                            resource: "site",
                            policies: ["iam-no-wildcard-principals"],
                            statements: ["Public"],
                            documents: ["policy"],
                            reason: "public website, SEC-14",
                        },
                        {
                            resource: "other",
                            policies: ["iam-no-wildcard-permissions"],
                            reason: "renewed every quarter",
                            owner: "data-team",
                            expires: "2020-01-31",
                        },
                        // The old form, before policies were required.
                        { resource: binding.urn, reason: "break-glass user, SEC-13" },
                    ],
                },
            }),
        );
        try {
            assert.deepStrictEqual(await pack.analyze(wildcardPolicy), []);
            assert.deepStrictEqual(await pack.analyze(bucket), []);
            assert.deepStrictEqual(
                (await pack.analyze(other)).map((d) => [d.policyName, d.enforcementLevel]),
                [["iam-no-wildcard-permissions", "mandatory"]],
            );
            for (const r of [superuser, binding]) {
                await pack.analyze(r);
            }
            const ds = await pack.analyzeStack([wildcardPolicy, other, bucket, superuser, binding]);
            assert.deepStrictEqual(
                ds.map((d) => [d.policyName, d.enforcementLevel, d.urn ?? ""]),
                [
                    ["policy-exemptions", "advisory", ""],
                    ["policy-exemptions", "advisory", wildcardPolicy.urn],
                    ["policy-exemptions", "advisory", bucket.urn],
                    ["policy-exemptions", "advisory", binding.urn],
                    ["policy-exemptions", "advisory", ""],
                    ["policy-exemptions", "advisory", ""],
                ],
                ds.map((d) => d.message).join("\n"),
            );
            assert.match(
                ds[0].message,
                /\nexemptions\[5\] \{"reason":"break-glass user, SEC-13","resource":"urn:pulumi:dev::app::kubernetes:rbac.* is ignored because it has no policies: name the policies it exempts \(e\.g\. "iam-no-wildcard-permissions"\): /,
            );
            assert.match(
                ds[1].message,
                /\nExempted \(bucket admin for the migration, SEC-12; owner platform-team; expires 2999-12-31\): iam-no-wildcard-permissions: IAM policy "deploy": policy statement 0 \("All"\) action "s3:\*"/,
            );
            assert.match(
                ds[2].message,
                /\nExempted \(public website, SEC-14\): iam-no-wildcard-principals: S3 bucket policy "site": policy statement 1 \("Public"\) has Principal "\*"/,
            );
            assert.match(
                ds[3].message,
                /\nExempted \(break-glass user, SEC-13\): k8s-no-cluster-admin-binding: ClusterRoleBinding "ops" gives User:alice cluster-admin-equivalent power/,
            );
            assert.match(
                ds[4].message,
                /\nexemptions\[4\] \(owner data-team\) expired on 2020-01-31: the violations it accepted are reported again: fix them, or renew it with a new date and reason\.$/,
            );
            assert.match(
                ds[5].message,
                /\nexemptions\[2\] .* matched no violation of this stack: remove it/,
            );
        } finally {
            await pack.configure(resolvePolicyConfig(info));
        }
    });

    it("wrote nothing to stderr", () => {
        assert.strictEqual(pack.errors, "");
    });
});
