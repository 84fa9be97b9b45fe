// `hardened-eks can-i | who-can | rbac`: RBAC questions about a Pulumi program, answered
// before it is deployed. The program runs as preflight runs it (under mocks, as a preview);
// its Kubernetes RBAC objects and EKS access become the policy pack's RBAC graph
// (policypack/lib/rbac-graph.ts), on top of Kubernetes' default roles.
import { parseArgs } from "util";
import * as path from "path";
import {
    GrantPath,
    GraphResource,
    RbacGraph,
    showPath,
    bindingSubjectKey,
    Identity,
} from "../policypack/lib/rbac-graph";
import { sensitivePermissions } from "../policypack/lib/rbac-powers";
import { parseResource, Request } from "../policypack/lib/rbac-rules";
import { bindingTypes, configMapTypes, namespaceTypes, roleTypes } from "../policypack/lib/types";
import { plain } from "./analyzer-client";
import { UNKNOWN } from "./models/model";
import { loadProject } from "./project";
import { runProgram } from "./runner";

export const rbacUsage = `usage: hardened-eks can-i <verb> <resource>[/<subresource>] [-n <namespace>] --as <subject> <project-dir> [--explain]
       hardened-eks who-can <verb> <resource>[/<subresource>] [-n <namespace>] <project-dir> [--format text|json]
       hardened-eks rbac <project-dir> [--format text|json]
   each also takes [--stack <name>] [--config key=value]... [--organization <name>] [--timeout <seconds>]

Runs the program in <project-dir> as preflight does and answers from its Kubernetes RBAC
objects (also from YAML and Helm manifests) and EKS access entries, on top of Kubernetes'
default roles. <resource> as kubectl names it: pods, deployments, deployments.apps,
pods/exec, or a non-resource URL such as /healthz. <subject>: user:<name>, group:<name>,
serviceaccount:<namespace>:<name>, or an IAM principal ARN.
can-i exits 0 for yes, 1 for no, as kubectl auth can-i does; every command exits 2 when it
cannot answer (the program fails, or an RBAC object it would need is unknown until deploy).`;

/** The options that say how to run the program, shared by every command. */
export const programOptions = {
    stack: { type: "string" },
    config: { type: "string", multiple: true, short: "c" },
    organization: { type: "string" },
    timeout: { type: "string", default: "300" },
} as const;

/** RBAC objects and EKS access, as the graph reads them. */
const rbacTypes = new Set([
    ...roleTypes,
    ...bindingTypes,
    ...configMapTypes,
    ...namespaceTypes,
    "aws:eks/accessEntry:AccessEntry",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "eks:index:Cluster",
]);

interface Loaded {
    graph: RbacGraph;
    /** Namespaces the stack creates or binds in. */
    namespaces: string[];
    /** RBAC objects whose values are unknown until deploy. */
    unknown: string[];
}

/** Runs the program and builds its RBAC graph. */
async function load(
    dir: string,
    values: Record<string, unknown>,
    warn: (line: string) => void,
): Promise<Loaded> {
    const project = loadProject(
        path.resolve(dir),
        values.stack as string | undefined,
        values.config as string[] | undefined,
        values.organization as string | undefined,
    );
    const run = await runProgram(project, { timeoutSeconds: Number(values.timeout), warn });
    const resources: GraphResource[] = run.resources
        .filter((r) => rbacTypes.has(r.type))
        .map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn ?? `urn:pulumi:${project.stack}::${project.name}::${r.type}::${r.name}`,
            props: plain(r.state) as Record<string, unknown>,
        }));
    const unknown = resources
        .filter((r) => JSON.stringify(r.props).includes(UNKNOWN))
        .map((r) => r.urn);
    const graph = RbacGraph.fromResources(resources);
    const namespaces = new Set<string>(["kube-system"]);
    for (const r of resources) {
        const meta = (r.props.metadata ?? {}) as { name?: unknown; namespace?: unknown };
        if (namespaceTypes.includes(r.type) && typeof meta.name === "string") {
            namespaces.add(meta.name);
        }
    }
    for (const b of graph.bindings) {
        b.namespaces?.forEach((ns) => namespaces.add(ns));
    }
    return { graph, namespaces: [...namespaces].sort(), unknown };
}

/** The request a verb, a resource and a namespace name. */
function request(verb: string, resource: string, namespace?: string): Request {
    if (resource.startsWith("/")) {
        return { verb, apiGroup: "", resource: "", nonResourceURL: resource };
    }
    return { verb, ...parseResource(resource), namespace };
}

const cannotJudge = (unknown: string[]) =>
    `cannot answer: ${unknown.length} RBAC object(s) have values unknown until deploy: ${unknown.join(", ")}; give the outputs they are built from in preflight-mocks.json (resourceOutputs) to answer before deploying`;

