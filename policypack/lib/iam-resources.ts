// How much of an action's resources a statement's Resource element covers, judged against
// the ARN formats of the resource types the action takes (Service Authorization Reference).
import { ClearableWeakMap, resettable } from "./caches";
import { ActionData, resourceTypeArn } from "./iam-actions";
import {
    intersects,
    reachesWholeService,
    resetArnMatchCaches,
    wideAlignment,
} from "./iam-arn-match";

/**
 * Read from what the wildcards can match of the ARN formats of the action's resource types
 * (docs/iam-judgement.md §1):
 * - `all`: `*`, or an ARN of one of those types' services whose whole resource part comes
 *   from wildcards (`arn:aws:s3:::*`, `arn:aws:ec2:*:*:*`, `arn:aws:iam::*`, `arn:*`);
 * - `type-wide`: reaches every resource of a type: each identifying variable's part holds a
 *   wildcard, after fewer than 3 literal characters for a name (`volume/*`, `role/*o*`,
 *   `role/A*`, `role/*-prod`, `secret:db*`) or anywhere in a generated id (`instance/i-*`,
 *   `key/mrk-*`, `hostedzone/Z1*`);
 * - `scoped`: anything narrower (`role/app-*`, `role/eks/*`, an ASG named but its generated
 *   id wildcarded), and an ARN of no type the action takes (it grants nothing).
 */
export type Breadth = "all" | "type-wide" | "scoped";

const order: Record<Breadth, number> = { scoped: 0, "type-wide": 1, all: 2 };

/** The broader of two breadths. */
export const broader = (a: Breadth, b: Breadth): Breadth => (order[a] >= order[b] ? a : b);

const breadths = resettable(new ClearableWeakMap<ActionData, Map<string, Breadth>>());

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
        // `${aws:PrincipalTag/team, 'x'}`: a caller without the key gets the default value
        // (IAM User Guide, "IAM policy elements: Variables and tags", specifying default
        // values), so the Resource also reaches what the default spells, read as written.
        const defaulted = withDefaultValues(resource);
        if (defaulted !== resource) {
            breadth = broader(breadth, judgeBreadth(defaulted, service, action));
        }
        known.set(resource, breadth);
    }
    return breadth;
}

/** Forgets every judged breadth and ARN search, so a test judges afresh. */
export function resetBreadthCaches(): void {
    breadths.clear();
    resetArnMatchCaches();
}

/**
 * The Resource is matched against the ARN format of each resource type the action takes,
 * looked up in the action's own service file, whose format names the service the ARN has
 * (`sts:AssumeRole` takes IAM roles, `ssm:SendCommand` EC2 instances): an ARN of no such
 * type matches nothing the action can use.
 */
function judgeBreadth(resource: string, service: string, action: ActionData): Breadth {
    if (/^[*?]+$/.test(resource)) {
        return "all";
    }
    let breadth: Breadth = "scoped";
    for (const type of action.resourceTypes) {
        const format = resourceTypeArn(service, type.name);
        if (format === undefined || !intersects(resource, format)) {
            continue;
        }
        if (reachesWholeService(resource, format)) {
            return "all";
        }
        if (breadth === "scoped" && wideAlignment(resource, format)) {
            breadth = "type-wide";
        }
    }
    return breadth;
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

/**
 * `text` with each policy variable that has a default value (`${key, 'default'}`) replaced by
 * that value, as IAM reads it for a caller without the key (IAM User Guide, "IAM policy
 * elements: Variables and tags", specifying default values).
 */
export function withDefaultValues(text: string): string {
    return text.replace(/\$\{[^},]*,\s*'([^']*)'\s*\}/g, "$1");
}
