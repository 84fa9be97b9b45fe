// A pack with no policies: the start-up floor of any @pulumi/policy pack under
// run-policy-pack (Node, TypeScript and ts-node for the runner, @pulumi/policy, gRPC).
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("empty", { policies: [] });
