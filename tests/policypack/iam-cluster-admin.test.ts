// IAM principals that can become cluster-admin through the EKS API, with the path who-can
// prints: which principal holds which document, which statements, on which cluster.
import * as assert from "assert";
import { iamClusterAdminPaths } from "../../policypack/lib/iam-cluster-admin";
import {
    adminStatements,
    ci,
    doc,
    pairOnEvery,
    res,
    role,
    trust,
    unknownCheckingProxy,
    unknownValue,
} from "./iam-cluster-admin-fixtures";

describe("IAM principals that can become cluster-admin", () => {
    it("a role whose inline policy grants eks:CreateAccessEntry + eks:AssociateAccessPolicy on *", () => {
        assert.deepStrictEqual(iamClusterAdminPaths([ci]), [
            {
                principal: { type: role, name: "ci", urn: ci.urn },
                via: [
                    'IAM role "ci"',
                    'inlinePolicies[0] "deploy" statement 0 ("Entries")',
                    pairOnEvery,
                    "AmazonEKSClusterAdminPolicy",
                ],
                cluster: "*",
                actions: ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
            },
        ]);
    });

    it("names the cluster, and the stack's EKS cluster of that name", () => {
        const arn = "arn:aws:eks:us-east-1:123456789012";
        const scoped = res(role, "ci", {
            inlinePolicies: [
                {
                    name: "deploy",
                    policy: doc([
                        {
                            Effect: "Allow",
                            Action: "eks:CreateAccessEntry",
                            Resource: `${arn}:cluster/prod`,
                        },
                        {
                            Effect: "Allow",
                            Action: "eks:AssociateAccessPolicy",
                            Resource: `${arn}:access-entry/prod/*`,
                        },
                    ]),
                },
            ],
        });
        const cluster = res("aws:eks/cluster:Cluster", "main", { name: "prod" });
        const [path] = iamClusterAdminPaths([scoped, cluster]);
        assert.deepStrictEqual(path.via.slice(1, 3), [
            'inlinePolicies[0] "deploy" statements 0, 1',
            'eks:CreateAccessEntry + eks:AssociateAccessPolicy on cluster "prod" (EKS cluster "main" of this stack)',
        ]);
        assert.strictEqual(path.cluster, "prod");
        // Without the cluster in the stack, only its name.
        assert.strictEqual(
            iamClusterAdminPaths([scoped])[0].via[2],
            'eks:CreateAccessEntry + eks:AssociateAccessPolicy on cluster "prod"',
        );
    });

    it("passes a document whose eks:policyArn admits only the view policy", () => {
        const view = res(role, "viewer", {
            inlinePolicies: [
                {
                    name: "view",
                    policy: doc([
                        {
                            Effect: "Allow",
                            Action: ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
                            Resource: "*",
                            Condition: {
                                ArnEquals: {
                                    "eks:policyArn":
                                        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                                    "eks:principalArn": "arn:aws:iam::123456789012:role/viewer",
                                },
                                "ForAllValues:StringEquals": {
                                    "eks:kubernetesGroups": ["viewers"],
                                },
                                Null: { "eks:kubernetesGroups": "false" },
                            },
                        },
                    ]),
                },
            ],
        });
        assert.deepStrictEqual(iamClusterAdminPaths([view]), []);
    });

    it("a role policy reaches its role by name, or by dependency when the name is unknown", () => {
        const policy = { policy: doc(adminStatements) };
        const byName = res("aws:iam/rolePolicy:RolePolicy", "entries", {
            ...policy,
            role: "ci-runner",
        });
        assert.deepStrictEqual(
            iamClusterAdminPaths([ci, byName]).map((p) => [p.principal.name, p.via[1]]),
            [
                ["ci", 'inlinePolicies[0] "deploy" statement 0 ("Entries")'],
                ["ci", 'IAM role policy "entries" statement 0 ("Entries")'],
            ],
        );
        const byDependency = res(
            "aws:iam/rolePolicy:RolePolicy",
            "entries",
            unknownCheckingProxy({ ...policy, role: unknownValue }),
            [ci.urn],
        );
        const plainCi = res(role, "ci", { assumeRolePolicy: trust });
        assert.deepStrictEqual(
            iamClusterAdminPaths([plainCi, byDependency]).map((p) => p.principal),
            [{ type: role, name: "ci", urn: ci.urn }],
        );
        // A role outside the stack stands for itself.
        const outside = res("aws:iam/rolePolicy:RolePolicy", "entries", { ...policy, role: "ext" });
        assert.deepStrictEqual(iamClusterAdminPaths([outside])[0].principal, {
            type: role,
            name: 'role "ext"',
            urn: "",
        });
    });

    it("a managed policy reaches the principals its attachments name, by ARN or dependency", () => {
        const arn = "arn:aws:iam::123456789012:policy/entries";
        const policy = res("aws:iam/policy:Policy", "entries", {
            arn,
            policy: doc(adminStatements),
        });
        const plainCi = res(role, "ci", { name: "ci-runner", assumeRolePolicy: trust });
        const attach = res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ci-entries", {
            role: "ci-runner",
            policyArn: arn,
        });
        assert.deepStrictEqual(iamClusterAdminPaths([plainCi, policy, attach]), [
            {
                principal: { type: role, name: "ci", urn: plainCi.urn },
                via: [
                    'IAM role "ci"',
                    'IAM policy "entries" (attached by RolePolicyAttachment "ci-entries") policy statement 0 ("Entries")',
                    pairOnEvery,
                    "AmazonEKSClusterAdminPolicy",
                ],
                cluster: "*",
                actions: ["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
            },
        ]);
        // A policy the stack creates has an ARN unknown in a preview: the attachment's
        // dependencies join them.
        const pendingPolicy = res(
            "aws:iam/policy:Policy",
            "entries",
            unknownCheckingProxy({ arn: unknownValue, policy: doc(adminStatements) }),
        );
        const pendingAttach = res(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "ci-entries",
            unknownCheckingProxy({ role: unknownValue, policyArn: unknownValue }),
            [plainCi.urn, pendingPolicy.urn],
        );
        assert.deepStrictEqual(
            iamClusterAdminPaths([plainCi, pendingPolicy, pendingAttach]).map((p) => p.principal),
            [{ type: role, name: "ci", urn: plainCi.urn }],
        );
        const unattached = iamClusterAdminPaths([policy]);
        assert.deepStrictEqual(unattached[0].principal, {
            type: "aws:iam/policy:Policy",
            name: 'any principal IAM policy "entries" is attached to',
            urn: policy.urn,
        });
    });

    it("a permission set's inline policy stands for the permission set", () => {
        const set = res("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "ops", {
            permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
            inlinePolicy: doc(adminStatements),
        });
        assert.deepStrictEqual(iamClusterAdminPaths([set])[0].via.slice(0, 2), [
            "permission set arn:aws:sso:::permissionSet/ssoins-1/ps-1",
            'SSO permission set inline policy "ops" statement 0 ("Entries")',
        ]);
    });

    it("hands a document unknown until deploy to `unknown` and goes on", () => {
        const pending = res(
            "aws:iam/policy:Policy",
            "pending",
            unknownCheckingProxy({ policy: unknownValue }),
        );
        const unknown: string[] = [];
        assert.strictEqual(iamClusterAdminPaths([pending, ci], (u) => unknown.push(u)).length, 1);
        assert.deepStrictEqual(unknown, [pending.urn]);
    });
});

