// Where IAM documents live in a resource's properties, so each policy reads them the same way.
import { asArray, isRecord } from "./values";

export interface DocumentSource {
    /** Where the document is, for messages: `policy`, `inlinePolicies[0] "deploy"`. */
    where: string;
    document: unknown;
}

/** The identity policies of a resource: its `policy`, or each of a Role's `inlinePolicies`. */
export function identityPolicyDocuments(
    type: string,
    props: Record<string, unknown>,
): DocumentSource[] {
    if (type === "aws:iam/role:Role") {
        return (asArray(props.inlinePolicies) ?? []).flatMap((inline, i) => {
            if (!isRecord(inline)) {
                return [{ where: `inlinePolicies[${i}]`, document: inline }];
            }
            // An inline policy with only a name (Pulumi's way of removing all) has no document.
            if (inline.policy === undefined || inline.policy === "") {
                return [];
            }
            const name = typeof inline.name === "string" ? ` "${inline.name}"` : "";
            return [{ where: `inlinePolicies[${i}]${name}`, document: inline.policy }];
        });
    }
    return props.policy === undefined ? [] : [{ where: "policy", document: props.policy }];
}
