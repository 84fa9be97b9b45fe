// The published-policy corpus: add-on controller policies from their upstream repositories
// and AWS managed policies (zoph-io/MAMIP), each document as published, with one verdict per
// statement written by a reviewer's standard before the judgement ran (issue 17): a "risk"
// must draw at least one mandatory finding, an "acceptable" statement none. Advisory
// findings (type-wide Write of ordinary operational actions) are fine either way.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePolicyDocument } from "../../policypack/lib/iam-document";
import { GrantFinding, judgeDocument } from "../../policypack/lib/iam-grants";

type Verdict = "risk" | "acceptable";

interface PublishedPolicy {
    /** File name without `.json`. */
    name: string;
    /** `owner/repo@<commit>:<path>`, with the lines of a document taken from prose. */
    source: string;
    /** For templates: the placeholders filled in, and with what. */
    rendered?: string;
    document: unknown;
    verdicts: { statement: number; verdict: Verdict; reason: string }[];
}

const corpusDir = path.join(__dirname, "published-iam");

const corpus: PublishedPolicy[] = fs
    .readdirSync(corpusDir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
        name: file.slice(0, -".json".length),
        ...(JSON.parse(fs.readFileSync(path.join(corpusDir, file), "utf8")) as Omit<
            PublishedPolicy,
            "name"
        >),
    }));

/** The Sid of each raw statement, read without the parser so a parser change cannot hide one. */
function sids(document: unknown): (string | undefined)[] {
    const statements = (document as { Statement: unknown }).Statement;
    return (Array.isArray(statements) ? statements : [statements]).map((s) =>
        typeof (s as { Sid?: unknown }).Sid === "string" ? (s as { Sid: string }).Sid : undefined,
    );
}

/**
 * The mandatory findings of each statement, by index, or why the document did not parse: the
 * document is judged whole, as the pack and IrsaRole judge it (a finding over several
 * statements, such as an EKS access-entry path, counts for each statement it names).
 */
function mandatoryByStatement(document: unknown): GrantFinding[][] | string {
    const parsed = parsePolicyDocument(document);
    if (!parsed.ok) {
        return `the document ${parsed.error}`;
    }
    const byStatement: GrantFinding[][] = parsed.statements.map(() => []);
    for (const finding of judgeDocument(parsed.statements)) {
        if (finding.level === "mandatory") {
            for (const index of finding.statements) {
                byStatement[index].push(finding);
            }
        }
    }
    return byStatement;
}

/**
 * The mandatory findings of one statement; a document that did not parse fails the test.
 * Judged inside each test, never at load: a mutation run (Stryker) attributes what runs at
 * load to no test, and must then run every test for each such mutant.
 */
function mandatoryOf(policy: PublishedPolicy, statement: number): GrantFinding[] {
    const findings = mandatoryByStatement(policy.document);
    assert.ok(typeof findings !== "string", findings as string);
    return findings[statement];
}

describe("published IAM policies judged as a reviewer would (issue 17)", () => {
    describe("the corpus", () => {
        it("holds 48 policies, 252 statements: 34 risks, 218 acceptable", () => {
            const verdicts = corpus.flatMap((p) => p.verdicts.map((v) => v.verdict));
            assert.strictEqual(
                `${corpus.length} policies, ${verdicts.length} statements: ` +
                    `${verdicts.filter((v) => v === "risk").length} risks, ` +
                    `${verdicts.filter((v) => v === "acceptable").length} acceptable`,
                "48 policies, 252 statements: 34 risks, 218 acceptable",
            );
        });

        for (const policy of corpus) {
            it(`${policy.name} cites its source, parses, and judges each statement once`, () => {
                const findings = mandatoryByStatement(policy.document);
                assert.ok(typeof findings !== "string", findings as string);
                assert.match(policy.source, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}:\S+/);
                assert.deepStrictEqual(
                    policy.verdicts.map((v) => v.statement),
                    sids(policy.document).map((_, i) => i),
                );
                for (const v of policy.verdicts) {
                    assert.ok(v.verdict === "risk" || v.verdict === "acceptable", v.verdict);
                    assert.match(v.reason, /^[^\n]{10,}$/);
                }
            });
        }
    });

    for (const policy of corpus) {
        const statementSids = sids(policy.document);
        for (const { statement, verdict, reason } of policy.verdicts) {
            const sid = statementSids[statement] ?? "no Sid";
            it(`${policy.name} statement ${statement} (${sid}) is ${verdict}`, () => {
                const mandatory = mandatoryOf(policy, statement);
                const found = mandatory.map((f) => f.problem).join("; ");
                if (verdict === "risk") {
                    assert.ok(mandatory.length > 0, `a risk with no mandatory finding: ${reason}`);
                } else {
                    assert.strictEqual(found, "", `acceptable (${reason}) but blocked`);
                }
            });
        }
    }

    it("blocks every risk and no acceptable statement", () => {
        let risks = 0;
        let risksBlocked = 0;
        let acceptable = 0;
        let acceptableBlocked = 0;
        for (const policy of corpus) {
            for (const { statement, verdict } of policy.verdicts) {
                const blocked = mandatoryOf(policy, statement).length > 0;
                if (verdict === "risk") {
                    risks++;
                    risksBlocked += blocked ? 1 : 0;
                } else {
                    acceptable++;
                    acceptableBlocked += blocked ? 1 : 0;
                }
            }
        }
        assert.strictEqual(
            `risks blocked ${risksBlocked}/${risks}, acceptable blocked ${acceptableBlocked}/${acceptable}`,
            `risks blocked ${risks}/${risks}, acceptable blocked 0/${acceptable}`,
        );
    });
});
