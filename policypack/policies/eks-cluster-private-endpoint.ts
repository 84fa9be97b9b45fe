import { ResourceValidationPolicy } from "@pulumi/policy";
import { eksClusterSettings } from "../lib/eks";
import { eksClusterTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { asArray, text } from "../lib/values";

const openToAll = ["0.0.0.0/0", "::/0"];

export const eksClusterPrivateEndpoint: ResourceValidationPolicy = {
    name: "eks-cluster-private-endpoint",
    description:
        "Checks that the EKS API endpoint is private, or public only to a non-empty list of CIDRs that excludes 0.0.0.0/0 and ::/0.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateTypes(eksClusterTypes, (props, subject, report, args) => {
        const settings = eksClusterSettings(args.type, props);
        if (settings.endpointPublicAccess === false) {
            return;
        }
        const state = settings.endpointPublicAccess === undefined ? "unset, which means on" : "on";
        const cidrs = asArray(settings.publicAccessCidrs) ?? [];
        if (cidrs.length === 0) {
            report(
                `${subject} has a public API endpoint open to the internet (${settings.endpointField} is ${state} with no publicAccessCidrs): set ${settings.endpointField} to false, or list the CIDRs allowed.`,
            );
            return;
        }
        for (const cidr of cidrs.filter((c) => openToAll.includes(text(c)))) {
            report(
                `${subject} has a public API endpoint open to the internet (publicAccessCidrs includes "${text(cidr)}"): set ${settings.endpointField} to false, or list only the CIDRs allowed.`,
            );
        }
    }),
    remediationSteps:
        "Set endpointPublicAccess to false and reach the API from inside the VPC, or restrict publicAccessCidrs to known networks.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
};
