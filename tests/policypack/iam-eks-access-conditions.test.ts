// Which Conditions and Resources clear a step from IAM into the cluster
// (policypack/lib/iam-eks-access.ts, docs/iam-judgement.md §5.1), judged through
// eksAccessFindings. A Condition the module trusts too readily, or a Resource it reads too
// narrowly, would let a grant that reaches Kubernetes pass unreported; these tests pin the
// boundary from both sides.
import * as assert from "assert";
import { parsePolicyDocument } from "../../policypack/lib/iam-document";
import { eksAccessFindings } from "../../policypack/lib/iam-eks-access";

const account = "arn:aws:eks:us-east-1:123456789012";
const cluster = `${account}:cluster/prod`;
const entries = `${account}:access-entry/prod/*`;
const viewPolicy = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy";
const ciRole = "arn:aws:iam::123456789012:role/ci";
const everyRole = "arn:aws:iam::123456789012:role/*";
// AmazonEKSServiceRolePolicy's statement (tests/policypack/published-iam).
const eksRole = "arn:aws:iam::*:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS";
// The groups named, and required present, as the fix of the CreateAccessEntry finding asks.
const viewerGroups = {
    "ForAllValues:StringEquals": { "eks:kubernetesGroups": ["team-a-viewers"] },
    Null: { "eks:kubernetesGroups": "false" },
};

const allow = (Action: string | string[], Resource: string | string[], Condition?: object) => ({
    Effect: "Allow",
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
});

/** Each finding as [level, actions, statements, clusters]. */
function judge(...statements: object[]) {
    const parsed = parsePolicyDocument({ Version: "2012-10-17", Statement: statements });
    assert.ok(parsed.ok);
    return eksAccessFindings(parsed.statements).map((f) => [
        f.level,
        f.actions,
        f.statements,
        f.clusters,
    ]);
}

const createOnProd = [["mandatory", ["eks:CreateAccessEntry"], [0], ["prod"]]];

describe("IAM to Kubernetes: which Conditions clear eks:CreateAccessEntry", () => {
    it("clears it when a positive test names a key the action never has: it is granted nothing", () => {
        // eks:policyArn is a key of AssociateAccessPolicy only (Service Authorization Reference,
        // Amazon EKS), so StringEquals on it is false on every CreateAccessEntry request.
        const policyArn = { StringEquals: { "eks:policyArn": viewPolicy } };
        assert.deepStrictEqual(judge(allow("eks:CreateAccessEntry", cluster, policyArn)), []);
        // Beside an entry that scopes only partly (the principal, not the groups), too.
        assert.deepStrictEqual(
            judge(
                allow("eks:CreateAccessEntry", cluster, {
                    ...policyArn,
                    ArnEquals: { "eks:principalArn": ciRole },
                }),
            ),
            [],
        );
    });

    it("still reports it when only the groups are named: any principal can be put in them", () => {
        assert.deepStrictEqual(
            judge(allow("eks:CreateAccessEntry", cluster, viewerGroups)),
            createOnProd,
        );
    });

    it("clears it for service-linked roles only when every value of a positive ARN test is one", () => {
        const create = (condition: object) =>
            judge(allow("eks:CreateAccessEntry", cluster, condition));
        assert.deepStrictEqual(create({ ArnLike: { "eks:principalArn": eksRole } }), []);
        // A person's role beside the service-linked one: that role gets any group.
        assert.deepStrictEqual(
            create({ ArnLike: { "eks:principalArn": [eksRole, ciRole] } }),
            createOnProd,
        );
        // The groups scope, so the principal test is read: operators that pass a request the
        // positive test would refuse (IfExists, ForAllValues on a single value: both true
        // without the key), and a test with no values, name no service-linked role.
        for (const principal of [
            { ArnLikeIfExists: { "eks:principalArn": eksRole } },
            { "ForAllValues:ArnLike": { "eks:principalArn": eksRole } },
            { ArnLike: { "eks:principalArn": [] } },
        ]) {
            assert.deepStrictEqual(
                create({ ...principal, ...viewerGroups }),
                createOnProd,
                JSON.stringify(principal),
            );
        }
    });
});

describe("IAM to Kubernetes: which Resources reach every access entry of a cluster", () => {
    it("passes one principal's entry whatever the partition, Region and account", () => {
        assert.deepStrictEqual(
            judge(allow("eks:AssociateAccessPolicy", "*:access-entry/prod/role/123456789012/ci/*")),
            [],
        );
    });

    it("reads a Resource made only of wildcards as every entry of every cluster", () => {
        // `??` matches no ARN, but the pack reads a value of wildcards only as everything
        // (as clusterOf and the Condition judgement do): an over-report, never a silent pass.
        for (const resource of ["*", "??", "?*"]) {
            assert.deepStrictEqual(
                judge(allow("eks:AssociateAccessPolicy", resource)),
                [["mandatory", ["eks:AssociateAccessPolicy"], [0], ["*"]]],
                resource,
            );
        }
    });
});

describe("IAM to Kubernetes: which Resources reach a cluster to create an access entry in", () => {
    it("reports eks:CreateAccessEntry only through a Resource that can name a cluster", () => {
        // CreateAccessEntry takes the `cluster` resource type only (Service Authorization
        // Reference, Amazon EKS): an entry, a node group or another service's ARN grants nothing.
        for (const resource of [
            "arn:aws:s3:::reports/*",
            "*:access-entry/prod/*",
            `${account}:access-entry/prod/role/123456789012/ci/*`,
            `${account}:nodegroup/prod/workers/0123`,
        ]) {
            assert.deepStrictEqual(judge(allow("eks:CreateAccessEntry", resource)), [], resource);
        }
    });

    it("reads a cluster name made only of wildcards, or a Resource of wildcards only, as every cluster", () => {
        for (const resource of ["??", "?*", `${account}:cluster/**`, `${account}:cluster/*?`]) {
            assert.deepStrictEqual(
                judge(allow("eks:CreateAccessEntry", resource)),
                [["mandatory", ["eks:CreateAccessEntry"], [0], ["*"]]],
                resource,
            );
        }
        assert.deepStrictEqual(judge(allow("eks:CreateAccessEntry", `${account}:cluster/p*`)), [
            ["mandatory", ["eks:CreateAccessEntry"], [0], ["p*"]],
        ]);
    });
});

