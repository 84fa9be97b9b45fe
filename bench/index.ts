// `npm run bench`: prints the figures the README records. Not a test: timings on a shared
// machine are noisy, so it reports medians and ratios against a peer measured in the same run.
import { benchPolicyPacks, reportPolicyPacks } from "./policypack";

async function main(): Promise<void> {
    console.log("## Policy pack beside @pulumi/awsguard\n");
    console.log(reportPolicyPacks(await benchPolicyPacks()));
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
