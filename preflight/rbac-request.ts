// The request of `can-i` and `who-can`, read as kubectl auth can-i reads its arguments.
import { parseResource, Request } from "../policypack/lib/rbac-rules";

/** Subresources kubectl users write after a slash; as kubectl, `pods/exec` still names a pod. */
const subresources = new Set([
    "approval",
    "attach",
    "binding",
    "ephemeralcontainers",
    "eviction",
    "exec",
    "finalize",
    "log",
    "portforward",
    "proxy",
    "resize",
    "scale",
    "status",
    "token",
]);

/**
 * The request of a verb and `TYPE[/NAME]` or a non-resource URL, as kubectl auth can-i reads
 * them (kubernetes/kubectl pkg/cmd/auth/cani.go:168-188 and 222-229, v0.36.3): the type
 * lower-cased, what follows the first `/` the object's name, the subresource from
 * `--subresource` (cani.go:146).
 */
export function parseRequest(
    verb: string,
    spec: string,
    options: { namespace?: string; name?: string; subresource?: string },
    note: (line: string) => void = () => undefined,
): Request | string {
    if (spec.startsWith("/")) {
        if (options.subresource !== undefined || options.name !== undefined) {
            return "--subresource and --name do not apply to a non-resource URL";
        }
        return { verb, apiGroup: "", resource: "", nonResourceURL: spec };
    }
    const slash = spec.indexOf("/");
    const type = (slash < 0 ? spec : spec.slice(0, slash)).toLowerCase();
    const inline = slash < 0 ? undefined : spec.slice(slash + 1);
    if (inline !== undefined && options.name !== undefined && inline !== options.name) {
        return `${spec} and --name ${options.name} name two objects`;
    }
    if (inline !== undefined && options.subresource === undefined && subresources.has(inline)) {
        note(
            `${spec} asks about the ${type} named "${inline}", as kubectl reads it; for the subresource, use ${type} --subresource ${inline}`,
        );
    }
    const { resource, apiGroup } = parseResource(type);
    const name = options.name ?? inline;
    return {
        verb,
        apiGroup,
        resource,
        ...(options.subresource ? { subresource: options.subresource } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    };
}
