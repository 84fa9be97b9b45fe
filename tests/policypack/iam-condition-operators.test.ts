// The operator and value rules of policypack/lib/iam-conditions.ts that do not depend on the
// key's row (docs/iam-judgement.md §3.2-3.3): set operators, Null with mixed values, an empty value list,
// IfExists and negation, and aws:CalledVia, each with its whole verdict.
import * as assert from "assert";
import {
    ConditionVerdict,
    admittedAccessPolicy,
    admittedAdminPolicy,
} from "../../policypack/lib/iam-conditions";
import { conditionVerdictOf } from "./iam-fixtures";

const verdictOf = conditionVerdictOf;

const verdict = (condition: Record<string, unknown>) =>
    verdictOf("ec2:TerminateInstances", condition);

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

/** The whole verdict, short: `scopes <keys>` or the rejections. */
function short(action: string, condition: Record<string, unknown>): string | string[] {
    const v = verdictOf(action, condition);
    return v.scopes ? `scopes ${v.scopedBy.map((s) => s.key).join(", ")}` : v.rejected;
}

describe("IAM condition ForAllValues and the key it needs present", () => {
    const keys = "aws:TagKeys";
    const all = { "ForAllValues:StringEquals": { [keys]: "a" } };
    const absent = `${keys} does not scope: ForAllValues is true when the key is absent: also require it (Null false)`;
    const cases: [string, Record<string, unknown>, string | string[]][] = [
        ["alone", all, [absent]],
        ["with Null false", { ...all, Null: { [keys]: "false" } }, "scopes aws:tagkeys"],
        [
            "with Null and no value",
            { ...all, Null: { [keys]: [] } },
            [absent, `${keys} does not scope: it lists no values`],
        ],
        [
            "with Null false and true",
            { ...all, Null: { [keys]: ["false", "true"] } },
            [absent, `${keys} does not scope: Null "true" passes requests without the key`],
        ],
        [
            "with Null false on another key",
            { ...all, Null: { "aws:RequestTag/x": "false" } },
            "scopes aws:requesttag/x",
        ],
        [
            "with a positive test",
            { ...all, "ForAnyValue:StringEquals": { [keys]: "b" } },
            "scopes aws:tagkeys, aws:tagkeys",
        ],
        [
            "with a positive test of no value",
            { ...all, "ForAnyValue:StringEquals": { [keys]: [] } },
            [absent, `${keys} does not scope: it lists no values`],
        ],
        [
            "with a negated test",
            { ...all, "ForAnyValue:StringNotEquals": { [keys]: "b" } },
            [
                absent,
                `${keys} does not scope: ForAnyValue:StringNotEquals is negated: it passes every request whose value differs`,
            ],
        ],
        [
            "with an IfExists test",
            { ...all, "ForAnyValue:StringEqualsIfExists": { [keys]: "b" } },
            [
                absent,
                `${keys} does not scope: ForAnyValue:StringEqualsIfExists passes requests without the key`,
            ],
        ],
        [
            "with another ForAllValues",
            { ...all, "ForAllValues:StringLike": { [keys]: "b" } },
            [absent, absent],
        ],
        [
            "with Null false on it among other keys",
            { ...all, Null: { [keys]: "false", "aws:RequestedRegion": "false" } },
            "scopes aws:tagkeys",
        ],
        [
            "with ForAnyValue:Null true",
            { "ForAnyValue:Null": { [keys]: "true" } },
            [`${keys} does not scope: ForAnyValue:Null "true" passes requests without the key`],
        ],
        [
            "with a set operator written last",
            { "StringEqualsIfExistsForAllValues:": { [keys]: "a" } },
            [
                `${keys} does not scope: StringEqualsIfExistsForAllValues: is not an operator with which aws:TagKeys scopes (foranyvalue:stringequals, foranyvalue:stringlike, forallvalues:stringequals, forallvalues:stringlike)`,
            ],
        ],
    ];
    for (const [name, condition, expected] of cases) {
        it(name, () => assert.deepStrictEqual(short("ec2:CreateVolume", condition), expected));
    }
});

