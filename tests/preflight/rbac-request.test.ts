// `can-i` and `who-can` requests as kubectl auth can-i reads them (TYPE[/NAME], --name,
// --subresource, non-resource URLs), then the CLI on a program whose RBAC only names can query.
import * as assert from "assert";
import { parseRequest } from "../../preflight/rbac-request";
import { fixture, runCli } from "./run-cli";

describe("can-i / who-can requests, as kubectl auth can-i reads them", () => {
    it("reads TYPE/NAME as an object's name, the type lower-cased and its group resolved", () => {
        assert.deepStrictEqual(parseRequest("bind", "ClusterRoles/cluster-admin", {}), {
            verb: "bind",
            apiGroup: "rbac.authorization.k8s.io",
            resource: "clusterroles",
            name: "cluster-admin",
        });
        assert.deepStrictEqual(parseRequest("get", "jobs.batch/bar", { namespace: "foo" }), {
            verb: "get",
            apiGroup: "batch",
            resource: "jobs",
            name: "bar",
            namespace: "foo",
        });
    });

    it("takes the subresource from --subresource and the name from --name, refusing two names", () => {
        assert.deepStrictEqual(
            parseRequest("create", "pods", { subresource: "exec", name: "web", namespace: "a" }),
            {
                verb: "create",
                apiGroup: "",
                resource: "pods",
                subresource: "exec",
                name: "web",
                namespace: "a",
            },
        );
        assert.deepStrictEqual(parseRequest("get", "pods/web", { name: "web" }), {
            verb: "get",
            apiGroup: "",
            resource: "pods",
            name: "web",
        });
        assert.strictEqual(
            parseRequest("get", "pods/web", { name: "db" }),
            "pods/web and --name db name two objects",
        );
    });

    it("reads pods/exec as the pod named exec, as kubectl does, and says how to ask for the subresource", () => {
        const notes: string[] = [];
        const request = parseRequest("create", "pods/exec", {}, (n) => notes.push(n));
        assert.deepStrictEqual(request, {
            verb: "create",
            apiGroup: "",
            resource: "pods",
            name: "exec",
        });
        assert.deepStrictEqual(notes, [
            'pods/exec asks about the pods named "exec", as kubectl reads it; for the subresource, use pods --subresource exec',
        ]);
    });

    it("reads a path as a non-resource URL, with neither a name nor a subresource", () => {
        assert.deepStrictEqual(parseRequest("get", "/healthz", {}), {
            verb: "get",
            apiGroup: "",
            resource: "",
            nonResourceURL: "/healthz",
        });
        assert.strictEqual(
            parseRequest("get", "/healthz", { name: "x" }),
            "--subresource and --name do not apply to a non-resource URL",
        );
    });
});

describe("can-i / who-can on RBAC only names can query (CLI)", function () {
    this.timeout(120_000);
    const project = fixture("rbac-names");

    it("can-i bind clusterroles: no without a name, yes for cluster-admin by TYPE/NAME or --name", async () => {
        const none = await runCli("can-i", "bind", "clusterroles", "--as", "group:ops", project);
        assert.deepStrictEqual([none.stdout, none.code], ["no\n", 1], none.stderr);
        const named = await runCli(
            "can-i",
            "bind",
            "clusterroles/cluster-admin",
            "--as",
            "group:ops",
            project,
            "--explain",
        );
        assert.strictEqual(named.code, 0, named.stderr);
        assert.strictEqual(
            named.stdout,
            'yes\n  Group:ops → ClusterRoleBinding "binder" (cluster-wide) → ClusterRole "binder" rules[0] {verbs: [bind], apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [cluster-admin]}\n',
        );
        const flag = await runCli(
            "can-i",
            "bind",
            "clusterroles",
            "--name",
            "cluster-admin",
            "--as",
            "group:ops",
            project,
        );
        assert.deepStrictEqual([flag.stdout, flag.code], ["yes\n", 0], flag.stderr);
    });

    it("who-can bind clusterroles lists who holds it only for named objects, with the names; view holders are cluster-admin through the Patch", async () => {
        const run = await runCli("who-can", "bind", "clusterroles", project, "--format", "json");
        assert.strictEqual(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout);
        assert.deepStrictEqual(
            report.subjects.map((s: { subject: string }) => s.subject),
            ["Group:auditors", "Group:system:masters"],
        );
        assert.deepStrictEqual(report.subjects[0].paths[0].rule.origin, {
            role: "cluster-admin",
            index: 0,
            source: "default",
            via: [],
            patches: [
                "urn:pulumi:preflight::rbac-names::kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch::admin-to-view",
            ],
        });
        assert.deepStrictEqual(
            report.namedOnly.map((s: { subject: string; names: string[] }) => [s.subject, s.names]),
            [["Group:ops", ["cluster-admin"]]],
        );
    });

    it("can-i puts a RoleBinding without a namespace in its provider's namespace", async () => {
        const apps = await runCli(
            "can-i",
            "get",
            "secrets",
            "-n",
            "apps",
            "--as",
            "group:devs",
            project,
        );
        assert.deepStrictEqual([apps.stdout, apps.code], ["yes\n", 0], apps.stderr);
        const other = await runCli(
            "can-i",
            "get",
            "secrets",
            "-n",
            "kube-system",
            "--as",
            "group:devs",
            project,
        );
        assert.deepStrictEqual([other.stdout, other.code], ["no\n", 1], other.stderr);
    });
});
