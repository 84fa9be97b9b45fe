// Runs StrykerJS over policypack/ one area at a time, each with its own JSON report in
// reports/mutation/area-<name>.json, so a long run keeps what it measured if it is stopped and an
// area can be measured again on its own. `node mutation/score.mjs` adds the reports up.
//
//   node mutation/run-areas.mjs            # every area, in this order
//   node mutation/run-areas.mjs rbac-rules iam-core
//   node mutation/run-areas.mjs --incremental rbac-rules
//   node mutation/run-areas.mjs --retry-timeouts iam-paths
//
// --incremental hands StrykerJS the area's last report (reports/mutation/incremental-<name>.json,
// copied from area-<name>.json the first time): mutants whose code and covering tests did not
// change keep their result, and survivors and mutants reached by new or changed tests run again
// (https://stryker-mutator.io/docs/stryker-js/incremental/).
//
// --retry-timeouts is --incremental that also runs again every mutant the last report says timed
// out: StrykerJS counts a timeout as killed, and on a machine shared with other jobs a mutant
// whose tests merely ran slow times out as surely as one that loops forever.
//
// Each area reuses mutation/stryker.config.json with its `mutate` list, a json and clear-text
// report, and no break threshold (the score is judged over all areas together).
import { spawnSync } from "node:child_process";
import {
    copyFileSync,
    existsSync,
    readFileSync,
    readdirSync,
    writeFileSync,
    rmSync,
} from "node:fs";

const lib = (...names) => names.map((n) => `policypack/lib/${n}.ts`);
const areas = {
    "rbac-rules": lib(
        "rbac-rules",
        "rbac",
        "rbac-paths",
        "rbac-namespaces",
        "rbac-aggregation",
        "rbac-accounts",
        "label-selector",
        "rbac-identity",
        "rbac-not-escalation-powers",
    ),
    "rbac-powers": lib("rbac-grants", "rbac-power-checks", "rbac-powers", "rbac-escalation-powers"),
    "rbac-graph": lib(
        "rbac-graph",
        "rbac-objects",
        "rbac-eks-access",
        "kubernetes-default-rbac",
        "eks-access-policies",
        "kubernetes-cluster-scoped-resources",
        "aws-auth",
        "k8s-yaml",
        "eks-identity",
    ),
    "iam-core": lib(
        "iam-arn-match",
        "iam-actions",
        "iam-document",
        "iam-principals",
        "iam-grant-check",
        "iam-sensitive-actions",
    ),
    "iam-paths": lib(
        "iam-document-sources",
        "iam-cluster-admin",
        "iam-condition-table",
        "iam-eks-access",
        "iam-tag-paths",
        "iam-policy-sources",
        "iam-data-reads",
        "iam-injection-actions",
        "managed-policies",
    ),
    "iam-judgement": lib("cidr", "iam-resources", "iam-conditions", "iam-grants"),
    other: lib(
        "controls",
        "exemptions",
        "validation",
        "values",
        "struct-decoder",
        "eks-versions",
        "eks-version-support",
        "irsa-trust",
        "caches",
        "k8s",
        "eks",
        "compliance",
        "analyze-cache",
        "types",
        "kubernetes-default-rbac-data",
    ),
    policies: ["policypack/policies/**/*.ts"],
};

// A file of policypack/lib that no area names would never be mutated: refuse to run without it.
const named = new Set(Object.values(areas).flat());
const missing = readdirSync("policypack/lib")
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `policypack/lib/${f}`)
    .filter((f) => !named.has(f));
if (missing.length > 0)
    throw new Error(`add to an area of mutation/run-areas.mjs: ${missing.join(", ")}`);

// Arguments after `--` go to every `stryker run` (e.g. `-- --concurrency 3`).
const dashes = process.argv.indexOf("--");
const own = dashes < 0 ? process.argv.slice(2) : process.argv.slice(2, dashes);
const passed = dashes < 0 ? [] : process.argv.slice(dashes + 1);
const retryTimeouts = own.includes("--retry-timeouts");
const incremental = retryTimeouts || own.includes("--incremental");
const wanted = own.filter((a) => a !== "--incremental" && a !== "--retry-timeouts");
for (const name of wanted)
    if (!(name in areas))
        throw new Error(`no area "${name}"; areas: ${Object.keys(areas).join(", ")}`);
const base = JSON.parse(readFileSync("mutation/stryker.config.json", "utf8"));
const config = "mutation/.area.json";
for (const [name, mutate] of Object.entries(areas)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const report = `reports/mutation/area-${name}.json`;
    const previous = `reports/mutation/incremental-${name}.json`;
    if (incremental && !existsSync(previous) && existsSync(report)) copyFileSync(report, previous);
    if (retryTimeouts && existsSync(previous)) {
        // A mutant missing from the incremental file is new to StrykerJS: it runs again.
        const last = JSON.parse(readFileSync(previous, "utf8"));
        let dropped = 0;
        for (const file of Object.values(last.files)) {
            const kept = file.mutants.filter((m) => m.status !== "Timeout");
            dropped += file.mutants.length - kept.length;
            file.mutants = kept;
        }
        writeFileSync(previous, JSON.stringify(last));
        console.log(`=== ${name}: ${dropped} timed-out mutant(s) to run again`);
    }
    writeFileSync(
        config,
        JSON.stringify({
            ...base,
            $schema: undefined,
            mutate,
            reporters: ["clear-text", "progress", "json"],
            jsonReporter: { fileName: report },
            ...(incremental ? { incremental: true, incrementalFile: previous } : {}),
            thresholds: { ...base.thresholds, break: null },
        }),
    );
    const started = Date.now();
    console.log(`=== ${name}: ${mutate.length} file pattern(s)`);
    const run = spawnSync("npx", ["stryker", "run", config, ...passed], { stdio: "inherit" });
    console.log(
        `=== ${name}: exit ${run.status} after ${Math.round((Date.now() - started) / 1000)} s`,
    );
}
rmSync(config, { force: true });
