// The hardened-eks CrossGuard policy pack: `pulumi preview --policy-pack policypack`.
import { PolicyPack } from "@pulumi/policy";
import { cacheRequestConversions } from "./lib/analyze-cache";
import { policies } from "./policies";

cacheRequestConversions();

new PolicyPack("hardened-eks", { policies });
