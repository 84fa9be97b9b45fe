// The resource check behind the two policies that judge identity-policy grants: one reports
// the mandatory findings, the other the advisory ones, of the same judgement.
import { GrantFinding, GrantRules, judgeStatement } from "./iam-grants";
import { IamStatement, parsePolicyDocument } from "./iam-document";
import { identityPolicyDocuments } from "./iam-policy-sources";
import { iamPolicyDocumentTypes, iamRole } from "./types";
import { ResourceCheck } from "./validation";

/** The resource types whose identity policies are judged, and how messages name them. */
export const grantPolicyTypes = { ...iamPolicyDocumentTypes, [iamRole]: "IAM role" };

/**
 * The two policies judge the same statements: the last few judgements are kept, keyed by
 * the statement and the rules, so each statement is judged once per resource.
 */
const recent = new Map<string, GrantFinding[]>();
function judged(statement: IamStatement, rules: GrantRules): GrantFinding[] {
    const key = JSON.stringify([
        statement,
        rules.allowedActions ?? [],
        rules.allowVerbPrefixWildcards ?? true,
    ]);
    let findings = recent.get(key);
    if (!findings) {
        findings = judgeStatement(statement, rules);
        if (recent.size >= 256) {
            recent.delete(recent.keys().next().value!);
        }
        recent.set(key, findings);
    }
    return findings;
}

/** A check reporting each finding of `level` in the resource's identity policies. */
export function grantCheck(
    level: GrantFinding["level"],
    rules: (config: never) => GrantRules,
): ResourceCheck {
    return (props, subject, report, args) => {
        const config = rules(args.getConfig<never>());
        for (const { where, document } of identityPolicyDocuments(args.type, props)) {
            const parsed = parsePolicyDocument(document);
            if (!parsed.ok) {
                // Malformed documents are the mandatory policy's to report, once.
                if (level === "mandatory") {
                    report(
                        `${subject}: ${where} ${parsed.error}: write a valid IAM policy document.`,
                    );
                }
                continue;
            }
            for (const statement of parsed.statements) {
                for (const finding of judged(statement, config)) {
                    if (finding.level === level) {
                        report(
                            `${subject}: ${where} ${statement.label} ${finding.problem}: ${finding.fix}.`,
                        );
                    }
                }
            }
        }
    };
}
