// Where the RBAC graph puts a namespaced object: its own namespace, or the one the Pulumi
// Kubernetes provider gives an object without one, or, when that is unknown until deploy, an
// unknown namespace (`<...>`), which the graph judges as possibly any namespace.
import { loadK8sYaml } from "./k8s-yaml";
import { accessScopeCovers } from "./eks-access-policies";
import { isRecord, UnknownValueError } from "./values";

/** The provider of a resource, as a policy's stack resources carry it (PolicyProviderResource). */
export interface ProviderRef {
    name?: string;
    urn?: string;
    props?: Record<string, unknown>;
}

/** A stack resource, as policies and the CLI see them. */
export interface GraphResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
    /** The Kubernetes provider it is created with, when known: its `namespace` is the default. */
    provider?: ProviderRef;
}

/**
 * An unknown namespace is written `<...>`, which no namespace name (a DNS-1123 label) can be:
 * an object there is judged as possibly in any namespace.
 */
export const isUnknownNamespace = (namespace: string) => namespace.startsWith("<");

/** Whether a grant in `where` reaches `namespace`: `yes`, `possibly` (an unknown namespace) or `no`. */
export function namespaceReaches(where: string, namespace: string): "yes" | "possibly" | "no" {
    if (where === namespace) {
        return "yes";
    }
    if (isUnknownNamespace(where) || isUnknownNamespace(namespace)) {
        return "possibly";
    }
    // An EKS access scope's entry may hold `*` wildcards (accessScopeCovers); no namespace
    // name holds one.
    return where.includes("*") && accessScopeCovers(where, namespace) ? "yes" : "no";
}

/** Reads `read()`, or `undefined` and `onUnknown(e)` when it is unknown until deploy. */
export function tolerant<T>(read: () => T, onUnknown: (e: Error) => void): T | undefined {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            onUnknown(e);
            return undefined;
        }
        throw e;
    }
}

/**
 * The namespace of a kubeconfig's context (`context`, or its current context); `default` when
 * the context sets none, as client-go's clientcmd does; `undefined` when it cannot be read.
 */
function kubeconfigNamespace(kubeconfig: string, context: unknown): string | undefined {
    let config: unknown;
    try {
        config = loadK8sYaml(kubeconfig);
    } catch {
        return undefined;
    }
    if (!isRecord(config)) {
        return undefined;
    }
    const name =
        typeof context === "string" && context !== "" ? context : config["current-context"];
    const entry = (Array.isArray(config.contexts) ? config.contexts : []).find(
        (c) => isRecord(c) && c.name === name,
    );
    if (!isRecord(entry) || !isRecord(entry.context)) {
        return undefined;
    }
    const ns = entry.context.namespace;
    return typeof ns === "string" && ns !== "" ? ns : "default";
}

/**
 * The namespace the Kubernetes provider gives an object without `metadata.namespace`: its
 * `namespace` option, else its kubeconfig context's (pulumi/pulumi-kubernetes
 * provider/pkg/provider/provider.go:598-602, 880-903 and 1309-1327, v4.32.0). Unknown when the
 * resource's provider is not known or those are unknown until deploy.
 */
function providerNamespace(r: GraphResource): string {
    const p = r.provider;
    const who = p?.name ? `provider "${p.name}"` : "its provider";
    if (!p || !isRecord(p.props)) {
        return `<default namespace of ${who}>`;
    }
    const props = p.props;
    let unknown = false;
    const found = tolerant(
        () => {
            const ns = props.namespace;
            if (typeof ns === "string" && ns !== "") {
                return ns;
            }
            const kubeconfig = props.kubeconfig;
            return typeof kubeconfig === "string"
                ? kubeconfigNamespace(kubeconfig, props.context)
                : undefined;
        },
        () => (unknown = true),
    );
    if (found !== undefined) {
        return found;
    }
    return unknown
        ? `<default namespace of ${who}, unknown until deploy>`
        : `<default namespace of ${who}>`;
}

/** An object's namespace: its own, the provider's, or an unknown namespace saying why. */
export function namespaceOf(r: GraphResource, kind: string): string {
    let unknown = false;
    const ns = tolerant(
        () => {
            const metadata = r.props.metadata;
            return isRecord(metadata) ? metadata.namespace : undefined;
        },
        () => (unknown = true),
    );
    if (unknown) {
        return `<namespace of ${kind} "${r.name}", unknown until deploy>`;
    }
    return typeof ns === "string" && ns !== "" ? ns : providerNamespace(r);
}
