// Models of @pulumi/awsx's EC2 components: `awsx.ec2.Vpc` registers a VPC, its subnets, route
// tables, routes, an internet gateway and NAT gateways; `awsx.ec2.DefaultVpc` only reads the
// account's default VPC. Each value cites pulumi/pulumi-awsx at commit e60adf3c (awsx/ec2/...).
import { ComponentModel, computed, ModelChild, record, UNKNOWN } from "./model";

export const awsxSource = "pulumi/pulumi-awsx@e60adf3c";

/** Subnet types of the default layout: a public and a private subnet per zone (subnetDistributorLegacy.ts:197-211). */
const defaultSubnetTypes = ["Public", "Private"];

const vpc: ComponentModel = {
    source: `${awsxSource} awsx/ec2/vpc.ts`,
    build(ctx, name, inputs) {
        // vpc.ts:124-129: the zones named, else the first numberOfAvailabilityZones (3) of the region.
        const zones =
            (inputs.availabilityZoneNames as string[] | undefined) ??
            ["a", "b", "c", "d", "e", "f"]
                .slice(0, Number(inputs.numberOfAvailabilityZones ?? 3))
                .map((z) => `${ctx.region}${z}`);
        // vpc.ts:131-132
        const strategy = String(record(inputs.natGateways).strategy ?? "OnePerAz").toLowerCase();
        const types =
            (inputs.subnetSpecs as Record<string, unknown>[] | undefined)?.map((s) =>
                String(s.type),
            ) ?? defaultSubnetTypes;
        const sharedTags = { Name: name, ...record(inputs.tags) };
        const {
            subnetSpecs: _s,
            natGateways: _n,
            numberOfAvailabilityZones: _z,
            availabilityZoneNames: _a,
            subnetStrategy: _t,
            ...vpcArgs
        } = inputs;
        const subnets: ModelChild[] = [];
        const natGateways: ModelChild[] = [];
        const ids: Record<string, unknown[]> = { public: [], private: [], isolated: [] };
        zones.forEach((zone, i) => {
            // Public subnets first, so the NAT gateway exists for private ones (vpc.ts:193-196).
            for (const type of [...types].sort((x, y) =>
                x === "Public" ? -1 : y === "Public" ? 1 : 0,
            )) {
                // subnetNaming.ts:47-57: `${vpc}-${type}-${zone index + 1}`.
                const resourceName = `${name}-${type.toLowerCase()}-${i + 1}`;
                const routeTable: ModelChild = {
                    type: "aws:ec2/routeTable:RouteTable",
                    name: resourceName,
                    inputs: {
                        vpcId: UNKNOWN,
                        tags: { ...sharedTags, Name: resourceName, SubnetType: type },
                    },
                    children: [
                        {
                            type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
                            name: resourceName,
                            inputs: { routeTableId: UNKNOWN, subnetId: UNKNOWN },
                        },
                    ],
                };
                const subnet: ModelChild = {
                    // vpc.ts:212-231
                    type: "aws:ec2/subnet:Subnet",
                    name: resourceName,
                    inputs: {
                        vpcId: UNKNOWN,
                        availabilityZone: zone,
                        mapPublicIpOnLaunch: type === "Public",
                        assignIpv6AddressOnCreation: false,
                        tags: { ...sharedTags, Name: resourceName, SubnetType: type },
                    },
                    children: [routeTable],
                };
                const nat =
                    type === "Public" &&
                    (strategy === "oneperaz" ||
                        (strategy === "single" && natGateways.length === 0));
                if (nat) {
                    // vpc.ts:279-309: an EIP and a NAT gateway in the public subnet.
                    const gateway: ModelChild = {
                        type: "aws:ec2/natGateway:NatGateway",
                        name: `${name}-${i + 1}`,
                        inputs: {
                            subnetId: UNKNOWN,
                            allocationId: UNKNOWN,
                            tags: { ...record(inputs.tags), Name: `${name}-${i + 1}` },
                        },
                    };
                    natGateways.push(gateway);
                    subnet.children!.push(
                        {
                            type: "aws:ec2/eip:Eip",
                            name: `${name}-${i + 1}`,
                            inputs: { tags: { ...record(inputs.tags), Name: `${name}-${i + 1}` } },
                        },
                        gateway,
                    );
                }
                // vpc.ts:311-345: public subnets route to the internet gateway, private ones to NAT.
                if (type === "Public" || (type === "Private" && strategy !== "none")) {
                    routeTable.children!.push({
                        type: "aws:ec2/route:Route",
                        name: resourceName,
                        inputs: {
                            routeTableId: UNKNOWN,
                            destinationCidrBlock: "0.0.0.0/0",
                            ...(type === "Public"
                                ? { gatewayId: UNKNOWN }
                                : { natGatewayId: UNKNOWN }),
                        },
                    });
                }
                subnets.push(subnet);
                ids[type.toLowerCase()]?.push(computed(ctx, `subnet-${resourceName}`));
            }
        });
        const vpcChild: ModelChild = {
            // vpc.ts:492-500, with the internet gateway as its child (vpc.ts:165-173).
            type: "aws:ec2/vpc:Vpc",
            name,
            inputs: {
                ...vpcArgs,
                cidrBlock: inputs.cidrBlock ?? "10.0.0.0/16",
                enableDnsHostnames: inputs.enableDnsHostnames ?? true,
                enableDnsSupport: inputs.enableDnsSupport ?? true,
                tags: sharedTags,
            },
            children: [
                {
                    type: "aws:ec2/internetGateway:InternetGateway",
                    name,
                    inputs: { vpcId: UNKNOWN, tags: sharedTags },
                },
                ...subnets,
            ],
        };
        return {
            children: [vpcChild],
            outputs: {
                vpc: ctx.ref(vpcChild),
                vpcId: computed(ctx, `vpc-${name}`),
                subnets: subnets.map((s) => ctx.ref(s)),
                publicSubnetIds: ids.public,
                privateSubnetIds: ids.private,
                isolatedSubnetIds: ids.isolated,
                natGateways: natGateways.map((n) => ctx.ref(n)),
            },
        };
    },
};

const defaultVpc: ComponentModel = {
    // defaultVpc.ts: no children; the ids come from aws.ec2.getVpc({ default: true }) and
    // getSubnets (getDefaultVpc.ts), which run in a preview too, so they are known there.
    source: `${awsxSource} awsx/ec2/defaultVpc.ts`,
    build(ctx) {
        const zones = ["a", "b", "c"].map((z) => `${ctx.region}${z}`);
        return {
            children: [],
            outputs: {
                vpcId: "vpc-preflight-default",
                publicSubnetIds: zones.map((z) => `subnet-preflight-default-${z}`),
                privateSubnetIds: [],
            },
        };
    },
};

export const awsxModels: Record<string, ComponentModel> = {
    "awsx:ec2:Vpc": vpc,
    "awsx:ec2:DefaultVpc": defaultVpc,
};
