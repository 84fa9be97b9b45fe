// The sample GitHub workflow is for a user's repository: it must use the installed package,
// and upload a SARIF file even when preflight exits 2.
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

const workflow: any = yaml.load(
    fs.readFileSync(
        path.join(__dirname, "..", "..", ".github", "workflows", "hardened-eks.yml"),
        "utf8",
    ),
);
const steps = (job: string): any[] => workflow.jobs[job].steps;

describe("the sample GitHub workflow", () => {
    it("runs preflight from the installed package on the user's project", () => {
        const run = steps("preflight").find((s) => s.id === "preflight");
        assert.strictEqual(
            run.run,
            "npx hardened-eks preflight . --format sarif > preflight.sarif",
        );
        assert.strictEqual(run["continue-on-error"], true);
    });

    it("uploads the SARIF whatever preflight's exit code, then fails the job on 1 or 2", () => {
        const upload = steps("preflight").find((s) =>
            String(s.uses).startsWith("github/codeql-action/upload-sarif"),
        );
        assert.strictEqual(upload.if, "always()");
        assert.strictEqual(upload.with.sarif_file, "preflight.sarif");
        const gate = steps("preflight").at(-1);
        assert.strictEqual(gate.if, "steps.preflight.outcome == 'failure'");
    });

    it("previews with the installed policy pack, not this repository's paths", () => {
        const preview = steps("preview").find((s) => String(s.uses).startsWith("pulumi/actions"));
        assert.strictEqual(preview.with.policyPacks, "node_modules/hardened-eks/policypack");
        const text = JSON.stringify(workflow);
        assert.ok(!/examples\//.test(text), "names this repository's examples");
    });
});
