// Who holds a document that reaches cluster-admin: the principals a policy, an attachment or a
// role's managedPolicyArns name, and what stands for them when the stack cannot tell. A holder
// lost here is a path to cluster-admin who-can never prints.
import * as assert from "assert";
import { iamClusterAdminPaths } from "../../policypack/lib/iam-cluster-admin";
import {
    adminStatements,
    doc,
    pairOnEvery,
    plainCi,
    res,
    role,
    unknownCheckingProxy,
    unknownValue,
    urn,
} from "./iam-cluster-admin-fixtures";

const policyArn = "arn:aws:iam::123456789012:policy/entries";
const managed = res("aws:iam/policy:Policy", "entries", {
    arn: policyArn,
    policy: doc(adminStatements),
});
const other = res(role, "other", { name: "other-runner" });
const dev = res("aws:iam/user:User", "dev", { arn: "arn:aws:iam::123456789012:user/dev" });
const rolePolicy = (props: Record<string, unknown>, dependencies?: string[]) =>
    res("aws:iam/rolePolicy:RolePolicy", "entries", props, dependencies);
/** Each path as its principal and how it holds the document. */
const holders = (stack: Parameters<typeof iamClusterAdminPaths>[0]) =>
    iamClusterAdminPaths(stack).map((p) => [p.via[0], p.via[1]]);

describe("IAM cluster-admin paths: the principals a document reaches", () => {
    it("a value names a principal by its logical name, its name or its ARN, and only that one", () => {
        // By logical name, among two roles.
        const byLogicalName = rolePolicy({ policy: doc(adminStatements), role: "ci" });
        assert.deepStrictEqual(
            iamClusterAdminPaths([plainCi, other, byLogicalName]).map((p) => p.principal),
            [{ type: role, name: "ci", urn: plainCi.urn }],
        );
        // A PolicyAttachment's lists: a role by name, a user by ARN, a role outside the stack
        // for itself, and a value that is not a string for no one.
        const attachment = res("aws:iam/policyAttachment:PolicyAttachment", "all", {
            policyArn,
            roles: ["ci-runner", "ext", 42],
            users: [dev.props.arn],
        });
        const by =
            'IAM policy "entries" (attached by PolicyAttachment "all") policy statement 0 ("Entries")';
        assert.deepStrictEqual(
            iamClusterAdminPaths([plainCi, other, dev, managed, attachment]).map(
                (p) => p.principal,
            ),
            [
                { type: role, name: "ci", urn: plainCi.urn },
                { type: role, name: 'role "ext"', urn: "" },
                { type: "aws:iam/user:User", name: "dev", urn: dev.urn },
            ],
        );
        assert.deepStrictEqual(holders([plainCi, other, dev, managed, attachment]), [
            ['IAM role "ci"', by],
            ['IAM role "ext"', by],
            ['IAM user "dev"', by],
        ]);
    });

    it("a dependency on a principal is that principal, whatever name the value gives it", () => {
        // The role's physical name, known only once deployed, matches none of its fields.
        const unnamed = res(role, "ci", {});
        const attach = res(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "ci-entries",
            { role: "ci-7f3a2b1", policyArn },
            [unnamed.urn],
        );
        assert.deepStrictEqual(
            iamClusterAdminPaths([unnamed, managed, attach]).map((p) => p.principal),
            [{ type: role, name: "ci", urn: unnamed.urn }],
        );
    });

    it("a principal unknown until deploy that is none of the stack's stands for whoever it names", () => {
        // The role comes from another stack: its name is unknown in a preview and the policy
        // depends on no role of this stack. The grant is cluster-admin all the same.
        const stackReference = urn("pulumi:pulumi:StackReference", "infra");
        const inline = rolePolicy(
            unknownCheckingProxy({ policy: doc(adminStatements), role: unknownValue }),
            [stackReference],
        );
        assert.deepStrictEqual(iamClusterAdminPaths([inline]), [
            {
                principal: {
                    type: "aws:iam/rolePolicy:RolePolicy",
                    name: 'the role of RolePolicy "entries", unknown until deploy',
                    urn: inline.urn,
                },
                via: [
                    'the role of RolePolicy "entries", unknown until deploy',
                    'IAM role policy "entries" statement 0 ("Entries")',
                    pairOnEvery,
                    "AmazonEKSClusterAdminPolicy",
                ],
                cluster: "*",
                actions: ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
            },
        ]);
        // Beside an attachment the stack can read, it is a holder of its own; the fields a
        // PolicyAttachment leaves out name no one.
        const known = res("aws:iam/policyAttachment:PolicyAttachment", "known", {
            policyArn,
            roles: ["ci-runner"],
        });
        const pending = res(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "remote",
            unknownCheckingProxy({ role: unknownValue, policyArn }),
            [stackReference],
        );
        assert.deepStrictEqual(holders([plainCi, managed, known, pending]), [
            [
                'IAM role "ci"',
                'IAM policy "entries" (attached by PolicyAttachment "known") policy statement 0 ("Entries")',
            ],
            [
                'the role of RolePolicyAttachment "remote", unknown until deploy',
                'IAM policy "entries" (attached by RolePolicyAttachment "remote") policy statement 0 ("Entries")',
            ],
        ]);
    });

    it("a role's managedPolicyArns attach the policy; a resource that only depends on it does not", () => {
        const listing = res(role, "ci", { name: "ci-runner", managedPolicyArns: [policyArn] });
        assert.deepStrictEqual(holders([listing, managed]), [
            [
                'IAM role "ci"',
                'IAM policy "entries" (attached by managedPolicyArns) policy statement 0 ("Entries")',
            ],
        ]);
        // A user created after the policy (dependsOn) holds nothing through that: the policy
        // then stands for whoever it is attached to.
        const after = res("aws:iam/user:User", "dev", {}, [managed.urn]);
        assert.deepStrictEqual(iamClusterAdminPaths([after, managed]), [
            {
                principal: {
                    type: "aws:iam/policy:Policy",
                    name: 'any principal IAM policy "entries" is attached to',
                    urn: managed.urn,
                },
                via: [
                    'any principal IAM policy "entries" is attached to',
                    'IAM policy "entries" policy statement 0 ("Entries")',
                    pairOnEvery,
                    "AmazonEKSClusterAdminPolicy",
                ],
                cluster: "*",
                actions: ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
            },
        ]);
    });

    it("a permission set whose ARN is unknown until deploy says so", () => {
        const set = res(
            "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
            "ops",
            unknownCheckingProxy({
                permissionSetArn: unknownValue,
                inlinePolicy: doc(adminStatements),
            }),
        );
        assert.deepStrictEqual(iamClusterAdminPaths([set])[0].principal, {
            type: set.type,
            name: "permission set unknown until deploy",
            urn: set.urn,
        });
    });
});
