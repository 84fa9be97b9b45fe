// The resource check behind the two policies that judge identity-policy grants: one reports
// the mandatory findings, the other the advisory ones, of the same judgement.
import { GrantFinding, GrantRules, judgeStatement } from "./iam-grants";
import { parsePolicyDocument } from "./iam-document";
import { identityPolicyDocuments } from "./iam-policy-sources";
import { iamPolicyDocumentTypes, iamRole } from "./types";
import { ResourceCheck } from "./validation";

/** The resource types whose identity policies are judged, and how messages name them. */
export const grantPolicyTypes = { ...iamPolicyDocumentTypes, [iamRole]: "IAM role" };

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
                for (const finding of judgeStatement(statement, config)) {
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
