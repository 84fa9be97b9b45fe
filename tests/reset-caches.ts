// Mocha root hook: every test judges afresh. The evaluator keeps verdicts in module-level
// caches (policypack/lib/caches.ts); without a reset a test could pass on a verdict an
// earlier test computed, and under Stryker on one another mutant computed (the mocha runner
// loads the code once and switches mutants in the same process).
import { resetCaches } from "../policypack/lib/caches";

export const mochaHooks = {
    beforeEach(): void {
        resetCaches();
    },
};