describe("IAM to Kubernetes: which Conditions clear the pod identity path", () => {
    const advice = [
        ["advisory", ["eks:CreatePodIdentityAssociation", "iam:PassRole"], [0, 1], ["prod"]],
    ];
    const podIdentity = (passCondition?: object, associateCondition?: object) =>
        judge(
            allow("eks:CreatePodIdentityAssociation", cluster, associateCondition),
            allow("iam:PassRole", everyRole, passCondition),
        );

    it("clears it when either step is scoped by a Condition", () => {
        const tagged = { StringEquals: { "aws:ResourceTag/team": "ci" } };
        assert.deepStrictEqual(podIdentity(undefined, tagged), []);
        assert.deepStrictEqual(podIdentity(tagged), []);
        assert.deepStrictEqual(podIdentity(), advice);
    });

    it("clears it when iam:PassRole names the roles it may pass", () => {
        const passing = (roles: string[]) =>
            judge(allow("eks:CreatePodIdentityAssociation", cluster), allow("iam:PassRole", roles));
        assert.deepStrictEqual(passing([ciRole]), []);
        assert.deepStrictEqual(passing([ciRole, "arn:aws:iam::123456789012:role/deploy"]), []);
        assert.deepStrictEqual(passing([ciRole, everyRole]), advice);
        assert.deepStrictEqual(passing(["*"]), advice);
    });

    it("keeps it unless iam:PassedToService names only services other than Pod Identity's", () => {
        const passedTo = (operator: string, services: string | string[]) =>
            podIdentity({ [operator]: { "iam:PassedToService": services } });
        assert.deepStrictEqual(passedTo("StringEquals", "ec2.amazonaws.com"), []);
        assert.deepStrictEqual(
            passedTo("StringLike", ["ec2.amazonaws.com", "lambda.amazonaws.com"]),
            [],
        );
        for (const [operator, services] of [
            ["StringEquals", "pods.eks.amazonaws.com"],
            ["StringEquals", "Pods.EKS.amazonaws.com"],
            ["StringLike", "*.amazonaws.com"],
            ["StringEquals", ["ec2.amazonaws.com", "pods.eks.amazonaws.com"]],
            // No values: the test names no service at all.
            ["StringEquals", []],
            // Operators true without the key, whatever it names.
            ["StringEqualsIfExists", "ec2.amazonaws.com"],
            ["ForAllValues:StringEquals", "ec2.amazonaws.com"],
        ] as const) {
            assert.deepStrictEqual(
                passedTo(operator, typeof services === "string" ? services : [...services]),
                advice,
                `${operator} ${JSON.stringify(services)}`,
            );
        }
    });
});

describe("IAM to Kubernetes: which Conditions clear the switch to access entries", () => {
    const switchText = (condition?: object) => {
        const parsed = parsePolicyDocument({
            Statement: [
                allow("eks:AssociateAccessPolicy", entries),
                allow("eks:UpdateClusterConfig", cluster, condition),
            ],
        });
        assert.ok(parsed.ok);
        const [finding] = eksAccessFindings(parsed.statements);
        return /, and eks:UpdateClusterConfig \(statement 1\) can switch the cluster to access entries$/.test(
            finding.problem,
        );
    };

    it("names it when eks:UpdateClusterConfig is scoped to tagged clusters: a tagged one can switch", () => {
        assert.strictEqual(switchText(), true);
        assert.strictEqual(switchText({ StringEquals: { "aws:ResourceTag/team": "ci" } }), true);
    });

    // docs/iam-judgement.md §5.1: scoped by eks:authenticationMode to the current mode. The key
    // is "the authenticationMode present in the create / update cluster request" (Service
    // Authorization Reference, Amazon EKS); its values are API, API_AND_CONFIG_MAP and
    // CONFIG_MAP (EKS API Reference, UpdateAccessConfigRequest), the first two with access entries.
    it("leaves it out when a positive eks:authenticationMode test admits only CONFIG_MAP", () => {
        const mode = (operator: string, modes: string | string[]) =>
            switchText({ [operator]: { "eks:authenticationMode": modes } });
        assert.strictEqual(mode("StringEquals", "CONFIG_MAP"), false);
        assert.strictEqual(mode("StringLike", "CONFIG*"), false);
        for (const [operator, modes] of [
            ["StringEquals", "API"],
            ["StringEquals", "API_AND_CONFIG_MAP"],
            ["StringEquals", ["CONFIG_MAP", "API"]],
            ["StringLike", "*"],
            ["StringLike", "API*"],
            ["StringEquals", []],
            // A negated test passes every mode it does not name.
            ["StringNotEquals", "API"],
        ] as const) {
            assert.strictEqual(
                mode(operator, typeof modes === "string" ? modes : [...modes]),
                true,
                `${operator} ${JSON.stringify(modes)}`,
            );
        }
    });

    it("leaves it out when a positive test names a key the action never has", () => {
        const policyArn = { StringEquals: { "eks:policyArn": viewPolicy } };
        assert.strictEqual(switchText(policyArn), false);
        assert.strictEqual(
            switchText({
                ...policyArn,
                StringLike: { "aws:ResourceTag/team": "ci" },
            }),
            false,
        );
    });
});
