// The resource check behind the two policies that judge identity-policy grants: one reports
// the mandatory findings, the other the advisory ones, of the same judgement.
import { resettable } from "./caches";
import { reportWithDetail } from "./exemptions";
import { resetArnMatchCaches } from "./iam-arn-match";
import { resetConditionVerdicts } from "./iam-conditions";
import { DocumentFinding, GrantFinding, GrantRules, judgeDocument } from "./iam-grants";
import { IamStatement } from "./iam-document";
import { identityPolicyDocuments, readableDocuments } from "./iam-policy-sources";
import { identityDocumentTypes } from "./iam-document-sources";
import { ResourceCheck } from "./validation";

/** The resource types whose identity policies are judged, and how messages name them. */
export const grantPolicyTypes: Record<string, string> = identityDocumentTypes;

/**
 * The two policies judge the same documents: the last few judgements are kept, keyed by
 * the statements and the rules, so each document is judged once per resource.
 */
const recent = resettable(new Map<string, DocumentFinding[]>());
function judged(statements: IamStatement[], rules: GrantRules): DocumentFinding[] {
    const key = JSON.stringify([
        statements,
        rules.allowedActions ?? [],
        rules.allowVerbPrefixWildcards ?? true,
    ]);
    let findings = recent.get(key);
    if (!findings) {
        findings = judgeDocument(statements, rules);
        if (recent.size >= 256) {
            recent.delete(recent.keys().next().value!);
        }
        recent.set(key, findings);
    }
    return findings;
}

/**
 * Forgets the kept judgements (documents, condition verdicts, ARN matches), so a test or a
 * benchmark judges afresh.
 */
export function resetGrantJudgements(): void {
    recent.clear();
    resetConditionVerdicts();
    resetArnMatchCaches();
}

/** How a message names a finding's statements: `statement 2 ("Sid")`, or `statements 2, 3`. */
export function statementsLabel(statements: IamStatement[], indexes: number[]): string {
    if (indexes.length === 1) {
        return statements.find((s) => s.index === indexes[0])?.label ?? `statement ${indexes[0]}`;
    }
    return `statements ${indexes.join(", ")}`;
}

/** A check reporting each finding of `level` in the resource's identity policies. */
export function grantCheck(
    level: GrantFinding["level"],
    rules: (config: never) => GrantRules,
): ResourceCheck {
    return (props, subject, report, args) => {
        const config = rules(args.getConfig<never>());
        const sources = identityPolicyDocuments(args.type, props);
        for (const { where, statements } of readableDocuments(
            sources,
            subject,
            report,
            level === "mandatory",
        )) {
            for (const finding of judged(statements, config)) {
                if (finding.level === level) {
                    const label = statementsLabel(statements, finding.statements);
                    reportWithDetail(
                        report,
                        `${subject}: ${where} ${label} ${finding.problem}: ${finding.fix}.`,
                        {
                            statements: finding.statements.map((index) => ({
                                document: where,
                                index,
                                sid: statements.find((s) => s.index === index)?.sid,
                            })),
                        },
                    );
                }
            }
        }
    };
}
