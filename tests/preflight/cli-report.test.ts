// What preflight's reports carry beyond the verdict: the controls each policy names, a
// fingerprint per finding that GitHub code scanning can tell apart and that stays the same
// across runs, and notes on what preflight did not check.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixture, repoRoot, runCli } from "./run-cli";
import { validateReport, validateSarif } from "./schemas";

const corpus = (name: string) => path.join("tests", "preflight", "corpus", name);

/** The fingerprint of each SARIF result, with its rule and line. */
function sarifFindings(stdout: string) {
    const log = JSON.parse(stdout);
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3)));
    return log.runs[0].results.map((r: any) => ({
        rule: r.ruleId,
        line: r.locations[0].physicalLocation.region.startLine,
        fingerprint: r.partialFingerprints["pulumiFinding/v1"],
    }));
}

describe("hardened-eks preflight reports: controls, fingerprints, notes", function () {
    this.timeout(120_000);

    it("passes each policy's framework, tags, severity, remediation and URL to JSON and SARIF", async () => {
        const pack = fixture("controls-pack");
        const args = ["preflight", fixture("small"), "--config", "action=*", "--policy-pack", pack];
        const json = await runCli(...args, "--format", "json");
        assert.strictEqual(json.code, 1, json.stderr);
        const report = JSON.parse(json.stdout);
        assert.ok(validateReport(report), JSON.stringify(validateReport.errors));
        const framework = {
            name: "AWS Security Hub",
            version: "FSBP 1.0.0",
            reference: "IAM.1",
            specification: 'IAM policies should not allow full "*" administrative privileges',
        };
        const tags = ["CIS Amazon EKS Benchmark 1.8: 5.1.2", "iam"];
        assert.deepStrictEqual(report.policies, [
            {
                name: "iam-no-full-admin",
                displayName: "No full administrative IAM policies",
                description: 'Checks that IAM policies do not allow "*" on "*".',
                enforcementLevel: "mandatory",
                severity: "high",
                framework,
                tags,
                remediationSteps: "List the actions and resources the principal needs.",
                url: "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
                policyType: "resource",
            },
        ]);
        const [violation] = report.violations;
        assert.deepStrictEqual(
            [violation.policy, violation.message, violation.framework, violation.tags],
            ["iam-no-full-admin", 'statement Read allows "*"', framework, tags],
        );
        assert.deepStrictEqual(
            [violation.policyPackName, violation.policyPackVersion],
            ["controls-pack", "0.0.1"],
        );

        const sarif = await runCli(...args, "--format", "sarif");
        const log = JSON.parse(sarif.stdout);
        assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3)));
        const [rule] = log.runs[0].tool.driver.rules;
        assert.deepStrictEqual(rule.properties, {
            enforcementLevel: "mandatory",
            severity: "high",
            "security-severity": "8.0",
            displayName: "No full administrative IAM policies",
            framework,
            tags: [
                "security",
                "pulumi",
                "crossguard",
                "AWS Security Hub FSBP 1.0.0: IAM.1",
                "CIS Amazon EKS Benchmark 1.8: 5.1.2",
                "iam",
            ],
        });
        assert.strictEqual(
            rule.helpUri,
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
        );
        assert.strictEqual(
            rule.help.text,
            'List the actions and resources the principal needs.\nAWS Security Hub FSBP 1.0.0: IAM.1 (IAM policies should not allow full "*" administrative privileges)',
        );
        assert.strictEqual(
            rule.help.markdown,
            [
                "**iam-no-full-admin** (mandatory, high severity)",
                "",
                'Checks that IAM policies do not allow "*" on "*".',
                "",
                "**Fix:** List the actions and resources the principal needs.",
                "",
                '**Framework:** AWS Security Hub FSBP 1.0.0: IAM.1 (IAM policies should not allow full "*" administrative privileges)',
                "",
                "**Tags:** CIS Amazon EKS Benchmark 1.8: 5.1.2, iam",
                "",
                "[Guidance](https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1)",
            ].join("\n"),
        );
    });

    it("gives two violations of one policy on one resource two fingerprints, the same on every run and wherever the resource's line moves", async () => {
        const first = sarifFindings(
            (await runCli("preflight", fixture("launch-template"), "--format", "sarif")).stdout,
        );
        assert.deepStrictEqual(
            first.map((f: any) => [f.rule, f.line]),
            [
                ["ec2-launch-template-imdsv2", 4],
                ["ec2-launch-template-imdsv2", 4],
            ],
        );
        assert.notStrictEqual(first[0].fingerprint, first[1].fingerprint);
        assert.deepStrictEqual(
            first.map((f: any) => f.fingerprint),
            ["1d95740b035f64ebfde1ba254179a3c2", "717cf36151728d5fe85a1502c13ea57e"],
        );
        const again = sarifFindings(
            (await runCli("preflight", fixture("launch-template"), "--format", "sarif")).stdout,
        );
        assert.deepStrictEqual(again, first);

        // The same program with its resource three lines further down.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-moved-"));
        try {
            const source = path.join(repoRoot, fixture("launch-template"));
            fs.copyFileSync(path.join(source, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.writeFileSync(
                path.join(dir, "index.ts"),
                `// moved\n\n\n${fs.readFileSync(path.join(source, "index.ts"), "utf8")}`,
            );
            fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
            const moved = sarifFindings(
                (await runCli("preflight", dir, "--format", "sarif")).stdout,
            );
            assert.deepStrictEqual(
                moved.map((f: any) => f.line),
                [7, 7],
            );
            assert.deepStrictEqual(
                moved.map((f: any) => f.fingerprint),
                first.map((f: any) => f.fingerprint),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("judges the rest of a stack with a helm.v3.Release that has no rendered manifests, and notes it in text, JSON and SARIF", async () => {
        const note =
            'helm.v3.Release "ingress" (chart "ingress-nginx"): preflight judged the Release by its inputs, as a preview does, ' +
            "but not the objects its chart installs, which no preview sees either. To check them, render it with " +
            "`helm template ingress ingress-nginx --repo https://kubernetes.github.io/ingress-nginx --version 4.11.3 --namespace ingress " +
            '-f <your values> > rendered/ingress.yaml` and add {"helm": {"ingress": "rendered/ingress.yaml"}} to preflight-mocks.json beside Pulumi.yaml.';
        const urn = "urn:pulumi:preflight::helm-release::kubernetes:helm.sh/v3:Release::ingress";

        const text = await runCli("preflight", corpus("helm-release"));
        assert.strictEqual(text.code, 1, text.stderr);
        const lines = text.stdout.split("\n");
        assert.strictEqual(
            lines[0],
            "Preflight of helm-release (stack preflight): 2 resources, 23 policies, 1 mandatory and 0 advisory violations, 1 note",
        );
        const at = lines.indexOf("Notes (what preflight did not check; not policy violations):");
        assert.deepStrictEqual(lines.slice(at + 1, at + 3), [
            `    - [helm-release-not-rendered]  ${urn}`,
            `        ${note}`,
        ]);

        const json = JSON.parse(
            (await runCli("preflight", corpus("helm-release"), "--format", "json")).stdout,
        );
        assert.ok(validateReport(json), JSON.stringify(validateReport.errors));
        assert.deepStrictEqual(json.notes, [
            {
                id: "helm-release-not-rendered",
                urn,
                resourceType: "kubernetes:helm.sh/v3:Release",
                resourceName: "ingress",
                message: note,
                location: { file: "index.ts", line: 6, column: 1 },
                fingerprint: json.notes[0].fingerprint,
            },
        ]);
        assert.match(json.notes[0].fingerprint, /^[0-9a-f]{32}$/);

        const log = JSON.parse(
            (await runCli("preflight", corpus("helm-release"), "--format", "sarif")).stdout,
        );
        assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3)));
        const [run] = log.runs;
        const result = run.results.find((r: any) => r.level === "note");
        assert.strictEqual(result.ruleId, "preflight-note/helm-release-not-rendered");
        assert.strictEqual(result.message.text, note);
        assert.deepStrictEqual(result.partialFingerprints, {
            "pulumiFinding/v1": json.notes[0].fingerprint,
        });
        const rule = run.tool.driver.rules[result.ruleIndex];
        assert.strictEqual(rule.id, "preflight-note/helm-release-not-rendered");
        assert.deepStrictEqual(rule.defaultConfiguration, { level: "note" });
        assert.strictEqual(
            rule.shortDescription.text,
            "A helm.v3.Release whose chart's objects preflight did not check",
        );
    });
});
