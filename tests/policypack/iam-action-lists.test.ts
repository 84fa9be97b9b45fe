// The reviewed action lists the IAM judgement works with: data reads (iam-data-reads.ts),
// credential and code injection (iam-injection-actions.ts), read-equivalent writes and
// permission-granting writes (iam-sensitive-actions.ts). Each entry must exist in the
// Service Authorization Reference by its exact name; the counts make additions reviewed.
import * as assert from "assert";
import { isWildcardOnly, matchingActions } from "../../policypack/lib/iam-actions";
import { dataReads } from "../../policypack/lib/iam-data-reads";
import { injectionActions } from "../../policypack/lib/iam-injection-actions";
import {
    permissionGrantingActions,
    readEquivalentWrites,
} from "../../policypack/lib/iam-sensitive-actions";

describe("IAM reviewed action lists", () => {
    const action = (full: string) => {
        const [service, name] = full.split(":");
        return matchingActions(service, name).find((a) => a.name === name);
    };

    it("lists 76 data reads, each in the reference by its exact name, none wildcard-only", () => {
        assert.strictEqual(Object.keys(dataReads).length, 76);
        for (const [full, reason] of Object.entries(dataReads)) {
            const data = action(full);
            assert.ok(data, `${full} is not in the reference`);
            assert.ok(!isWildcardOnly(data), `${full} is wildcard-only`);
            assert.ok(reason.length > 3, full);
        }
    });

    it("does not list secretsmanager:BatchGetSecretValue, which is wildcard-only", () => {
        assert.ok(!("secretsmanager:BatchGetSecretValue" in dataReads));
        assert.ok(isWildcardOnly(action("secretsmanager:BatchGetSecretValue")!));
    });

    it("lists 39 injection actions, each in the reference, none wildcard-only", () => {
        assert.strictEqual(Object.keys(injectionActions).length, 39);
        for (const full of Object.keys(injectionActions)) {
            const data = action(full);
            assert.ok(data, `${full} is not in the reference`);
            assert.ok(!isWildcardOnly(data), `${full} is wildcard-only`);
        }
    });

    it("lists one read-equivalent write, and iam:AddUserToGroup as permission-granting", () => {
        assert.deepStrictEqual(Object.keys(readEquivalentWrites), ["ecr:BatchImportUpstreamImage"]);
        assert.ok(permissionGrantingActions.includes("iam:AddUserToGroup"));
    });
});
