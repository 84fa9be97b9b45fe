// The operator and value rules of policypack/lib/iam-conditions.ts that do not depend on the
// key's row (design §3.2-3.3): set operators, Null with mixed values, an empty value list,
// IfExists and negation, and aws:CalledVia, each with its whole verdict.
import * as assert from "assert";
import { matchingActions } from "../../policypack/lib/iam-actions";
import { ConditionVerdict, conditionScopes } from "../../policypack/lib/iam-conditions";
import { parseStatement } from "../../policypack/lib/iam-document";

function verdict(condition: Record<string, unknown>): ConditionVerdict {
    const [data] = matchingActions("ec2", "TerminateInstances");
    const statement = parseStatement(
        { Effect: "Allow", Action: "ec2:TerminateInstances", Resource: "*", Condition: condition },
        0,
    );
    assert.ok(typeof statement !== "string", String(statement));
    return conditionScopes(statement, "ec2", data);
}

const scopes: ConditionVerdict = {
    scopes: true,
    scopedBy: [{ key: "aws:resourcetag/team", absent: false }],
    rejected: [],
};
const rejects = (...rejected: string[]): ConditionVerdict => ({
    scopes: false,
    scopedBy: [],
    rejected,
});
const tag = "aws:ResourceTag/team";
const calledVia = "it says through which service the call comes, not which resources it reaches";

describe("IAM condition operators", () => {
    it("ForAnyValue on a resource tag scopes; ForAllValues is not among its operators", () => {
        assert.deepStrictEqual(verdict({ "ForAnyValue:StringEquals": { [tag]: "a" } }), scopes);
        assert.deepStrictEqual(
            verdict({ "ForAllValues:StringEquals": { [tag]: "a" } }),
            rejects(
                `${tag} does not scope: ForAllValues:StringEquals is not an operator with which aws:ResourceTag/<k> scopes (stringequals, stringequalsignorecase, stringlike, foranyvalue:stringequals, foranyvalue:stringlike, null)`,
            ),
        );
    });

    it("Null scopes only when every value is false, in any case", () => {
        assert.deepStrictEqual(verdict({ Null: { [tag]: ["false"] } }), scopes);
        assert.deepStrictEqual(verdict({ Null: { [tag]: "FALSE" } }), scopes);
        assert.deepStrictEqual(
            verdict({ Null: { [tag]: ["false", "true"] } }),
            rejects(`${tag} does not scope: Null "true" passes requests without the key`),
        );
        assert.deepStrictEqual(
            verdict({ Null: { [tag]: ["true", "false"] } }),
            rejects(`${tag} does not scope: Null "true" passes requests without the key`),
        );
    });

    it("an empty value list scopes nothing", () => {
        assert.deepStrictEqual(
            verdict({ StringEquals: { [tag]: [] } }),
            rejects(`${tag} does not scope: it lists no values`),
        );
        assert.deepStrictEqual(
            verdict({ Null: { [tag]: [] } }),
            rejects(`${tag} does not scope: it lists no values`),
        );
    });

    it("IfExists and negated operators pass requests they do not name", () => {
        assert.deepStrictEqual(
            verdict({ StringEqualsIfExists: { [tag]: "a" } }),
            rejects(`${tag} does not scope: StringEqualsIfExists passes requests without the key`),
        );
        assert.deepStrictEqual(
            verdict({ "ForAnyValue:StringNotEquals": { [tag]: "a" } }),
            rejects(
                `${tag} does not scope: ForAnyValue:StringNotEquals is negated: it passes every request whose value differs`,
            ),
        );
    });

    it("aws:CalledVia and its first and last forms say nothing of the resources", () => {
        assert.deepStrictEqual(
            verdict({
                "ForAnyValue:StringEquals": { "aws:CalledVia": "cloudformation.amazonaws.com" },
                StringEquals: {
                    "aws:CalledViaFirst": "cloudformation.amazonaws.com",
                    "aws:CalledViaLast": "cloudformation.amazonaws.com",
                },
            }),
            rejects(
                `aws:CalledVia does not scope: ${calledVia}`,
                `aws:CalledViaFirst does not scope: ${calledVia}`,
                `aws:CalledViaLast does not scope: ${calledVia}`,
            ),
        );
    });

    it("one scoping entry is enough, and then nothing is listed as rejected", () => {
        assert.deepStrictEqual(
            verdict({
                StringEquals: { [tag]: "a", "aws:RequestedRegion": "eu-west-1" },
            }),
            scopes,
        );
    });
});
