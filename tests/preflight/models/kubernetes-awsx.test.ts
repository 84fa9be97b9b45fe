// The models of @pulumi/kubernetes's YAML and Helm components and of @pulumi/awsx's VPCs:
// what they register and name, citing pulumi/pulumi-kubernetes@94977969d and
// pulumi/pulumi-awsx@e60adf3c.
import * as assert from "assert";
import * as awsx from "@pulumi/awsx";
import * as k8s from "@pulumi/kubernetes";
import * as path from "path";
import { MockedResource, ProgramMocks } from "../../../preflight/mocks";
import { UNKNOWN } from "../../../preflight/models";
import { ofType, underMocks } from "../../harness";

const dir = path.join(__dirname, "..", "fixtures", "manifests");
const preview = (build: () => unknown, settings = {}) =>
    underMocks(build, "test", "test", { preview: true, dir, ...settings });
const names = (resources: MockedResource[]) =>
    resources.filter((r) => r.modelled).map((r) => `${r.type}::${r.name}`);

describe("preflight models of Kubernetes YAML and Helm", () => {
    it("registers each object of a yaml.v2.ConfigFile, named <prefix>:<namespace>/<name> (yaml/v2/yaml.go:346-352, configfile.go:95-97)", async () => {
        const resources = await preview(
            () => new k8s.yaml.v2.ConfigFile("rbac", { file: "rbac.yaml" }),
        );
        assert.deepStrictEqual(names(resources), [
            "kubernetes:core/v1:Namespace::rbac:tools",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::rbac:tools-admin",
            "kubernetes:core/v1:ServiceAccount::rbac:tools/runner",
        ]);
        const binding = resources.find((r) => r.name === "rbac:tools-admin")!;
        assert.match(
            binding.urn!,
            /kubernetes:yaml\/v2:ConfigFile\$kubernetes:rbac.authorization.k8s.io\/v1:ClusterRoleBinding::rbac:tools-admin$/,
        );
        assert.strictEqual((binding.inputs.roleRef as any).name, "cluster-admin");
    });

    it("refuses a helm.v4.Chart without rendered manifests, naming the chart and the key to add", async () => {
        const mocks = new ProgramMocks({ preview: true, dir });
        mocks.nextRegistration = {
            urn: "urn:pulumi:test::test::kubernetes:helm.sh/v4:Chart::ingress",
            transforms: [],
            chain: [],
            dependencies: [],
            remote: true,
        };
        await assert.rejects(
            mocks.newResource({
                type: "kubernetes:helm.sh/v4:Chart",
                name: "ingress",
                inputs: { chart: "ingress-nginx", namespace: "ingress" },
                custom: false,
            }),
            /preflight cannot render helm.v4.Chart "ingress" \(chart "ingress-nginx"\): there is no helm here. Render it with `helm template ingress ingress-nginx --namespace ingress -f <your values> > rendered\/ingress.yaml` and add \{"helm": \{"ingress": "rendered\/ingress.yaml"\}\} to preflight-mocks.json/,
        );
    });

    it("refuses a helm.v3.Chart without rendered manifests: a preview sees its objects, so preflight must too", () => {
        assert.throws(
            () =>
                new ProgramMocks({ preview: true, dir }).call({
                    token: "kubernetes:helm:template",
                    inputs: {
                        jsonOpts: JSON.stringify({
                            chart: "metrics-server",
                            namespace: "kube-system",
                            release_name: "metrics",
                        }),
                    },
                }),
            {
                message:
                    'preflight cannot render helm.v3.Chart "metrics" (chart "metrics-server"): there is no helm here. ' +
                    "Render it with `helm template metrics metrics-server --namespace kube-system -f <your values> > rendered/metrics.yaml` " +
                    'and add {"helm": {"metrics": "rendered/metrics.yaml"}} to preflight-mocks.json beside Pulumi.yaml',
            },
        );
    });

    it("refuses a remote component it has no model of, naming it and the way out", async () => {
        const mocks = new ProgramMocks({ preview: true });
        const registration = {
            urn: "urn:pulumi:test::test::acme:index:Platform::p",
            transforms: [],
            chain: [],
            dependencies: [],
            remote: true,
        };
        mocks.nextRegistration = registration;
        await assert.rejects(
            mocks.newResource({
                type: "acme:index:Platform",
                name: "p",
                inputs: {},
                custom: false,
            }),
            /preflight has no model of the remote component "acme:index:Platform" \("p"\): the children it registers, which a preview analyzes, would go unchecked/,
        );
        const answered = new ProgramMocks({ components: { "acme:index:Platform": { url: "x" } } });
        answered.nextRegistration = registration;
        const { state } = await answered.newResource({
            type: "acme:index:Platform",
            name: "p",
            inputs: {},
            custom: false,
        });
        assert.deepStrictEqual(state, { url: "x" });
    });

    it("registers yaml.v2.ConfigGroup objects from files, literal YAML and objects, with its resourcePrefix (configgroup.go:102-106)", async () => {
        const resources = await preview(
            () =>
                new k8s.yaml.v2.ConfigGroup("group", {
                    files: ["rbac.yaml"],
                    yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: tools\n",
                    resourcePrefix: "p",
                }),
        );
        assert.deepStrictEqual(names(resources).length, 4);
        assert.ok(names(resources).includes("kubernetes:core/v1:ConfigMap::p:tools/settings"));
    });

    it("registers a helm.v4.Chart's rendered objects, in the release namespace, with the chart's name as prefix (helm/v4/chart.go:183-186, 287-289)", async () => {
        const resources = await preview(
            () => new k8s.helm.v4.Chart("tools", { chart: "./chart", namespace: "tools" }),
            { helm: { tools: "rbac.yaml" } },
        );
        assert.deepStrictEqual(names(resources), [
            "kubernetes:core/v1:Namespace::tools:tools",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::tools:tools-admin",
            "kubernetes:core/v1:ServiceAccount::tools:tools/runner",
        ]);
    });
});

