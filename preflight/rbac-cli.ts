// `hardened-eks can-i | who-can | rbac`: RBAC questions about a Pulumi program, answered
// before it is deployed. The program runs as preflight runs it (under mocks, as a preview);
// its Kubernetes RBAC objects and EKS access become the policy pack's RBAC graph
// (policypack/lib/rbac-graph.ts), on top of Kubernetes' default roles.
import { parseArgs } from "util";
import * as path from "path";
import {
    bindingSubjectKey,
    GrantPath,
    GraphResource,
    Identity,
    namesOf,
    ProviderRef,
    RbacGraph,
    showPath,
    stackSource,
} from "../policypack/lib/rbac-graph";
import {
    IamClusterAdminPath,
    iamClusterAdminPaths,
    iamClusterAdminTypes,
} from "../policypack/lib/iam-cluster-admin";
import { sensitivePermissions } from "../policypack/lib/rbac-powers";
import { Request } from "../policypack/lib/rbac-rules";
import { bindingTypes, configMapTypes, namespaceTypes, roleTypes } from "../policypack/lib/types";
import { plain } from "./analyzer-client";
import { MockedResource } from "./mocks";
import { loadProject } from "./project";
import { parseRequest } from "./rbac-request";
import { runProgram } from "./runner";

// The SDK's own proxy, which a policy's props go through: reading an unknown value throws.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy: (value: unknown) => unknown;
};