describe("IAM condition values", () => {
    it("a value of wildcards only, or empty, matches every value", () => {
        assert.deepStrictEqual(
            short("ec2:CreateVolume", {
                "ForAllValues:StringEquals": { "aws:TagKeys": ["**", "*", "?", ""] },
                Null: { "aws:TagKeys": "false" },
            }),
            [
                'aws:TagKeys does not scope: "**", "*", "?", "" matches every value',
                'aws:TagKeys does not scope: Null "false" only requires the key, whatever its value',
            ],
        );
    });

    it("an ARN wildcarded from its service on matches every ARN", () => {
        const policyArn = (values: string[]) =>
            short("iam:AttachRolePolicy", { ArnEquals: { "iam:PolicyARN": values } });
        for (const value of ["arn:*", "arn*", "arn:aws:*", "arn:aws:iam:*", "arn:*:*"]) {
            assert.deepStrictEqual(
                policyArn([value]),
                [`iam:PolicyARN does not scope: "${value}" matches every value`],
                value,
            );
        }
        assert.deepStrictEqual(policyArn(["xarn:*"]), "scopes iam:policyarn");
    });

    it("an EKS access policy list is judged by its most powerful entry", () => {
        const policy = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;
        assert.deepStrictEqual(
            short("eks:AssociateAccessPolicy", {
                ArnEquals: {
                    "eks:policyArn": [
                        policy("AmazonEKSViewPolicy"),
                        policy("AmazonEKSClusterAdminPolicy"),
                    ],
                },
            }),
            ["eks:policyArn does not scope: it admits AmazonEKSClusterAdminPolicy"],
        );
        assert.deepStrictEqual(
            [
                admittedAccessPolicy(policy("amazoneksclusteradminpolicy")),
                admittedAccessPolicy(policy("AmazonEKSViewPolicy")),
                admittedAccessPolicy(policy("amazoneksviewpolicy")),
                admittedAdminPolicy("arn:aws:iam::aws:policy/administratoraccess"),
                // Not an access policy ARN, and a name that no ARN can hold: nothing admitted.
                admittedAccessPolicy("arn:aws:eks:us-east-1:111122223333:cluster/prod"),
                admittedAccessPolicy(`${policy("AmazonEKSViewPolicy")}\nX`),
            ],
            [
                "AmazonEKSClusterAdminPolicy",
                undefined,
                undefined,
                "AdministratorAccess",
                undefined,
                undefined,
            ],
        );
    });

    it("namespaces scope only with a namespace access scope, and no list entry may admit kube-system", () => {
        const scoped = (namespaces: string[], scope: Record<string, unknown>) =>
            short("eks:AssociateAccessPolicy", {
                "ForAllValues:StringEquals": { "eks:namespaces": namespaces },
                ...scope,
            });
        const notScoping =
            "eks:accessScope does not scope: it is not one of the keys that narrow which resources a statement reaches";
        const together =
            'eks:namespaces does not scope: it scopes only together with StringEquals eks:accessScope "namespace"';
        assert.deepStrictEqual(
            [
                scoped(["team-a", "kube-*"], { StringEquals: { "eks:accessScope": "namespace" } }),
                scoped(["team-a"], { StringEquals: { "eks:accessScope": "NAMESPACE" } }),
                scoped(["team-a"], { StringEquals: { "eks:accessScope": "cluster" } }),
                scoped(["team-a"], { StringLike: { "eks:accessScope": "namespace" } }),
                scoped(["team-a"], { StringEquals: { "eks:accessScope": [] } }),
                scoped(["team-a"], {
                    StringEquals: { "eks:accessScope": ["namespace", "cluster"] },
                }),
                scoped(["team-a"], { StringEquals: { "eks:clusterName": "namespace" } }),
                scoped(["team-a"], {
                    StringEquals: { "eks:clusterName": "prod", "eks:accessScope": "namespace" },
                }),
            ],
            [
                ["eks:namespaces does not scope: it admits namespace kube-system", notScoping],
                "scopes eks:namespaces",
                [together, notScoping],
                [together, notScoping],
                [together, "eks:accessScope does not scope: it lists no values"],
                [together, notScoping],
                "scopes eks:clustername",
                "scopes eks:namespaces, eks:clustername",
            ],
        );
    });

    it("Kubernetes groups may not admit a system: group, by name or by pattern", () => {
        const groups = (value: string) =>
            short("eks:CreateAccessEntry", {
                "ForAllValues:StringEquals": { "eks:kubernetesGroups": [value] },
                Null: { "eks:kubernetesGroups": "false" },
            });
        const results = ["system:masters", "system:mast*", "sys*", "sys", "team*", "x-system:"].map(
            groups,
        );
        const admits = (value: string) => [
            `eks:kubernetesGroups does not scope: "${value}" admits a system: group`,
            'eks:kubernetesGroups does not scope: Null "false" only requires the key, whatever its value',
        ];
        assert.deepStrictEqual(results, [
            admits("system:masters"),
            admits("system:mast*"),
            admits("sys*"),
            "scopes eks:kubernetesgroups",
            "scopes eks:kubernetesgroups",
            "scopes eks:kubernetesgroups",
        ]);
    });

    it("a principal ARN is read against each of its types: a role's and a user's", () => {
        const principal = (value: string) =>
            short("eks:CreateAccessEntry", { ArnLike: { "eks:principalArn": value } });
        const wide = (value: string) => [
            `eks:principalArn does not scope: "${value}" matches every resource of its type`,
        ];
        assert.deepStrictEqual(
            [
                principal("arn:aws:iam::111122223333:role/*"),
                principal("arn:aws:iam::111122223333:user/*"),
                principal("arn:aws:iam::111122223333:role/deployer"),
            ],
            [
                wide("arn:aws:iam::111122223333:role/*"),
                wide("arn:aws:iam::111122223333:user/*"),
                "scopes eks:principalarn",
            ],
        );
    });

    it("an alias list of wildcards only matches every alias", () => {
        const aliases = (value: string) =>
            short("kms:Decrypt", {
                "ForAnyValue:StringEquals": { "kms:ResourceAliases": [value] },
            });
        assert.deepStrictEqual(
            [aliases("alias/**"), aliases("alias/"), aliases("alias/app")],
            [
                ['kms:ResourceAliases does not scope: "alias/**" matches every alias'],
                ['kms:ResourceAliases does not scope: "alias/" matches every alias'],
                "scopes kms:resourcealiases",
            ],
        );
    });
});
