// The multi-tenant example's content, under mocks: three tenants, each isolated.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { MockedResource } from "../../preflight/mocks";
import { json, ofType, one, underMocks } from "../harness";

describe("examples/multi-tenant", () => {
    let resources: MockedResource[];
    const tenants = ["payments", "search", "analytics"];

    const program = path.join(__dirname, "..", "..", "examples", "multi-tenant", "index.ts");
    /** Runs the example as stack `stack` of project `multi-tenant`. */
    const run = (stack: string) =>
        underMocks(
            () => {
                pulumi.runtime.setAllConfig({
                    "multi-tenant:vpcId": "vpc-1",
                    "multi-tenant:privateSubnetIds": JSON.stringify([
                        "subnet-a",
                        "subnet-b",
                        "subnet-c",
                    ]),
                    "aws:region": "us-east-1",
                    "multi-tenant:adminRoleArn": "arn:aws:iam::123456789012:role/platform-admin",
                    "multi-tenant:apiAccessCidrs": JSON.stringify(["10.0.0.0/20"]),
                    "multi-tenant:awsEndpointCidrs": JSON.stringify(["10.0.64.0/20"]),
                });
                delete require.cache[require.resolve(program)];
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                require(program);
            },
            "multi-tenant",
            stack,
        );

    before(async () => {
        resources = await run("dev");
    });

    it("gives two stacks of the example different cluster and log-group names", async () => {
        const names = (r: MockedResource[]) => [
            one(r, "aws:eks/cluster:Cluster").inputs.name,
            one(r, "aws:cloudwatch/logGroup:LogGroup").inputs.name,
        ];
        assert.deepStrictEqual(names(resources), [
            "multi-tenant-dev-platform",
            "/aws/eks/multi-tenant-dev-platform/cluster",
        ]);
        assert.deepStrictEqual(names(await run("prod")), [
            "multi-tenant-prod-platform",
            "/aws/eks/multi-tenant-prod-platform/cluster",
        ]);
    });

    it("builds one HardenedCluster with the three tenants", () => {
        assert.strictEqual(ofType(resources, "hardened-eks:index:HardenedCluster").length, 1);
        assert.deepStrictEqual(
            ofType(resources, "hardened-eks:index:TenantNamespace").map((r) => r.name),
            tenants.map((t) => `platform-${t}`),
        );
    });

    it("gives each tenant a restricted namespace, a quota and default-deny", () => {
        for (const tenant of tenants) {
            const ns = ofType(resources, "kubernetes:core/v1:Namespace").find(
                (r) => (r.inputs.metadata as any).name === tenant,
            );
            assert.strictEqual(
                (ns?.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"],
                "restricted",
                tenant,
            );
            const quota = ofType(resources, "kubernetes:core/v1:ResourceQuota").find(
                (r) => r.name === `platform-${tenant}-quota`,
            );
            assert.strictEqual(
                (quota?.inputs.spec as any).hard["services.loadbalancers"],
                "0",
                tenant,
            );
            const deny = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").find(
                (r) => r.name === `platform-${tenant}-default-deny`,
            );
            assert.deepStrictEqual(
                (deny?.inputs.spec as any).policyTypes,
                ["Ingress", "Egress"],
                tenant,
            );
        }
    });

    it("gives each tenant a developer and a viewer team role and a worker service account of its own", () => {
        const entries = ofType(resources, "aws:eks/accessEntry:AccessEntry")
            .filter((r) => r.name.includes("-team-"))
            .map((r) => [r.inputs.principalArn, r.inputs.kubernetesGroups]);
        assert.deepStrictEqual(
            entries,
            tenants.flatMap((t) =>
                ["developers", "viewers"].map((group) => [
                    `arn:aws:iam::123456789012:role/multi-tenant-dev-${t}-${group}`,
                    [`${t}-${group}`],
                ]),
            ),
        );
        for (const tenant of tenants) {
            const role = ofType(resources, "aws:iam/role:Role").find(
                (r) => r.name === `platform-${tenant}-worker-role`,
            );
            const subjects = Object.values(
                json(role?.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals,
            );
            assert.deepStrictEqual(subjects, [
                `system:serviceaccount:${tenant}:worker`,
                "sts.amazonaws.com",
            ]);
        }
    });

    // CreateAccessEntry refuses a principal that does not exist ("invalid principal"), EKS API
    // Reference, CreateAccessEntry: principalArn must be an existing IAM principal.
    it("creates every team role its access entries name, trusted by the account's principals, before the cluster", () => {
        const roles = ofType(resources, "aws:iam/role:Role").filter((r) =>
            /-(developers|viewers)$/.test(r.name),
        );
        const entries = ofType(resources, "aws:eks/accessEntry:AccessEntry").filter((r) =>
            r.name.includes("-team-"),
        );
        assert.deepStrictEqual(
            roles.map((r) => `arn:aws:iam::123456789012:role/${r.inputs.name}`).sort(),
            entries.map((e) => e.inputs.principalArn).sort(),
        );
        for (const role of roles) {
            assert.deepStrictEqual(json(role.inputs.assumeRolePolicy).Statement, [
                {
                    Sid: "PrincipalsOfThisAccount",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "sts:AssumeRole",
                },
            ]);
            const describe = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
                (p) => p.name === `${role.name}-describe-cluster`,
            );
            assert.deepStrictEqual(json(describe?.inputs.policy).Statement, [
                {
                    Effect: "Allow",
                    Action: "eks:DescribeCluster",
                    Resource:
                        "arn:aws:eks:us-east-1:123456789012:cluster/multi-tenant-dev-platform",
                },
            ]);
        }
        const cluster = one(resources, "hardened-eks:index:HardenedCluster");
        assert.deepStrictEqual(
            [...cluster.dependencies].sort(),
            roles.map((r) => r.urn).sort(),
            "the cluster, and so its tenants' access entries, wait for the team roles",
        );
    });

    it("creates the queue each worker's IRSA role may consume, and names no other", () => {
        for (const tenant of tenants) {
            const queue = one(resources, "aws:sqs/queue:Queue", `${tenant}-jobs`).inputs;
            assert.strictEqual(queue.name, `multi-tenant-dev-${tenant}-jobs`);
            assert.strictEqual(queue.sqsManagedSseEnabled, true);
            const policy = one(
                resources,
                "aws:iam/rolePolicy:RolePolicy",
                `platform-${tenant}-worker-policy`,
            );
            assert.deepStrictEqual(json(policy.inputs.policy).Statement[0].Resource, [
                `arn:aws:sqs:us-east-1:123456789012:${queue.name}`,
            ]);
        }
    });

    it("passes apiAccessCidrs from the stack's config to HardenedCluster", async () => {
        // Records the arguments the program gives HardenedCluster (a component's inputs are
        // not registered), through the export the components' index re-exports.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const clusterModule = require("../../components/cluster");
        const original = clusterModule.HardenedCluster;
        const given: any[] = [];
        clusterModule.HardenedCluster = class extends original {
            constructor(name: string, args: any, opts?: any) {
                given.push(args);
                super(name, args, opts);
            }
        };
        try {
            await run("dev");
        } finally {
            clusterModule.HardenedCluster = original;
        }
        assert.deepStrictEqual(
            given.map((a) => [a.apiAccessCidrs, a.endpointPublicAccess]),
            [[["10.0.0.0/20"], undefined]],
        );
    });

    it("reaches STS and SQS through the configured endpoint subnets only, on 443", () => {
        for (const tenant of tenants) {
            const egress = one(
                resources,
                "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                `platform-${tenant}-allow-https-egress`,
            ).inputs.spec as any;
            assert.deepStrictEqual(egress.egress, [
                {
                    to: [{ ipBlock: { cidr: "10.0.64.0/20" } }],
                    ports: [{ protocol: "TCP", port: 443 }],
                },
            ]);
        }
    });
});
