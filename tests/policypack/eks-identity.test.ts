// The Kubernetes user EKS makes of an IAM principal (policypack/lib/eks-identity.ts cites the
// EKS User Guide's table), and what follows in the RBAC graph: a User binding naming a role's
// ARN grants that role nothing.
import * as assert from "assert";
import { accessEntryUsername, assumedRoleArn, iamRoleArn } from "../../policypack/lib/eks-identity";
import { GraphResource, RbacGraph } from "../../policypack/lib/rbac-graph";

const role = "arn:aws:iam::123456789012:role/teams/deployer";
const res = (type: string, name: string, props: Record<string, unknown>): GraphResource => ({
    type,
    name,
    urn: `urn:pulumi:test::test::${type}::${name}`,
    props,
});
const entry = (props: Record<string, unknown>) =>
    res("aws:eks/accessEntry:AccessEntry", "deployer", { principalArn: role, ...props });
const userBinding = (user: string) =>
    res("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "deployer", {
        metadata: { name: "deployer" },
        subjects: [{ kind: "User", name: user }],
        roleRef: { kind: "ClusterRole", name: "view" },
    });
const canGetPods = (graph: RbacGraph) =>
    graph.grants(graph.iamIdentity(role), {
        verb: "get",
        apiGroup: "",
        resource: "pods",
        namespace: "default",
    }).length > 0;

describe("EKS user names of IAM principals", () => {
    it("names a STANDARD entry's role by its assumed-role session, path removed, and a user by its ARN", () => {
        assert.strictEqual(
            accessEntryUsername(role),
            "arn:aws:sts::123456789012:assumed-role/deployer/{{SessionName}}",
        );
        assert.strictEqual(
            accessEntryUsername("arn:aws-us-gov:iam::123456789012:role/ci", "STANDARD"),
            "arn:aws-us-gov:sts::123456789012:assumed-role/ci/{{SessionName}}",
        );
        assert.strictEqual(
            accessEntryUsername("arn:aws:iam::123456789012:user/alice"),
            "arn:aws:iam::123456789012:user/alice",
        );
    });

    it("names nodes' entries as nodes, and keeps a user name the entry sets", () => {
        assert.strictEqual(
            accessEntryUsername(role, "EC2_LINUX"),
            "system:node:{{EC2PrivateDNSName}}",
        );
        assert.strictEqual(
            accessEntryUsername(role, "EC2_Windows"),
            "system:node:{{EC2PrivateDNSName}}",
        );
        assert.strictEqual(
            accessEntryUsername(role, "FARGATE_LINUX"),
            "system:node:{{SessionName}}",
        );
        assert.strictEqual(
            accessEntryUsername(role, "HYBRID_LINUX"),
            "system:node:{{SessionName}}",
        );
        assert.strictEqual(accessEntryUsername(role, "STANDARD", "deployer"), "deployer");
    });

    it("gives a role's access entry its session user in the graph, so a User binding to the role's ARN grants nothing", () => {
        const graph = RbacGraph.fromResources([entry({}), userBinding(role)]);
        assert.strictEqual(
            graph.iamIdentity(role).user,
            "arn:aws:sts::123456789012:assumed-role/deployer/{{SessionName}}",
        );
        assert.ok(!canGetPods(graph));
    });

    it("grants through a User binding to the user name the entry sets", () => {
        const graph = RbacGraph.fromResources([
            entry({ userName: "deployer" }),
            userBinding("deployer"),
        ]);
        assert.strictEqual(graph.iamIdentity(role).user, "deployer");
        assert.ok(canGetPods(graph));
    });
});

describe("IAM and STS ARNs are read whole, in every partition", () => {
    it("reads a role ARN only when the whole string is one: no prefix, no trailing slash", () => {
        assert.deepStrictEqual(iamRoleArn(role), {
            partition: "aws",
            account: "123456789012",
            name: "deployer",
        });
        for (const arn of [`x${role}`, `${role}/`]) {
            assert.strictEqual(iamRoleArn(arn), undefined, arn);
            // Not a role, so EKS's default user name is the principal's ARN as written.
            assert.strictEqual(accessEntryUsername(arn), arn);
        }
    });

    it("reads an assumed-role session ARN in any partition, and only the whole string", () => {
        const session = "arn:aws:sts::123456789012:assumed-role/deployer/alice";
        assert.deepStrictEqual(assumedRoleArn(session), {
            partition: "aws",
            account: "123456789012",
            role: "deployer",
            session: "alice",
        });
        assert.deepStrictEqual(
            assumedRoleArn("arn:aws-cn:sts::123456789012:assumed-role/deployer/alice"),
            { partition: "aws-cn", account: "123456789012", role: "deployer", session: "alice" },
        );
        assert.deepStrictEqual(
            assumedRoleArn("arn:aws-us-gov:sts::123456789012:assumed-role/deployer/alice"),
            {
                partition: "aws-us-gov",
                account: "123456789012",
                role: "deployer",
                session: "alice",
            },
        );
        for (const name of [`x${session}`, `${session}\n`]) {
            assert.strictEqual(assumedRoleArn(name), undefined, JSON.stringify(name));
        }
    });
});
