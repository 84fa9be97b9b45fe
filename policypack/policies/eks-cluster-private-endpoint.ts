import { ResourceValidationPolicy } from "@pulumi/policy";
import { parseCidr } from "../lib/cidr";
import { eksClusterSettings } from "../lib/eks";
import { eksClusterTypes } from "../lib/types";
import { validateTypes } from "../lib/validation";
import { asArray, text } from "../lib/values";

export interface EksClusterPrivateEndpointConfig {
    minPrefixLength: number;
}

/** IPv6 prefixes shorter than this are as broad as the whole internet for this purpose. */
const minIpv6PrefixLength = 32;

export const eksClusterPrivateEndpoint: ResourceValidationPolicy = {
    name: "eks-cluster-private-endpoint",
    description:
        "Checks that the EKS API endpoint is private, or public only to a non-empty list of narrow CIDRs (no IPv4 prefix shorter than minPrefixLength, no IPv6 prefix shorter than /32).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            minPrefixLength: {
                type: "integer",
                minimum: 0,
                maximum: 32,
                default: 16,
                description:
                    "Shortest IPv4 prefix allowed in publicAccessCidrs: 0.0.0.0/1 and 128.0.0.0/1 are the whole internet as surely as 0.0.0.0/0.",
            },
        },
    },
    validateResource: validateTypes(eksClusterTypes, (props, subject, report, args) => {
        const { minPrefixLength } = args.getConfig<EksClusterPrivateEndpointConfig>();
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
        for (const cidr of cidrs.map(text)) {
            const prefix = parseCidr(cidr);
            if (!prefix) {
                report(
                    `${subject} has publicAccessCidrs entry "${cidr}", which is not a CIDR: list CIDRs such as 203.0.113.0/24.`,
                );
            } else if (prefix.prefixLength < (prefix.v6 ? minIpv6PrefixLength : minPrefixLength)) {
                report(
                    `${subject} has a public API endpoint open to a large part of the internet (publicAccessCidrs includes "${cidr}", a /${prefix.prefixLength}, broader than /${prefix.v6 ? minIpv6PrefixLength : minPrefixLength}): set ${settings.endpointField} to false, or list only your networks' CIDRs.`,
                );
            }
        }
    }),
    remediationSteps:
        "Set endpointPublicAccess to false and reach the API from inside the VPC, or restrict publicAccessCidrs to known networks.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
};
