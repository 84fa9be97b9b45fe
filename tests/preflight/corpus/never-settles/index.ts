// A program whose resource waits on a promise that never settles.
import * as aws from "@pulumi/aws";

const never = new Promise<string>(() => undefined);
new aws.iam.Policy("waiting", { policy: never });
export const forever = never;
