// Where the RBAC graph puts a namespaced object (policypack/lib/rbac-namespaces.ts): its own
// metadata.namespace, else its Kubernetes provider's `namespace` option, else the namespace of
// the provider's kubeconfig context (pulumi/pulumi-kubernetes provider/pkg/provider/provider.go
// v4.32.0), where client-go's clientcmd gives `default` to a context without one
// (kubernetes/client-go tools/clientcmd/client_config.go Namespace()); an empty string sets
// nothing at each step. Where none of that can be read, the object is in an unknown namespace.
import * as assert from "assert";
import {
    GraphResource,
    namespaceOf,
    namespaceReaches,
    ProviderRef,
} from "../../policypack/lib/rbac-namespaces";

const roleBinding = (metadata: Record<string, unknown>, provider?: ProviderRef): GraphResource => ({
    type: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    name: "devs",
    urn: "urn:pulumi:test::test::kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::devs",
    props: { metadata },
    ...(provider ? { provider } : {}),
});

/** A kubeconfig (JSON is YAML) with `contexts` and `current-context`. */
const kubeconfig = (contexts: unknown, current?: string) =>
    JSON.stringify({ apiVersion: "v1", kind: "Config", contexts, "current-context": current });
const context = (name: string, ctx: unknown) => ({ name, context: ctx });

/** The namespace of an object without one, under a provider "k8s" with `props`. */
const underProvider = (props: Record<string, unknown>) =>
    namespaceOf(roleBinding({ name: "devs" }, { name: "k8s", props }), "RoleBinding");
const unresolved = '<default namespace of provider "k8s">';

const twoContexts = kubeconfig(
    [
        context("dev", { cluster: "c", namespace: "dev-team" }),
        context("prod", { cluster: "c", namespace: "payments" }),
    ],
    "prod",
);

describe("rbac namespaces: an empty namespace is no namespace", () => {
    it("an object's empty metadata.namespace leaves it in its provider's namespace", () => {
        const provider = { name: "k8s", props: { namespace: "payments" } };
        assert.strictEqual(
            namespaceOf(roleBinding({ namespace: "" }, provider), "RoleBinding"),
            "payments",
        );
        assert.strictEqual(
            namespaceOf(roleBinding({ namespace: "ops" }, provider), "RoleBinding"),
            "ops",
        );
    });

    it("a provider's empty namespace option leaves its kubeconfig context's", () => {
        assert.strictEqual(underProvider({ namespace: "", kubeconfig: twoContexts }), "payments");
        assert.strictEqual(
            underProvider({ namespace: "", kubeconfig: kubeconfig([]) }),
            unresolved,
        );
    });

    it("a context with an empty or no namespace is in default, as clientcmd has it", () => {
        for (const ctx of [{ cluster: "c", namespace: "" }, { cluster: "c" }]) {
            assert.strictEqual(
                underProvider({ kubeconfig: kubeconfig([context("prod", ctx)], "prod") }),
                "default",
            );
        }
    });
});

describe("rbac namespaces: a kubeconfig read as client-go's YAML reads it", () => {
    // client-go reads a kubeconfig through sigs.k8s.io/yaml on go-yaml v2, which resolves merge
    // keys (decode.go isMerge): a context's namespace merged from an anchor is its namespace.
    it("reads a context's namespace written through a merge key", () => {
        const merged = [
            "current-context: prod",
            "base: &base {cluster: c, namespace: kube-system}",
            "contexts:",
            "- name: prod",
            "  context:",
            "    <<: *base",
        ].join("\n");
        assert.strictEqual(underProvider({ kubeconfig: merged }), "kube-system");
        // A key of the context itself still wins over a merged one, as in go-yaml.
        assert.strictEqual(
            underProvider({ kubeconfig: `${merged}\n    namespace: payments\n` }),
            "payments",
        );
    });
});

describe("rbac namespaces: the kubeconfig context that decides", () => {
    it("the provider's context option picks that context; an empty one picks the current context", () => {
        assert.strictEqual(underProvider({ kubeconfig: twoContexts, context: "dev" }), "dev-team");
        assert.strictEqual(underProvider({ kubeconfig: twoContexts, context: "" }), "payments");
        assert.strictEqual(underProvider({ kubeconfig: twoContexts }), "payments");
    });

    it("the context named, not the first one listed", () => {
        const config = kubeconfig(
            [
                "not a context",
                context("dev", { namespace: "dev-team" }),
                context("prod", { namespace: "payments" }),
            ],
            "prod",
        );
        assert.strictEqual(underProvider({ kubeconfig: config }), "payments");
        assert.strictEqual(underProvider({ kubeconfig: config, context: "dev" }), "dev-team");
    });

    it("no context of that name, or one that is not a mapping, leaves the namespace unknown", () => {
        for (const config of [
            kubeconfig([context("dev", { namespace: "dev-team" })], "prod"),
            kubeconfig([context("prod", "payments")], "prod"),
            kubeconfig([context("prod", null)], "prod"),
            kubeconfig("prod", "prod"),
            "contexts: [",
            "just text",
        ]) {
            assert.strictEqual(underProvider({ kubeconfig: config }), unresolved, config);
        }
    });

    it("reads the kubeconfig as JSON-compatible YAML, where a date-like namespace is a name", () => {
        // sigs.k8s.io/yaml (YAML to JSON, then into the string field) keeps 2024-01-01 a string,
        // and it is a DNS-1123 label; YAML 1.1's timestamp type would make it a date.
        const config = [
            "contexts:",
            "- name: prod",
            "  context:",
            "    namespace: 2024-01-01",
            "current-context: prod",
        ].join("\n");
        assert.strictEqual(underProvider({ kubeconfig: config }), "2024-01-01");
    });
});

describe("rbac namespaces: where a grant reaches", () => {
    it("a namespace reaches only itself; a wildcard access scope the names it matches", () => {
        assert.strictEqual(namespaceReaches("payments", "payments"), "yes");
        assert.strictEqual(namespaceReaches("payments", "payroll"), "no");
        assert.strictEqual(namespaceReaches("pay", "payments"), "no");
        assert.strictEqual(namespaceReaches("pay*", "payments"), "yes");
        assert.strictEqual(namespaceReaches("pay*", "ops"), "no");
        assert.strictEqual(namespaceReaches("<namespace unknown>", "payments"), "possibly");
    });
});
