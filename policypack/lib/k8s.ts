// Reads Kubernetes objects: nested paths, namespaces' Pod Security labels.
import { isRecord } from "./values";

/** The value at `path` in `obj`, or `undefined` where any step is missing. */
export function getPath(obj: unknown, path: string[]): unknown {
    let value = obj;
    for (const key of path) {
        if (!isRecord(value)) {
            return undefined;
        }
        value = value[key];
    }
    return value;
}

/** Pod Security Standards levels, least to most restrictive. */
export const podSecurityLevels = ["privileged", "baseline", "restricted"] as const;
export type PodSecurityLevel = (typeof podSecurityLevels)[number];

export const enforceLabel = "pod-security.kubernetes.io/enforce";
