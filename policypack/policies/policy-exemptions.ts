import {
    Policies,
    Policy,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidation,
    StackValidationArgs,
} from "@pulumi/policy";
import { exemptedMessage, Exemptions, hasStack, ResourceCheckFn } from "../lib/exemptions";

export const policyExemptionsName = "policy-exemptions";

/** The one list of the pack's run; exported for tests. */
export const exemptions = new Exemptions();

interface ExemptionsConfig {
    exemptions?: unknown;
}

/**
 * The pack's policies with exemptions: `policy-exemptions` first, then each policy wrapped
 * so that what the list exempts is left to `policy-exemptions` to report as advisory.
 */
export function withExemptions(policies: Policies): Policies {
    // The config each stack policy last ran with, captured in the resource phase, so that
    // `policy-exemptions` can find its exempted violations before it reports them itself.
    const stackConfigs = new Map<string, () => unknown>();
    const prechecked = new Set<string>();
    exemptions.knownPolicies = new Set([policyExemptionsName, ...policies.map((p) => p.name)]);

    const wrapped = policies.map((policy): Policy => {
        const copy = { ...policy } as Policy & {
            validateResource?: ResourceCheckFn | ResourceCheckFn[];
            validateStack?: (
                args: StackValidationArgs,
                report: ReportViolation,
            ) => Promise<void> | void;
        };
        const validations = copy.validateResource;
        const stack = hasStack(policy) ? policy : undefined;
        if (validations) {
            const wrap =
                (validation: ResourceCheckFn): ResourceCheckFn =>
                (args, report) => {
                    if (stack) {
                        stackConfigs.set(policy.name, args.getConfig);
                    }
                    return validation(
                        args,
                        exemptions.filter(
                            policy.name,
                            () => args.urn,
                            report,
                            (v) => exemptions.pending.push(v),
                        ),
                    );
                };
            copy.validateResource = Array.isArray(validations)
                ? validations.map(wrap)
                : wrap(validations);
        } else if (stack) {
            copy.validateResource = (args) => {
                stackConfigs.set(policy.name, args.getConfig);
            };
        }
        if (stack) {
            copy.validateStack = (args, report) =>
                stack.validateStack(
                    args,
                    prechecked.has(policy.name)
                        ? exemptions.filter(
                              policy.name,
                              (urn) => urn,
                              report,
                              () => undefined,
                          )
                        : report,
                );
        }
        return copy;
    });

    const policyExemptions: ResourceValidationPolicy & { validateStack: StackValidation } = {
        name: policyExemptionsName,
        description:
            "Checks that each exemption in its config is well-formed, unexpired and matches a violation, and reports each violation an exemption accepts, as advisory with the exemption's reason, owner and expiry.",
        enforcementLevel: "advisory",
        severity: "low",
        configSchema: {
            properties: {
                exemptions: {
                    type: "array",
                    default: [],
                    items: { type: "object" },
                    description:
                        'Violations to accept: [{ resource: "<name or URN>", glob?: <true: resource is a glob>, policies: ["<policy name>"], statements?: [<index or Sid>], documents?: ["<policy, inlinePolicies[1] or an inline policy name>"], reason: "<why>", owner?: "<who>", expires?: "<YYYY-MM-DD>" }]. An accepted violation is reported here, as advisory, with its reason.',
                },
            },
        },
        validateResource: (args) => {
            exemptions.load(args.getConfig<ExemptionsConfig>().exemptions);
        },
        validateStack: async (args, report) => {
            exemptions.load(args.getConfig<ExemptionsConfig>().exemptions);
            for (const problem of exemptions.problems()) {
                report(problem);
            }
            for (const v of exemptions.pending.splice(0)) {
                report(exemptedMessage(v), v.urn);
            }
            for (const policy of policies) {
                const getConfig = stackConfigs.get(policy.name);
                // Only a policy some entry could exempt runs twice.
                if (!hasStack(policy) || !getConfig || !exemptions.couldExempt(policy.name)) {
                    continue;
                }
                prechecked.add(policy.name);
                const only = exemptions.filter(
                    policy.name,
                    (urn) => urn,
                    () => undefined,
                    (v) => report(exemptedMessage(v), v.urn),
                );
                try {
                    await policy.validateStack({ ...args, getConfig: getConfig as never }, only);
                } catch {
                    // The policy itself reports what stops it (unknown values during preview).
                }
            }
            for (const expired of exemptions.expiredEntries()) {
                report(expired);
            }
            for (const stale of exemptions.stale()) {
                report(stale);
            }
        },
        remediationSteps:
            "Fix what an exemption accepts when you can, and remove the exemption; give each exemption the resource and the policies it is for (and the statements, for an IAM document), its reason, its owner and a date it expires.",
        url: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/",
    };

    return [policyExemptions, ...wrapped];
}
