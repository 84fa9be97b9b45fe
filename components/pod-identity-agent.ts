// Where pods reach the EKS Pod Identity agent: a fact of the agent's releases, kept here with
// its sources so a change upstream is a one-file change.
//
// - Addresses: EKS User Guide, "Set up the Amazon EKS Pod Identity Agent", Considerations:
//   "The agent uses the loopback (localhost) IP address 169.254.170.23 for IPv4 and the
//   localhost IP address [fd00:ec2::23] for IPv6."
//   https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
//   (upstream: aws/eks-pod-identity-agent configuration/config.go lines 9-10, commit 090bf98,
//   DefaultIpv6TargetHost and DefaultIpv4TargetHost).
// - Port: pods get `AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials`
//   (plain HTTP, port 80), EKS User Guide, "Understand how EKS Pod Identity works"
//   https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html; the agent runs
//   with `hostNetwork: true` and `--port 80`, aws/eks-pod-identity-agent
//   charts/eks-pod-identity-agent/templates/daemonset.yaml lines 35 and 75-76, commit 2f35e38.
// - Both families: the VPC CNI enforces only the cluster's address family's rules and ignores
//   the other's ("Network policies only apply either IPv4 or IPv6 addresses, but not both"),
//   https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html, so listing both
//   serves IPv4 and IPv6 clusters alike.

/** The agent's addresses as NetworkPolicy `ipBlock` CIDRs, IPv4 then IPv6. */
export const podIdentityAgentCidrs = ["169.254.170.23/32", "fd00:ec2::23/128"];

/** The agent's port: pods fetch credentials over plain HTTP. */
export const podIdentityAgentPort = { protocol: "TCP", port: 80 };
