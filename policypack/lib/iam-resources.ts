// How much of an action's resources a statement's Resource element covers, judged against
// the ARN formats of the resource types the action takes (Service Authorization Reference).
import { ActionData, globRegex, resourceTypeArn } from "./iam-actions";

/**
 * - `all`: `*`, or an ARN whose resource part is only wildcards (`arn:aws:s3:::*`,
 *   `arn:aws:ec2:*:*:*`);
 * - `type-wide`: fixes a resource type and wildcards its identifiers (`volume/*`,
 *   `arn:aws:route53:::hostedzone/*`, `role/*`);
 * - `scoped`: anything narrower, including an ARN that names the resource and wildcards
 *   only a generated id (`autoScalingGroup:*:autoScalingGroupName/eks-ng-1`), and an ARN
 *   the action cannot apply to.
 */
export type Breadth = "all" | "type-wide" | "scoped";

const order: Record<Breadth, number> = { scoped: 0, "type-wide": 1, all: 2 };

/** The broader of two breadths. */
export const broader = (a: Breadth, b: Breadth): Breadth => (order[a] >= order[b] ? a : b);

/** `arn:partition:service:region:account:resource`, split at its first five colons. */
function arnParts(arn: string): { service: string; resource: string } | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    return { service: parts[2], resource: parts.slice(5).join(":") };
}

/** A value for every `${Variable}` of an ARN format that no narrower pattern can match. */
const sampleId = "Hx7qSampleId";

/** The resource part of an ARN format with every variable set to `sampleId`. */
function sampleResource(format: string): string | undefined {
    return arnParts(format.replace(/\$\{[^}]*\}/g, sampleId))?.resource;
}

const breadths = new WeakMap<ActionData, Map<string, Breadth>>();

/** How much of `action`'s resources (of `service`) one Resource entry covers. */
export function resourceBreadth(resource: string, service: string, action: ActionData): Breadth {
    // The same few ARNs meet the same actions in document after document.
    let known = breadths.get(action);
    if (!known) {
        known = new Map();
        breadths.set(action, known);
    }
    let breadth = known.get(resource);
    if (breadth === undefined) {
        breadth = judgeBreadth(resource, service, action);
        known.set(resource, breadth);
    }
    return breadth;
}

function judgeBreadth(resource: string, service: string, action: ActionData): Breadth {
    if (/^[*?]+$/.test(resource)) {
        return "all";
    }
    const arn = arnParts(resource);
    if (!arn || !globRegex(arn.service.toLowerCase()).test(service.toLowerCase())) {
        return "scoped";
    }
    if (/^[*?:/]*\*[*?:/]*$/.test(arn.resource)) {
        return "all";
    }
    // Type-wide when the pattern matches a sample of some resource type whose identifiers
    // are all arbitrary: it then matches every resource of that type.
    const pattern = globRegex(arn.resource);
    for (const type of action.resourceTypes) {
        const format = resourceTypeArn(service, type.name);
        const sample = format && sampleResource(format);
        if (sample !== undefined && pattern.test(sample)) {
            return "type-wide";
        }
    }
    return "scoped";
}

/** The broadest breadth of a statement's Resource entries for one action. */
export function statementBreadth(
    resources: string[],
    service: string,
    action: ActionData,
): Breadth {
    let breadth: Breadth = "scoped";
    for (const resource of resources) {
        breadth = broader(breadth, resourceBreadth(resource, service, action));
    }
    return breadth;
}

/** An action's first resource type's ARN format, readable: `arn:aws:ec2:<Region>:<Account>:volume/<VolumeId>`. */
export function exampleArn(service: string, action: ActionData): string | undefined {
    // A required type, else the plainest format (s3:GetObject: an object, not an access point's).
    const formats = action.resourceTypes
        .filter((t) => t.required || !action.resourceTypes.some((r) => r.required))
        .map((t) => resourceTypeArn(service, t.name))
        .filter((f): f is string => f !== undefined)
        .sort((a, b) => a.length - b.length);
    const format = formats[0];
    return format
        ?.replace("${Partition}", "aws")
        .replace(/\$\{([^}]*)\}/g, (_, name: string) => `<${name}>`);
}
