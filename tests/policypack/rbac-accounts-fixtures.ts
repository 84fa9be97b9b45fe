// Shared by the tests of policypack/lib/rbac-accounts.ts: a stack's accounts as the policies
// judge them, and resources whose namespace is unknown until deploy (an Output in preview).
import { Accounts } from "../../policypack/lib/rbac-accounts";
import { GraphResource, RbacGraph } from "../../policypack/lib/rbac-graph";
import { PowerJudge } from "../../policypack/lib/rbac-powers";
import { StackResource } from "./check";
import { RuleSpec, urnOf } from "./rbac-fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { unknownCheckingProxy } = require("@pulumi/policy/proxy");
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The accounts of a stack's RBAC graph, judged by the judge the policies use. */
export function accountsOf(resources: (StackResource | GraphResource)[]): Accounts {
    const graph = RbacGraph.fromResources(
        resources.map((r) => ({ ...r, urn: urnOf(r.type, r.name) })),
    );
    return new Accounts(graph, new PowerJudge(graph));
}

/** `resource` with its namespace unknown until deploy (an Output during preview). */
export function inUnknownNamespace(resource: StackResource): StackResource {
    const metadata = resource.props.metadata as Record<string, unknown>;
    return {
        ...resource,
        props: unknownCheckingProxy({
            ...resource.props,
            metadata: { ...metadata, namespace: unknownValue },
        }),
    };
}

export const createPods: RuleSpec = { apiGroups: [""], resources: ["pods"], verbs: ["create"] };
