// The reports of a made-up run: how fingerprints tell findings apart, and that a note never
// changes the verdict.
import * as assert from "assert";
import { PolicyDescription } from "../../preflight/analyzer-client";
import { fingerprints } from "../../preflight/findings";
import { PreflightResult, Violation } from "../../preflight/preflight";
import { renderJson, renderSarif, renderText } from "../../preflight/report";
import { validateReport, validateSarif } from "./schemas";

const urn = "urn:pulumi:dev::app::aws:ec2/launchTemplate:LaunchTemplate::nodes";
const policy: PolicyDescription = {
    name: "ec2-launch-template-imdsv2",
    displayName: "",
    description: "Checks that launch templates require IMDSv2.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: [],
    remediationSteps: "",
    url: "",
    policyType: "resource",
    required: [],
};
const violation = (message: string, line = 4): Violation => ({
    policyName: policy.name,
    policyPackName: "hardened-eks",
    policyPackVersion: "0.1.0",
    description: policy.description,
    message: `${policy.description}\n${message}`,
    enforcementLevel: "mandatory",
    severity: "high",
    urn,
    resourceType: "aws:ec2/launchTemplate:LaunchTemplate",
    resourceName: "nodes",
    location: { file: "index.ts", line, column: 1 },
});
const run = (violations: Violation[], notes: PreflightResult["notes"] = []): PreflightResult => ({
    project: { name: "app", dir: "/work/app", stack: "dev", main: "/work/app/index.ts" },
    pack: { name: "hardened-eks", version: "0.1.0", dir: "/work/pack", policies: [policy] },
    resources: 1,
    violations,
    notes,
});

describe("preflight findings' fingerprints", () => {
    const finding = (kind: string, message: string) => ({ kind, urn, message });

    it("differ for two messages of one policy on one resource, and for one message of two policies", () => {
        const [imds, hops, other] = fingerprints([
            finding("policy:ec2-launch-template-imdsv2", "allows IMDSv1"),
            finding("policy:ec2-launch-template-imdsv2", "hop limit 3"),
            finding("policy:another", "allows IMDSv1"),
        ]);
        assert.strictEqual(new Set([imds, hops, other]).size, 3);
    });

    it("tell identical findings apart by their order, and ignore how the message is spaced", () => {
        const [a, b] = fingerprints([
            finding("policy:p", "the same"),
            finding("policy:p", "the  same\n"),
        ]);
        assert.notStrictEqual(a, b);
        assert.deepStrictEqual(fingerprints([finding("policy:p", " the same ")]), [a]);
    });

    it("are the same in JSON and SARIF, and do not change when the resource's line does", () => {
        const json = (line: number) =>
            JSON.parse(
                renderJson(run([violation("allows IMDSv1", line), violation("hop limit 3", line)])),
            ).violations.map((v: any) => v.fingerprint);
        const sarif = JSON.parse(
            renderSarif(run([violation("allows IMDSv1"), violation("hop limit 3")])),
        );
        assert.deepStrictEqual(
            sarif.runs[0].results.map((r: any) => r.partialFingerprints["pulumiFinding/v1"]),
            json(4),
        );
        assert.deepStrictEqual(json(40), json(4));
    });
});

describe("preflight notes", () => {
    const note = {
        id: "helm-release-not-rendered",
        message: 'helm.v3.Release "cache" (chart "redis"): not checked.',
        urn: "urn:pulumi:dev::app::kubernetes:helm.sh/v3:Release::cache",
        resourceType: "kubernetes:helm.sh/v3:Release",
        resourceName: "cache",
    };

    it("never change the verdict: a run with only a note passes, in every format", () => {
        const result = run([], [note]);
        const text = renderText(result).split("\n");
        assert.strictEqual(
            text[0],
            "Preflight of app (stack dev): 1 resources, 1 policies, 0 mandatory and 0 advisory violations, 1 note",
        );
        assert.strictEqual(text[text.length - 1], "Verdict: pass (no mandatory violations)");
        const json = JSON.parse(renderJson(result));
        assert.ok(validateReport(json), JSON.stringify(validateReport.errors));
        assert.strictEqual(json.verdict, "pass");
        assert.deepStrictEqual(json.notes[0].location, null);
        const sarif = JSON.parse(renderSarif(result));
        assert.ok(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 3)));
        assert.deepStrictEqual(sarif.runs[0].invocations, [
            { executionSuccessful: true, exitCode: 0 },
        ]);
        assert.deepStrictEqual(
            sarif.runs[0].results.map((r: any) => [r.ruleId, r.level]),
            [["preflight-note/helm-release-not-rendered", "note"]],
        );
        // With no location, the note sits on the program's main file, as a violation would.
        assert.deepStrictEqual(sarif.runs[0].results[0].locations[0].physicalLocation, {
            artifactLocation: { uri: "index.ts", uriBaseId: "%SRCROOT%" },
            region: { startLine: 1 },
        });
    });

    it("add no rule to SARIF when there is none", () => {
        const sarif = JSON.parse(renderSarif(run([violation("allows IMDSv1")])));
        assert.deepStrictEqual(
            sarif.runs[0].tool.driver.rules.map((r: any) => r.id),
            ["ec2-launch-template-imdsv2"],
        );
    });
});
