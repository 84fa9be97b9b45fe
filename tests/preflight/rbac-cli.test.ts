// `hardened-eks can-i`, `who-can` and `rbac` on examples/multi-tenant, as a user runs them.
import * as assert from "assert";
import { fixture, runCli } from "./run-cli";

const project = "examples/multi-tenant";
const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
/** A team role the example creates, `<project>-<stack>-<tenant>-<group>`. */
const teamRole = (tenant: string, group: string) => role(`multi-tenant-dev-${tenant}-${group}`);
/** `hardened-eks can-i <verb> <resource> -n <namespace> --as <subject> examples/multi-tenant [...more]`. */
const canI = (verb: string, resource: string, namespace: string, as: string, ...more: string[]) =>
    runCli("can-i", verb, resource, "-n", namespace, "--as", as, project, ...more);

describe("hardened-eks can-i / who-can / rbac (CLI)", function () {
    this.timeout(120_000);

    it("can-i get secrets -n payments as the payments viewers' role: no, exit 1", async () => {
        const run = await canI("get", "secrets", "payments", teamRole("payments", "viewers"));
        assert.strictEqual(run.stdout, "no\n", run.stderr);
        assert.strictEqual(run.code, 1);
    });

    it("can-i create deployments -n payments as the payments developers' role: yes, exit 0, with the path", async () => {
        const run = await canI(
            "create",
            "deployments",
            "payments",
            teamRole("payments", "developers"),
            "--explain",
        );
        assert.strictEqual(run.code, 0, run.stderr);
        const [answer, identity, path] = run.stdout.trim().split("\n");
        assert.strictEqual(answer, "yes");
        assert.strictEqual(
            identity,
            // EKS names a role's access entry user by its assumed-role session (EKS User Guide,
            // "Create access entries"), never by the role's ARN.
            `  ${teamRole("payments", "developers")} is user "arn:aws:sts::123456789012:assumed-role/${teamRole("payments", "developers").split("/").pop()}/{{SessionName}}" in groups payments-developers, system:authenticated (its access entries and mappings)`,
        );
        assert.match(
            path,
            /^ {2}Group:payments-developers → RoleBinding "developers" in payments → Role "developer" rules\[\d+\] \{verbs: \[[^\]]*create[^\]]*\], apiGroups: \[apps\], resources: \[deployments/,
        );
    });

    it("can-i list pods -n search as the payments developers' role: no", async () => {
        const run = await canI("list", "pods", "search", teamRole("payments", "developers"));
        assert.strictEqual(run.stdout, "no\n", run.stderr);
        assert.strictEqual(run.code, 1);
    });

    it("can-i answers for a service account and a group, and exits 2 on a subject it cannot read", async () => {
        const sa = await canI("create", "pods", "payments", "serviceaccount:payments:worker");
        assert.strictEqual(sa.stdout, "no\n", sa.stderr);
        const bad = await runCli("can-i", "get", "pods", "--as", "team:x", project);
        assert.strictEqual(bad.code, 2);
        assert.match(
            bad.stderr,
            /"team:x" is not user:<name>, group:<name>, serviceaccount:<namespace>:<name> or an IAM ARN/,
        );
    });

    it("who-can create pods --subresource exec -n kube-system lists only the admins, beside Kubernetes' own system:masters", async () => {
        const run = await runCli(
            "who-can",
            "create",
            "pods",
            "--subresource",
            "exec",
            "-n",
            "kube-system",
            project,
            "--format",
            "json",
        );
        assert.strictEqual(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout);
        assert.deepStrictEqual(report.request, {
            verb: "create",
            apiGroup: "",
            resource: "pods",
            subresource: "exec",
            namespace: "kube-system",
        });
        const subjects = report.subjects.map((s: any) => [s.subject, s.default]);
        assert.deepStrictEqual(subjects, [
            ["Group:system:masters", true],
            [`IAM:${role("platform-admin")}`, false],
        ]);
        const [adminPath] = report.subjects[1].paths;
        assert.strictEqual(adminPath.binding.kind, "AccessPolicyAssociation");
        assert.strictEqual(adminPath.role.name, "cluster-admin");
        assert.match(
            adminPath.binding.urn,
            /aws:eks\/accessPolicyAssociation:AccessPolicyAssociation::/,
        );
    });

    it("rbac: the sensitive-permission matrix keeps every tenant's subjects in their own namespace", async () => {
        const run = await runCli("rbac", project, "--format", "json");
        assert.strictEqual(run.code, 0, run.stderr);
        const { columns, rows } = JSON.parse(run.stdout);
        assert.deepStrictEqual(columns, [
            "read secrets",
            "create pods",
            "pods/exec",
            "write roles/bindings",
            "write networkpolicies",
        ]);
        for (const tenant of ["payments", "search", "analytics"]) {
            const own = rows.filter((r: any) => r.subject.includes(`${tenant}-`));
            assert.ok(own.length > 0, tenant);
            assert.ok(
                own.every((r: any) => r.namespace === tenant),
                JSON.stringify(own),
            );
            assert.ok(
                !own.some((r: any) => r.subject.includes("viewers")),
                "viewers hold none of the sensitive permissions",
            );
        }
        assert.deepStrictEqual(
            rows.find((r: any) => r.subject === `IAM:${teamRole("payments", "developers")}`)
                .permissions,
            ["read secrets", "create pods"],
        );
        const text = await runCli("rbac", project);
        assert.match(
            text.stdout,
            /^\| subject \| namespace \| read secrets \| create pods \| pods\/exec \| write roles\/bindings \| write networkpolicies \|$/m,
        );
    });

    it("exits 2 rather than answer no when a subject allowed the request is unknown until deploy", async () => {
        const run = await runCli(
            "can-i",
            "get",
            "secrets",
            "-n",
            "payments",
            "--as",
            "group:ci",
            fixture("rbac-unknown"),
        );
        assert.strictEqual(run.code, 2, run.stdout);
        assert.match(
            run.stderr,
            /^can-i: cannot answer: a subject unknown until deploy, which may be group:ci, is allowed through RoleBinding "ci" \(urn:pulumi:.*RoleBinding::ci\)$/m,
        );
    });

    it("who-can delete pods lists an IAM role that can make itself cluster-admin through EKS access entries, with the path, text and JSON", async () => {
        const program = fixture("iam-cluster-admin");
        const via = [
            'IAM role "ci"',
            'inlinePolicies[0] "deploy" statement 0 ("AccessEntries")',
            "eks:CreateAccessEntry + eks:AssociateAccessPolicy on every cluster of the account",
            "AmazonEKSClusterAdminPolicy",
        ];
        const text = await runCli("who-can", "delete", "pods", program);
        assert.strictEqual(text.code, 0, text.stderr);
        const lines = text.stdout.trim().split("\n");
        assert.deepStrictEqual(lines.slice(-2), [
            "IAM:ci (can become cluster-admin)",
            `  ${via.join(" → ")}`,
        ]);
        const json = await runCli("who-can", "delete", "pods", program, "--format", "json");
        assert.strictEqual(json.code, 0, json.stderr);
        const ci = JSON.parse(json.stdout).subjects.find((s: any) => s.subject === "IAM:ci");
        assert.deepStrictEqual(ci, {
            subject: "IAM:ci",
            default: false,
            paths: [],
            becomesClusterAdmin: [via],
        });
    });
});
