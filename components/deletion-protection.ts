// How `deletionProtection` makes `pulumi destroy` refuse before it deletes anything.
//
// EKS deletion protection alone refuses only DeleteCluster, which Pulumi calls last: a
// resource is deleted after everything that depends on it (ScheduleDeletes,
// pulumi/pulumi pkg/resource/deploy/step_generator.go:2747-2796 at 1b59498), so a destroy
// would first delete the tenants, the access entries, the node groups, the add-ons and the
// OIDC provider, then fail, leaving a cluster with no nodes and no admin.
//
// Pulumi's `protect` on the aws.eks.Cluster does not help either: the engine checks it only
// when it runs that resource's delete step (DeleteStep.Apply,
// pkg/resource/deploy/step.go:644-649), not when it plans the destroy, and by then the
// dependents are gone.
//
// What does refuse up front is a protected resource that is deleted *first*: one that depends
// on every other child. The engine deletes in antichains, dependents first
// (deployment_executor.go:501-552); when a step fails, every step of a later antichain that
// the failed resource depends on, transitively, is skipped (erroredDeps,
// deployment_executor.go:513-546), and a protect refusal fails its step without deleting
// anything (step.go:647-649; step_executor.go:442-449 goes on to report the others). So this
// child, protected while `deletionProtection` is on and depending on all the component's
// other resources, fails first and takes everything else out of the destroy: nothing of the
// cluster is deleted. The refusal comes in the preview already (the protect check precedes
// the dry-run return, step.go:647-651), before the user confirms.
//
// It is a component resource, with no cloud resource behind it: nothing to create, pay for
// or delete. It never changes or moves, so being protected never blocks an update (removing
// an admin, a tenant or a node group deletes only their own children, which nothing
// protected depends on).
import * as pulumi from "@pulumi/pulumi";

export class DeletionProtection extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("hardened-eks:index:DeletionProtection", name, {}, opts);
        this.registerOutputs({});
    }
}
