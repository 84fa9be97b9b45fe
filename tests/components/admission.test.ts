// The admission policies' CEL, evaluated offline with @bufbuild/cel (a conformance-tested
// CEL evaluator) against objects each policy must admit and objects it must refuse.
import * as assert from "assert";
import { CelInput, run } from "@bufbuild/cel";
import * as fc from "fast-check";
import {
    AdmissionPolicySpecs,
    noDefaultServiceAccountPolicy,
    noExternalIpsPolicy,
    noIngressPolicy,
} from "../../components/admission";
import { workloadServiceAccountName } from "../../components/tenant-specs";

/** A JSON object as CEL sees a Kubernetes object: objects become maps. */
function toCel(value: unknown): CelInput {
    if (Array.isArray(value)) {
        return value.map(toCel) as CelInput;
    }
    if (typeof value === "object" && value !== null) {
        return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
    }
    return value as CelInput;
}

/**
 * Whether the API server admits `object` under the policy: variables are evaluated in
 * order, then every validation must be exactly `true`. An evaluation error refuses the
 * object, as `failurePolicy: Fail` does.
 */
function admits(specs: AdmissionPolicySpecs, object: Record<string, unknown>): boolean {
    const policy = specs.policy as {
        variables?: { name: string; expression: string }[];
        validations: { expression: string }[];
    };
    const variables = new Map<string, CelInput>();
    const bindings = { object: toCel(object), variables };
    for (const v of policy.variables ?? []) {
        variables.set(v.name, run(v.expression, bindings) as CelInput);
    }
    return policy.validations.every((v) => run(v.expression, bindings) === true);
}

const podSpec = (serviceAccountName?: string) => ({
    containers: [{ name: "app", image: "app:1" }],
    ...(serviceAccountName === undefined ? {} : { serviceAccountName }),
});
const metadata = { name: "x", namespace: "payments" };

/** A Pod or workload of `kind` whose pods run as `serviceAccountName`. */
function workload(kind: string, serviceAccountName?: string): Record<string, unknown> {
    const template = { metadata: {}, spec: podSpec(serviceAccountName) };
    switch (kind) {
        case "Pod":
            return { kind, metadata, spec: podSpec(serviceAccountName) };
        case "CronJob":
            return {
                kind,
                metadata,
                spec: { schedule: "* * * * *", jobTemplate: { spec: { template } } },
            };
        default:
            return { kind, metadata, spec: { template } };
    }
}

const kinds = [
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

describe("admission policies (CEL)", () => {
    describe("no Service externalIPs (CVE-2020-8554)", () => {
        const policy = noExternalIpsPolicy();
        const service = (spec: Record<string, unknown>) => ({
            kind: "Service",
            metadata,
            spec: { ports: [{ port: 80 }], ...spec },
        });

        it("admits a Service without externalIPs, or with an empty list", () => {
            assert.strictEqual(admits(policy, service({})), true);
            assert.strictEqual(admits(policy, service({ externalIPs: [] })), true);
            assert.strictEqual(admits(policy, service({ type: "LoadBalancer" })), true);
        });

        it("refuses a Service with externalIPs", () => {
            assert.strictEqual(admits(policy, service({ externalIPs: ["8.8.8.8"] })), false);
            assert.strictEqual(
                admits(policy, service({ externalIPs: ["10.0.0.1", "10.0.0.2"] })),
                false,
            );
        });

        it("matches Services only, on create and update, cluster-wide", () => {
            const spec = policy.policy as any;
            assert.deepStrictEqual(spec.matchConstraints.resourceRules, [
                {
                    apiGroups: [""],
                    apiVersions: ["v1"],
                    operations: ["CREATE", "UPDATE"],
                    resources: ["services"],
                },
            ]);
            assert.strictEqual(policy.binding.matchResources, undefined);
        });
    });

    describe("no default service account in a tenant namespace", () => {
        const policy = noDefaultServiceAccountPolicy("payments");

        for (const kind of kinds) {
            it(`admits a ${kind} that names its own service account`, () => {
                assert.strictEqual(admits(policy, workload(kind, "worker")), true);
            });

            it(`refuses a ${kind} that runs as default, named or not`, () => {
                assert.strictEqual(admits(policy, workload(kind, "default")), false);
                assert.strictEqual(admits(policy, workload(kind)), false);
                assert.strictEqual(admits(policy, workload(kind, "")), false);
            });
        }

        it("admits every kind of workload that runs as the tenant's `workload` service account", () => {
            for (const kind of kinds) {
                assert.strictEqual(
                    admits(policy, workload(kind, workloadServiceAccountName)),
                    true,
                    kind,
                );
            }
        });

        it("reads the deprecated serviceAccount field as the API server does", () => {
            const pod = {
                kind: "Pod",
                metadata,
                spec: { containers: [], serviceAccount: "worker" },
            };
            assert.strictEqual(admits(policy, pod), true);
            const defaulted = {
                kind: "Pod",
                metadata,
                spec: { containers: [], serviceAccount: "default" },
            };
            assert.strictEqual(admits(policy, defaulted), false);
        });

        it("refuses a workload whose pod template it cannot read (failurePolicy Fail)", () => {
            assert.strictEqual(admits(policy, { kind: "Deployment", metadata, spec: {} }), false);
            assert.strictEqual((policy.policy as any).failurePolicy, "Fail");
        });

        it("admits exactly the pods that run as another account than default (property)", () => {
            const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
            fc.assert(
                fc.property(
                    fc.constantFrom(...kinds),
                    fc.option(name, { nil: undefined }),
                    (kind, sa) => {
                        const expected = sa !== undefined && sa !== "default";
                        return admits(policy, workload(kind, sa)) === expected;
                    },
                ),
                { numRuns: 300 },
            );
        });

        it("binds to the tenant's namespace only", () => {
            assert.deepStrictEqual(policy.binding.matchResources, {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "payments" } },
            });
        });
    });

    describe("no Ingress in a tenant namespace that does not allow it", () => {
        const policy = noIngressPolicy("payments");

        it("refuses an Ingress", () => {
            const ingress = {
                kind: "Ingress",
                metadata,
                spec: { rules: [{ host: "pay.example.com" }] },
            };
            assert.strictEqual(admits(policy, ingress), false);
        });

        it("matches Ingresses only, in the tenant's namespace only", () => {
            const spec = policy.policy as any;
            assert.deepStrictEqual(
                spec.matchConstraints.resourceRules.map((r: any) => r.resources),
                [["ingresses"]],
            );
            assert.deepStrictEqual(policy.binding.matchResources, {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "payments" } },
            });
            assert.match(spec.validations[0].message, /set allowIngress: true/);
        });
    });
});
