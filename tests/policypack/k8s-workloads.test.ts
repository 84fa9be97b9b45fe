import * as assert from "assert";
import { k8sNamespacePodSecurity as pss } from "../../policypack/policies/k8s-namespace-pod-security";
import { k8sNoDefaultServiceAccount as sa } from "../../policypack/policies/k8s-no-default-service-account";
import { ec2LaunchTemplateImdsv2 } from "../../policypack/policies/ec2-launch-template-imdsv2";
import { eksNodeGroupLaunchTemplate } from "../../policypack/policies/eks-node-group-launch-template";
import { StackResource, stackViolations, violations } from "./check";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy");
/** What the engine sends for a value it cannot know yet. */
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const ns = (labels?: Record<string, string>, name = "payments") => ({ metadata: { name, labels } });

describe("k8s-namespace-pod-security", () => {
    const check = (
        props: Record<string, unknown>,
        config = {},
        type = "kubernetes:core/v1:Namespace",
    ) => violations(pss, type, props, config, "ns");

    it("passes restricted and baseline", async () => {
        assert.deepStrictEqual(
            await check(ns({ "pod-security.kubernetes.io/enforce": "restricted" })),
            [],
        );
        assert.deepStrictEqual(
            await check(ns({ "pod-security.kubernetes.io/enforce": "baseline" })),
            [],
        );
    });

    it("reports a namespace with no enforce label", async () => {
        assert.deepStrictEqual(await check(ns({ team: "payments" })), [
            'Namespace "payments" has no pod-security.kubernetes.io/enforce label, below the "baseline" Pod Security Standard: label it pod-security.kubernetes.io/enforce: restricted (or baseline).',
        ]);
    });

    it("reports privileged", async () => {
        assert.match(
            (await check(ns({ "pod-security.kubernetes.io/enforce": "privileged" })))[0],
            /enforces "privileged", below the "baseline"/,
        );
    });

    it("reports baseline when the minimum is restricted, and asks for restricted alone", async () => {
        assert.deepStrictEqual(
            await check(ns({ "pod-security.kubernetes.io/enforce": "baseline" }), {
                minimumLevel: "restricted",
            }),
            [
                'Namespace "payments" enforces "baseline", below the "restricted" Pod Security Standard: label it pod-security.kubernetes.io/enforce: restricted.',
            ],
        );
    });

    it("exempts system namespaces, and configured ones", async () => {
        assert.deepStrictEqual(await check(ns(undefined, "kube-system")), []);
        assert.deepStrictEqual(
            await check(ns(undefined, "monitoring"), { exemptNamespaces: ["monitoring"] }),
            [],
        );
    });

    it("checks NamespacePatch that sets labels, and ignores one that does not", async () => {
        assert.strictEqual(
            (
                await check(
                    ns({ "pod-security.kubernetes.io/enforce": "privileged" }),
                    {},
                    "kubernetes:core/v1:NamespacePatch",
                )
            ).length,
            1,
        );
        assert.deepStrictEqual(
            await check(
                { metadata: { name: "payments", annotations: {} } },
                {},
                "kubernetes:core/v1:NamespacePatch",
            ),
            [],
        );
    });

    it("uses the resource name when metadata.name is unset (auto-named)", async () => {
        assert.match((await check({ metadata: {} }))[0], /^Namespace "ns" has no/);
    });
});

