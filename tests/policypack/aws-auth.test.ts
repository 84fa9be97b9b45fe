// The aws-auth ConfigMap as aws-iam-authenticator reads it (policypack/lib/aws-auth.ts cites
// the lines): mapping fields in any case, top-level keys exactly, ARNs in any case.
import * as assert from "assert";
import {
    awsAuthNamespace,
    fieldOf,
    groupMayBecome,
    mappings,
    subjectMayBecome,
} from "../../policypack/lib/aws-auth";
import { GraphResource, RbacGraph } from "../../policypack/lib/rbac-graph";
import { eksNoUnlistedClusterAdmin } from "../../policypack/policies/eks-no-unlisted-cluster-admin";
import { violations } from "./check";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy");

const ops = "arn:aws:iam::123456789012:role/ops";
const platform = "arn:aws:iam::123456789012:role/platform";
const awsAuth = (data: Record<string, string>): GraphResource => ({
    type: "kubernetes:core/v1:ConfigMap",
    name: "aws-auth",
    urn: "urn:pulumi:test::test::kubernetes:core/v1:ConfigMap::aws-auth",
    props: { metadata: { name: "aws-auth", namespace: "kube-system" }, data },
});

describe("aws-auth mappings, read as aws-iam-authenticator reads them", () => {
    it("reads rolearn, username and groups in their documented spelling", () => {
        assert.deepStrictEqual(
            mappings(
                "mapRoles",
                "rolearn",
                `- rolearn: ${ops}\n  username: ops:{{SessionName}}\n  groups: [ops]\n`,
            ),
            [{ where: "mapRoles[0]", arn: ops, username: "ops:{{SessionName}}", groups: ["ops"] }],
        );
    });

    it("reads the fields in any case, as encoding/json matches them: roleARN, Groups, USERNAME", () => {
        assert.deepStrictEqual(
            mappings(
                "mapRoles",
                "rolearn",
                `- roleARN: ${ops}\n  USERNAME: ops\n  Groups: [ops]\n`,
            ),
            [{ where: "mapRoles[0]", arn: ops, username: "ops", groups: ["ops"] }],
        );
        assert.deepStrictEqual(
            mappings("mapUsers", "userarn", `- UsErArN: ${ops}\n  gRoUpS: [ops]\n`),
            [{ where: "mapUsers[0]", arn: ops, username: undefined, groups: ["ops"] }],
        );
    });

    it("folds the long s as Go's EqualFold does: uſerarn is userarn", () => {
        assert.deepStrictEqual(
            mappings("mapUsers", "userarn", `- uſerarn: ${ops}\n  groupſ: [ops]\n`),
            [{ where: "mapUsers[0]", arn: ops, username: undefined, groups: ["ops"] }],
        );
    });

    it("takes, of two spellings of a field, the last in sorted key order (encoding/json overwrites)", () => {
        // Sorted: "roleARN" < "rolearn", so rolearn is decoded last and wins.
        assert.strictEqual(fieldOf({ rolearn: "a", roleARN: "b" }, "rolearn"), "a");
        assert.strictEqual(fieldOf({ RoleArn: "a", roleArn: "b" }, "rolearn"), "b");
        assert.strictEqual(fieldOf({ groups: ["x"] }, "rolearn"), undefined);
    });
});

describe("aws-auth groups are templates: the session name is the caller's", () => {
    // aws-iam-authenticator v0.7.18-11-g81b1dab, pkg/server/server.go:543-545: {{SessionName}}
    // is the session name with '@' as '-', {{SessionNameRaw}} as it is; STS allows a role
    // session name [\w+=,.@-]* (STS API Reference, AssumeRole).
    it("reads each session-name variable as any run of the characters it can render", () => {
        assert.strictEqual(groupMayBecome("system:{{SessionName}}", "system:masters"), true);
        assert.strictEqual(groupMayBecome("{{SessionName}}{{SessionName}}", "ab"), true);
        assert.strictEqual(groupMayBecome("a{{SessionName}}b", "ab"), true);
        assert.strictEqual(groupMayBecome("{{SessionNameRaw}}", "a@b"), true);
        assert.strictEqual(groupMayBecome("{{SessionName}}", "a@b"), false);
        assert.strictEqual(groupMayBecome("{{SessionName}}", "system:masters"), false);
    });

    it("takes other text, and variables the caller does not choose, as written", () => {
        assert.strictEqual(groupMayBecome("system:masters", "system:masters"), true);
        assert.strictEqual(groupMayBecome("System:{{SessionName}}", "system:masters"), false);
        assert.strictEqual(groupMayBecome("system:{{AccountID}}", "system:masters"), false);
        assert.strictEqual(groupMayBecome("system:{{SessionNameX}}", "system:masters"), false);
        assert.strictEqual(groupMayBecome("system:{{SessionName}}x", "system:masters"), false);
    });
});

