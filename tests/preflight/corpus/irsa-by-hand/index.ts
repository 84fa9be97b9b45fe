// An IRSA role written by hand for a cluster of another stack, trusting every service account.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const platform = new pulumi.StackReference("acme/platform/prod");
const provider = platform.requireOutput("oidcProviderArn");
new aws.iam.Role("app", {
    assumeRolePolicy: pulumi.output(provider).apply((arn: string) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringLike: {
                            [`${arn.split("oidc-provider/")[1]}:sub`]: "system:serviceaccount:*:*",
                        },
                    },
                },
            ],
        }),
    ),
});
