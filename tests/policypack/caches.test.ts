// The cache registry of policypack/lib/caches.ts: every module-level cache of the evaluator
// can be emptied at once, so a test (and each mutant of a mutation run) judges afresh.
import * as assert from "assert";
import { ClearableWeakMap, onReset, resetCaches, resettable } from "../../policypack/lib/caches";
import { matchingActions } from "../../policypack/lib/iam-actions";
import { conditionScopes } from "../../policypack/lib/iam-conditions";
import { parseStatement } from "../../policypack/lib/iam-document";
import { documentSourcesOf } from "../../policypack/lib/iam-document-sources";
import { defaultObjects } from "../../policypack/lib/kubernetes-default-rbac";

describe("cache registry", () => {
    it("empties registered maps, weak maps and lazily computed values", () => {
        const map = resettable(new Map([["k", 1]]));
        const key = {};
        const weak = resettable(new ClearableWeakMap<object, number>()).set(key, 2);
        let lazy: number | undefined = 3;
        onReset(() => (lazy = undefined));
        assert.deepStrictEqual([map.get("k"), weak.get(key), weak.has(key), lazy], [1, 2, true, 3]);
        resetCaches();
        assert.deepStrictEqual(
            [map.size, weak.get(key), weak.has(key), lazy],
            [0, undefined, false, undefined],
        );
    });

    it("recomputes a cached condition verdict after a reset", () => {
        const statement = parseStatement(
            {
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "*",
                Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
            },
            0,
        );
        assert.ok(typeof statement !== "string", String(statement));
        const [action] = matchingActions("s3", "GetObject");
        const first = conditionScopes(statement, "s3", action);
        assert.strictEqual(conditionScopes(statement, "s3", action), first, "kept until a reset");
        resetCaches();
        const again = conditionScopes(statement, "s3", action);
        assert.notStrictEqual(again, first, "judged afresh");
        assert.deepStrictEqual(again, first);
    });

    it("reads the action data, document sources and default RBAC objects afresh", () => {
        const actions = matchingActions("s3", "GetObj*");
        const sources = documentSourcesOf("aws:iam/role:Role");
        const objects = defaultObjects();
        assert.strictEqual(matchingActions("s3", "GetObj*"), actions);
        assert.strictEqual(documentSourcesOf("aws:iam/role:Role"), sources);
        assert.strictEqual(defaultObjects(), objects);
        resetCaches();
        const [actions2, sources2, objects2] = [
            matchingActions("s3", "GetObj*"),
            documentSourcesOf("aws:iam/role:Role"),
            defaultObjects(),
        ];
        assert.notStrictEqual(actions2, actions);
        assert.notStrictEqual(actions2[0], actions[0], "the data file is read again");
        assert.notStrictEqual(sources2, sources);
        assert.notStrictEqual(objects2, objects);
        assert.deepStrictEqual([actions2, sources2, objects2], [actions, sources, objects]);
    });
});
