// Property tests run with a fixed seed in CI, so a run is reproducible and its time bounded:
// fast-check's default (a new seed each run, 100 runs) for every fc.assert that sets neither.
// FC_SEED picks another seed for a local exploration run.
import * as fc from "fast-check";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261128), numRuns: 100 });
