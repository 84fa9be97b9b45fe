// Reads Kubernetes RBAC objects: binding subjects, role references and rules.
import { asArray, isRecord, text } from "./values";

export interface Subject {
    kind: string;
    name: string;
    namespace?: string;
}

/**
 * `Group:system:masters`, `User:alice`, `ServiceAccount:ns:name`, `IAM:<arn>`: how config
 * and messages name subjects. A service account without a namespace is in `namespace`, the
 * RoleBinding's own.
 */
export function subjectKey(s: Subject, namespace?: string): string {
    return s.kind === "ServiceAccount"
        ? `ServiceAccount:${s.namespace ?? namespace ?? ""}:${s.name}`
        : `${s.kind}:${s.name}`;
}

/** The subjects of a binding; a malformed entry becomes a subject of kind `?`. */
export function bindingSubjects(props: Record<string, unknown>): Subject[] {
    return (asArray(props.subjects) ?? []).map((s) =>
        isRecord(s)
            ? {
                  kind: text(s.kind ?? "?"),
                  name: text(s.name ?? "?"),
                  namespace: typeof s.namespace === "string" ? s.namespace : undefined,
              }
            : { kind: "?", name: text(s) },
    );
}

export interface RoleRef {
    kind: string;
    name: string;
}

export function roleRef(props: Record<string, unknown>): RoleRef | undefined {
    const ref = props.roleRef;
    return isRecord(ref) && typeof ref.name === "string"
        ? { kind: text(ref.kind ?? ""), name: ref.name }
        : undefined;
}

/** metadata.name and metadata.namespace of a Kubernetes object. */
export function objectMeta(props: Record<string, unknown>): { name?: string; namespace?: string } {
    const metadata = isRecord(props.metadata) ? props.metadata : {};
    return {
        name: typeof metadata.name === "string" ? metadata.name : undefined,
        namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
    };
}