describe("k8s-no-default-service-account", () => {
    const pod = (spec: Record<string, unknown>) => ({
        containers: [{ name: "app", image: "app:1" }],
        ...spec,
    });
    const check = (
        type: string,
        props: Record<string, unknown>,
        others: { type: string; name: string; props: Record<string, unknown> }[] = [],
    ) => stackViolations(sa, [...others, { type, name: "web", props }]);
    const messages = async (type: string, props: Record<string, unknown>) =>
        (await check(type, props)).map((v) => v.message);

    it("is advisory", () => assert.strictEqual(sa.enforcementLevel, "advisory"));

    it("passes a pod with its own service account", async () => {
        assert.deepStrictEqual(
            await messages("kubernetes:core/v1:Pod", {
                spec: pod({ serviceAccountName: "ledger" }),
            }),
            [],
        );
    });

    it("reads an empty service account name as none: the deprecated serviceAccount, else default", async () => {
        // Convert_v1_PodSpec_To_core_PodSpec (pkg/apis/core/v1/conversion.go) takes
        // serviceAccount when serviceAccountName is "", and the ServiceAccount admission plugin
        // (plugin/pkg/admission/serviceaccount/admission.go) sets "" to default.
        const reported =
            'Pod "web" runs as the "default" service account with its token mounted: set spec.serviceAccountName to a dedicated service account, or automountServiceAccountToken: false.';
        for (const [spec, expected] of [
            [{ serviceAccountName: "" }, [reported]],
            [{ serviceAccountName: "", serviceAccount: "" }, [reported]],
            [{ serviceAccountName: "", serviceAccount: "ledger" }, []],
            [{ serviceAccount: "ledger" }, []],
        ] as const) {
            assert.deepStrictEqual(
                await messages("kubernetes:core/v1:Pod", { spec: pod(spec) }),
                expected,
                JSON.stringify(spec),
            );
        }
    });

    it("passes the default service account without a token", async () => {
        assert.deepStrictEqual(
            await messages("kubernetes:core/v1:Pod", {
                spec: pod({ automountServiceAccountToken: false }),
            }),
            [],
        );
    });

    it("reports a Pod on the default service account, on the pod's URN", async () => {
        assert.deepStrictEqual(await check("kubernetes:core/v1:Pod", { spec: pod({}) }), [
            {
                message:
                    'Pod "web" runs as the "default" service account with its token mounted: set spec.serviceAccountName to a dedicated service account, or automountServiceAccountToken: false.',
                urn: "urn:pulumi:test::test::kubernetes:core/v1:Pod::web",
            },
        ]);
    });

    it("passes workloads in a namespace whose default service account has no token, as TenantNamespace sets it", async () => {
        const quiet = {
            type: "kubernetes:core/v1:ServiceAccountPatch",
            name: "payments-default-sa",
            props: {
                metadata: { name: "default", namespace: "payments" },
                automountServiceAccountToken: false,
            },
        };
        const inPayments = {
            metadata: { namespace: "payments" },
            spec: { template: { spec: pod({}) } },
        };
        assert.deepStrictEqual(
            await check("kubernetes:apps/v1:Deployment", inPayments, [quiet]),
            [],
        );
        const inSearch = {
            metadata: { namespace: "search" },
            spec: { template: { spec: pod({}) } },
        };
        assert.strictEqual(
            (await check("kubernetes:apps/v1:Deployment", inSearch, [quiet])).length,
            1,
        );
    });

    describe("which namespaces' default service account mounts no token", () => {
        const account = (name: string, namespace?: string, automount?: unknown) => ({
            type: "kubernetes:core/v1:ServiceAccount",
            name: `${namespace ?? "none"}-${name}`,
            props: {
                metadata: { name, namespace },
                ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
            },
        });
        const podIn = (namespace?: string) => ({
            type: "kubernetes:core/v1:Pod",
            name: "web",
            props: { metadata: { namespace }, spec: pod({}) },
        });
        const reported =
            'Pod "web" runs as the "default" service account with its token mounted: set spec.serviceAccountName to a dedicated service account, or automountServiceAccountToken: false.';
        const run = async (resources: StackResource[]) =>
            (await stackViolations(sa, resources)).map((v) => v.message);

        it("an object without a namespace is in its provider's namespace, the service account and the pod alike", async () => {
            // The Kubernetes provider puts an object without metadata.namespace in its
            // `namespace` option, else its kubeconfig context's (rbac-namespaces.ts namespaceOf,
            // pulumi/pulumi-kubernetes provider/pkg/provider/provider.go, v4.32.0).
            const provider = (name: string, props: Record<string, unknown>) => ({
                name,
                urn: `urn:pulumi:test::test::pulumi:providers:kubernetes::${name}`,
                props,
            });
            const payments = provider("payments", { namespace: "payments" });
            const ambient = provider("ambient", {});
            const via = <T extends StackResource>(r: T, p: ReturnType<typeof provider>) => ({
                ...r,
                provider: p,
            });
            // TenantNamespace quiets payments; a workload the payments provider creates there
            // without naming the namespace gets no token.
            assert.deepStrictEqual(
                await run([account("default", "payments", false), via(podIn(), payments)]),
                [],
            );
            // An account the payments provider patches without a namespace is payments', not
            // default's: a pod in default still mounts default's token.
            assert.deepStrictEqual(
                await run([via(account("default", undefined, false), payments), podIn("default")]),
                [reported],
            );
            // A provider whose namespace is unknown here puts both in the same one.
            assert.deepStrictEqual(
                await run([
                    via(account("default", undefined, false), ambient),
                    via(podIn(), ambient),
                ]),
                [],
            );
            // An unnamespaced pod of another provider may be anywhere.
            assert.deepStrictEqual(
                await run([
                    via(account("default", undefined, false), ambient),
                    via(podIn(), payments),
                ]),
                [reported],
            );
            assert.deepStrictEqual(await run([account("default", "default", false), podIn()]), [
                reported,
            ]);
        });

        it("an unknown provider namespace is one provider's: another provider of that name, or none, may be elsewhere", async () => {
            // Provider names repeat under different parents (the URN tells them apart), and
            // with no provider known each object may be under any: the two unknown namespaces
            // read alike (namespaceOf) but need not be one.
            const underK8s = (parent: string) => ({
                name: "k8s",
                urn: `urn:pulumi:test::test::${parent}$pulumi:providers:kubernetes::k8s`,
                props: { kubeconfig: "~/.kube/prod" },
            });
            const [a, b] = [underK8s("app:Cluster"), underK8s("app:Mirror")];
            const via = <T extends StackResource>(r: T, provider: ReturnType<typeof underK8s>) => ({
                ...r,
                provider,
            });
            assert.deepStrictEqual(
                await run([via(account("default", undefined, false), a), via(podIn(), b)]),
                [reported],
            );
            assert.deepStrictEqual(await run([account("default", undefined, false), podIn()]), [
                reported,
            ]);
            assert.deepStrictEqual(
                await run([via(account("default", undefined, false), a), via(podIn(), a)]),
                [],
            );
        });

        it("a pod that sets automountServiceAccountToken: true mounts the token in a quiet namespace", async () => {
            // The pod's preference wins over its account's (plugin/pkg/admission/serviceaccount/
            // admission.go shouldAutomount).
            const mounting = {
                ...podIn("payments"),
                props: {
                    metadata: { namespace: "payments" },
                    spec: pod({ automountServiceAccountToken: true }),
                },
            };
            assert.deepStrictEqual(await run([account("default", "payments", false), mounting]), [
                reported,
            ]);
            const unset = {
                ...mounting,
                props: { ...mounting.props, spec: pod({ automountServiceAccountToken: null }) },
            };
            assert.deepStrictEqual(await run([account("default", "payments", false), unset]), []);
        });

        it("a service account listed after the workload still quiets its namespace", async () => {
            assert.deepStrictEqual(
                await run([podIn("payments"), account("default", "payments", false)]),
                [],
            );
        });

        it("only the default account with automountServiceAccountToken: false quiets a namespace", async () => {
            for (const others of [
                [account("ledger", "payments", false)],
                [account("default", "payments")],
                [account("default", "payments", true)],
            ]) {
                assert.deepStrictEqual(await run([...others, podIn("payments")]), [reported]);
            }
        });

        it("a service account unknown during preview is named once, the workloads still judged", () => {
            const unknownAccount = {
                ...account("default", "payments", false),
                props: unknownCheckingProxy({
                    metadata: { name: "default", namespace: unknownValue },
                    automountServiceAccountToken: false,
                }),
            };
            const messages: string[] = [];
            assert.throws(
                () =>
                    sa.validateStack!(
                        {
                            resources: [unknownAccount, podIn("search")].map((r) => ({
                                ...r,
                                urn: `urn:${r.name}`,
                            })),
                            getConfig: () => ({}),
                        } as never,
                        (message: string) => messages.push(message),
                    ),
                (e: Error) => {
                    assert.ok(e instanceof UnknownValueError);
                    assert.strictEqual(
                        e.message,
                        "1 resource(s) could not be judged, the others were: urn:payments-default (string value at .metadata.namespace can't be known during preview)",
                    );
                    return true;
                },
            );
            assert.deepStrictEqual(messages, [reported]);
        });
    });

    for (const [type, props, path] of [
        [
            "kubernetes:apps/v1:Deployment",
            { spec: { template: { spec: pod({ serviceAccountName: "default" }) } } },
            "spec.template.spec",
        ],
        [
            "kubernetes:apps/v1:StatefulSet",
            { spec: { template: { spec: pod({}) } } },
            "spec.template.spec",
        ],
        [
            "kubernetes:apps/v1:DaemonSet",
            { spec: { template: { spec: pod({}) } } },
            "spec.template.spec",
        ],
        [
            "kubernetes:batch/v1:Job",
            { spec: { template: { spec: pod({}) } } },
            "spec.template.spec",
        ],
        [
            "kubernetes:batch/v1:CronJob",
            { spec: { jobTemplate: { spec: { template: { spec: pod({}) } } } } },
            "spec.jobTemplate.spec.template.spec",
        ],
        [
            "kubernetes:apps/v1:DeploymentPatch",
            { spec: { template: { spec: pod({}) } } },
            "spec.template.spec",
        ],
    ] as const) {
        it(`reports ${type} templates at ${path}`, async () => {
            const [message] = await messages(type, props);
            assert.ok(message.includes(`set ${path}.serviceAccountName`), message);
        });
    }

    it("reports a workload with no pod spec, but not a patch without one", async () => {
        assert.match(
            (await messages("kubernetes:apps/v1:Deployment", { spec: {} }))[0],
            /has no pod spec at spec\.template\.spec/,
        );
        assert.deepStrictEqual(
            await messages("kubernetes:apps/v1:DeploymentPatch", { spec: { replicas: 3 } }),
            [],
        );
    });
});

