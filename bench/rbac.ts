// Benchmark of the RBAC evaluator: 1,000 bindings across 300 tenant namespaces, judged by the
// two stack policies that build the graph, and answered by who-can. In process: the figure is
// the evaluator's, not gRPC's.
import { k8sNoClusterAdminBinding } from "../policypack/policies/k8s-no-cluster-admin-binding";
import { k8sTenantIsolation } from "../policypack/policies/k8s-tenant-isolation";
import { RbacGraph } from "../policypack/lib/rbac-graph";
import { median, ms, time } from "./stats";

// The SDK's own proxy, through which a preview hands props to policies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy: <T>(value: T) => T;
};

const rbac = "kubernetes:rbac.authorization.k8s.io/v1";

/** `namespaces` tenants as TenantNamespace builds them, with `bindings` RoleBindings among them. */
export function tenantStack(namespaces: number, bindings: number) {
    const resources: { type: string; name: string; urn: string; props: Record<string, unknown> }[] =
        [];
    const add = (type: string, name: string, props: Record<string, unknown>) =>
        resources.push({ type, name, urn: `urn:pulumi:bench::bench::${type}::${name}`, props });
    for (let i = 0; i < namespaces; i++) {
        const ns = `team-${i}`;
        add("kubernetes:core/v1:Namespace", ns, {
            metadata: { name: ns, labels: { "hardened-eks.io/tenant": ns } },
        });
        add(`${rbac}:Role`, `${ns}-developer`, {
            metadata: { name: "developer", namespace: ns },
            rules: [
                {
                    apiGroups: ["apps"],
                    resources: ["deployments"],
                    verbs: ["get", "list", "create"],
                },
            ],
        });
        add("aws:eks/accessEntry:AccessEntry", `${ns}-developers`, {
            principalArn: `arn:aws:iam::123456789012:role/${ns}-developers`,
            kubernetesGroups: [`${ns}-developers`],
        });
        add("kubernetes:core/v1:ServiceAccount", `${ns}-worker`, {
            metadata: { name: "worker", namespace: ns },
        });
    }
    for (let b = 0; b < bindings; b++) {
        const ns = `team-${b % namespaces}`;
        const kinds = [
            { kind: "Group", name: `${ns}-developers` },
            { kind: "ServiceAccount", name: "worker", namespace: ns },
            { kind: "Group", name: `${ns}-viewers` },
        ];
        add(`${rbac}:RoleBinding`, `${ns}-binding-${b}`, {
            metadata: { name: `binding-${b}`, namespace: ns },
            subjects: [kinds[Math.floor(b / namespaces) % kinds.length]],
            roleRef:
                b % 2 === 0
                    ? { kind: "Role", name: "developer" }
                    : { kind: "ClusterRole", name: "view" },
        });
    }
    return resources;
}

export interface RbacFigures {
    bindings: number;
    namespaces: number;
    resources: number;
    graphMs: number;
    tenantIsolationMs: number;
    clusterAdminMs: number;
    whoCanMs: number;
    /** The same three, with props read through the SDK's unknown-checking proxy. */
    proxied: { graphMs: number; tenantIsolationMs: number; clusterAdminMs: number };
}

/** Median times of building the graph and of the two stack policies on `resources`. */
async function judge(resources: ReturnType<typeof tenantStack>, runs: number) {
    const args = { resources, getConfig: () => ({ allowedSubjects: [] }) } as never;
    const report = () => undefined;
    const graphMs: number[] = [];
    const isolation: number[] = [];
    const admin: number[] = [];
    for (let i = 0; i < runs; i++) {
        graphMs.push(await time(async () => RbacGraph.fromResources(resources)));
        isolation.push(await time(async () => k8sTenantIsolation.validateStack(args, report)));
        admin.push(await time(async () => k8sNoClusterAdminBinding.validateStack(args, report)));
    }
    return {
        graphMs: median(graphMs),
        tenantIsolationMs: median(isolation),
        clusterAdminMs: median(admin),
    };
}

export async function benchRbac(runs = 5): Promise<RbacFigures> {
    const resources = tenantStack(300, 1000);
    const args = { resources, getConfig: () => ({ allowedSubjects: [] }) } as never;
    const report = () => undefined;
    const graphMs: number[] = [];
    const isolation: number[] = [];
    const admin: number[] = [];
    const whoCan: number[] = [];
    for (let i = 0; i < runs; i++) {
        let graph: RbacGraph | undefined;
        graphMs.push(await time(async () => (graph = RbacGraph.fromResources(resources))));
        isolation.push(await time(async () => k8sTenantIsolation.validateStack(args, report)));
        admin.push(await time(async () => k8sNoClusterAdminBinding.validateStack(args, report)));
        whoCan.push(
            await time(async () =>
                graph!.whoCan({
                    verb: "get",
                    apiGroup: "",
                    resource: "secrets",
                    namespace: "team-7",
                }),
            ),
        );
    }
    return {
        bindings: 1000,
        namespaces: 300,
        resources: resources.length,
        graphMs: median(graphMs),
        tenantIsolationMs: median(isolation),
        clusterAdminMs: median(admin),
        whoCanMs: median(whoCan),
        proxied: await judge(
            resources.map((r) => ({ ...r, props: unknownCheckingProxy(r.props) })),
            runs,
        ),
    };
}

export function reportRbac(f: RbacFigures): string {
    return [
        `| measure (${f.bindings} bindings across ${f.namespaces} namespaces, ${f.resources} resources), median of 5 | time | target |`,
        "|---|---|---|",
        `| build the RBAC graph | ${ms(f.graphMs)} |  |`,
        `| k8s-tenant-isolation (graph included) | ${ms(f.tenantIsolationMs)} | under 1 s |`,
        `| k8s-no-cluster-admin-binding (graph included) | ${ms(f.clusterAdminMs)} | under 1 s |`,
        `| who-can get secrets -n team-7 (graph built) | ${ms(f.whoCanMs)} |  |`,
        `| the same, props through the SDK's unknown-checking proxy (as in a preview): graph, k8s-tenant-isolation, k8s-no-cluster-admin-binding | ${ms(f.proxied.graphMs)}, ${ms(f.proxied.tenantIsolationMs)}, ${ms(f.proxied.clusterAdminMs)} | under 1 s |`,
    ].join("\n");
}
