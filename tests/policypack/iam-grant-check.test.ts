// The check behind iam-no-wildcard-permissions (mandatory) and iam-type-wide-write (advisory),
// policypack/lib/iam-grant-check.ts: one judgement of each document, kept for both policies,
// reported at each policy's level, with the statements each finding is about.
import * as assert from "assert";
import { matchingActions } from "../../policypack/lib/iam-actions";
import { conditionScopes } from "../../policypack/lib/iam-conditions";
import { parsePolicyDocument } from "../../policypack/lib/iam-document";
import { Exemptions } from "../../policypack/lib/exemptions";
import {
    grantCheck,
    resetGrantJudgements,
    statementsLabel,
} from "../../policypack/lib/iam-grant-check";
import { iamNoWildcardPermissions as mandatory } from "../../policypack/policies/iam-no-wildcard-permissions";
import { iamTypeWideWrite as advisory } from "../../policypack/policies/iam-type-wide-write";
import { violations } from "./check";

const policyType = "aws:iam/policy:Policy";
const props = (statements: object[]) => ({
    policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
});
const run = (
    policy: typeof mandatory,
    statements: object[],
    config: Record<string, unknown> = {},
) => violations(policy, policyType, props(statements), config, "deploy");

const exempt = "or, if it is intended, exempt it with its reason in the policy-exemptions config";

describe("grantCheck: a kept judgement is reused only under the rules it was judged with", () => {
    // The two policies judge each document once between them (iam-grant-check.ts, judged), but
    // the advisory one judges with the default rules and the mandatory one with the pack's
    // config: a judgement kept for one must not answer for the other.
    const deleteVolumes = [
        {
            Sid: "Delete",
            Effect: "Allow",
            Action: "ec2:DeleteVolume*",
            Resource: "arn:aws:ec2:*:*:volume/*",
        },
    ];
    const refused = `IAM policy "deploy": policy statement 0 ("Delete") action "ec2:DeleteVolume*" uses a wildcard, and this pack's config allows none: list the exact actions the principal calls.`;
    const typeWide = `IAM policy "deploy": policy statement 0 ("Delete") grants Write actions ec2:DeleteVolume (Write) on every resource of a type ("arn:aws:ec2:*:*:volume/*") with no Condition that scopes them: name the resources (arn:aws:ec2:<Region>:<Account>:volume/<VolumeId>), add a Condition on aws:ResourceTag/<key> that only the principal's resources carry, ${exempt}.`;
    const noWildcards = { allowVerbPrefixWildcards: false };

    it("reports a verb-prefix wildcard the config refuses after the advisory policy judged it", async () => {
        assert.deepStrictEqual(await run(advisory, deleteVolumes), [typeWide]);
        assert.deepStrictEqual(await run(mandatory, deleteVolumes, noWildcards), [refused]);
    });

    it("reports the advisory finding after the mandatory policy judged the wildcard refused", async () => {
        assert.deepStrictEqual(await run(mandatory, deleteVolumes, noWildcards), [refused]);
        assert.deepStrictEqual(await run(advisory, deleteVolumes), [typeWide]);
    });

    const putAnything = [{ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }];
    const putAll = `IAM policy "deploy": policy statement 0 grants Write actions s3:PutObject (Write) on all resources ("*") with no Condition that scopes them: name the resources (arn:aws:s3:::<BucketName>/<ObjectName>), add a Condition on aws:ResourceTag/<key> that only the principal's resources carry, ${exempt}.`;

    it("reports an action once allowedActions no longer names it", async () => {
        assert.deepStrictEqual(
            await run(mandatory, putAnything, { allowedActions: ["s3:PutObject"] }),
            [],
        );
        assert.deepStrictEqual(await run(mandatory, putAnything, { allowedActions: [] }), [putAll]);
        assert.deepStrictEqual(
            await run(mandatory, putAnything, { allowedActions: ["s3:PutObject"] }),
            [],
        );
    });

    // The default of allowedActions (none) must stay apart from every list, whatever it names:
    // here a free-text Action (judged as every service's) that the mandatory config allows.
    // The text is the one a mutation run writes in place of the `[]` default.
    it("keeps the advisory policy's default rules apart from a list naming the document's action", async () => {
        const note = [{ Effect: "Allow", Action: "Stryker was here", Resource: "*" }];
        assert.deepStrictEqual(await run(advisory, note), []);
        assert.deepStrictEqual(
            await run(mandatory, note, { allowedActions: [note[0].Action] }),
            [],
        );
        assert.deepStrictEqual(await run(mandatory, note), [
            'IAM policy "deploy": policy statement 0 action "Stryker was here" grants actions of every service: list the exact actions the principal calls.',
        ]);
    });
});

