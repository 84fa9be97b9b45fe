// Reads Kubernetes RBAC objects: binding subjects, role references and object metadata, each
// value read alone so that one unknown until deploy (during preview) hides nothing else.
import { isRecord, text, UnknownValueError } from "./values";

export interface Subject {
    kind: string;
    name: string;
    namespace?: string;
    /** The subject's name (or the whole subject) is unknown until deploy. */
    unknown?: true;
    /** The URN of the Patch or object that wrote the subject, when another writes the binding too. */
    writer?: string;
}

/** The name of a subject that is unknown until deploy, in keys and messages. */
export const unknownSubjectName = "<unknown until deploy>";

/**
 * `Group:system:masters`, `User:alice`, `ServiceAccount:ns:name`, `IAM:<arn>`: how config
 * and messages name subjects. A service account without a namespace is in `namespace`, the
 * RoleBinding's own (kubernetes/kubernetes pkg/registry/rbac/validation/rule.go:289-300).
 */
export function subjectKey(s: Subject, namespace?: string): string {
    return s.kind === "ServiceAccount"
        ? `ServiceAccount:${s.namespace ?? namespace ?? ""}:${s.name}`
        : `${s.kind}:${s.name}`;
}

/** `read()`, or `undefined` with `unknown` set when what it reads is unknown until deploy. */
function known<T>(read: () => T, unknown: { is: boolean }): T | undefined {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            unknown.is = true;
            return undefined;
        }
        throw e;
    }
}

/**
 * The subjects of a binding; a malformed entry becomes a subject of kind `?`. A subject whose
 * name is unknown until deploy (`name: role.arn`) is kept, named `unknownSubjectName`, as is
 * one for a subject list that is unknown as a whole: the binding is judged by its role.
 */
export function bindingSubjects(props: Record<string, unknown>): Subject[] {
    const whole = { is: false };
    const list = known(() => props.subjects, whole);
    if (whole.is) {
        return [{ kind: "Subject", name: unknownSubjectName, unknown: true }];
    }
    if (list === undefined || list === null) {
        return [];
    }
    const items = Array.isArray(list) ? list : [list];
    const subjects: Subject[] = [];
    for (let i = 0; i < items.length; i++) {
        const entry = { is: false };
        const s = known(() => items[i] as unknown, entry);
        if (entry.is) {
            subjects.push({ kind: "Subject", name: unknownSubjectName, unknown: true });
        } else if (!isRecord(s)) {
            subjects.push({ kind: "?", name: text(s) });
        } else {
            const who = { is: false };
            const kind = known(() => s.kind, who);
            const name = known(() => s.name, who);
            const where = { is: false };
            const namespace = known(() => s.namespace, where);
            subjects.push({
                kind: kind === undefined ? (who.is ? "Subject" : "?") : text(kind),
                name: who.is ? unknownSubjectName : text(name ?? "?"),
                namespace: where.is
                    ? unknownSubjectName
                    : typeof namespace === "string" && namespace !== ""
                      ? namespace
                      : undefined,
                ...(who.is || where.is ? { unknown: true as const } : {}),
            });
        }
    }
    return subjects;
}

export interface RoleRef {
    kind: string;
    name: string;
}

/** A binding's roleRef; `undefined` when it has none (a Patch may leave it out). */
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
