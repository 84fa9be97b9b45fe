// Each policy's controls (policypack/lib/controls.ts): every policy has an entry, the entry
// becomes the policy's display name, framework and tags, and the README's Controls table says
// the same.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { complianceMetadata, withControls } from "../../policypack/lib/compliance";
import {
    cisRecommendations,
    policyControls,
    securityHubControls,
} from "../../policypack/lib/controls";
import { policies } from "../../policypack/policies";

const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

/** The README's Controls table, as the data gives it. */
function controlsTable(): string[] {
    return [
        "| policy | level | CIS Amazon EKS Benchmark 1.8.0 | AWS Security Hub | note |",
        "|---|---|---|---|---|",
        ...policies.map((p) => {
            const c = policyControls[p.name];
            const cis = c.cis.map((id) => `${id} (${cisRecommendations[id].assessment})`);
            const hub = c.securityHub.map(
                (id) =>
                    `[${id}](${securityHubControls[id].url}) (${securityHubControls[id].severity})`,
            );
            return `| \`${p.name}\` | ${p.enforcementLevel} | ${cis.join(", ") || "none"} | ${hub.join(", ") || "none"} | ${c.note ?? ""} |`;
        }),
    ];
}

describe("policy controls", () => {
    it("every policy of the pack has an entry, and every entry is a policy of the pack", () => {
        const names = policies.map((p) => p.name);
        const missing = names.filter((n) => !(n in policyControls));
        assert.deepStrictEqual(missing, [], "policies with no entry in policypack/lib/controls.ts");
        assert.deepStrictEqual(
            Object.keys(policyControls).filter((n) => !names.includes(n)),
            [],
            "entries of policypack/lib/controls.ts for no policy",
        );
    });

    it("gives each policy its display name, one framework and a tag per control", () => {
        for (const policy of policies) {
            const expected = complianceMetadata(policyControls[policy.name]);
            assert.strictEqual(policy.displayName, expected.displayName, policy.name);
            assert.deepStrictEqual(policy.framework, expected.framework, policy.name);
            assert.deepStrictEqual(policy.tags, expected.tags, policy.name);
        }
        const audit = policies.find((p) => p.name === "eks-cluster-audit-logging")!;
        assert.deepStrictEqual(
            [audit.displayName, audit.framework, audit.tags],
            [
                "EKS audit logging",
                {
                    name: "CIS Amazon EKS Benchmark",
                    version: "1.8.0",
                    reference: "2.1.1",
                    specification: "Enable audit Logs",
                },
                ["CIS Amazon EKS Benchmark 1.8.0: 2.1.1", "AWS Security Hub: EKS.8"],
            ],
        );
    });

    it("names Security Hub as the framework of a policy with no CIS recommendation, and none for a policy with no control", () => {
        assert.deepStrictEqual(
            complianceMetadata(policyControls["eks-cluster-version-supported"]),
            {
                displayName: "EKS Kubernetes version in standard support",
                framework: {
                    name: "AWS Security Hub",
                    version: "",
                    reference: "EKS.2",
                    specification: "EKS clusters should run on a supported Kubernetes version",
                },
                tags: ["AWS Security Hub: EKS.2"],
            },
        );
        assert.deepStrictEqual(
            complianceMetadata(policyControls["eks-cluster-deletion-protection"]),
            {
                displayName: "EKS deletion protection",
                tags: [],
            },
        );
    });

    it("keeps each policy's own fields, and leaves a policy with no entry as it is", () => {
        const [own, unknown] = withControls([
            { name: "eks-cluster-audit-logging", description: "d", severity: "low", url: "u" },
            { name: "not-in-controls", description: "d" },
        ]);
        assert.deepStrictEqual(
            [own.severity, own.url, own.description, own.displayName],
            ["low", "u", "d", "EKS audit logging"],
        );
        assert.deepStrictEqual(unknown, { name: "not-in-controls", description: "d" });
    });

    it("cites a kube-bench line for each CIS recommendation and the control's anchor for each Security Hub control", () => {
        for (const [id, r] of Object.entries(cisRecommendations)) {
            assert.match(r.source, /^(controlplane|policies|managedservices)\.yaml:\d+$/, id);
            assert.doesNotMatch(r.title, /\((Automated|Manual)\)/, id);
        }
        for (const [id, c] of Object.entries(securityHubControls)) {
            assert.ok(
                c.url.endsWith(`-controls.html#${id.toLowerCase().replace(".", "-")}`),
                `${id}: ${c.url}`,
            );
        }
    });

    it("the README's Controls table lists every policy with its controls, as the data does", () => {
        const start = readme.indexOf("| policy | level | CIS Amazon EKS Benchmark 1.8.0 |");
        assert.ok(start >= 0, "no Controls table in README.md");
        const table = readme.slice(start).split("\n");
        const expected = controlsTable();
        assert.deepStrictEqual(table.slice(0, expected.length), expected);
    });
});
