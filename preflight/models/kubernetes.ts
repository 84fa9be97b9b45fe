// Models of @pulumi/kubernetes's remote components and the invokes of its local ones, so the
// Kubernetes objects of YAML manifests and Helm charts reach the policies as a preview's do.
// Each value cites pulumi/pulumi-kubernetes at commit 94977969d (provider/pkg/provider/...).
// There is no helm binary here: a chart's objects come from its rendered manifests (the output
// of `helm template`), a file the user names in preflight-mocks.json under "helm". A chart
// component needs them (a preview analyzes its objects); a helm.v3.Release does not (a preview
// sees the Release alone), and gets a note when they are missing.
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { MockAnswerError } from "../answer-error";
import { ComponentModel, ModelChild, ModelContext, ModelNote, record } from "./model";

export const kubernetesSource = "pulumi/pulumi-kubernetes@94977969d";

/** Every object of a multi-document YAML text, as `kubernetes:yaml:decode` returns them (yaml/v2/yaml.go:114). */
export function decodeYaml(text: string, where: string): Record<string, unknown>[] {
    let documents: unknown[];
    try {
        documents = yaml.loadAll(text);
    } catch (e) {
        throw new MockAnswerError(`${where} is not valid YAML: ${(e as Error).message}`);
    }
    // A `List` kind holds its objects in `items` (yaml/v2/yaml.go:227 expand).
    return documents
        .filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null)
        .flatMap((d) =>
            typeof d.kind === "string" && d.kind.endsWith("List") && Array.isArray(d.items)
                ? (d.items as Record<string, unknown>[])
                : [d],
        );
}

/** The Pulumi type token of a Kubernetes object: `kubernetes:<group or core>/<version>:<Kind>`. */
export function typeOf(object: Record<string, unknown>): string {
    const apiVersion = String(object.apiVersion ?? "");
    const [group, version] = apiVersion.includes("/")
        ? apiVersion.split("/")
        : ["core", apiVersion];
    return `kubernetes:${group}/${version}:${String(object.kind)}`;
}

/**
 * A child per object, named as yaml/v2/yaml.go:346-352 names it: `<namespace>/<name>`, or the
 * name alone, prefixed with `<resourcePrefix>:` when there is one.
 */
export function objectChildren(
    objects: Record<string, unknown>[],
    prefix: string,
    where: string,
): ModelChild[] {
    return objects.map((object) => {
        const meta = record(object.metadata);
        if (!object.apiVersion || !object.kind || !meta.name) {
            throw new MockAnswerError(
                `${where} has an object without apiVersion, kind or metadata.name: ${JSON.stringify(object).slice(0, 120)}`,
            );
        }
        const local = meta.namespace ? `${meta.namespace}/${meta.name}` : String(meta.name);
        return {
            type: typeOf(object),
            name: prefix ? `${prefix}:${local}` : local,
            inputs: object,
        };
    });
}

/** Reads a file relative to the project directory, as the provider does from the program's. */
function readProjectFile(ctx: ModelContext, file: string, what: string): string {
    const full = path.resolve(ctx.dir, file);
    try {
        return fs.readFileSync(full, "utf8");
    } catch (e) {
        throw new MockAnswerError(`${what} cannot read ${full}: ${(e as Error).message}`);
    }
}

/**
 * How to let preflight see a chart's objects: "with" the `helm template` command for its
 * release name, chart, repository, version and namespace, and the preflight-mocks.json entry.
 */
function renderHint(name: string, inputs: Record<string, unknown>): string {
    const release = typeof inputs.name === "string" && inputs.name ? inputs.name : name;
    const repo = record(inputs.repositoryOpts).repo;
    const options = [
        typeof repo === "string" && repo ? ` --repo ${repo}` : "",
        typeof inputs.version === "string" && inputs.version ? ` --version ${inputs.version}` : "",
        inputs.namespace ? ` --namespace ${String(inputs.namespace)}` : "",
    ].join("");
    return (
        `with \`helm template ${release} ${String(inputs.chart)}${options} -f <your values> > rendered/${name}.yaml\` ` +
        `and add {"helm": {"${name}": "rendered/${name}.yaml"}} to preflight-mocks.json beside Pulumi.yaml`
    );
}

/** The rendered manifests of a chart, from the file named in preflight-mocks.json. */
export function renderedChart(
    ctx: ModelContext,
    name: string,
    inputs: Record<string, unknown>,
    what: string,
): Record<string, unknown>[] {
    const file = ctx.settings.helm?.[name];
    if (file === undefined) {
        throw new MockAnswerError(
            `preflight cannot render ${what} "${name}" (chart ${JSON.stringify(inputs.chart)}): there is no helm here. ` +
                `Render it ${renderHint(name, inputs)}`,
        );
    }
    const objects = decodeYaml(readProjectFile(ctx, file, `${what} "${name}"`), file);
    const namespace = inputs.namespace;
    // helm/v4/chart.go:287-289: namespaced objects without one go to the release namespace.
    return objects.map((o) =>
        namespace && !record(o.metadata).namespace && !clusterScoped.has(String(o.kind))
            ? { ...o, metadata: { ...record(o.metadata), namespace } }
            : o,
    );
}

/** Kinds that have no namespace, for placing chart objects. */
const clusterScoped = new Set([
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "APIService",
    "IngressClass",
    "RuntimeClass",
    "CSIDriver",
    "Node",
]);

