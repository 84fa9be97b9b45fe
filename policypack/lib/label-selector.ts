// Label selectors, evaluated as the API server and its controllers evaluate them:
// metav1.LabelSelectorAsSelector (kubernetes/apimachinery pkg/apis/meta/v1/helpers.go:36-72,
// v0.36.3) turns matchLabels and matchExpressions into requirements that must all match
// (pkg/labels/selector.go:419-426), each as Requirement.Matches does (selector.go:247-268).
import { asArray, isRecord } from "./values";

export type Operator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface Requirement {
    key: string;
    operator: Operator;
    values: string[];
}

/** A parsed selector: every requirement must match; none at all matches every object. */
export interface LabelSelector {
    requirements: Requirement[];
}

/**
 * The labels an object may carry: each key with every value it may hold (the writers of an
 * object, its Patches among them, may disagree on a value; the graph keeps them all).
 */
export type Labels = Record<string, string[]>;

/**
 * A label value unknown until deploy. Label values are at most 63 of `[A-Za-z0-9_.-]`, so no
 * real value looks like this; it may equal any value a requirement names.
 */
export const unknownLabelValue = "<unknown until deploy>";

const operators: readonly string[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/**
 * A `metav1.LabelSelector` as LabelSelectorAsSelector reads it, or why the API server refuses
 * it: an operator other than the four (helpers.go:53-64), In or NotIn without values, Exists
 * or DoesNotExist with values (NewRequirement, selector.go:185-221). An empty selector (`{}`)
 * has no requirements and matches every object (helpers.go:40-42).
 */
export function parseSelector(raw: unknown): LabelSelector | string {
    if (!isRecord(raw)) {
        return `${JSON.stringify(raw)} is not a label selector`;
    }
    const requirements: Requirement[] = [];
    const matchLabels = raw.matchLabels ?? {};
    if (!isRecord(matchLabels)) {
        return "matchLabels is not a map of strings";
    }
    for (const [key, value] of Object.entries(matchLabels)) {
        if (typeof value !== "string") {
            return `matchLabels.${key} is not a string`;
        }
        requirements.push({ key, operator: "In", values: [value] });
    }
    for (const expr of asArray(raw.matchExpressions) ?? []) {
        if (!isRecord(expr) || typeof expr.key !== "string") {
            return "a matchExpressions entry has no key";
        }
        const operator = String(expr.operator);
        if (!operators.includes(operator)) {
            return `"${operator}" is not a valid label selector operator`;
        }
        const values = (asArray(expr.values) ?? []).map(String);
        const unary = operator === "Exists" || operator === "DoesNotExist";
        if (unary && values.length > 0) {
            return `values set must be empty for ${operator} (key ${expr.key})`;
        }
        if (!unary && values.length === 0) {
            return `values set can't be empty for ${operator} (key ${expr.key})`;
        }
        requirements.push({ key: expr.key, operator: operator as Operator, values });
    }
    return { requirements };
}

/** Whether one label value (`undefined`: the label is absent) satisfies a requirement. */
function satisfies(r: Requirement, value: string | undefined): boolean {
    const unknown = value === unknownLabelValue;
    switch (r.operator) {
        case "In":
            return value !== undefined && (unknown || r.values.includes(value));
        case "NotIn":
            return value === undefined || unknown || !r.values.includes(value);
        case "Exists":
            return value !== undefined;
        case "DoesNotExist":
            return value === undefined;
    }
}

/**
 * Whether the selector matches an object with these labels, for some choice among the values
 * each label may hold: each key's requirements must hold for one of its values.
 */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
    const byKey = new Map<string, Requirement[]>();
    for (const r of selector.requirements) {
        byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    }
    for (const [key, requirements] of byKey) {
        // Own keys only: `labels["constructor"]` of a plain object is Object.
        const own = Object.hasOwn(labels, key) ? labels[key] : [];
        const values: (string | undefined)[] = own.length > 0 ? own : [undefined];
        if (!values.some((v) => requirements.every((r) => satisfies(r, v)))) {
            return false;
        }
    }
    return true;
}
