import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksNodeGroup } from "../lib/types";
import { validateTypes } from "../lib/validation";

export const eksNodeGroupLaunchTemplate: ResourceValidationPolicy = {
    name: "eks-node-group-launch-template",
    description:
        "Checks that EKS managed node groups use a launch template, where IMDSv2 and its hop limit are set, rather than the AMI's metadata defaults.",
    // Advisory: such nodes are not known to be unsafe, only left to the AMI's defaults.
    enforcementLevel: "advisory",
    severity: "medium",
    validateResource: validateTypes(
        { [eksNodeGroup]: "EKS node group" },
        (props, subject, report) => {
            if (props.launchTemplate === undefined || props.launchTemplate === null) {
                report(
                    `${subject} has no launch template, so its nodes take the AMI's metadata defaults (IMDSv1 allowed on AL2, hop limit 2 on EKS-optimized AMIs): give it a launch template with metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 } (HardenedCluster does; with @pulumi/eks, pass enableIMDSv2: true and hardenEksCluster()).`,
                );
            }
        },
    ),
    remediationSteps:
        'Create an aws.ec2.LaunchTemplate with metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 } and set it as the node group\'s launchTemplate.',
    url: "https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html",
};
