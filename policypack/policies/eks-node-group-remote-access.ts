import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksComponentManagedNodeGroup, eksNodeGroup } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { asArray, orPending, parseJsonObject } from "../lib/values";

/** A value unknown during preview: a key pair or security group the stack creates. */
const pending = Symbol("pending");

export const eksNodeGroupRemoteAccess: ResourceValidationPolicy = {
    name: "eks-node-group-remote-access",
    description:
        "Checks that EKS managed node groups with remote access (an EC2 SSH key) name the security groups allowed to connect, rather than opening SSH (RDP on Windows) to the internet.",
    enforcementLevel: "mandatory",
    severity: "high",
    // The EKS API's RemoteAccessConfig: "If you specify an Amazon EC2 SSH key but do not
    // specify a source security group when you create a managed node group, then port 22 on
    // the nodes is opened to the internet (0.0.0.0/0)"
    // (https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html);
    // @pulumi/aws 7.48.0 types/input.d.ts:43154-43163 (NodeGroupRemoteAccess): "either port 3389
    // for Windows, or port 22 for all other operating systems is opened on the worker nodes
    // to the Internet (0.0.0.0/0)". eks.ManagedNodeGroup passes `remoteAccess` to its
    // aws.eks.NodeGroup as given (pulumi/pulumi-eks@7bf0c1b1 nodejs/eks/nodes/nodegroup.ts:2008,
    // 2092-2095), so both are judged, as a preview analyzes both.
    validateResource: validateTypes(
        {
            [eksNodeGroup]: "EKS node group",
            [eksComponentManagedNodeGroup]: "EKS managed node group",
        },
        (props, subject, report) => {
            const remote = parseJsonObject(props.remoteAccess);
            if (!remote) {
                return;
            }
            // Any value but none, null or "" may name a key: the provider's schema takes a
            // string, and what it makes of another value the pack cannot see, so it is judged set.
            const key = orPending<unknown>(() => remote.ec2SshKey, pending);
            if (key === undefined || key === null || key === "") {
                return;
            }
            const sources = orPending<unknown>(
                () => asArray(remote.sourceSecurityGroupIds),
                pending,
            );
            if (sources === pending || (Array.isArray(sources) && sources.length > 0)) {
                return;
            }
            const amiType = orPending<unknown>(() => props.amiType, pending);
            const windows = typeof amiType === "string" && /^WINDOWS/i.test(amiType);
            const port = windows ? "RDP (port 3389)" : "SSH (port 22)";
            const keyName = key === pending ? "a key pair the stack creates" : JSON.stringify(key);
            report(
                `${subject} opens ${port} on its nodes to the internet (0.0.0.0/0): remoteAccess sets ec2SshKey (${keyName}) without sourceSecurityGroupIds: list the security groups allowed to connect in remoteAccess.sourceSecurityGroupIds, or drop remoteAccess and reach the nodes through SSM Session Manager.`,
            );
        },
    ),
    remediationSteps:
        "Set remoteAccess.sourceSecurityGroupIds to the security groups of the hosts that may connect (a bastion, a VPN), or remove remoteAccess and use SSM Session Manager, which opens no inbound port.",
    url: "https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html",
};
