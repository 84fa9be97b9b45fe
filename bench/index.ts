// `npm run bench`: prints the figures the README records. Not a test: timings on a shared
// machine are noisy, so it reports medians and ratios against a peer measured in the same run.
import { benchPolicyPacks, reportPolicyPacks } from "./policypack";
import { benchPreflight, reportPreflight } from "./preflight";
import { benchRbac, reportRbac } from "./rbac";

async function main(): Promise<void> {
    console.log("## Policy pack beside @pulumi/awsguard\n");
    console.log(reportPolicyPacks(await benchPolicyPacks()));
    console.log("\n## RBAC evaluator (target: 1,000 bindings across 300 namespaces under 1 s)\n");
    console.log(reportRbac(await benchRbac()));
    console.log(
        "\n## Preflight of examples/multi-tenant (target: 300 tenants under 30 s and 1 GB peak, no worse than linear)\n",
    );
    console.log(reportPreflight(benchPreflight()));
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