describe("aws-auth subject templates: a user renders as a user, a group as a group", () => {
    it("renders a kind's template into subjects of that kind only", () => {
        assert.strictEqual(subjectMayBecome("Group:ops-{{SessionName}}", "Group:ops-admin"), true);
        assert.strictEqual(subjectMayBecome("User:{{SessionName}}", "User:alice"), true);
        assert.strictEqual(subjectMayBecome("Group:{{SessionName}}", "User:alice"), false);
        assert.strictEqual(subjectMayBecome("User:{{SessionName}}", "Group:alice"), false);
        assert.strictEqual(subjectMayBecome("Group:ops-{{SessionName}}", "Group:dev-admin"), false);
        // The kind is all before the first `:`, the colon included: the rest is the template.
        assert.strictEqual(subjectMayBecome("Group:a:{{SessionName}}", "Group:a:b"), true);
        assert.strictEqual(subjectMayBecome("Group:a:{{SessionName}}", "Group:b:b"), false);
        // The kind is taken as written, a variable in it too; the template is after it.
        assert.strictEqual(subjectMayBecome("Group{{SessionName}}:x", "Groupies:x"), false);
        assert.strictEqual(subjectMayBecome(":{{SessionName}}", ":abc"), true);
        // A template never renders as itself: braces are no session name's characters.
        assert.strictEqual(
            subjectMayBecome("Group:ops-{{SessionName}}", "Group:ops-{{SessionName}}"),
            false,
        );
        // Without a kind a text is no subject key, and renders as none.
        assert.strictEqual(subjectMayBecome("{{SessionName}}", "admin"), false);
        assert.strictEqual(subjectMayBecome("{{SessionName}}", "Group:admin"), false);
    });
});

describe("aws-auth field names fold exactly as Go's EqualFold, no further", () => {
    it("folds the Kelvin sign into k, and nothing that only upper-casing would join (ß, dotless ı)", () => {
        assert.strictEqual(fieldOf({ "\u212Aind": "x" }, "kind"), "x");
        // Unicode simple folding keeps ß apart from ss and ı apart from i (CaseFolding.txt
        // gives ß only a full folding and ı only a Turkic one), though "ß".toUpperCase() is "SS".
        assert.strictEqual(fieldOf({ claß: "x" }, "class"), undefined);
        assert.strictEqual(fieldOf({ "\u0131d": "x" }, "id"), undefined);
    });

    it("finds no field when no key folds to the name, even a key spelt undefined", () => {
        assert.strictEqual(fieldOf({ undefined: "x" }, "rolearn"), undefined);
        assert.deepStrictEqual(
            mappings("mapRoles", "rolearn", `- undefined: ${ops}\n  groups: [ops]\n`),
            [{ where: "mapRoles[0]", arn: "", username: undefined, groups: ["ops"] }],
        );
    });
});