describe("preflight handling of helm.v3.Release, a custom resource", () => {
    it("registers the Release alone, with the inputs the SDK sends, and notes that its chart's objects went unchecked (helm_release.go:964-1029)", async () => {
        const resources = await preview(
            () =>
                new k8s.helm.v3.Release("ingress", {
                    chart: "ingress-nginx",
                    version: "4.11.3",
                    namespace: "ingress",
                    repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
                    values: { controller: { replicaCount: 2 } },
                }),
        );
        assert.strictEqual(resources.length, 1);
        const [release] = resources;
        assert.strictEqual(release.type, "kubernetes:helm.sh/v3:Release");
        assert.strictEqual(release.custom, true);
        assert.deepStrictEqual(release.inputs, {
            chart: "ingress-nginx",
            compat: "true",
            namespace: "ingress",
            repositoryOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
            values: { controller: { replicaCount: 2 } },
            version: "4.11.3",
        });
        assert.deepStrictEqual(release.notes, [
            {
                id: "helm-release-not-rendered",
                message:
                    'helm.v3.Release "ingress" (chart "ingress-nginx"): preflight judged the Release by its inputs, as a preview does, ' +
                    "but not the objects its chart installs, which no preview sees either. To check them, render it with " +
                    "`helm template ingress ingress-nginx --repo https://kubernetes.github.io/ingress-nginx --version 4.11.3 --namespace ingress " +
                    '-f <your values> > rendered/ingress.yaml` and add {"helm": {"ingress": "rendered/ingress.yaml"}} to preflight-mocks.json beside Pulumi.yaml.',
            },
        ]);
    });

    it("names the release by its name input in the helm template command", async () => {
        const [release] = await preview(
            () => new k8s.helm.v3.Release("cache", { chart: "redis", name: "redis-cache" }),
        );
        assert.match(
            release.notes![0].message,
            /render it with `helm template redis-cache redis -f <your values> > rendered\/cache.yaml` and add \{"helm": \{"cache": "rendered\/cache.yaml"\}\}/,
        );
    });

    it("registers the rendered objects as the Release's children, named as helm.v4.Chart names them, and notes nothing (chart.go:183-186, yaml.go:346-352)", async () => {
        const resources = await preview(
            () => new k8s.helm.v3.Release("tools", { chart: "./chart", namespace: "tools" }),
            { helm: { tools: "rbac.yaml" } },
        );
        assert.deepStrictEqual(names(resources), [
            "kubernetes:core/v1:Namespace::tools:tools",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::tools:tools-admin",
            "kubernetes:core/v1:ServiceAccount::tools:tools/runner",
        ]);
        const binding = resources.find((r) => r.name === "tools:tools-admin")!;
        assert.strictEqual(
            binding.urn,
            "urn:pulumi:test::test::kubernetes:helm.sh/v3:Release$kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::tools:tools-admin",
        );
        assert.strictEqual(resources.find((r) => r.name === "tools")!.notes, undefined);
    });
});

describe("preflight models of awsx VPCs", () => {
    it("registers the VPC, a public and a private subnet per zone with route tables, and a NAT gateway per zone (vpc.ts:124-345, subnetNaming.ts:47-57)", async () => {
        const resources = await preview(
            () => new awsx.ec2.Vpc("vpc", { numberOfAvailabilityZones: 2 }),
        );
        const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
        assert.deepStrictEqual(
            subnets.map((s) => [s.name, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch]),
            [
                ["vpc-public-1", "us-east-1a", true],
                ["vpc-private-1", "us-east-1a", false],
                ["vpc-public-2", "us-east-1b", true],
                ["vpc-private-2", "us-east-1b", false],
            ],
        );
        assert.strictEqual(ofType(resources, "aws:ec2/natGateway:NatGateway").length, 2);
        assert.strictEqual(ofType(resources, "aws:ec2/vpc:Vpc").length, 1);
        assert.match(
            subnets[0].urn!,
            /awsx:ec2:Vpc\$aws:ec2\/vpc:Vpc\$aws:ec2\/subnet:Subnet::vpc-public-1$/,
        );
    });

    it("leaves the VPC and subnet ids unknown in a preview, as the provider computes them", async () => {
        const seen: string[] = [];
        await preview(() => {
            const vpc = new awsx.ec2.Vpc("vpc", {});
            vpc.vpcId.apply(() => seen.push("vpcId"));
            vpc.privateSubnetIds.apply(() => seen.push("privateSubnetIds"));
        });
        assert.deepStrictEqual(seen, []);
    });

    it("answers DefaultVpc's ids, which come from invokes a preview runs", async () => {
        let ids: string[] = [];
        await preview(() =>
            new awsx.ec2.DefaultVpc("default", {}).publicSubnetIds.apply((i) => (ids = i)),
        );
        assert.strictEqual(ids.length, 3);
        void UNKNOWN;
    });
});
