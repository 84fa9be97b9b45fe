// Facts of Kubernetes and EKS that HardenedCluster is built on and that change with their
// releases: the lowest Kubernetes version it accepts, and the EKS-managed add-ons it
// installs, in the order a first `pulumi up` needs them. Each cites its source; check them
// when a Kubernetes or EKS release changes what they say.

/**
 * The lowest Kubernetes minor version HardenedCluster accepts. The component creates
 * `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicies (admission.ts), which the API
 * server serves from 1.30 on, when the API went GA: on 1.29 and older the first `pulumi up`
 * would fail at the policy, after the cluster and its nodes were created.
 * https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 * ("FEATURE STATE: Kubernetes v1.30 [stable]"), and
 * https://kubernetes.io/blog/2024/04/24/validating-admission-policy-ga/
 */
export const minimumKubernetesVersion = {
    major: 1,
    minor: 30,
    reason: "the first Kubernetes version that serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy, which HardenedCluster creates",
};

/**
 * EKS-managed add-ons HardenedCluster installs (the cluster has
 * `bootstrapSelfManagedAddons: false`, so these are the only copies), by when they are
 * created. Names as the EKS API knows them:
 * https://docs.aws.amazon.com/eks/latest/userguide/workloads-add-ons-available-eks.html
 *
 * - `beforeNodes`: DaemonSets a node needs to become Ready and to run pods that use AWS:
 *   the VPC CNI (no pod network, no Ready node), kube-proxy (the CNI's own pods reach the
 *   API through the `kubernetes` Service's cluster IP) and the Pod Identity agent. Each is
 *   ACTIVE with no node at all, so the node groups wait for them. terraform-aws-eks v21.19.0
 *   marks vpc-cni and eks-pod-identity-agent `before_compute = true` (README.md:151-160).
 * - `afterNodes`: CoreDNS is a Deployment: its add-on becomes ACTIVE only once its pods run
 *   on a node, and creating it before any node exists waits until it times out.
 *   terraform-aws-eks v21.19.0 creates the add-ons that are not `before_compute` after its
 *   node groups (main.tf:768-811, `depends_on = [... module.eks_managed_node_group ...]`).
 */
export const managedAddons = {
    beforeNodes: ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"],
    afterNodes: ["coredns"],
} as const;

/** The name of an add-on HardenedCluster installs. */
export type ManagedAddonName =
    (typeof managedAddons.beforeNodes)[number] | (typeof managedAddons.afterNodes)[number];

/** Every add-on HardenedCluster installs, in creation order. */
export const managedAddonNames: readonly ManagedAddonName[] = [
    ...managedAddons.beforeNodes,
    ...managedAddons.afterNodes,
];

/**
 * How an add-on version is spelled (`v1.19.2-eksbuild.1`), as `aws eks
 * describe-addon-versions` lists them.
 * https://docs.aws.amazon.com/eks/latest/userguide/updating-an-add-on.html
 */
export const addonVersionPattern = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
