// Models of @pulumi/kubernetes's remote components and the invokes of its local ones, so the
// Kubernetes objects of YAML manifests and Helm charts reach the policies as a preview's do.
// Each value cites pulumi/pulumi-kubernetes at commit 94977969d (provider/pkg/provider/...).
// There is no helm binary here: a chart's objects come from its rendered manifests (the output
// of `helm template`), a file the user names in preflight-mocks.json under "helm".
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { MockAnswerError } from "../answer-error";
import { ComponentModel, ModelChild, ModelContext, record } from "./model";

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

/** The rendered manifests of a chart, from the file named in preflight-mocks.json. */
export function renderedChart(
    ctx: ModelContext,
    name: string,
    chart: unknown,
    namespace: unknown,
    what: string,
): Record<string, unknown>[] {
    const file = ctx.settings.helm?.[name];
    if (file === undefined) {
        throw new MockAnswerError(
            `preflight cannot render ${what} "${name}" (chart ${JSON.stringify(chart)}): there is no helm here. ` +
                `Render it with \`helm template ${name} ${String(chart)}${namespace ? ` --namespace ${String(namespace)}` : ""} -f <your values> > rendered/${name}.yaml\` ` +
                `and add {"helm": {"${name}": "rendered/${name}.yaml"}} to preflight-mocks.json beside Pulumi.yaml`,
        );
    }
    const objects = decodeYaml(readProjectFile(ctx, file, `${what} "${name}"`), file);
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
        const objects = renderedChart(ctx, name, inputs.chart, inputs.namespace, "helm.v4.Chart");
        // chart.go:183-186: the component's name is the default prefix.
        const prefix = (inputs.resourcePrefix as string | undefined) ?? name;
        return {
            children: objectChildren(objects, prefix, `helm.v4.Chart "${name}"`),
            outputs: {},
        };
    },
};

/**
 * `helm.v3.Release` is a custom resource: the provider installs the chart, and a preview sees
 * the Release alone. Preflight goes further and checks the chart's objects too, registered as
 * the Release's children from its rendered manifests (required, as for the chart components).
 */
export const releaseModel: ComponentModel = {
    source: `${kubernetesSource} provider/pkg/provider/helm/v3 (Release)`,
    build(ctx, name, inputs) {
        const objects = renderedChart(ctx, name, inputs.chart, inputs.namespace, "helm.v3.Release");
        return {
            children: objectChildren(objects, name, `helm.v3.Release "${name}"`),
            outputs: {},
        };
    },
};

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
        return {
            result: renderedChart(
                ctx,
                name,
                opts.chart ?? opts.path,
                opts.namespace,
                "helm.v3.Chart",
            ),
        };
    }
    return undefined;
}
