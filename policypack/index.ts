// The hardened-eks CrossGuard policy pack: `pulumi preview --policy-pack policypack`.
import { PolicyPack } from "@pulumi/policy";
import { cacheRequestConversions } from "./lib/analyze-cache";
import { decodeStructsToJavaScript } from "./lib/struct-decoder";
import { policies } from "./policies";

decodeStructsToJavaScript();
cacheRequestConversions();

new PolicyPack("hardened-eks", { policies });
