import { ResourceValidationPolicy } from "@pulumi/policy";
import { launchTemplateTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { isRecord, show } from "../lib/values";

export interface Ec2LaunchTemplateImdsv2Config {
    maxHopLimit: number;
}

export const ec2LaunchTemplateImdsv2: ResourceValidationPolicy = {
    name: "ec2-launch-template-imdsv2",
    description:
        "Checks that launch templates, launch configurations and instances require IMDSv2 tokens with a hop limit that keeps pods away from the node's credentials.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            maxHopLimit: {
                type: "integer",
                minimum: 1,
                default: 1,
                description:
                    "Largest httpPutResponseHopLimit allowed; 1 keeps containers from reaching IMDS.",
            },
        },
    },
    validateResource: validateTypes(launchTemplateTypes, (props, subject, report, args) => {
        const { maxHopLimit } = args.getConfig<Ec2LaunchTemplateImdsv2Config>();
        const options = isRecord(props.metadataOptions) ? props.metadataOptions : {};
        if (options.httpEndpoint === "disabled") {
            return;
        }
        if (options.httpTokens !== "required") {
            report(
                `${subject} allows IMDSv1 (metadataOptions.httpTokens is ${show(options.httpTokens)}): set metadataOptions.httpTokens to "required".`,
            );
        }
        const hops = options.httpPutResponseHopLimit;
        if (typeof hops !== "number" || hops > maxHopLimit) {
            report(
                `${subject} lets containers reach instance metadata (metadataOptions.httpPutResponseHopLimit is ${show(hops)}${hops === undefined ? ", so the AMI's default applies: 2 on EKS-optimized AMIs" : ""}): set it to ${maxHopLimit}.`,
            );
        }
    }),
    remediationSteps:
        'Set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 1 }; give pods AWS access through IRSA instead.',
    url: "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#restrict-access-to-the-instance-profile-assigned-to-the-worker-node",
};
