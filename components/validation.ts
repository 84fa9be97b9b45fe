// Synchronous argument checks shared by the components. Each throws before the component
// registers any child, naming the argument, the bad value and the fix.
import { parseCidr } from "../policypack/lib/cidr";
import { show } from "../policypack/lib/values";

/** The error every component throws for a bad argument. */
export class ArgumentError extends Error {
    constructor(
        component: string,
        name: string,
        argument: string,
        value: unknown,
        problem: string,
        fix: string,
    ) {
        super(`${component} "${name}": ${argument} ${show(value)} ${problem}: ${fix}`);
        this.name = "ArgumentError";
    }
}

/** Kubernetes names of namespaces and labels: lower case alphanumerics and '-', at most 63. */
export const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Kubernetes object names such as ServiceAccounts: DNS-1123 subdomains, at most 253. */
export const dns1123Subdomain =
    /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A closure bound to one component instance, so each check names it. */
export type Fail = (argument: string, value: unknown, problem: string, fix: string) => never;

export function failer(component: string, name: string): Fail {
    return (argument, value, problem, fix) => {
        throw new ArgumentError(component, name, argument, value, problem, fix);
    };
}

export function checkDns1123Label(fail: Fail, argument: string, value: unknown): string {
    if (typeof value !== "string" || !dns1123Label.test(value)) {
        fail(
            argument,
            value,
            "is not a DNS-1123 label",
            "use 1 to 63 lower case letters, digits and '-', starting and ending with a letter or digit",
        );
    }
    return value as string;
}

export function checkDns1123Subdomain(fail: Fail, argument: string, value: unknown): string {
    if (typeof value !== "string" || !dns1123Subdomain.test(value)) {
        fail(
            argument,
            value,
            "is not a DNS-1123 name",
            "use lower case letters, digits, '-' and '.', starting and ending with a letter or digit",
        );
    }
    return value as string;
}

/** Why a value that names children must be known before deployment, and how to give it. */
const unknownValue = {
    problem:
        "is not known before deployment (an Output or a Promise), and the children it makes are named after its value, so that removing or reordering entries never re-points one",
    fix: 'pass the ARN as a string: from config, or awaited in an async program, e.g. `await stackReference.getOutputValue("adminRoleArn")`',
};

/**
 * Every element of `values` must be known now as a plain string: children are named after
 * it (see names.ts), so an Output, whose value only deployment knows, cannot name one.
 */
export function checkKnownStrings(fail: Fail, argument: string, values: unknown[]): string[] {
    values.forEach((value, i) => {
        if (!isPlainString(value)) {
            fail(`${argument}[${i}]`, value, unknownValue.problem, unknownValue.fix);
        }
    });
    return values as string[];
}

/** Each entry must be an IAM role ARN known now, as a string; the entry names its argument. */
export function checkRoleArns(fail: Fail, entries: [argument: string, arn: unknown][]): void {
    for (const [argument, arn] of entries) {
        if (!isPlainString(arn)) {
            fail(argument, arn, unknownValue.problem, unknownValue.fix);
        }
        if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn as string)) {
            fail(
                argument,
                arn,
                "is not an IAM role ARN",
                "pass arn:aws:iam::<account>:role/<name>",
            );
        }
    }
}

/** A value that is not `undefined` must be a plain (not Output) array. */
export function checkArray(fail: Fail, argument: string, value: unknown): unknown[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        fail(argument, value, "is not a list", "pass an array");
    }
    return value as unknown[];
}

/** Whether a `pulumi.Input` is known now as a plain string (not an Output or a Promise). */
export function isPlainString(value: unknown): value is string {
    return typeof value === "string";
}

/** Whether `value` is an IPv4 or IPv6 CIDR such as `10.0.0.0/16` or `2001:db8::/32`. */
export function isCidr(value: string): boolean {
    return parseCidr(value) !== undefined;
}

/**
 * EKS allows one access entry per IAM principal and cluster: refuses a principal ARN (known
 * now) that `entries` lists twice, naming both places.
 */
export function checkOneAccessEntryEach(
    fail: Fail,
    entries: [argument: string, arn: unknown][],
): void {
    const seen = new Map<string, string>();
    for (const [argument, arn] of entries) {
        if (!isPlainString(arn)) {
            continue;
        }
        const first = seen.get(arn);
        if (first !== undefined) {
            fail(
                argument,
                arn,
                `is also ${first}, and EKS allows one access entry per principal`,
                "list each IAM role once across admins and tenant teams",
            );
        }
        seen.set(arn, argument);
    }
}
