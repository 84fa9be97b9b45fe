// The RBAC objects a stack leaves on a cluster: Kubernetes' default roles and bindings, then
// every stack object and Patch merged into the object it names, as server-side apply merges
// them; each object in the namespace Kubernetes and the Pulumi provider would give it.
//
// Server-side apply (what Pulumi's Patch resources and, with upsert, its objects do:
// pulumi/pulumi-kubernetes provider/pkg/await/await.go:190-214, v4.32.0, "we always upsert the
// object") merges maps by key (labels, annotations) and replaces atomic lists whole:
// PolicyRule lists, subjects and clusterRoleSelectors are `+listType=atomic` and RoleRef is
// `+structType=atomic` (kubernetes/api rbac/v1/types.go:129, 149, 202, 218, 237, 102, v0.36.3).
// Which writer of an atomic list applies last depends on deployment order, so the graph holds
// every writer's list (their union), and judges the same stack the same in any order. The API
// server adds back a default object's rules and subjects at every start unless it is annotated
// `rbac.authorization.kubernetes.io/autoupdate: "false"` (kubernetes/component-helpers
// auth/rbac/reconciliation/reconcile_role.go:178-233, reconcile_rolebindings.go:176-207,
// v0.36.3): a Patch adds to a default object's lists rather than replacing them.
import { Labels, LabelSelector, parseSelector, unknownLabelValue } from "./label-selector";
import { defaultObjects } from "./kubernetes-default-rbac";
import { bindingSubjects, roleRef, RoleRef, Subject, subjectKey, unknownSubjectName } from "./rbac";
import { parseRules, Rule } from "./rbac-rules";
import { bindingTypes, kindOf, roleTypes } from "./types";
import { GraphResource, namespaceOf, tolerant } from "./rbac-namespaces";
import { isRecord } from "./values";

export type { GraphResource, ProviderRef } from "./rbac-namespaces";

export interface RoleObject {
    /** `AccessPolicy` for the rules of an EKS access policy (rbac-eks-access.ts), never aggregated. */
    kind: "Role" | "ClusterRole" | "AccessPolicy";
    name: string;
    /** A Role's namespace: a name, or an unknown namespace (`isUnknownNamespace`). */
    namespace?: string;
    labels: Labels;
    /** A ClusterRole's aggregationRule selectors; absent when it aggregates nothing. */
    selectors?: LabelSelector[];
    /** URNs of the Patches (or other writers than the first) that gave selectors. */
    selectorWriters: string[];
    /** Its own rules, each with its writer when the object has several. */
    rules: Rule[];
    /** The URN of the object (its first writer), or `default` for Kubernetes' own. */
    source: string;
    /** URNs of the Patches merged into it. */
    patches: string[];
}

export interface BindingObject {
    kind: "RoleBinding" | "ClusterRoleBinding";
    name: string;
    namespace?: string;
    roleRef: RoleRef;
    subjects: Subject[];
    source: string;
    patches: string[];
}

/** What the stack's RBAC objects become on a cluster. */
export interface ClusterObjects {
    roles: RoleObject[];
    bindings: BindingObject[];
    /** Patches and objects that name something this model cannot resolve or that the API server refuses. */
    notes: { urn: string; why: string }[];
}

/** How reading reports a value unknown until deploy that leaves part of an object unjudged. */
export interface UnknownSink {
    /** Runs `read`; an unknown value it meets leaves the resource unjudged (and is recorded). */
    attempt(urn: string, read: () => void): void;
    /** Records an unknown value that leaves part of the resource unjudged. */
    note(urn: string, error: Error): void;
}

/** One object or Patch that writes an RBAC object. */
interface Writer {
    kind: string;
    name: string;
    namespace?: string;
    props: Record<string, unknown>;
    source: string;
    patch: boolean;
    isDefault: boolean;
}

const autoupdate = "rbac.authorization.kubernetes.io/autoupdate";

/** The writers of every object: Kubernetes' defaults, then the stack's resources. */
function writersOf(resources: readonly GraphResource[], unknown: UnknownSink): Writer[] {
    const writers: Writer[] = [];
    for (const object of defaultObjects()) {
        writers.push({ ...object, source: "default", patch: false, isDefault: true });
    }
    for (const r of resources) {
        if (!roleTypes.includes(r.type) && !bindingTypes.includes(r.type)) {
            continue;
        }
        unknown.attempt(r.urn, () => {
            const patch = r.type.endsWith("Patch");
            const kind = kindOf(r.type).replace(/Patch$/, "");
            const metadata = isRecord(r.props.metadata) ? r.props.metadata : {};
            const name = typeof metadata.name === "string" ? metadata.name : r.name;
            const namespaced = kind === "Role" || kind === "RoleBinding";
            writers.push({
                kind,
                name,
                namespace: namespaced ? namespaceOf(r, kind) : undefined,
                props: r.props,
                source: r.urn,
                patch,
                isDefault: false,
            });
        });
    }
    return writers;
}

