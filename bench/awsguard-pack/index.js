// @pulumi/awsguard as a policy pack, so the benchmark starts it exactly as it starts ours.
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
