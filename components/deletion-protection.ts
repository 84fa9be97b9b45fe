// How `deletionProtection` makes a `pulumi destroy` that skips its preview refuse before it
// deletes anything of the cluster.
//
// With a preview, as a plain `pulumi destroy` runs (with or without `--yes`), Pulumi's
// `protect` on the aws.eks.Cluster is enough: DeleteStep.Apply refuses a protected resource
// before it looks at whether this is a preview (pulumi/pulumi
// pkg/resource/deploy/step.go:644-651 at 1b59498), so the preview fails, and a failed preview
// ends `pulumi destroy` before its prompt (pkg/backend/apply.go:301-303).
//
// Without a preview (`pulumi destroy --skip-preview`, or the Automation API's `destroy()`,
// which passes `--yes --skip-preview`: sdk/nodejs/automation/stack.ts:780), the engine runs
// the deletes for real, each resource after everything that depends on it (ScheduleDeletes,
// pkg/resource/deploy/step_generator.go:2747-2796), and reaches the protected cluster last:
// the tenants, the access entries, the node groups, the add-ons and the OIDC provider would
// be deleted first, leaving a cluster with no nodes and no admin.
//
// What refuses first is a protected resource that is deleted first: one that depends on what
// it guards. The engine deletes in antichains, dependents first
// (deployment_executor.go:501-552); a protect refusal fails its step without deleting
// anything (step.go:647-649), the executor goes on to report the other refusals
// (step_executor.go:441-449), and skips every step of a later antichain on a resource that
// a failed one depends on, transitively (erroredDeps, deployment_executor.go:513-546).
//
// A guard can only be registered once what it depends on exists, and a first `pulumi up`
// that fails stops registering anything (the step executor cancels the deployment:
// step_executor.go:459-460; deployment_executor.go:318-322). So there is one guard per stage
// of the `up`, each depending on everything created up to that stage:
// - `control-plane`: the cluster, its OIDC provider, the admins' access entries and the API
//   ingress rules, minutes before the nodes;
// - `data-plane`: those, the add-ons and the node groups: the whole AWS half. The Kubernetes
//   provider gets its kubeconfig only once both exist, so they are in the stack's state
//   before any Kubernetes object is attempted, and a Kubernetes half that fails (the API out
//   of reach) leaves the AWS half guarded;
// - `kubernetes`: every other child, the tenants and the admission policy included.
// A failure before a stage's guard exists (a node group that never joins) leaves what that
// stage created unguarded: hence the README's advice to set `deletionProtection: false` and
// run `pulumi up` before destroying a stack whose first `up` did not finish.
//
// The engine's refusal names the guard's URN and suggests `pulumi state unprotect <urn>`: that
// would let the destroy through to the cluster and strand it. The guards' names say what to
// do instead, since they are what that message shows.
//
// Each guard is a component resource, with no cloud resource behind it: nothing to create,
// pay for or delete. It never changes or moves, so being protected never blocks an update
// (removing an admin, a tenant or a node group deletes only their own children, which
// nothing protected depends on).
import * as pulumi from "@pulumi/pulumi";

/** The stages of a `pulumi up` that each end with a guard, in order. */
export const protectedStages = ["control-plane", "data-plane", "kubernetes"] as const;
export type ProtectedStage = (typeof protectedStages)[number];

export class DeletionProtection extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("hardened-eks:index:DeletionProtection", name, {}, opts);
        this.registerOutputs({});
    }
}

/**
 * The name of a stage's guard, e.g. `platform-control-plane-set-deletionProtection-false-to-destroy`:
 * the engine's refusal shows it, so it says what to do.
 */
export function deletionProtectionName(name: string, stage: ProtectedStage): string {
    return `${name}-${stage}-set-deletionProtection-false-to-destroy`;
}

/**
 * The guard of one stage: a child of `parent`, protected when `protect` is `true`, depending
 * on `dependsOn` (a component stands for all its custom descendants).
 */
export function guardStage(
    name: string,
    stage: ProtectedStage,
    protect: boolean | undefined,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
): DeletionProtection {
    return new DeletionProtection(deletionProtectionName(name, stage), {
        parent,
        protect,
        dependsOn,
    });
}