describe("aws-auth mappings: absent fields stay absent", () => {
    it("reads no mappings from an absent or empty list", () => {
        assert.deepStrictEqual(mappings("mapRoles", "rolearn", undefined), []);
        assert.deepStrictEqual(mappings("mapRoles", "rolearn", ""), []);
    });

    it("gives an entry without an ARN, user name or groups an empty ARN, no user name, no groups", () => {
        assert.deepStrictEqual(mappings("mapRoles", "rolearn", `- username: ""\n`), [
            { where: "mapRoles[0]", arn: "", username: undefined, groups: [] },
        ]);
    });

    it("reads a date-like scalar as the text written (JSON schema: no timestamps)", () => {
        assert.deepStrictEqual(
            mappings("mapRoles", "rolearn", `- rolearn: ${ops}\n  groups: [2024-01-01]\n`),
            [{ where: "mapRoles[0]", arn: ops, username: undefined, groups: ["2024-01-01"] }],
        );
    });
});

describe("aws-auth in the RBAC graph", () => {
    const binding: GraphResource = {
        type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        name: "ops",
        urn: "urn:pulumi:test::test::kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::ops",
        props: {
            metadata: { name: "ops" },
            subjects: [{ kind: "Group", name: "ops" }],
            roleRef: { kind: "ClusterRole", name: "view" },
        },
    };
    const groupsOf = (graph: RbacGraph, arn: string) => graph.iamIdentity(arn).groups;

    it("maps a role spelt roleARN with Groups into its group, and so its bindings", () => {
        const graph = RbacGraph.fromResources([
            awsAuth({ mapRoles: `- roleARN: ${ops}\n  Groups:\n    - ops\n` }),
            binding,
        ]);
        assert.deepStrictEqual(groupsOf(graph, ops), ["ops", "system:authenticated"]);
        assert.ok(
            graph.grants(graph.iamIdentity(ops), {
                verb: "get",
                apiGroup: "",
                resource: "pods",
                namespace: "a",
            }).length > 0,
        );
    });

    it("reads the top-level keys exactly: maproles and MapRoles map nothing", () => {
        for (const key of ["maproles", "MapRoles"]) {
            const graph = RbacGraph.fromResources([
                awsAuth({ [key]: `- rolearn: ${ops}\n  groups: [ops]\n` }),
            ]);
            assert.deepStrictEqual(groupsOf(graph, ops), ["system:authenticated"], key);
        }
    });

    it("matches ARNs in any case, as strings.EqualFold does", () => {
        const graph = RbacGraph.fromResources([
            awsAuth({
                mapRoles: `- rolearn: arn:aws:iam::123456789012:role/OPS\n  groups: [ops]\n`,
            }),
        ]);
        assert.deepStrictEqual(groupsOf(graph, ops), ["ops", "system:authenticated"]);
        assert.ok(graph.hasIamAccess(ops));
        assert.deepStrictEqual(graph.iamPrincipals(), ["arn:aws:iam::123456789012:role/OPS"]);
    });

    it("reads only the ConfigMap named aws-auth in kube-system", () => {
        const mapRoles = `- rolearn: ${ops}\n  groups: [ops]\n`;
        const payments = { name: "k8s", props: { namespace: "payments" } };
        const elsewhere: Pick<GraphResource, "props" | "provider">[] = [
            { props: { metadata: { name: "aws-auth", namespace: "default" } } },
            { props: { metadata: { name: "aws-auth-copy", namespace: "kube-system" } } },
            { props: { metadata: { namespace: "kube-system" } } },
            // No namespace of its own: its provider's, here payments.
            { props: { metadata: { name: "aws-auth" } }, provider: payments },
        ];
        for (const { props, provider } of elsewhere) {
            const cm = {
                ...awsAuth({ mapRoles }),
                props: { ...props, data: { mapRoles } },
                provider,
            };
            assert.strictEqual(awsAuthNamespace(cm), undefined, JSON.stringify(props));
            const graph = RbacGraph.fromResources([cm]);
            assert.deepStrictEqual(groupsOf(graph, ops), ["system:authenticated"]);
            assert.deepStrictEqual(graph.iamPrincipals(), []);
        }
        assert.strictEqual(awsAuthNamespace(awsAuth({ mapRoles })), "kube-system");
    });

    // pulumi-kubernetes puts an object without metadata.namespace in its provider's namespace
    // (provider.go, rbac-namespaces.ts providerNamespace): under a provider for kube-system
    // this is the authenticator's aws-auth, and where that is not known, possibly it.
    it("reads an aws-auth without a namespace in its provider's, kube-system or not known", () => {
        const mapRoles = `- rolearn: ${ops}\n  groups: [ops]\n`;
        const bare = {
            ...awsAuth({ mapRoles }),
            props: { metadata: { name: "aws-auth" }, data: { mapRoles } },
        };
        for (const [provider, namespace] of [
            [{ name: "k8s", props: { namespace: "kube-system" } }, "kube-system"],
            [{ name: "k8s", props: {} }, '<default namespace of provider "k8s">'],
            [undefined, "<default namespace of its provider>"],
        ] as const) {
            const cm = { ...bare, provider };
            assert.strictEqual(awsAuthNamespace(cm), namespace);
            const graph = RbacGraph.fromResources([cm, binding]);
            assert.deepStrictEqual(
                groupsOf(graph, ops),
                ["ops", "system:authenticated"],
                namespace,
            );
            assert.deepStrictEqual(graph.iamPrincipals(), [ops]);
        }
    });

    // A group with {{SessionName}} is whatever group the caller's session name renders: the
    // graph finds the bindings of every group it may become, each saying so.
    it("gives a role whose group is a session-name template the bindings of every group it may become", () => {
        const adminBinding: GraphResource = {
            ...binding,
            name: "ops-admin",
            urn: binding.urn.replace("::ops", "::ops-admin"),
            props: {
                metadata: { name: "ops-admin" },
                subjects: [{ kind: "Group", name: "ops-admin" }],
                roleRef: { kind: "ClusterRole", name: "cluster-admin" },
            },
        };
        const graph = RbacGraph.fromResources([
            awsAuth({ mapRoles: `- rolearn: ${ops}\n  groups: ["ops-{{SessionName}}"]\n` }),
            binding,
            adminBinding,
        ]);
        const identity = graph.iamIdentity(ops);
        assert.deepStrictEqual(identity.groups, ["ops-{{SessionName}}", "system:authenticated"]);
        const deleteNodes = { verb: "delete", apiGroup: "", resource: "nodes" };
        const [path, ...rest] = graph.grants(identity, deleteNodes);
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(path.binding.name, "ops-admin");
        assert.deepStrictEqual(path.possibly, [
            "Group:ops-{{SessionName}} may be Group:ops-admin (aws-iam-authenticator renders {{SessionName}} as the session name the caller chooses)",
        ]);
        // Group "ops" is not "ops-" and more: not reached; system:masters is not either.
        assert.deepStrictEqual(
            graph
                .bindingsOf(identity)
                .map((b) => b.binding.name)
                .filter((n) => n.startsWith("ops")),
            ["ops-admin"],
        );
        const masters = RbacGraph.fromResources([
            awsAuth({ mapRoles: `- rolearn: ${ops}\n  groups: ["system:{{SessionName}}"]\n` }),
        ]);
        assert.ok(
            masters
                .grants(masters.iamIdentity(ops), deleteNodes)
                .some((p) => p.subject.name === "system:masters"),
            "system:{{SessionName}} may be system:masters, bound to cluster-admin by Kubernetes",
        );
        // The user name is rendered the same way (server.go renderTemplate): a caller whose
        // session is "alice" is User alice, and holds her binding.
        const alice = RbacGraph.fromResources([
            awsAuth({
                mapRoles: `- rolearn: ${ops}\n  username: "{{SessionName}}"\n  groups: []\n`,
            }),
            {
                ...adminBinding,
                props: { ...adminBinding.props, subjects: [{ kind: "User", name: "alice" }] },
            },
        ]);
        const [viaUser] = alice.grants(alice.iamIdentity(ops), deleteNodes);
        assert.deepStrictEqual(viaUser.possibly, [
            "User:{{SessionName}} may be User:alice (aws-iam-authenticator renders {{SessionName}} as the session name the caller chooses)",
        ]);
    });

    it("names an aws-auth whose namespace is unknown until deploy as possibly kube-system's", () => {
        const cm = {
            ...awsAuth({}),
            props: unknownCheckingProxy({
                metadata: { name: "aws-auth", namespace: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
                data: {},
            }),
        };
        assert.strictEqual(
            awsAuthNamespace(cm),
            '<namespace of ConfigMap "aws-auth", unknown until deploy>',
        );
    });

    it("finds a template's bindings once, on the subject the template may become", () => {
        // A group literally named as the template is the mapping's own group: found once, by
        // its key, not again as something the template may become.
        const literal = RbacGraph.fromResources([
            awsAuth({ mapRoles: `- rolearn: ${ops}\n  groups: ["ops-{{SessionName}}"]\n` }),
            {
                ...binding,
                props: {
                    ...binding.props,
                    subjects: [
                        { kind: "Group", name: "dev-admin" },
                        { kind: "Group", name: "ops-{{SessionName}}" },
                        { kind: "Group", name: "ops-admin" },
                    ],
                },
            },
        ]);
        // Only the template reaches further; system:authenticated's own bindings stay its own.
        assert.deepStrictEqual(
            literal
                .bindingsOf(literal.iamIdentity(ops))
                .filter((b) => b.possibly)
                .map((b) => b.subject.name),
            ["ops-admin"],
        );
        const getPods = { verb: "get", apiGroup: "", resource: "pods", namespace: "a" };
        const paths = literal.grants(literal.iamIdentity(ops), getPods);
        assert.deepStrictEqual(
            paths.map((p) => [p.subject.name, p.possibly]),
            [
                ["ops-{{SessionName}}", undefined],
                [
                    "ops-admin",
                    [
                        "Group:ops-{{SessionName}} may be Group:ops-admin (aws-iam-authenticator renders {{SessionName}} as the session name the caller chooses)",
                    ],
                ],
            ],
        );
    });

    it("takes the mapping's username as the principal's user name", () => {
        const graph = RbacGraph.fromResources([
            awsAuth({ mapRoles: `- rolearn: ${ops}\n  username: ops-admin\n  groups: [ops]\n` }),
        ]);
        assert.strictEqual(graph.iamIdentity(ops).user, "ops-admin");
    });
});

describe("eks-no-unlisted-cluster-admin, on aws-auth spelt as the authenticator allows", () => {
    it("reports system:masters mapped with roleARN and Groups", async () => {
        const [message, ...rest] = await violations(
            eksNoUnlistedClusterAdmin,
            "kubernetes:core/v1:ConfigMap",
            {
                metadata: { name: "aws-auth", namespace: "kube-system" },
                data: { mapRoles: `- roleARN: ${ops}\n  Groups:\n    - system:masters\n` },
            },
            {},
            "aws-auth",
        );
        assert.deepStrictEqual(rest, []);
        assert.match(
            message,
            /mapRoles\[0\] maps "arn:aws:iam::123456789012:role\/ops" to system:masters/,
        );
    });

    // The authenticator reads mapRoles through sigs.k8s.io/yaml on go-yaml v2, which resolves
    // merge keys (k8s-yaml.ts): the entry is the merged mapping, not one field named "<<".
    it("reports system:masters mapped through a YAML merge key", async () => {
        const mapRoles = [
            "- <<: {rolearn: " + ops + ", groups: [system:masters]}",
            "- &ops {rolearn: " + platform + ", groups: [ops]}",
            "- <<: *ops",
            "  groups: [system:masters]",
        ].join("\n");
        assert.deepStrictEqual(
            await violations(
                eksNoUnlistedClusterAdmin,
                "kubernetes:core/v1:ConfigMap",
                { metadata: { name: "aws-auth", namespace: "kube-system" }, data: { mapRoles } },
                {},
                "aws-auth",
            ),
            [
                `ConfigMap "aws-auth" mapRoles[0] maps "${ops}" to system:masters, which bypasses RBAC: grant a scoped access policy or RBAC role, or list the principal in allowedAdminPrincipalArns.`,
                `ConfigMap "aws-auth" mapRoles[2] maps "${platform}" to system:masters, which bypasses RBAC: grant a scoped access policy or RBAC role, or list the principal in allowedAdminPrincipalArns.`,
            ],
        );
    });
});
