// Who can reach the cluster's Kubernetes API, so that the first `pulumi up`, whose
// Kubernetes provider creates the admission policy and the tenants, gets through.
//
// The endpoint is private by default, and the cluster security group EKS creates admits
// only itself (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html), so
// nothing outside the cluster reaches it. The EKS User Guide says what to do
// (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html, "Accessing a
// private only API server"): "You must ensure that your Amazon EKS control plane security
// group contains rules to allow ingress traffic on port 443 from your bastion host" (or
// connected network).
//
// The rules go on a security group of their own, passed to the cluster in
// `vpcConfig.securityGroupIds`, rather than on the EKS-created cluster security group:
// EKS attaches the security groups you specify to the control plane's network interfaces
// only, "However, it doesn't associate them to any node groups that you create"
// (sec-group-reqs.html), while the cluster security group is also on every managed node.
// So a CI runner's or VPN's CIDR reaches the API and not port 443 of every node. The group
// exists before the cluster, so the API is reachable from its first minute; an existing
// cluster gets it through an in-place UpdateClusterConfig (security groups can change since
// October 2023: https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterConfig.html).
// terraform-aws-eks v21.19.0 does the same (main.tf:397-416, `aws_security_group.cluster`).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../policypack/lib/cidr";
import { checkArray, Fail, isCidr, isPlainString } from "./validation";

/** The arguments of HardenedCluster that decide who reaches its API. */
export interface ApiAccessArgs {
    apiAccessCidrs?: string[];
    apiAccessSecurityGroupIds?: pulumi.Input<string>[];
    endpointPublicAccess?: boolean;
    publicAccessCidrs?: string[];
}

/** Security group IDs as EC2 spells them. */
const securityGroupIdPattern = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;

/**
 * Checks the API access arguments: narrow CIDRs, known security group IDs, no duplicates,
 * and at least one way in, since the component creates Kubernetes objects through the API.
 * `publicAccessCidrs` alone is a way in only from outside the VPC: the private endpoint is
 * always on, and "Kubernetes API requests from within your cluster's VPC use the private VPC
 * endpoint" (https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html),
 * whose security group admits only `apiAccessCidrs` and `apiAccessSecurityGroupIds`. Which
 * side `pulumi up` runs on is not known here, so that is said, not refused.
 */
export function validateApiAccess(fail: Fail, args: ApiAccessArgs): void {
    const cidrs = checkArray(fail, "apiAccessCidrs", args.apiAccessCidrs);
    checkNarrowCidrs(fail, "apiAccessCidrs", cidrs, {
        internet: "opens the private API endpoint to every network routed to the VPC",
        fix: "list the CIDRs of the CI runners, VPN or bastion that run `pulumi up` and kubectl",
        example: "10.0.0.0/16",
    });
    const groups = checkArray(fail, "apiAccessSecurityGroupIds", args.apiAccessSecurityGroupIds);
    const seen = new Set<string>();
    groups.forEach((id, i) => {
        const argument = `apiAccessSecurityGroupIds[${i}]`;
        if (!isPlainString(id)) {
            fail(
                argument,
                id,
                "is not known before deployment (an Output or a Promise), and the ingress rule it makes is named after its value, so that removing or reordering entries never re-points one",
                'pass the ID as a string: from config, or awaited in an async program, e.g. `await stackReference.getOutputValue("runnerSecurityGroupId")`',
            );
        }
        if (!securityGroupIdPattern.test(id as string)) {
            fail(argument, id, "is not a security group ID", "use the form sg-0123456789abcdef0");
        }
        if (seen.has(id as string)) {
            fail(argument, id, "is listed twice", "list each security group once");
        }
        seen.add(id as string);
    });
    validateEndpoint(fail, args);
    const publicCidrs = args.endpointPublicAccess ? (args.publicAccessCidrs ?? []) : [];
    if (cidrs.length === 0 && groups.length === 0 && publicCidrs.length === 0) {
        fail(
            "apiAccessCidrs",
            args.apiAccessCidrs,
            "and apiAccessSecurityGroupIds are empty and the endpoint is private, so nothing can reach the Kubernetes API the component creates its admission policy and tenants through",
            "list the CIDRs of the machine that runs `pulumi up` (a CI runner subnet, a VPN range) in apiAccessCidrs, or its security groups in apiAccessSecurityGroupIds, or, for a machine outside the VPC, open the public endpoint to it with endpointPublicAccess: true and publicAccessCidrs (inside the VPC the endpoint resolves to the private one)",
        );
    }
}