/** A role whose inline policy "p" has these statements. */
const holding = (statements: object[], name = "ci") =>
    res(role, name, { inlinePolicies: [{ name: "p", policy: doc(statements) }] });
const arnOf = (resource: string) => `arn:aws:eks:us-east-1:123456789012:${resource}`;

describe("IAM cluster-admin paths: only an associable cluster-admin policy is a path", () => {
    it("eks:CreateAccessEntry, eks:UpdateAccessEntry or Pod Identity alone is no path", () => {
        // iam-eks-access judges each mandatory (or advisory), but none can associate
        // AmazonEKSClusterAdminPolicy: the path this module lists.
        const statements = [
            { Effect: "Allow", Action: "eks:CreateAccessEntry", Resource: "*" },
            { Effect: "Allow", Action: "eks:UpdateAccessEntry", Resource: "*" },
            {
                Effect: "Allow",
                Action: ["eks:CreatePodIdentityAssociation", "iam:PassRole"],
                Resource: "*",
            },
        ];
        assert.deepStrictEqual(iamClusterAdminPaths([holding(statements)]), []);
        // eks:AssociateAccessPolicy alone is one.
        const associate = [{ Effect: "Allow", Action: "eks:AssociateAccessPolicy", Resource: "*" }];
        assert.deepStrictEqual(
            iamClusterAdminPaths([holding(associate)]).map((p) => [p.cluster, p.actions]),
            [["*", ["eks:AssociateAccessPolicy"]]],
        );
    });

    it("a grant on every cluster is one path, not one more per cluster it also names", () => {
        const statements = [
            { Effect: "Allow", Action: "eks:CreateAccessEntry", Resource: "*" },
            {
                Effect: "Allow",
                Action: "eks:AssociateAccessPolicy",
                Resource: arnOf("access-entry/prod/*"),
            },
        ];
        assert.deepStrictEqual(
            iamClusterAdminPaths([holding(statements)]).map((p) => [p.cluster, p.via[2]]),
            [["*", pairOnEvery]],
        );
    });
});