/** Groups writers by the object they name; in each, the default first, then by URN. */
function byObject(writers: Writer[]): Writer[][] {
    const groups = new Map<string, Writer[]>();
    for (const w of writers) {
        const key = `${w.kind}/${w.namespace ?? ""}/${w.name}`;
        const group = groups.get(key);
        if (group) {
            group.push(w);
        } else {
            groups.set(key, [w]);
        }
    }
    const order = (a: Writer, b: Writer) =>
        a.isDefault !== b.isDefault
            ? a.isDefault
                ? -1
                : 1
            : a.source < b.source
              ? -1
              : a.source > b.source
                ? 1
                : 0;
    return [...groups.keys()].sort().map((k) => {
        const group = groups.get(k)!;
        return group.length > 1 ? group.sort(order) : group;
    });
}

/** Whether a writer sets a field: an object sets every field, a Patch those it gives. */
function sets(w: Writer, field: string, unknown: UnknownSink): boolean {
    if (!w.patch) {
        return true;
    }
    const value = tolerant(
        () => w.props[field],
        (e) => unknown.note(w.source, e),
    );
    return value !== undefined && value !== null;
}

/**
 * An atomic list after every writer: the union of the stack writers that set it (each one's
 * apply replaces the others'), with the default's own when the API server reconciles it.
 */
function atomic<T>(
    writers: Writer[],
    field: string,
    read: (w: Writer) => T[],
    protectedDefault: boolean,
    unknown: UnknownSink,
): { value: T; writer: Writer }[] {
    const setters = writers.filter((w) => !w.isDefault && sets(w, field, unknown));
    const base = writers.find((w) => w.isDefault);
    const from =
        setters.length === 0
            ? writers.filter((w) => w.isDefault)
            : [...(base && !protectedDefault ? [base] : []), ...setters];
    return from.flatMap((writer) => read(writer).map((value) => ({ value, writer })));
}

function labelsOf(writers: Writer[], unknown: UnknownSink): Labels {
    const labels: Labels = {};
    for (const w of writers) {
        const map = tolerant(
            () => {
                const metadata = w.props.metadata;
                return isRecord(metadata) && isRecord(metadata.labels) ? metadata.labels : {};
            },
            (e) => unknown.note(w.source, e),
        );
        for (const key of Object.keys(map ?? {})) {
            const value = tolerant(
                () => map![key],
                () => undefined,
            );
            const v = typeof value === "string" ? value : unknownLabelValue;
            // Own keys only: a label may be named `constructor` or `toString`.
            const earlier = Object.hasOwn(labels, key) ? labels[key] : [];
            labels[key] = [...new Set([...earlier, v])];
        }
    }
    return labels;
}

/** Whether a writer annotates the object `autoupdate: "false"`, which stops reconciliation. */
function protects(w: Writer): boolean {
    const metadata = w.props.metadata;
    const annotations =
        isRecord(metadata) && isRecord(metadata.annotations) ? metadata.annotations : {};
    return annotations[autoupdate] === "false";
}

const ruleKey = (r: Rule) =>
    JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);

/** The aggregationRule selectors a writer gives: `null` for none, or why the API server refuses them. */
function selectorsOf(w: Writer): LabelSelector[] | null | string {
    const rule = w.props.aggregationRule;
    if (rule === undefined || rule === null) {
        return null;
    }
    const raw = isRecord(rule) ? rule.clusterRoleSelectors : undefined;
    const list = Array.isArray(raw) ? raw : [];
    // kubernetes/kubernetes pkg/apis/rbac/validation/validation.go ValidateClusterRole:
    // an aggregationRule needs a selector, and each must be a valid label selector.
    if (list.length === 0) {
        return "at least one clusterRoleSelector required if aggregationRule is non-nil";
    }
    const selectors: LabelSelector[] = [];
    for (const raw of list) {
        const s = parseSelector(raw);
        if (typeof s === "string") {
            return s;
        }
        selectors.push(s);
    }
    return selectors;
}