function validateEndpoint(fail: Fail, args: ApiAccessArgs): void {
    if (!args.endpointPublicAccess) {
        if (args.publicAccessCidrs !== undefined) {
            fail(
                "publicAccessCidrs",
                args.publicAccessCidrs,
                "is set while endpointPublicAccess is off",
                "set endpointPublicAccess: true to use it, or remove it",
            );
        }
        return;
    }
    const cidrs = checkArray(fail, "publicAccessCidrs", args.publicAccessCidrs);
    if (cidrs.length === 0) {
        fail(
            "publicAccessCidrs",
            args.publicAccessCidrs,
            "is empty while endpointPublicAccess is on, which EKS reads as 0.0.0.0/0",
            "list the CIDRs of your offices or CI runners",
        );
    }
    checkNarrowCidrs(fail, "publicAccessCidrs", cidrs, {
        internet: "opens the API endpoint to the whole internet",
        fix: "list the CIDRs of your offices or CI runners, or keep the endpoint private",
        example: "203.0.113.0/24",
    });
}

/**
 * Each entry must be a CIDR, listed once, and narrower than the internet: not `0.0.0.0/0`
 * or `::/0`, and no prefix shorter than /8 (`0.0.0.0/1` and `128.0.0.0/1` are the whole
 * internet as surely as `0.0.0.0/0`).
 */
function checkNarrowCidrs(
    fail: Fail,
    argument: string,
    cidrs: unknown[],
    words: { internet: string; fix: string; example: string },
): void {
    const seen = new Set<string>();
    cidrs.forEach((cidr, i) => {
        const at = `${argument}[${i}]`;
        if (cidr === "0.0.0.0/0" || cidr === "::/0") {
            fail(at, cidr, words.internet, words.fix);
        }
        if (typeof cidr !== "string" || !isCidr(cidr)) {
            fail(at, cidr, "is not a CIDR", `use the form ${words.example}`);
        }
        const text = cidr as string;
        if (parseCidr(text)!.prefixLength < 8) {
            fail(at, cidr, `${words.internet} (a prefix shorter than /8)`, words.fix);
        }
        if (seen.has(text.toLowerCase())) {
            fail(at, cidr, "is listed twice", "list each CIDR once");
        }
        seen.add(text.toLowerCase());
    });
}

/**
 * The key an ingress rule is named after for a CIDR or a security group ID, e.g.
 * `10.0.0.0-16`, `2001-db8---32` or `sg-0123456789abcdef0`: ':' and '/' are not wanted in
 * a URN, and no CIDR or ID contains '-' except an ID's own, so distinct sources give
 * distinct keys.
 */
export function apiSourceKey(source: string): string {
    return source.toLowerCase().replace(/[:/]/g, "-");
}

/** What one ingress rule admits: TCP 443 from a CIDR or from members of a security group. */
export function apiIngressRuleArgs(
    securityGroupId: pulumi.Input<string>,
    source: { cidr: string } | { securityGroupId: string },
    tags?: Record<string, string>,
): aws.vpc.SecurityGroupIngressRuleArgs {
    const from =
        "cidr" in source
            ? parseCidr(source.cidr)!.v6
                ? { cidrIpv6: source.cidr }
                : { cidrIpv4: source.cidr }
            : { referencedSecurityGroupId: source.securityGroupId };
    return {
        securityGroupId,
        description: `Kubernetes API (HTTPS) from ${"cidr" in source ? source.cidr : source.securityGroupId}`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        ...from,
        tags,
    };
}

/**
 * Creates the API access security group (for `vpcConfig.securityGroupIds`) and one ingress
 * rule per CIDR and per security group, each named after its source.
 */
export function createApiAccess(
    name: string,
    clusterName: string,
    vpcId: pulumi.Input<string>,
    args: ApiAccessArgs,
    tags: Record<string, string> | undefined,
    parent: pulumi.Resource,
): { securityGroup: aws.ec2.SecurityGroup; rules: aws.vpc.SecurityGroupIngressRule[] } {
    // No `name`: Pulumi gives it a unique one, so a left-over group never blocks a later `up`.
    // No rules inline: the provider then removes the default allow-all egress rule, and the
    // control plane keeps the egress of the cluster security group.
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-api-access`,
        {
            vpcId,
            description: `Kubernetes API access to EKS cluster ${clusterName}`,
            tags,
        },
        { parent },
    );
    const sources = [
        ...(args.apiAccessCidrs ?? []).map((cidr) => ({ key: cidr, source: { cidr } })),
        ...((args.apiAccessSecurityGroupIds ?? []) as string[]).map((id) => ({
            key: id,
            source: { securityGroupId: id },
        })),
    ];
    const rules = sources.map(
        ({ key, source }) =>
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-from-${apiSourceKey(key)}`,
                apiIngressRuleArgs(securityGroup.id, source, tags),
                { parent },
            ),
    );
    return { securityGroup, rules };
}
