// What the engine is told about policy-exemptions (GetAnalyzerInfo): its level, its severity
// and the config schema `pulumi preview` checks a stack's exemptions against before the pack
// runs. pack.test.ts asserts the same over the analyzer protocol, in a child process StrykerJS
// never reaches; this asserts it in-process.
import * as assert from "assert";
import { exemptions, withExemptions } from "../../policypack/policies/policy-exemptions";

describe("policy-exemptions: what the engine is told", () => {
    let packPolicies: typeof exemptions.knownPolicies;
    before(() => (packPolicies = exemptions.knownPolicies));
    after(() => (exemptions.knownPolicies = packPolicies));

    it("is advisory and low, with a list of entry objects, empty by default, as its config", () => {
        const [policy] = withExemptions([]);
        assert.strictEqual(policy.name, "policy-exemptions");
        assert.strictEqual(policy.enforcementLevel, "advisory");
        assert.strictEqual(policy.severity, "low");
        const exemptionsSchema = policy.configSchema?.properties?.exemptions as Record<
            string,
            unknown
        >;
        assert.deepStrictEqual(
            { ...exemptionsSchema, description: undefined },
            { type: "array", default: [], items: { type: "object" }, description: undefined },
        );
        assert.match(
            String(exemptionsSchema.description),
            /^Violations to accept: \[\{ resource: "<name or URN>", glob\?: .*reason: "<why>".*\]\. An accepted violation is reported here, as advisory, with its reason\.$/,
        );
        assert.match(
            policy.description ?? "",
            /^Checks that each exemption in its config is well-formed, unexpired and matches a violation/,
        );
        assert.match(
            policy.remediationSteps ?? "",
            /^Fix what an exemption accepts when you can, and remove the exemption/,
        );
        assert.strictEqual(
            policy.url,
            "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/",
        );
    });
});
