// Judges who a trust or resource policy statement lets in.
import { IamStatement } from "./iam-document";

/**
 * Each way an Allow statement opens itself to anyone: `Principal: "*"`, a principal
 * identifier containing `*`, or `NotPrincipal` (everyone but the listed).
 */
export function wildcardPrincipalProblems(statement: IamStatement): string[] {
    if (statement.effect !== "Allow") {
        return [];
    }
    const problems: string[] = [];
    if (statement.notPrincipal !== undefined) {
        problems.push("uses NotPrincipal, which allows every principal not listed");
    }
    if (statement.principal === "*") {
        problems.push('has Principal "*", which allows anyone');
    } else if (statement.principal) {
        for (const [type, ids] of Object.entries(statement.principal)) {
            for (const id of ids.filter((i) => i.includes("*"))) {
                problems.push(
                    `has ${type} principal "${id}", a wildcard that allows any matching principal`,
                );
            }
        }
    }
    return problems;
}