describe("IAM cluster-admin paths: the stack's EKS cluster a path names", () => {
    const onProd = holding([
        {
            Effect: "Allow",
            Action: "eks:AssociateAccessPolicy",
            Resource: arnOf("access-entry/prod/*"),
        },
    ]);
    const clusterOfPath = (...stack: Parameters<typeof iamClusterAdminPaths>[0]) =>
        iamClusterAdminPaths([onProd, ...stack]).map((p) => p.via[2]);
    const bare = 'eks:AssociateAccessPolicy on cluster "prod"';

    it("only an EKS cluster whose name is the path's", () => {
        const staging = res("aws:eks/cluster:Cluster", "main", { name: "staging" });
        const prodRole = res(role, "deployer", { name: "prod" });
        assert.deepStrictEqual(clusterOfPath(staging, prodRole), [bare]);
    });

    it("an eks.Cluster component by its logical name; an aws.eks.Cluster only by its name", () => {
        // The component names its cluster after itself unless told otherwise; an aws.eks.Cluster
        // without a name is auto-named `prod-1a2b3c4`.
        assert.deepStrictEqual(clusterOfPath(res("eks:index:Cluster", "prod", {})), [
            `${bare} (EKS cluster "prod" of this stack)`,
        ]);
        assert.deepStrictEqual(clusterOfPath(res("aws:eks/cluster:Cluster", "prod", {})), [bare]);
    });
});

describe("IAM cluster-admin paths: what the evaluator reads and what it lets through", () => {
    it("an error other than a value unknown until deploy is not taken for one", () => {
        const broken = res(role, "broken", {});
        Object.defineProperty(broken.props, "inlinePolicies", {
            enumerable: true,
            get: () => {
                throw new RangeError("a bug, not a preview");
            },
        });
        const unknown: string[] = [];
        assert.throws(
            () => iamClusterAdminPaths([broken], (u) => unknown.push(u)),
            new RangeError("a bug, not a preview"),
        );
        assert.deepStrictEqual(unknown, []);
    });

    it("reads the holders of a document only when the document is a path", () => {
        // Each read of a property goes through the SDK's proxy in a policy: a harmless role
        // policy's `role` is not read.
        const read: string[] = [];
        const props = new Proxy(
            {
                policy: doc([{ Effect: "Allow", Action: "eks:DescribeCluster", Resource: "*" }]),
                role: "ci",
            },
            {
                get: (target, key, receiver) => {
                    read.push(String(key));
                    return Reflect.get(target, key, receiver);
                },
            },
        );
        const harmless = res("aws:iam/rolePolicy:RolePolicy", "describe", props);
        assert.deepStrictEqual(iamClusterAdminPaths([harmless]), []);
        assert.ok(!read.includes("role"), `read ${read.join(", ")}`);
    });
});