describe("ec2-launch-template-imdsv2 on launch configurations, eks-node-group-launch-template", () => {
    it("reads a launch configuration's metadata options, as eks.NodeGroup's nodes get them", async () => {
        const messages = await violations(
            ec2LaunchTemplateImdsv2,
            "aws:ec2/launchConfiguration:LaunchConfiguration",
            { imageId: "ami-1" },
            {},
            "nodes",
        );
        assert.deepStrictEqual(messages.length, 2);
        assert.match(messages[0], /^launch configuration "nodes" allows IMDSv1/);
        assert.deepStrictEqual(
            await violations(
                ec2LaunchTemplateImdsv2,
                "aws:ec2/launchConfiguration:LaunchConfiguration",
                {
                    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
                },
            ),
            [],
        );
    });

    it("advises a launch template for a managed node group without one, with the fix", async () => {
        assert.strictEqual(eksNodeGroupLaunchTemplate.enforcementLevel, "advisory");
        const [message] = await violations(
            eksNodeGroupLaunchTemplate,
            "aws:eks/nodeGroup:NodeGroup",
            { clusterName: "prod", scalingConfig: {} },
            {},
            "workers",
        );
        assert.match(
            message,
            /^EKS node group "workers" has no launch template, so its nodes take the AMI's metadata defaults .*: give it a launch template with metadataOptions \{ httpTokens: "required", httpPutResponseHopLimit: 1 \}/,
        );
        assert.deepStrictEqual(
            await violations(eksNodeGroupLaunchTemplate, "aws:eks/nodeGroup:NodeGroup", {
                launchTemplate: { id: "lt-1", version: "1" },
            }),
            [],
        );
    });
});
