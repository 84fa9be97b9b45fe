// The components as a Pulumi plugin package (PulumiPlugin.yaml): the schema the SDK infers
// from the TypeScript sources, which `pulumi package add` turns into Python, Go, .NET, Java
// and YAML SDKs, and a component built through the provider's `construct`, as another
// language's program would build it.
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { HardenedCluster, IrsaRole, TenantNamespace } from "../../components";
import { one, underMocks } from "../harness";

const repoRoot = path.join(__dirname, "..", "..");
// One provider for every test: it infers the schema once (about 10 s) and caches it.
const provider = new ComponentProvider({
    name: "hardened-eks",
    dirname: repoRoot,
    components: [HardenedCluster, TenantNamespace, IrsaRole],
});

describe("the Pulumi plugin package", function () {
    this.timeout(120_000);
    let schema: any;

    before(async () => {
        schema = JSON.parse(await provider.getSchema());
    });

    it("declares runtime nodejs, with package.json main loading the components by path", () => {
        const plugin = yaml.load(fs.readFileSync(path.join(repoRoot, "PulumiPlugin.yaml"), "utf8"));
        assert.deepStrictEqual(plugin, { runtime: "nodejs" });
        // The language host requires the directory; in a checkout that is the TypeScript.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded = require(repoRoot);
        assert.strictEqual(loaded.HardenedCluster, HardenedCluster);
    });

    it("serves the three components under hardened-eks:index tokens", () => {
        assert.strictEqual(schema.name, "hardened-eks");
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), [
            "hardened-eks:index:HardenedCluster",
            "hardened-eks:index:IrsaRole",
            "hardened-eks:index:TenantNamespace",
        ]);
        for (const resource of Object.values<any>(schema.resources)) {
            assert.strictEqual(resource.isComponent, true);
        }
    });

    it("requires exactly the inputs each component cannot do without", () => {
        const required = (token: string) =>
            [...(schema.resources[`hardened-eks:index:${token}`].requiredInputs ?? [])].sort();
        assert.deepStrictEqual(required("HardenedCluster"), [
            "adminRoleArns",
            "privateSubnetIds",
            "vpcId",
        ]);
        assert.deepStrictEqual(required("TenantNamespace"), [
            "clusterName",
            "kubernetesProvider",
            "name",
            "oidcIssuerUrl",
            "oidcProviderArn",
        ]);
        assert.deepStrictEqual(required("IrsaRole"), ["namespace", "serviceAccountName"]);
    });

    it("types the inputs other languages set: lists, enums and nested objects", () => {
        const inputs = schema.resources["hardened-eks:index:HardenedCluster"].inputProperties;
        assert.deepStrictEqual(inputs.adminRoleArns.items, { type: "string" });
        assert.strictEqual(inputs.deletionProtection.type, "boolean");
        assert.match(inputs.deletionProtection.description, /Defaults to `true`/);
        assert.strictEqual(inputs.tenants.items.$ref, "#/types/hardened-eks:index:TenantSpecArgs");
        const team = schema.types["hardened-eks:index:TenantTeamArgs"];
        assert.deepStrictEqual(team.required, ["roleArn"]);
        assert.strictEqual(team.properties.access.$ref, "#/types/hardened-eks:index:TeamAccess");
        assert.deepStrictEqual(
            schema.types["hardened-eks:index:TeamAccess"].enum.map((e: any) => e.value),
            ["view", "develop"],
        );
        assert.deepStrictEqual(
            schema.types["hardened-eks:index:WorkloadIdentity"].enum.map((e: any) => e.value),
            ["irsa", "pod-identity"],
        );
    });

    it("types every output", () => {
        const outputs = (token: string) => schema.resources[`hardened-eks:index:${token}`];
        const cluster = outputs("HardenedCluster");
        assert.deepStrictEqual(
            Object.fromEntries(
                Object.entries<any>(cluster.properties).map(([k, v]) => [k, v.type ?? v.$ref]),
            ),
            {
                clusterName: "string",
                kubeconfig: "string",
                oidcProviderArn: "string",
                oidcIssuerUrl: "string",
                clusterSecurityGroupId: "string",
                kubernetesProvider: "/kubernetes/v4.34.2/schema.json#/resources/kubernetes",
            },
        );
        assert.deepStrictEqual(
            outputs("TenantNamespace").properties.serviceAccountRoleArns.additionalProperties,
            { type: "string" },
        );
        assert.deepStrictEqual(Object.keys(outputs("IrsaRole").properties).sort(), [
            "roleArn",
            "roleName",
            "serviceAccountName",
        ]);
    });

    it("constructs a component from another language's inputs, with the same refusals", async () => {
        let state: any;
        const resources = await underMocks(async () => {
            const result = await provider.construct(
                "api",
                "hardened-eks:index:IrsaRole",
                {
                    namespace: "payments",
                    serviceAccountName: "api",
                    identity: "pod-identity",
                    clusterName: "prod",
                    s3Access: [{ bucketArn: "arn:aws:s3:::reports", access: "read" }],
                },
                {},
            );
            state = result.state;
        });
        const trust = JSON.parse(
            one(resources, "aws:iam/role:Role").inputs.assumeRolePolicy as string,
        );
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
        assert.strictEqual(
            one(resources, "aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs
                .serviceAccount,
            "api",
        );
        assert.deepStrictEqual(Object.keys(state).sort(), [
            "roleArn",
            "roleName",
            "serviceAccountName",
        ]);
        await assert.rejects(
            provider.construct(
                "bad",
                "hardened-eks:index:IrsaRole",
                {
                    namespace: "payments",
                    serviceAccountName: "api",
                    identity: "pod-identity",
                    clusterName: "prod",
                    policyStatements: [{ actions: ["*"], resources: ["*"] }],
                },
                {},
            ),
            /IrsaRole "bad": policyStatements\[0\] .*every service/,
        );
    });
});

