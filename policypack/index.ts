// The hardened-eks CrossGuard policy pack: `pulumi preview --policy-pack policypack`.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("hardened-eks", { policies });