/** The files a ConfigGroup names: globs are not expanded here, plain paths are read. */
function groupObjects(ctx: ModelContext, name: string, inputs: Record<string, unknown>) {
    const files = (inputs.files as string[] | undefined) ?? [];
    const texts = [
        ...files.map((f) => readProjectFile(ctx, f, `yaml.v2.ConfigGroup "${name}"`)),
        ...(Array.isArray(inputs.yaml) ? inputs.yaml : inputs.yaml ? [inputs.yaml] : []).map(
            String,
        ),
    ];
    return [
        ...texts.flatMap((t) => decodeYaml(t, `yaml.v2.ConfigGroup "${name}"`)),
        ...((inputs.objs as Record<string, unknown>[] | undefined) ?? []),
    ];
}

const configFileV2: ComponentModel = {
    source: `${kubernetesSource} provider/pkg/provider/yaml/v2/configfile.go`,
    build(ctx, name, inputs) {
        const file = String(inputs.file ?? "");
        const objects = decodeYaml(
            readProjectFile(ctx, file, `yaml.v2.ConfigFile "${name}"`),
            file,
        );
        // configfile.go:95-97: the component's name is the default prefix.
        const prefix = (inputs.resourcePrefix as string | undefined) ?? name;
        return { children: objectChildren(objects, prefix, file), outputs: {} };
    },
};

const configGroupV2: ComponentModel = {
    source: `${kubernetesSource} provider/pkg/provider/yaml/v2/configgroup.go`,
    build(ctx, name, inputs) {
        // configgroup.go:102-106: the component's name is the default prefix.
        const prefix = (inputs.resourcePrefix as string | undefined) ?? name;
        return {
            children: objectChildren(
                groupObjects(ctx, name, inputs),
                prefix,
                `ConfigGroup "${name}"`,
            ),
            outputs: {},
        };
    },
};

const chartV4: ComponentModel = {
    source: `${kubernetesSource} provider/pkg/provider/helm/v4/chart.go`,
    build(ctx, name, inputs) {
        const objects = renderedChart(ctx, name, inputs, "helm.v4.Chart");
        // chart.go:183-186: the component's name is the default prefix.
        const prefix = (inputs.resourcePrefix as string | undefined) ?? name;
        return {
            children: objectChildren(objects, prefix, `helm.v4.Chart "${name}"`),
            outputs: {},
        };
    },
};

/** The type token of `helm.v3.Release`, a custom resource of the Kubernetes provider. */
export const releaseType = "kubernetes:helm.sh/v3:Release";

/**
 * A `helm.v3.Release` is one custom resource: the provider's Check and Create
 * (helm_release.go:329-426, 964-1029) take its inputs, and a preview's Create installs nothing
 * (`if !req.GetPreview()`, helm_release.go:989) and leaves `resourceNames` and `status` unknown
 * (checkpointRelease, helm_release.go:1274-1278). Helm installs the chart's objects later
 * (helmCreate, helm_release.go:561), so no Pulumi resource and no policy ever sees them.
 * Preflight judges the Release as a preview does and, when the user gives the rendered
 * manifests, also the objects, as the Release's children named as helm.v4.Chart names its
 * own (chart.go:183-186, yaml/v2/yaml.go:346-352): `<release>:<namespace>/<name>`.
 */
export function releaseObjects(
    ctx: ModelContext,
    name: string,
    inputs: Record<string, unknown>,
): ModelChild[] | undefined {
    if (ctx.settings.helm?.[name] === undefined) {
        return undefined;
    }
    const objects = renderedChart(ctx, name, inputs, "helm.v3.Release");
    return objectChildren(objects, name, `helm.v3.Release "${name}"`);
}

/** The note on a Release whose rendered manifests were not given: what went unchecked, and how to check it. */
export function unrenderedReleaseNote(name: string, inputs: Record<string, unknown>): ModelNote {
    return {
        id: "helm-release-not-rendered",
        message:
            `helm.v3.Release "${name}" (chart ${JSON.stringify(inputs.chart)}): preflight judged the Release by its ` +
            "inputs, as a preview does, but not the objects its chart installs, which no preview sees either. " +
            `To check them, render it ${renderHint(name, inputs)}.`,
    };
}

export const kubernetesModels: Record<string, ComponentModel> = {
    "kubernetes:yaml/v2:ConfigFile": configFileV2,
    "kubernetes:yaml/v2:ConfigGroup": configGroupV2,
    "kubernetes:helm.sh/v4:Chart": chartV4,
};

/**
 * Answers for the invokes of the SDK's local components: `yaml.ConfigFile` and
 * `yaml.ConfigGroup` (v1) decode YAML through `kubernetes:yaml:decode`; `helm.v3.Chart`
 * renders through `kubernetes:helm:template`. The SDK then registers the objects itself.
 */
export function kubernetesInvoke(
    ctx: ModelContext,
    token: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> | undefined {
    if (token === "kubernetes:yaml:decode") {
        return { result: decodeYaml(String(inputs.text ?? ""), "a yaml.ConfigFile") };
    }
    if (token === "kubernetes:helm:template") {
        const opts = record(JSON.parse(String(inputs.jsonOpts ?? "{}")));
        const name = String(opts.release_name ?? opts.chart ?? opts.path ?? "chart");
        const chart = { chart: opts.chart ?? opts.path, namespace: opts.namespace };
        return { result: renderedChart(ctx, name, chart, "helm.v3.Chart") };
    }
    return undefined;
}
