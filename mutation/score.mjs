// Mutation score from one or more StrykerJS JSON reports (mutation-testing-report-schema), per
// file and in total, with the equivalent mutants of mutation/equivalent-mutants.md set apart.
//
//   node mutation/score.mjs [report.json ...] [--survivors]
//
// With no report named it reads every *.json in reports/mutation/ but the incremental inputs. A file that appears in several
// reports is taken from the newest one (by modification time), so a per-file rerun replaces the
// file's figures from a whole run. Score = (killed + timeout) / (killed + timeout + survived +
// no coverage), as StrykerJS computes it; compile errors and ignored (static) mutants are left out.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const showSurvivors = args.includes("--survivors");
let reports = args.filter((a) => !a.startsWith("--"));
if (reports.length === 0) {
    const dir = "reports/mutation";
    reports = readdirSync(dir)
        .filter((f) => f.endsWith(".json") && !f.startsWith("incremental-"))
        .map((f) => join(dir, f));
}
reports.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);

const files = new Map();
for (const report of reports) {
    const json = JSON.parse(readFileSync(report, "utf8"));
    for (const [file, result] of Object.entries(json.files)) files.set(file, result.mutants);
}

// One row per equivalent mutant: | `file:line` | Mutator | why |
const equivalent = new Set();
for (const line of readFileSync("mutation/equivalent-mutants.md", "utf8").split("\n")) {
    const m = /^\|\s*`([^`:]+):(\d+)`\s*\|\s*(\w+)\s*\|/.exec(line);
    if (m) equivalent.add(`${m[1]}:${m[2]}:${m[3]}`);
}

const rows = [];
const total = { scored: 0, detected: 0, survivors: 0, equivalent: 0 };
const survivorLines = [];
for (const [file, mutants] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    let detected = 0;
    let undetected = 0;
    let eq = 0;
    for (const m of mutants) {
        if (m.status === "Killed" || m.status === "Timeout") detected++;
        else if (m.status === "Survived" || m.status === "NoCoverage") {
            undetected++;
            const key = `${file}:${m.location.start.line}:${m.mutatorName}`;
            if (equivalent.has(key)) eq++;
            else
                survivorLines.push(
                    `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status} -> ${JSON.stringify(m.replacement ?? "")}`,
                );
        }
    }
    const scored = detected + undetected;
    if (scored === 0) continue;
    rows.push({ file, scored, detected, undetected, eq });
    total.scored += scored;
    total.detected += detected;
    total.survivors += undetected;
    total.equivalent += eq;
}

const pct = (n, d) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
console.log(
    "| file | scored | killed | not killed | of them equivalent | score | score without equivalents |",
);
console.log("|---|---|---|---|---|---|---|");
for (const r of rows)
    console.log(
        `| \`${r.file}\` | ${r.scored} | ${r.detected} | ${r.undetected} | ${r.eq} | ${pct(r.detected, r.scored)} | ${pct(r.detected, r.scored - r.eq)} |`,
    );
console.log(
    `| total | ${total.scored} | ${total.detected} | ${total.survivors} | ${total.equivalent} | ${pct(total.detected, total.scored)} | ${pct(total.detected, total.scored - total.equivalent)} |`,
);
if (showSurvivors) {
    console.log(`\nNot killed and not listed as equivalent (${survivorLines.length}):`);
    for (const l of survivorLines) console.log(l);
}