describe("grantCheck: a malformed document is reported once, by the mandatory policy", () => {
    const malformed = { policy: '{"Statement": [' };
    it("leaves it out of the advisory policy's report", async () => {
        assert.deepStrictEqual(await violations(advisory, policyType, malformed, {}, "deploy"), []);
        assert.deepStrictEqual(await violations(mandatory, policyType, malformed, {}, "deploy"), [
            'IAM policy "deploy": policy is not valid JSON for an IAM policy document: write a valid IAM policy document.',
        ]);
    });
});

describe("grantCheck: a finding names its statement to the exemptions by index and Sid", () => {
    // Exemptions match a violation's statements by index or Sid (exemptions.ts,
    // namesStatements): the Sid handed over must be the flagged statement's own.
    const statements = [
        { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::r/*" },
        { Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" },
    ];
    const message =
        'IAM policy "deploy": policy statement 1 ("Admin") action "*" grants actions of every service: list the exact actions the principal calls.';

    function judgeWith(entryStatements: (string | number)[]) {
        const exemptions = new Exemptions(() => new Date(Date.UTC(2026, 10, 28)));
        exemptions.knownPolicies = new Set([mandatory.name]);
        exemptions.load([
            {
                resource: "deploy",
                policies: [mandatory.name],
                reason: "reviewed",
                statements: entryStatements,
            },
        ]);
        const reported: string[] = [];
        const exempted: string[] = [];
        const report = exemptions.filter(
            mandatory.name,
            () => "urn:pulumi:test::test::aws:iam/policy:Policy::deploy",
            (m) => reported.push(m),
            (v) => exempted.push(v.message),
        );
        grantCheck("mandatory", () => ({}))(props(statements), 'IAM policy "deploy"', report, {
            type: policyType,
            getConfig: () => ({}),
        } as never);
        return { reported, exempted };
    }

    for (const [names, exempted] of [
        [["Admin"], true],
        [[1], true],
        [["Read"], false],
        [[0], false],
    ] as const) {
        it(`${exempted ? "is" : "is not"} exempted by an entry for statements ${JSON.stringify(names)}`, () => {
            assert.deepStrictEqual(
                judgeWith([...names]),
                exempted
                    ? { reported: [], exempted: [message] }
                    : { reported: [message], exempted: [] },
            );
        });
    }
});

describe("statementsLabel", () => {
    const parsed = parsePolicyDocument({
        Statement: [
            { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
            { Sid: "Put", Effect: "Allow", Action: "s3:PutObject", Resource: "*" },
        ],
    });
    assert.ok(parsed.ok);
    for (const [indexes, label] of [
        [[1], 'statement 1 ("Put")'],
        [[0], "statement 0"],
        [[0, 1], "statements 0, 1"],
        // An index the statements do not hold is still named, by its number.
        [[4], "statement 4"],
    ] as const) {
        it(`names ${JSON.stringify(indexes)} as ${label}`, () => {
            assert.strictEqual(statementsLabel(parsed.statements, [...indexes]), label);
        });
    }
});

describe("resetGrantJudgements", () => {
    it("forgets the kept condition verdicts, so the next judgement is made afresh", () => {
        const parsed = parsePolicyDocument({
            Statement: {
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: "*",
                Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
            },
        });
        assert.ok(parsed.ok);
        const [statement] = parsed.statements;
        const [action] = matchingActions("s3", "GetObject");
        const first = conditionScopes(statement, "s3", action);
        assert.strictEqual(conditionScopes(statement, "s3", action), first, "kept");
        resetGrantJudgements();
        const again = conditionScopes(statement, "s3", action);
        assert.notStrictEqual(again, first, "judged afresh");
        assert.deepStrictEqual(again, first);
    });
});
