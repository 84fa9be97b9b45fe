// A policy document read by a path relative to the project, as many programs do.
import * as aws from "@pulumi/aws";
import * as fs from "fs";

new aws.iam.Policy("deploy", { policy: fs.readFileSync("policies/deploy.json", "utf8") });
