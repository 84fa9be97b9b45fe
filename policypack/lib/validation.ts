// The one wrapper every resource policy goes through: it matches type tokens, and turns any
// unexpected error on odd input into a violation instead of a crashed pack.
import { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { UnknownValueError } from "./values";
import { kindOf } from "./types";

export type ResourceCheck = (
    props: Record<string, unknown>,
    subject: string,
    report: ReportViolation,
    args: ResourceValidationArgs,
) => void;

/**
 * A `validateResource` that runs `check` on resources whose type is a key of `types`, with
 * `subject` naming the resource in messages, e.g. `IAM policy "deploy"`.
 */
export function validateTypes(
    types: Record<string, string> | readonly string[],
    check: ResourceCheck,
): ResourceValidation {
    const labels = new Map<string, string>(
        Array.isArray(types)
            ? types.map((t) => [t, labelOf(t)])
            : Object.entries(types as Record<string, string>),
    );
    return (args, report) => {
        const label = labels.get(args.type);
        if (label === undefined) {
            return;
        }
        const subject = `${label} "${args.name}"`;
        try {
            check((args.props ?? {}) as Record<string, unknown>, subject, report, args);
        } catch (e) {
            // Unknown values during preview: the SDK reports them as an advisory note.
            if (e instanceof UnknownValueError) {
                throw e;
            }
            report(
                `${subject} could not be checked, its properties are malformed (${(e as Error).message}): fix their shape.`,
            );
        }
    };
}

/** `ClusterRoleBinding` for `kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding`, `EKS cluster` for EKS types. */
function labelOf(type: string): string {
    if (type.endsWith(":Cluster") && type.includes("eks")) {
        return "EKS cluster";
    }
    return kindOf(type);
}

/**
 * Runs `judge` on each resource of a stack, so that one resource with a value unknown during
 * preview does not stop the others from being judged. When some could not be judged, ends
 * with the SDK's unknown-value error naming them, which it reports as its advisory
 * "can't run policy during preview" after the violations already reported.
 */
export function judgeEach<R extends { urn: string }>(
    resources: readonly R[],
    judge: (resource: R) => void,
): void {
    const unknown = new UnknownResources();
    for (const resource of resources) {
        unknown.attempt(resource.urn, () => judge(resource));
    }
    unknown.raise();
}

/**
 * Resources that could not be read because a value is unknown during preview: `attempt`
 * collects them, `raise` ends with the SDK's unknown-value error naming them, which it
 * reports as its advisory "can't run policy during preview" after the violations already
 * reported.
 */
export class UnknownResources {
    private readonly unknown: { urn: string; error: Error }[] = [];

    /** Runs `read`; an unknown value it meets is recorded against `urn`, any other error thrown. */
    attempt(urn: string, read: () => void): void {
        try {
            read();
        } catch (e) {
            if (!(e instanceof UnknownValueError)) {
                throw e;
            }
            this.unknown.push({ urn, error: e });
        }
    }

    /** Throws the SDK's unknown-value error if any resource could not be read. */
    raise(): void {
        if (this.unknown.length > 0) {
            const error = new Error(
                `${this.unknown.length} resource(s) could not be judged, the others were: ` +
                    this.unknown.map((u) => `${u.urn} (${u.error.message})`).join("; "),
            );
            throw Object.setPrototypeOf(error, UnknownValueError.prototype);
        }
    }
}
