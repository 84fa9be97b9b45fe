// Property tests run with a fixed seed in CI, so a run is reproducible and its time bounded:
// fast-check's default (a new seed each run, 100 runs) for every fc.assert that sets neither.
// FC_SEED picks another seed for a local exploration run.
//
// FC_RUNS_SCALE multiplies every property's number of runs (default 1). The mutation run
// (mutation/stryker.config.json's npm script) sets 0.2: a surviving mutant runs every test that
// reaches it, and at full count the property tests take most of an hour-long run.
import * as fc from "fast-check";

const scale = Number(process.env.FC_RUNS_SCALE ?? 1);

/** `n` runs of a property, scaled by FC_RUNS_SCALE (at least one). */
export function runs(n: number): number {
    return Math.max(1, Math.round(n * scale));
}

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261128), numRuns: runs(100) });