/** Runs one RBAC command; returns the exit code. */
export async function rbacMain(
    argv: string[],
    out: (s: string) => void,
    err: (s: string) => void,
): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                namespace: { type: "string", short: "n" },
                as: { type: "string" },
                explain: { type: "boolean" },
                format: { type: "string", default: "text" },
                ...programOptions,
            },
        });
    } catch (e) {
        err(`${(e as Error).message}\n${rbacUsage}`);
        return 2;
    }
    const { values, positionals } = parsed;
    const [command, ...args] = positionals;
    const arity = { "can-i": 3, "who-can": 3, rbac: 1 }[command];
    if (arity === undefined || args.length !== arity || (command === "can-i" && !values.as)) {
        err(rbacUsage);
        return 2;
    }
    if (!["text", "json"].includes(values.format!)) {
        err(`--format ${JSON.stringify(values.format)} is not one of text, json\n${rbacUsage}`);
        return 2;
    }
    let loaded: Loaded;
    try {
        loaded = await load(args[arity - 1], values, (line) => err(`note: ${line}`));
    } catch (e) {
        err(`${command} failed: ${(e as Error).message}`);
        return 2;
    }
    const { graph, unknown } = loaded;
    const json = values.format === "json";

    if (command === "can-i") {
        const identity = values.as!.startsWith("arn:")
            ? graph.iamIdentity(values.as!)
            : graph.identity(values.as!);
        if (typeof identity === "string") {
            err(`can-i: --as ${identity}`);
            return 2;
        }
        const paths = graph.grants(identity, request(args[0], args[1], values.namespace));
        if (paths.length === 0 && unknown.length > 0) {
            err(`can-i: ${cannotJudge(unknown)}`);
            return 2;
        }
        out(paths.length > 0 ? "yes" : "no");
        if (values.explain) {
            if (identity.iamArn) {
                out(
                    graph.hasIamAccess(identity.iamArn)
                        ? `  ${identity.iamArn} is user "${identity.user}" in groups ${identity.groups.join(", ")} (its access entries and mappings)`
                        : `  ${identity.iamArn} has no access entry, access policy or aws-auth mapping in this stack`,
                );
            }
            for (const p of paths) {
                out(`  ${showPath(p)}`);
            }
        }
        return paths.length > 0 ? 0 : 1;
    }

    if (command === "who-can") {
        if (unknown.length > 0) {
            err(`who-can: ${cannotJudge(unknown)}`);
            return 2;
        }
        const req = request(args[0], args[1], values.namespace);
        const found = [...graph.whoCan(req)].map(([subject, paths]) => ({
            subject,
            default: paths.every((p) => p.binding.source === "default"),
            paths,
        }));
        // IAM principals that get the permission through the groups of their access entries.
        for (const arn of graph.iamPrincipals()) {
            const key = `IAM:${arn}`;
            const paths = graph
                .grants(graph.iamIdentity(arn), req)
                .filter((p) => p.binding.source !== "default");
            if (paths.length > 0 && !found.some((f) => f.subject === key)) {
                found.push({ subject: key, default: false, paths });
            }
        }
        if (json) {
            out(
                JSON.stringify(
                    {
                        request: req,
                        subjects: found.map((f) => ({ ...f, paths: f.paths.map(pathJson) })),
                    },
                    null,
                    2,
                ),
            );
        } else {
            for (const f of found) {
                out(`${f.subject}${f.default ? " (Kubernetes default)" : ""}`);
                for (const p of f.paths) {
                    out(`  ${showPath(p)}`);
                }
            }
        }
        return 0;
    }

    // rbac: the matrix of subjects by namespace for the sensitive permissions.
    if (unknown.length > 0) {
        err(`rbac: ${cannotJudge(unknown)}`);
        return 2;
    }
    const rows = rbacMatrix(graph, loaded.namespaces);
    if (json) {
        out(JSON.stringify({ columns: sensitivePermissions.map((p) => p.column), rows }, null, 2));
    } else {
        const header = ["subject", "namespace", ...sensitivePermissions.map((p) => p.column)];
        out(`| ${header.join(" | ")} |`);
        out(`|${header.map(() => "---").join("|")}|`);
        for (const r of rows) {
            out(
                `| ${r.subject} | ${r.namespace} | ${sensitivePermissions.map((p) => (r.permissions.includes(p.column) ? "yes" : "")).join(" | ")} |`,
            );
        }
    }
    return 0;
}

function pathJson(p: GrantPath) {
    return {
        subject: bindingSubjectKey(p.subject, p.binding),
        binding: {
            kind: p.binding.kind,
            name: p.binding.name,
            namespaces: p.binding.namespaces ?? null,
            urn: p.binding.source,
        },
        role: { kind: p.role.kind, name: p.role.name, urn: p.role.source },
        rule: { index: p.ruleIndex, ...p.rule },
    };
}

/** Every subject and IAM principal with a sensitive permission, by namespace; Kubernetes' own bindings aside. */
export function rbacMatrix(graph: RbacGraph, namespaces: string[]) {
    const subjects = new Map<string, Identity>();
    for (const b of graph.bindings.filter((b) => b.source !== "default")) {
        for (const s of b.subjects) {
            subjects.set(bindingSubjectKey(s, b), graph.subjectIdentity(s, b.namespaces?.[0]));
        }
    }
    for (const arn of graph.iamPrincipals()) {
        subjects.set(`IAM:${arn}`, graph.iamIdentity(arn));
    }
    const rows: { subject: string; namespace: string; permissions: string[] }[] = [];
    for (const [subject, identity] of [...subjects].sort(([a], [b]) => a.localeCompare(b))) {
        for (const namespace of namespaces) {
            const permissions = sensitivePermissions
                .filter((p) =>
                    p.requests.some((r) =>
                        graph
                            .grants(identity, { ...r, namespace })
                            .some((g) => g.binding.source !== "default"),
                    ),
                )
                .map((p) => p.column);
            if (permissions.length > 0) {
                rows.push({ subject, namespace, permissions });
            }
        }
    }
    return rows;
}
