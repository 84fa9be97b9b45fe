// A PowerJudge (policypack/lib/rbac-powers.ts) on a stack's RBAC graph, asked about one
// binding's subject, for the rbac-powers tests.
import { GraphResource, RbacGraph } from "../../policypack/lib/rbac-graph";
import { Finding, showFinding } from "../../policypack/lib/rbac-grants";
import { PowerJudge } from "../../policypack/lib/rbac-powers";
import { StackResource } from "./check";
import { urnOf } from "./rbac-fixtures";

export type Resources = (StackResource | GraphResource)[];

export const judgeOf = (resources: Resources) =>
    new PowerJudge(
        RbacGraph.fromResources(resources.map((r) => ({ ...r, urn: urnOf(r.type, r.name) }))),
    );

/** The raw findings of subject `at` of the stack binding `name`, judged by `judge`. */
export function findingsOf(judge: PowerJudge, name: string, at = 0): Finding[] {
    const binding = judge.graph.bindings.find((b) => b.source !== "default" && b.name === name);
    if (!binding) {
        throw new Error(`no binding ${name}`);
    }
    return judge.findings(judge.holderOf(binding.subjects[at], binding));
}

/** The findings of subject `at` of binding `name`, as messages word them. */
export const powersOf = (resources: Resources, name: string, at = 0) =>
    findingsOf(judgeOf(resources), name, at).map((f) => showFinding(f));

/**
 * A finding in short: what, where and why, then each part's label and the bindings of its
 * grants (with the names a grant is limited to), in order: `label: ops ci(x)`.
 */
export const brief = (f: Finding) =>
    `${[f.what, f.place, f.why].filter(Boolean).join(" ")} | ${f.parts
        .map(
            (p) =>
                `${p.label}: ${p.grants
                    .map((g) => `${g.path.binding.name}${g.names ? `(${g.names.join(",")})` : ""}`)
                    .join(" ")}`,
        )
        .join("; ")}`;

/** The findings of subject `at` of binding `name`, in short. */
export const briefsOf = (resources: Resources, name: string, at = 0) =>
    findingsOf(judgeOf(resources), name, at).map(brief);
