// `hardened-eks rbac`'s matrix on EKS access scopes: a wildcard entry grants in every namespace
// it matches, as EKS reads it, and in no other.
import * as assert from "assert";
import { RbacGraph } from "../../policypack/lib/rbac-graph";
import { rbacMatrix } from "../../preflight/rbac-cli";

const principal = "arn:aws:iam::123456789012:role/payments-developers";

/** An AmazonEKSEditPolicy association scoped to `namespaces`. */
const edit = (namespaces: string[]) => ({
    type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    name: "payments-edit",
    urn: "urn:payments-edit",
    props: {
        principalArn: principal,
        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
        accessScope: { type: "namespace", namespaces },
    },
});

describe("hardened-eks rbac: the matrix on access scopes", () => {
    it("gives a wildcard scope's permissions in each namespace it matches, and in no other", () => {
        const graph = RbacGraph.fromResources([edit(["pay*"])]);
        const rows = rbacMatrix(graph, ["kube-system", "pay*", "payments", "payroll", "search"]);
        const permissions = ["read secrets", "create pods", "pods/exec", "write networkpolicies"];
        assert.deepStrictEqual(rows, [
            { subject: `IAM:${principal}`, namespace: "pay*", permissions },
            { subject: `IAM:${principal}`, namespace: "payments", permissions },
            { subject: `IAM:${principal}`, namespace: "payroll", permissions },
        ]);
    });
});