/** Checks `value` against a schema type: known properties only, required ones present, enums kept. */
function conforms(schema: any, type: any, value: unknown, where: string): string[] {
    if (typeof value === "string" && /^\$\{[^}]+\}$/.test(value)) {
        return []; // an interpolation: its type is the referenced value's
    }
    if (type.$ref) {
        const named = schema.types[type.$ref.replace("#/types/", "")];
        if (named.enum) {
            const values = named.enum.map((e: any) => e.value);
            return values.includes(value)
                ? []
                : [`${where}: ${JSON.stringify(value)} not in ${values}`];
        }
        return conforms(schema, { ...named, kind: "object" }, value, where);
    }
    if (type.type === "array") {
        return Array.isArray(value)
            ? value.flatMap((v, i) => conforms(schema, type.items, v, `${where}[${i}]`))
            : [`${where}: not a list`];
    }
    if (type.properties || type.kind === "object") {
        if (typeof value !== "object" || value === null) {
            return [`${where}: not an object`];
        }
        const record = value as Record<string, unknown>;
        return [
            ...(type.required ?? [])
                .filter((k: string) => !(k in record))
                .map((k: string) => `${where}.${k}: required`),
            ...Object.entries(record).flatMap(([k, v]) =>
                type.properties[k]
                    ? conforms(schema, type.properties[k], v, `${where}.${k}`)
                    : [`${where}.${k}: not an input`],
            ),
        ];
    }
    return typeof value === type.type || (type.type === "integer" && Number.isInteger(value))
        ? []
        : [`${where}: ${JSON.stringify(value)} is not ${type.type}`];
}

describe("examples/yaml-cluster (Pulumi YAML)", function () {
    this.timeout(120_000);
    const dir = path.join(repoRoot, "examples", "yaml-cluster");
    const program: any = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
    const config: any = (
        yaml.load(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as any
    ).config;
    const provider = new ComponentProvider({
        name: "hardened-eks",
        dirname: repoRoot,
        components: [HardenedCluster, TenantNamespace, IrsaRole],
    });

    it("uses this package, by path, and only inputs the schema declares", async () => {
        assert.strictEqual(program.runtime, "yaml");
        assert.strictEqual(path.resolve(dir, program.packages["hardened-eks"]), repoRoot);
        const schema = JSON.parse(await provider.getSchema());
        const cluster = program.resources.platform;
        assert.strictEqual(cluster.type, "hardened-eks:index:HardenedCluster");
        const resource = schema.resources[cluster.type];
        const problems = conforms(
            schema,
            { properties: resource.inputProperties, required: resource.requiredInputs },
            cluster.properties,
            "platform",
        );
        assert.deepStrictEqual(problems, []);
        assert.ok(
            Object.values<any>(program.outputs).every((o) =>
                Object.keys(resource.properties).includes(
                    o.replace(/^\$\{platform\.(.*)\}$/, "$1"),
                ),
            ),
        );
    });

    it("builds the hardened cluster from the YAML's values, as the YAML runtime would through construct", async () => {
        // Config interpolations replaced as the YAML runtime resolves them.
        const resolve = (value: unknown): unknown =>
            typeof value === "string" && /^\$\{(\w+)\}$/.test(value)
                ? config[`yaml-cluster:${value.slice(2, -1)}`]
                : Array.isArray(value)
                  ? value.map(resolve)
                  : typeof value === "object" && value !== null
                    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]))
                    : value;
        const inputs = resolve(program.resources.platform.properties) as Record<string, unknown>;
        const resources = await underMocks(() =>
            provider.construct("platform", "hardened-eks:index:HardenedCluster", inputs as any, {}),
        );
        const cluster = one(resources, "aws:eks/cluster:Cluster").inputs as any;
        assert.strictEqual(cluster.accessConfig.bootstrapClusterCreatorAdminPermissions, false);
        assert.deepStrictEqual(
            cluster.vpcConfig.subnetIds,
            config["yaml-cluster:privateSubnetIds"],
        );
        assert.strictEqual(
            one(resources, "aws:eks/podIdentityAssociation:PodIdentityAssociation").inputs
                .serviceAccount,
            "worker",
        );
    });

    it("is one preflight cannot run: exit 2, naming the runtime and the way to check it", async () => {
        const { runCli } = await import("../preflight/run-cli");
        const run = await runCli("preflight", "examples/yaml-cluster");
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /has runtime "yaml": preflight runs nodejs \(TypeScript or JavaScript\) programs only; check this one with `pulumi preview --policy-pack/,
        );
    });
});
