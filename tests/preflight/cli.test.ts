import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import { fixture, repoRoot, runCli } from "./run-cli";
import { validateReport, validateSarif } from "./schemas";

const packVersion = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "policypack", "package.json"), "utf8"),
).version;

describe("hardened-eks preflight (CLI)", function () {
    this.timeout(120_000);

    it("exits 0 with no mandatory violation, and says so", async () => {
        const run = await runCli("preflight", fixture("small"));
        assert.strictEqual(run.code, 0, run.stderr);
        const [first] = run.stdout.split("\n");
        assert.strictEqual(
            first,
            "Preflight of small (stack test): 1 resources, 23 policies, 0 mandatory and 0 advisory violations",
        );
        assert.match(run.stdout, /Verdict: pass/);
    });

    it("exits 1 with mandatory violations, and --config changes the program", async () => {
        const run = await runCli("preflight", fixture("small"), "--config", "action=*");
        assert.strictEqual(run.code, 1, run.stderr);
        assert.match(run.stdout, /1 mandatory and 0 advisory violations/);
        assert.match(run.stdout, /- \[mandatory\]  iam-no-wildcard-permissions  \(1 violation\)/);
        assert.match(
            run.stdout,
            /urn:pulumi:test::small::aws:iam\/policy:Policy::reader\n {12}IAM policy "reader": policy statement 0 \("Read"\) action "\*" grants actions of every service/,
        );
    });

    it("--format json: schema-valid, counts first, the violation on its URN", async () => {
        const run = await runCli(
            "preflight",
            fixture("small"),
            "--config",
            "action=iam:*",
            "--format",
            "json",
        );
        assert.strictEqual(run.code, 1, run.stderr);
        const report: any = JSON.parse(run.stdout);
        assert.ok(validateReport(report), JSON.stringify(validateReport.errors));
        assert.deepStrictEqual(Object.keys(report).slice(0, 5), [
            "version",
            "project",
            "policyPack",
            "policyConfig",
            "counts",
        ]);
        assert.deepStrictEqual(report.counts, {
            resources: 1,
            policies: 23,
            violations: { mandatory: 1, advisory: 0, exempted: 0 },
        });
        assert.strictEqual(report.verdict, "fail");
        assert.deepStrictEqual(report.violations[0], {
            policy: "iam-no-wildcard-permissions",
            level: "mandatory",
            severity: "critical",
            urn: "urn:pulumi:test::small::aws:iam/policy:Policy::reader",
            resourceType: "aws:iam/policy:Policy",
            resourceName: "reader",
            message:
                'IAM policy "reader": policy statement 0 ("Read") action "iam:*" grants every action of service "iam": list the exact actions the principal calls.',
            // The `new aws.iam.Policy(...)` line of the program, through its source map.
            location: { file: "index.ts", line: 6, column: 1 },
            // The same finding under the names of the CLI's policy events (apitype.PolicyEvent).
            policyName: "iam-no-wildcard-permissions",
            policyPackName: "hardened-eks",
            policyPackVersion: packVersion,
            enforcementLevel: "mandatory",
            resourceUrn: "urn:pulumi:test::small::aws:iam/policy:Policy::reader",
            // The controls the policy implements (policypack/lib/controls.ts).
            framework: {
                name: "AWS Security Hub",
                version: "",
                reference: "IAM.1, IAM.21, KMS.1, KMS.2",
                specification:
                    'IAM policies should not allow full "*" administrative privileges; IAM customer managed policies that you create should not allow wildcard actions for services; IAM customer managed policies should not allow decryption actions on all KMS keys; IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys',
            },
            tags: [
                "AWS Security Hub: IAM.1",
                "AWS Security Hub: IAM.21",
                "AWS Security Hub: KMS.1",
                "AWS Security Hub: KMS.2",
            ],
            fingerprint: "132c051dfdf13c3725ed2bf71d503036",
        });
        assert.strictEqual(report.notes.length, 0);
        assert.strictEqual(report.policies.length, 23);
    });

    it("an exemption turns the violation into an advisory with its reason, counted apart, and the verdict passes", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "exemptions-"));
        const config = path.join(dir, "policy-config.json");
        fs.writeFileSync(
            config,
            JSON.stringify({
                "policy-exemptions": {
                    exemptions: [
                        {
                            resource: "reader",
                            policies: ["iam-no-wildcard-permissions"],
                            statements: ["Read"],
                            reason: "audit reader, SEC-7",
                        },
                    ],
                },
            }),
        );
        const run = await runCli(
            "preflight",
            fixture("small"),
            "--config",
            "action=iam:*",
            "--policy-pack-config",
            config,
            "--format",
            "json",
        );
        assert.strictEqual(run.code, 0, run.stderr);
        const report: any = JSON.parse(run.stdout);
        assert.ok(validateReport(report), JSON.stringify(validateReport.errors));
        assert.deepStrictEqual(report.counts.violations, {
            mandatory: 0,
            advisory: 0,
            exempted: 1,
        });
        assert.strictEqual(report.violations[0].policy, "policy-exemptions");
        assert.strictEqual(report.violations[0].level, "advisory");
        assert.strictEqual(
            report.violations[0].urn,
            "urn:pulumi:test::small::aws:iam/policy:Policy::reader",
        );
        assert.match(
            report.violations[0].message,
            /^Exempted \(audit reader, SEC-7\): iam-no-wildcard-permissions: IAM policy "reader": policy statement 0 \("Read"\) action "iam:\*"/,
        );
    });

    it("--format sarif: valid SARIF 2.1.0, one rule per policy, one result per violation on the line that made it", async () => {
        const run = await runCli(
            "preflight",
            fixture("small"),
            "--config",
            "action=*",
            "--format",
            "sarif",
        );
        assert.strictEqual(run.code, 1, run.stderr);
        const log: any = JSON.parse(run.stdout);
        assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3)));
        assert.strictEqual(log.version, "2.1.0");
        const [sarifRun] = log.runs;
        assert.strictEqual(sarifRun.tool.driver.rules.length, 23);
        const rule = sarifRun.tool.driver.rules.find(
            (r: any) => r.id === "iam-no-wildcard-permissions",
        );
        assert.match(rule.shortDescription.text, /^Checks that IAM identity policies/);
        assert.match(rule.help.text, /instead of "\*"/);
        assert.strictEqual(rule.defaultConfiguration.level, "error");
        assert.strictEqual(sarifRun.results.length, 1);
        const [result] = sarifRun.results;
        assert.strictEqual(result.ruleId, "iam-no-wildcard-permissions");
        assert.strictEqual(sarifRun.tool.driver.rules[result.ruleIndex].id, result.ruleId);
        assert.strictEqual(result.level, "error");
        assert.strictEqual(
            result.locations[0].logicalLocations[0].fullyQualifiedName,
            "urn:pulumi:test::small::aws:iam/policy:Policy::reader",
        );
        assert.deepStrictEqual(result.locations[0].physicalLocation, {
            artifactLocation: { uri: "index.ts", uriBaseId: "%SRCROOT%" },
            region: { startLine: 6, startColumn: 1 },
        });
        assert.strictEqual(
            sarifRun.originalUriBaseIds["%SRCROOT%"].uri,
            `${pathToFileURL(path.join(repoRoot, fixture("small"))).href}/`,
        );
        // A hash of the policy, the resource's URN and the message: no line in it.
        assert.deepStrictEqual(result.partialFingerprints, {
            "pulumiFinding/v1": "54afb599d379a3deded78eb774cd8806",
        });
        assert.strictEqual(rule.properties["security-severity"], "9.5");
        assert.match(
            rule.help.markdown,
            /^\*\*iam-no-wildcard-permissions\*\* \(mandatory, critical severity\)/,
        );
        assert.deepStrictEqual(sarifRun.invocations, [{ executionSuccessful: true, exitCode: 1 }]);
    });

    it("the SARIF check itself rejects a log that is not SARIF 2.1.0", () => {
        assert.strictEqual(validateSarif({ version: "2.1.0", runs: [{ tool: {} }] }), false);
    });

    it("--policy-pack-config changes the verdict, and the report names the config used", async () => {
        const config = path.join(os.tmpdir(), `preflight-config-${process.pid}.json`);
        fs.writeFileSync(
            config,
            JSON.stringify({ "iam-no-wildcard-permissions": { allowedActions: ["s3:*"] } }),
        );
        const run = await runCli(
            "preflight",
            fixture("small"),
            "--config",
            "action=s3:*",
            "--policy-pack-config",
            config,
        );
        fs.unlinkSync(config);
        assert.strictEqual(run.code, 0, run.stdout + run.stderr);
        assert.ok(
            run.stdout.includes(`Policy config: ${path.relative(repoRoot, config)}`),
            run.stdout,
        );
    });

    it("exits 2 when the program throws, with the reason", async () => {
        const run = await runCli("preflight", fixture("throws"));
        assert.strictEqual(run.code, 2);
        assert.strictEqual(run.stdout, "");
        assert.match(
            run.stderr,
            /^preflight failed: the program tests\/preflight\/fixtures\/throws\/index.ts failed: boom: this program cannot start/,
        );
    });

    it("exits 2 with a valid JSON error report, so a parsing step sees the failure", async () => {
        const run = await runCli("preflight", fixture("throws"), "--format", "json");
        assert.strictEqual(run.code, 2);
        const report = JSON.parse(run.stdout);
        assert.ok(validateReport(report), JSON.stringify(validateReport.errors));
        assert.strictEqual(report.verdict, "error");
        assert.match(report.error, /boom: this program cannot start/);
        assert.match(run.stderr, /^preflight failed: /);
    });

    it("exits 2 with a valid SARIF log marked unsuccessful, so an upload step still gets a file", async () => {
        const run = await runCli("preflight", fixture("throws"), "--format", "sarif");
        assert.strictEqual(run.code, 2);
        const log = JSON.parse(run.stdout);
        assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors));
        const [invocation] = log.runs[0].invocations;
        assert.strictEqual(invocation.executionSuccessful, false);
        assert.match(
            invocation.toolExecutionNotifications[0].message.text,
            /boom: this program cannot start/,
        );
        assert.deepStrictEqual(log.runs[0].results, []);
    });

    it("exits 2 on an invoke the mocks do not know, naming the token and where to supply it", async () => {
        const run = await runCli("preflight", fixture("unknown-invoke"));
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /no mock answer for invoke "aws:ec2\/getVpc:getVpc": add its result under "invokes" in preflight-mocks.json/,
        );
    });

    it("uses invoke results supplied in preflight-mocks.json", async () => {
        const run = await runCli("preflight", fixture("supplied-invoke"), "--format", "json");
        assert.strictEqual(run.code, 0, run.stderr);
        assert.strictEqual(JSON.parse(run.stdout).counts.resources, 1);
    });

    it("answers StackReference outputs from preflight-mocks.json, so referenced values reach the policies", async () => {
        const run = await runCli("preflight", fixture("stack-reference"), "--format", "json");
        assert.strictEqual(run.code, 1, run.stderr);
        const [first] = JSON.parse(run.stdout).violations;
        assert.strictEqual(first.policy, "eks-irsa-trust-scoped");
        assert.match(first.message, /"oidc\.eks\.us-east-1\.amazonaws\.com\/id\/ABC:sub"/);
    });

    it("exits 2 on a stack reference with no outputs supplied, naming it and where to supply them", async () => {
        const run = await runCli("preflight", fixture("stack-reference-unknown"));
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /no outputs for stack reference "acme\/platform\/prod": add them under "stackReferences" in preflight-mocks.json/,
        );
    });

    it("exits 2 when the policy pack cannot start, with the reason", async () => {
        const run = await runCli(
            "preflight",
            fixture("small"),
            "--policy-pack",
            fixture("broken-pack"),
        );
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /^preflight failed: policy pack .*broken-pack exited with code/);
        assert.match(run.stderr, /this pack cannot start/);
    });

    it("exits 2 on a --policy-pack that is not a pack, naming the path", async () => {
        const run = await runCli("preflight", fixture("small"), "--policy-pack", fixture("throws"));
        assert.strictEqual(run.code, 2);
        assert.match(
            run.stderr,
            /^preflight failed: --policy-pack tests\/preflight\/fixtures\/throws is not a policy pack: it has no PulumiPolicy.yaml/,
        );
    });

    it("exits 2 on a policy config the pack's schemas refuse", async () => {
        const config = path.join(os.tmpdir(), `preflight-bad-config-${process.pid}.json`);
        fs.writeFileSync(
            config,
            JSON.stringify({ "eks-cluster-audit-logging": { requiredLogTypes: "audit" } }),
        );
        const run = await runCli("preflight", fixture("small"), "--policy-pack-config", config);
        fs.unlinkSync(config);
        assert.strictEqual(run.code, 2);
        assert.match(run.stderr, /requiredLogTypes" to "audit", which is not of type array/);
    });

    it("exits 2 on bad usage: no directory, an unknown format, a timeout that is not a number", async () => {
        assert.strictEqual((await runCli("preflight")).code, 2);
        const format = await runCli("preflight", fixture("small"), "--format", "xml");
        assert.strictEqual(format.code, 2);
        assert.match(format.stderr, /--format "xml" is not one of text, json, sarif/);
        const timeout = await runCli("preflight", fixture("small"), "--timeout", "soon");
        assert.strictEqual(timeout.code, 2);
        assert.match(timeout.stderr, /--timeout "soon" is not a number of seconds/);
    });

    it("applies Pulumi.yaml's config defaults and types, and answers the organization", async () => {
        const pass = await runCli("preflight", fixture("project-config"), "--format", "json");
        assert.strictEqual(pass.code, 0, pass.stderr);
        const fail = await runCli(
            "preflight",
            fixture("project-config"),
            "--config",
            "action=*",
            "--organization",
            "acme",
            "--format",
            "json",
        );
        assert.strictEqual(fail.code, 1, fail.stderr);
        assert.strictEqual(JSON.parse(fail.stdout).violations[0].resourceName, "acme-reader-2");
        const typed = await runCli(
            "preflight",
            fixture("project-config"),
            "--config",
            "replicas=two",
        );
        assert.strictEqual(typed.code, 2);
        assert.match(
            typed.stderr,
            /config project-config:replicas is "two", but .*Pulumi.yaml declares it of type integer: pass --config replicas=<integer>/,
        );
    });

    it("runs a --stack that has no stack file, as the CLI does for a new stack", async () => {
        const run = await runCli(
            "preflight",
            fixture("small"),
            "--stack",
            "prod",
            "--format",
            "json",
        );
        assert.strictEqual(run.code, 0, run.stderr);
        assert.strictEqual(JSON.parse(run.stdout).project.stack, "prod");
    });
});