export const rbacUsage = `usage: hardened-eks can-i <verb> <type>[/<name>] [--subresource <sub>] [--name <name>] [-n <namespace>] --as <subject> <project-dir> [--explain]
       hardened-eks who-can <verb> <type>[/<name>] [--subresource <sub>] [--name <name>] [-n <namespace>] <project-dir> [--format text|json]
       hardened-eks rbac <project-dir> [--format text|json]
   each also takes [--stack <name>] [--config key=value]... [--organization <name>] [--timeout <seconds>]

Runs the program in <project-dir> as preflight does and answers from its Kubernetes RBAC
objects (also from YAML and Helm manifests, Patches merged into the objects they name) and EKS
access entries, on top of Kubernetes' default roles. As kubectl auth can-i reads them: <type>
is a resource (pods, deployments, deployments.apps) or a non-resource URL such as /healthz;
<type>/<name> (or --name) asks about one object, as resourceNames rules grant; --subresource
exec asks about pods/exec. <subject>: user:<name>, group:<name>,
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
    /** IAM principals that can make themselves cluster-admin through EKS access entries. */
    iamAdmins: IamClusterAdminPath[];
    /** Identity documents unknown until deploy, which `iamAdmins` could not read. */
    iamUnknown: string[];
}

/**
 * The provider each resource is created with, as the engine hands it to a policy pack: an
 * explicit provider's inputs, or the default provider's, which are the stack's `kubernetes:`
 * config (a provider reference is `<urn>::<id>`).
 */
function providerOf(
    r: MockedResource,
    providers: Map<string, MockedResource>,
    config: Record<string, string>,
): ProviderRef {
    // The reference's URN is the engine's, whose type chain starts at the stack; preflight
    // records the stack's children without it.
    const ref = r.provider ?? "";
    const urn = ref.slice(0, ref.lastIndexOf("::")).replace("::pulumi:pulumi:Stack$", "::");
    const explicit = providers.get(urn);
    if (explicit) {
        return { name: explicit.name, urn, props: explicit.inputs };
    }
    const props: Record<string, unknown> = {};
    for (const key of ["namespace", "kubeconfig", "context"]) {
        if (config[`kubernetes:${key}`] !== undefined) {
            props[key] = config[`kubernetes:${key}`];
        }
    }
    return { name: "default", props };
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
    const providers = new Map(
        run.resources
            .filter((r) => r.type.startsWith("pulumi:providers:") && r.urn)
            .map((r) => [r.urn!, r]),
    );
    // As the SDK hands props to a policy: reading a value unknown until deploy throws, and the
    // graph judges by what is known.
    const resources: GraphResource[] = run.resources
        .filter((r) => rbacTypes.has(r.type))
        .map((r) => ({
            type: r.type,
            name: r.name,
            urn: r.urn ?? `urn:pulumi:${project.stack}::${project.name}::${r.type}::${r.name}`,
            props: unknownCheckingProxy(plain(r.state)) as Record<string, unknown>,
            provider: providerOf(r, providers, project.config),
        }));
    const graph = RbacGraph.fromResources(resources);
    const iamUnknown: string[] = [];
    const iamAdmins = iamClusterAdminPaths(
        run.resources
            .filter((r) => iamClusterAdminTypes.has(r.type))
            .map((r) => ({
                type: r.type,
                name: r.name,
                urn: r.urn ?? `urn:pulumi:${project.stack}::${project.name}::${r.type}::${r.name}`,
                props: unknownCheckingProxy(plain(r.state)) as Record<string, unknown>,
                dependencies: r.dependencies,
            })),
        (urn) => iamUnknown.push(urn),
    );
    const namespaces = new Set<string>(["kube-system"]);
    for (const r of run.resources) {
        const meta = (plain(r.state) ?? {}) as { metadata?: { name?: unknown } };
        if (namespaceTypes.includes(r.type) && typeof meta.metadata?.name === "string") {
            namespaces.add(meta.metadata.name);
        }
    }
    for (const b of graph.bindings) {
        b.namespaces?.forEach((ns) => namespaces.add(ns));
    }
    return { graph, namespaces: [...namespaces].sort(), iamAdmins, iamUnknown };
}

const cannotJudge = (graph: RbacGraph) =>
    `${graph.unjudged.length} RBAC object(s) have values unknown until deploy that leave them unjudged: ${graph.unjudged.join(", ")}; give the outputs they are built from in preflight-mocks.json (resourceOutputs) to answer before deploying`;

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
                name: { type: "string" },
                subresource: { type: "string" },
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
    const note = (line: string) => err(`note: ${line}`);
    let req: Request | undefined;
    if (command !== "rbac") {
        const parsedRequest = parseRequest(args[0], args[1], values, note);
        if (typeof parsedRequest === "string") {
            err(`${command}: ${parsedRequest}\n${rbacUsage}`);
            return 2;
        }
        req = parsedRequest;
    }
    let loaded: Loaded;
    try {
        loaded = await load(args[arity - 1], values, note);
    } catch (e) {
        err(`${command} failed: ${(e as Error).message}`);
        return 2;
    }
    const { graph } = loaded;
    const json = values.format === "json";
    for (const n of graph.notes) {
        note(`${n.urn}: ${n.why}`);
    }

    if (command === "can-i") {
        const identity = values.as!.startsWith("arn:")
            ? graph.iamIdentity(values.as!)
            : graph.identity(values.as!);
        if (typeof identity === "string") {
            err(`can-i: --as ${identity}`);
            return 2;
        }
        const paths = graph.grants(identity, req!);
        if (paths.length === 0) {
            // A subject unknown until deploy that holds the permission may be this one.
            const unknown = [...graph.whoCan(req!).values()]
                .map((p) => p[0])
                .filter((p) => p.subject.unknown)
                .map((p) => `${p.binding.kind} "${p.binding.name}" (${p.binding.source})`);
            const why = [
                ...(graph.unjudged.length > 0 ? [cannotJudge(graph)] : []),
                ...(unknown.length > 0
                    ? [
                          `a subject unknown until deploy, which may be ${identity.label}, is allowed through ${unknown.join(", ")}`,
                      ]
                    : []),
            ];
            if (why.length > 0) {
                err(`can-i: cannot answer: ${why.join("; ")}`);
                return 2;
            }
        }
        out(paths.length > 0 ? "yes" : "no");
        if (paths.length > 0 && paths.every((p) => p.possibly)) {
            note(`yes only if ${paths[0].possibly!.join("; ")}`);
        }
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
        const found: {
            subject: string;
            default: boolean;
            paths: GrantPath[];
            becomesClusterAdmin?: string[][];
        }[] = [...graph.whoCan(req!)].map(([subject, paths]) => ({
            subject,
            default: paths.every((p) => stackSource(p) === undefined),
            paths,
        }));
        // IAM principals that get the permission through the groups of their access entries.
        for (const arn of graph.iamPrincipals()) {
            const key = `IAM:${arn}`;
            const paths = graph
                .grants(graph.iamIdentity(arn), req!)
                .filter((p) => stackSource(p) !== undefined);
            if (paths.length > 0 && !found.some((f) => f.subject === key)) {
                found.push({ subject: key, default: false, paths });
            }
        }
        // IAM principals that can make themselves cluster-admin through the EKS API, which
        // allows every request (AmazonEKSClusterAdminPolicy is cluster-admin).
        for (const path of loaded.iamAdmins) {
            const key = `IAM:${path.principal.name}`;
            const entry = found.find((f) => f.subject === key && f.becomesClusterAdmin);
            if (entry) {
                entry.becomesClusterAdmin!.push(path.via);
            } else {
                found.push({
                    subject: key,
                    default: false,
                    paths: [],
                    becomesClusterAdmin: [path.via],
                });
            }
        }
        if (loaded.iamUnknown.length > 0) {
            note(
                `IAM documents unknown until deploy were not read for a path to cluster-admin through EKS access entries: ${loaded.iamUnknown.join(", ")}`,
            );
        }
        // Who holds it only for some objects by name (resourceNames), when no name is asked.
        const namedOnly =
            req!.name === undefined && req!.nonResourceURL === undefined
                ? [...graph.whoCan(req!, { anyName: true })]
                      .filter(([subject]) => !found.some((f) => f.subject === subject))
                      .map(([subject, paths]) => ({ subject, names: namesOf(paths), paths }))
                : [];
        if (json) {
            out(
                JSON.stringify(
                    {
                        request: req,
                        subjects: found.map((f) => ({ ...f, paths: f.paths.map(pathJson) })),
                        namedOnly: namedOnly.map((f) => ({ ...f, paths: f.paths.map(pathJson) })),
                        unjudged: graph.unjudged,
                    },
                    null,
                    2,
                ),
            );
        } else {
            for (const f of found) {
                const how = f.becomesClusterAdmin ? " (can become cluster-admin)" : "";
                out(`${f.subject}${f.default ? " (Kubernetes default)" : ""}${how}`);
                for (const p of f.paths) {
                    out(`  ${showPath(p)}`);
                }
                for (const via of f.becomesClusterAdmin ?? []) {
                    out(`  ${via.join(" → ")}`);
                }
            }
            for (const f of namedOnly) {
                out(
                    `${f.subject} (only for ${f.names === "every" ? "every" : f.names.join(", ")})`,
                );
                for (const p of f.paths) {
                    out(`  ${showPath(p)}`);
                }
            }
        }
        if (graph.unjudged.length > 0) {
            err(`who-can: the list may be incomplete: ${cannotJudge(graph)}`);
            return 2;
        }
        return 0;
    }

    // rbac: the matrix of subjects by namespace for the sensitive permissions.
    const rows = rbacMatrix(graph, loaded.namespaces);
    if (json) {
        out(
            JSON.stringify(
                {
                    columns: sensitivePermissions.map((p) => p.column),
                    rows,
                    unjudged: graph.unjudged,
                },
                null,
                2,
            ),
        );
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
    if (graph.unjudged.length > 0) {
        err(`rbac: the matrix may be incomplete: ${cannotJudge(graph)}`);
        return 2;
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
            patches: p.binding.patches ?? [],
        },
        role: {
            kind: p.role.kind,
            name: p.role.name,
            namespace: p.role.namespace ?? null,
            urn: p.role.source,
            patches: p.role.patches,
        },
        rule: { index: p.ruleIndex, ...p.rule },
        namespace: p.namespace ?? null,
        possibly: p.possibly ?? null,
    };
}

/** Every subject and IAM principal with a sensitive permission, by namespace; what Kubernetes' defaults alone grant aside. */
export function rbacMatrix(graph: RbacGraph, namespaces: string[]) {
    const subjects = new Map<string, Identity>();
    for (const b of graph.bindings) {
        for (const s of b.subjects.filter((s) => b.source !== "default" || s.writer)) {
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
                            .some((g) => stackSource(g) !== undefined),
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