function mergeRole(writers: Writer[], unknown: UnknownSink, notes: ClusterObjects["notes"]) {
    // Writers the API server refuses (an invalid aggregationRule) write nothing.
    const valid = writers.filter((w) => {
        if (w.kind !== "ClusterRole") {
            return true;
        }
        const s = tolerant(
            () => selectorsOf(w),
            (e) => unknown.note(w.source, e),
        );
        if (typeof s === "string") {
            notes.push({ urn: w.source, why: `the API server refuses its aggregationRule: ${s}` });
        }
        return typeof s !== "string";
    });
    if (valid.length === 0) {
        return undefined;
    }
    const first = valid[0];
    const isProtected = valid.some(protects);
    const written = atomic(
        valid,
        "rules",
        (w) => parseRules(w.props.rules, (e) => unknown.note(w.source, e)),
        isProtected,
        unknown,
    );
    // One writer's list is the object's; several writers' lists are joined, each rule once.
    const seen = new Set<string>();
    const rules: Rule[] = written.every((w) => w.writer === first)
        ? written.map((w) => w.value)
        : written
              .filter(({ value }) => !seen.has(ruleKey(value)) && !!seen.add(ruleKey(value)))
              .map(({ value, writer }) =>
                  writer === first ? value : { ...value, writer: writer.source },
              );
    const aggregated = atomic(
        valid.filter((w) => w.kind === "ClusterRole"),
        "aggregationRule",
        (w) => [
            tolerant(
                () => selectorsOf(w),
                () => undefined,
            ),
        ],
        isProtected,
        unknown,
    );
    const selectors = aggregated.some((s) => Array.isArray(s.value))
        ? aggregated.flatMap((s) => (Array.isArray(s.value) ? s.value : []))
        : undefined;
    const role: RoleObject = {
        kind: first.kind as RoleObject["kind"],
        name: first.name,
        namespace: first.namespace,
        labels: labelsOf(valid, unknown),
        selectors: selectors && [...new Map(selectors.map((s) => [JSON.stringify(s), s])).values()],
        selectorWriters: aggregated
            .filter((s) => Array.isArray(s.value) && s.writer !== first)
            .map((s) => s.writer.source),
        rules,
        source: first.source,
        patches: valid.filter((w) => w.patch).map((w) => w.source),
    };
    return role;
}

/** An unknown subject, named after where it is written, so that no two bindings' are one. */
function named(s: Subject, w: Writer, i: number): Subject {
    return s.unknown && s.name === unknownSubjectName
        ? { ...s, name: `<unknown until deploy: ${w.kind} "${w.name}" subjects[${i}]>` }
        : s;
}

function mergeBinding(
    writers: Writer[],
    unknown: UnknownSink,
    notes: ClusterObjects["notes"],
): BindingObject[] {
    const base = writers.find((w) => w.isDefault);
    // An unknown roleRef may name any role: it throws, and the binding is left unjudged.
    const refOf = (w: Writer) => roleRef(w.props);
    const refKey = (r: RoleRef) => `${r.kind}/${r.name}`;
    // roleRef cannot change (validation.go ValidateRoleBindingUpdate): a writer naming another
    // role than the existing one is refused; without an existing one, each roleRef a writer
    // gives is a possible object, with the writers that give it or none.
    const refs = new Map<string, RoleRef>();
    const baseRef = base && refOf(base);
    if (baseRef) {
        refs.set(refKey(baseRef), baseRef);
    } else {
        for (const w of writers) {
            const r = refOf(w);
            if (r) {
                refs.set(refKey(r), r);
            }
        }
    }
    if (refs.size === 0) {
        const w = writers[0];
        notes.push({
            urn: w.source,
            why: `${w.kind} "${w.name}" is not in the stack or Kubernetes' defaults and the Patch gives no roleRef: where it exists outside this stack, the subjects get a role that cannot be judged here`,
        });
        return [];
    }
    return [...refs.values()].map((ref) => {
        const group = writers.filter((w) => {
            const r = refOf(w);
            if (r && refKey(r) !== refKey(ref)) {
                if (baseRef) {
                    notes.push({
                        urn: w.source,
                        why: `the API server refuses it: roleRef cannot change from ${refKey(baseRef)}`,
                    });
                }
                return false;
            }
            return true;
        });
        const seen = new Set<string>();
        const subjects: Subject[] = [];
        const namespace = writers[0].namespace;
        for (const { value, writer } of atomic(
            group,
            "subjects",
            (w) => bindingSubjects(w.props).map((s, i) => named(s, w, i)),
            group.some(protects),
            unknown,
        )) {
            const key = `${subjectKey(value, namespace)}/${value.unknown ? "?" : ""}`;
            if (!seen.has(key)) {
                seen.add(key);
                subjects.push(writer === group[0] ? value : { ...value, writer: writer.source });
            }
        }
        return {
            kind: writers[0].kind as BindingObject["kind"],
            name: writers[0].name,
            namespace,
            roleRef: ref,
            subjects,
            source: group[0].source,
            patches: group.filter((w) => w.patch).map((w) => w.source),
        };
    });
}

/** The RBAC objects on a cluster after the stack: defaults and stack objects, Patches merged. */
export function clusterObjects(
    resources: readonly GraphResource[],
    unknown: UnknownSink,
): ClusterObjects {
    const result: ClusterObjects = { roles: [], bindings: [], notes: [] };
    for (const writers of byObject(writersOf(resources, unknown))) {
        const urn = writers.find((w) => !w.isDefault)?.source ?? "default";
        unknown.attempt(urn, () => {
            if (writers[0].kind === "Role" || writers[0].kind === "ClusterRole") {
                const role = mergeRole(writers, unknown, result.notes);
                if (role) {
                    result.roles.push(role);
                }
            } else {
                result.bindings.push(...mergeBinding(writers, unknown, result.notes));
            }
        });
    }
    return result;
}
