// The main job (`npm start`): preflight on each example, showing every violation, and a
// check that each verdict is the intended one: the hardened examples pass, `insecure` fails.
import { spawnSync } from "child_process";
import * as path from "path";

const expected: [example: string, exitCode: number, meaning: string][] = [
    ["multi-tenant", 0, "passes"],
    ["s3-irsa", 0, "passes"],
    ["insecure", 1, "fails with mandatory violations, as intended"],
];

const bin = path.join(__dirname, "..", "bin", "hardened-eks.js");
let wrong = 0;
for (const [example, exitCode, meaning] of expected) {
    console.log(`\n$ hardened-eks preflight examples/${example}`);
    const run = spawnSync(process.execPath, [bin, "preflight", path.join("examples", example)], {
        cwd: path.join(__dirname, ".."),
        stdio: "inherit",
    });
    const ok = run.status === exitCode;
    wrong += ok ? 0 : 1;
    console.log(
        `${ok ? "as expected" : "NOT AS EXPECTED"}: ${example} exited ${run.status} (expected ${exitCode}: ${meaning})`,
    );
}
console.log(
    wrong === 0 ? "\nAll verdicts are as expected." : `\n${wrong} verdict(s) are not as expected.`,
);
process.exit(wrong === 0 ? 0 : 1);
