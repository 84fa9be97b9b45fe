// The rule matchers and resource names of policypack/lib/rbac-rules.ts, against the
// authorizer they model: kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go
// (VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches)
// and plugin/pkg/auth/authorizer/rbac/rbac.go:178-192 (RuleAllows).
import * as assert from "assert";
import { rule } from "./rbac-fixtures";
import { clusterScopedResources } from "../../policypack/lib/kubernetes-cluster-scoped-resources";
import {
    Request,
    apiGroupMatches,
    parseRules,
    nonResourceURLMatches,
    parseResource,
    resourceMatches,
    resourceNameMatches,
    ruleAllows,
    showRule,
    unknownName,
    verbMatches,
    writeVerbs,
} from "../../policypack/lib/rbac-rules";
import { UnknownValueError } from "../../policypack/lib/values";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy");
const { unknownCheckingProxy, unknownArrayValue, unknownStringValue } = proxy;

describe("RBAC rule matchers", () => {
    it("matches a group when any of the rule's groups is it or *", () => {
        const two = rule({ apiGroups: ["", "apps"] });
        assert.deepStrictEqual(
            ["", "apps", "batch"].map((g) => apiGroupMatches(two, g)),
            [true, true, false],
        );
        assert.strictEqual(apiGroupMatches(rule({ apiGroups: ["batch", "*"] }), "apps"), true);
        assert.strictEqual(apiGroupMatches(rule({ apiGroups: [] }), ""), false);
    });

    it("matches a verb when any of the rule's verbs is it or *", () => {
        const two = rule({ verbs: ["get", "list"] });
        assert.deepStrictEqual(
            ["get", "list", "watch"].map((v) => verbMatches(two, v)),
            [true, true, false],
        );
        assert.strictEqual(verbMatches(rule({ verbs: ["get", "*"] }), "delete"), true);
    });

    it("matches resource/subresource exactly, or */subresource, never pods/*", () => {
        const r = rule({ resources: ["pods", "*/scale", "deployments/status"] });
        assert.deepStrictEqual(
            [
                resourceMatches(r, "pods"),
                resourceMatches(r, "pods", "exec"),
                resourceMatches(r, "deployments", "scale"),
                resourceMatches(r, "deployments", "status"),
                resourceMatches(r, "deployments"),
                resourceMatches(r, "scale"),
                resourceMatches(rule({ resources: ["pods/*"] }), "pods", "exec"),
                resourceMatches(rule({ resources: ["secrets", "*"] }), "pods", "log"),
            ],
            [true, false, true, true, false, false, false, true],
        );
    });

    it("matches names: none listed is every name, else the name must be listed", () => {
        assert.deepStrictEqual(
            [
                resourceNameMatches(rule({}), "a"),
                resourceNameMatches(rule({ resourceNames: ["a", "b"] }), "b"),
                resourceNameMatches(rule({ resourceNames: ["a"] }), "c"),
                resourceNameMatches(rule({ resourceNames: ["a"] })),
                resourceNameMatches(rule({ resourceNames: [""] })),
            ],
            [true, true, false, false, true],
        );
    });

    it("matches non-resource URLs exactly, by * or by a trimmed prefix", () => {
        const r = rule({ nonResourceURLs: ["/healthz", "/metrics/**"] });
        assert.deepStrictEqual(
            ["/healthz", "/healthz/x", "/metrics/", "/metrics/cadvisor", "/metrics"].map((u) =>
                nonResourceURLMatches(r, u),
            ),
            [true, false, true, true, false],
        );
        assert.strictEqual(nonResourceURLMatches(rule({ nonResourceURLs: ["*"] }), "/x"), true);
    });

    it("trims only a URL's trailing *: one inside it is a plain character", () => {
        // strings.TrimRight(ruleURL, "*") then strings.HasPrefix (evaluation_helpers.go:99-113).
        const r = rule({ nonResourceURLs: ["/logs*/kube*"] });
        assert.deepStrictEqual(
            ["/logs*/kube-apiserver", "/logs/kube-apiserver", "/logsx/kube-apiserver"].map((u) =>
                nonResourceURLMatches(r, u),
            ),
            [true, false, false],
        );
    });

    it("allows a request only when verb, group, resource and name all match", () => {
        const r = rule({
            verbs: ["get"],
            apiGroups: ["", "apps"],
            resources: ["deployments"],
            resourceNames: ["web"],
        });
        const ask = (q: Partial<Request>): Request => ({
            verb: "get",
            apiGroup: "apps",
            resource: "deployments",
            name: "web",
            ...q,
        });
        assert.deepStrictEqual(
            [
                ruleAllows(r, ask({})),
                ruleAllows(r, ask({ verb: "delete" })),
                ruleAllows(r, ask({ apiGroup: "batch" })),
                ruleAllows(r, ask({ resource: "pods" })),
                ruleAllows(r, ask({ name: "db" })),
                ruleAllows(r, ask({ name: "db" }), { anyName: true }),
                ruleAllows(r, ask({ name: "db" }), { anyName: false }),
            ],
            [true, false, false, false, false, true, false],
        );
        const urls = rule({ verbs: ["get"], nonResourceURLs: ["/healthz"] });
        assert.deepStrictEqual(
            [
                ruleAllows(urls, {
                    verb: "get",
                    apiGroup: "",
                    resource: "",
                    nonResourceURL: "/healthz",
                }),
                ruleAllows(urls, {
                    verb: "post",
                    apiGroup: "",
                    resource: "",
                    nonResourceURL: "/healthz",
                }),
                ruleAllows(urls, {
                    verb: "get",
                    apiGroup: "",
                    resource: "",
                    nonResourceURL: "/livez",
                }),
            ],
            [true, false, false],
        );
    });

    it("shows a rule with the core group quoted and names only when listed", () => {
        assert.strictEqual(
            showRule(rule({ verbs: ["get"], apiGroups: ["", "apps"], resources: ["pods"] })),
            '{verbs: [get], apiGroups: ["", apps], resources: [pods]}',
        );
        assert.strictEqual(
            showRule(rule({ verbs: ["get"], nonResourceURLs: ["/healthz"], resourceNames: ["x"] })),
            "{verbs: [get], nonResourceURLs: [/healthz], resourceNames: [x]}",
        );
    });
});

describe("RBAC resource names", () => {
    it("reads kubectl's resource.group/subresource forms", () => {
        assert.deepStrictEqual(
            [
                "deployments.apps",
                "deployments.apps/scale",
                "pods/exec",
                "pods",
                "widgets.example.com/status",
                "widgets",
            ].map(parseResource),
            [
                { resource: "deployments", apiGroup: "apps", subresource: undefined },
                { resource: "deployments", apiGroup: "apps", subresource: "scale" },
                { resource: "pods", apiGroup: "", subresource: "exec" },
                { resource: "pods", apiGroup: "", subresource: undefined },
                { resource: "widgets", apiGroup: "example.com", subresource: "status" },
                { resource: "widgets", apiGroup: "", subresource: undefined },
            ],
        );
        // Split at the first dot whatever precedes it, as kubectl's schema.ParseGroupResource
        // does (k8s.io/apimachinery pkg/runtime/schema/group_version.go).
        assert.deepStrictEqual(parseResource(".apps"), {
            resource: "",
            apiGroup: "apps",
            subresource: undefined,
        });
        // An explicit group wins over the usual one.
        assert.deepStrictEqual(parseResource("deployments.extensions"), {
            resource: "deployments",
            apiGroup: "extensions",
            subresource: undefined,
        });
    });

    it("gives common resources their group when kubectl leaves it out", () => {
        // Groups as served by the API server (kubectl api-resources, Kubernetes 1.33).
        const expected: Record<string, string> = {
            deployments: "apps",
            statefulsets: "apps",
            daemonsets: "apps",
            replicasets: "apps",
            controllerrevisions: "apps",
            jobs: "batch",
            cronjobs: "batch",
            horizontalpodautoscalers: "autoscaling",
            ingresses: "networking.k8s.io",
            networkpolicies: "networking.k8s.io",
            ingressclasses: "networking.k8s.io",
            poddisruptionbudgets: "policy",
            roles: "rbac.authorization.k8s.io",
            rolebindings: "rbac.authorization.k8s.io",
            clusterroles: "rbac.authorization.k8s.io",
            clusterrolebindings: "rbac.authorization.k8s.io",
            validatingadmissionpolicies: "admissionregistration.k8s.io",
            validatingadmissionpolicybindings: "admissionregistration.k8s.io",
            validatingwebhookconfigurations: "admissionregistration.k8s.io",
            mutatingwebhookconfigurations: "admissionregistration.k8s.io",
            customresourcedefinitions: "apiextensions.k8s.io",
            leases: "coordination.k8s.io",
            endpointslices: "discovery.k8s.io",
            storageclasses: "storage.k8s.io",
            certificatesigningrequests: "certificates.k8s.io",
            tokenreviews: "authentication.k8s.io",
            subjectaccessreviews: "authorization.k8s.io",
            localsubjectaccessreviews: "authorization.k8s.io",
            selfsubjectaccessreviews: "authorization.k8s.io",
            selfsubjectrulesreviews: "authorization.k8s.io",
            priorityclasses: "scheduling.k8s.io",
            secrets: "",
            configmaps: "",
        };
        for (const [resource, group] of Object.entries(expected)) {
            assert.strictEqual(parseResource(resource).apiGroup, group, resource);
        }
    });

    it("counts the verbs that change objects or grant power as writes, and no read", () => {
        assert.deepStrictEqual([...writeVerbs].sort(), [
            "approve",
            "bind",
            "create",
            "delete",
            "deletecollection",
            "escalate",
            "impersonate",
            "patch",
            "update",
        ]);
    });

    it("lists every cluster-scoped resource of the data file's sources", () => {
        // One line per API group, as the data file cites them (k8s.io/api +genclient:nonNamespaced).
        const expected = [
            "componentstatuses namespaces nodes persistentvolumes",
            "mutatingadmissionpolicies mutatingadmissionpolicybindings mutatingwebhookconfigurations",
            "validatingadmissionpolicies validatingadmissionpolicybindings validatingwebhookconfigurations",
            "customresourcedefinitions apiservices",
            "selfsubjectreviews tokenreviews selfsubjectaccessreviews selfsubjectrulesreviews subjectaccessreviews",
            "certificatesigningrequests clustertrustbundles",
            "flowschemas prioritylevelconfigurations storageversions storageversionmigrations",
            "imagereviews",
            "ingressclasses ipaddresses servicecidrs runtimeclasses priorityclasses",
            "clusterroles clusterrolebindings",
            "deviceclasses devicetaintrules resourcepoolstatusrequests resourceslices",
            "csidrivers csinodes storageclasses volumeattachments volumeattributesclasses",
            "users groups uids userextras signers",
        ].flatMap((line) => line.split(" "));
        assert.deepStrictEqual([...clusterScopedResources].sort(), expected.sort());
        assert.strictEqual(clusterScopedResources.has("pods"), false);
    });
});

describe("parseRules: a role's rules, index for index", () => {
    const none = rule({});
    const secrets = { apiGroups: [""], resources: ["secrets"], verbs: ["get"] };

    it("reads no rules from an absent list, and a lone string as a one-element list", () => {
        assert.deepStrictEqual(parseRules(undefined), []);
        assert.deepStrictEqual(parseRules(null), []);
        assert.deepStrictEqual(
            parseRules([{ apiGroups: "", resources: "secrets", verbs: "get", resourceNames: 7 }]),
            [rule({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] })],
        );
    });

    it("takes resourceNames unknown until deploy, as a whole or one entry, for some object, never every object", () => {
        const rules = parseRules(
            unknownCheckingProxy([
                { ...secrets, resourceNames: unknownArrayValue },
                { ...secrets, resourceNames: ["db", unknownStringValue] },
            ]),
        );
        assert.deepStrictEqual(
            rules.map((r) => r.resourceNames),
            [[unknownName], ["db", unknownName]],
        );
        assert.strictEqual(
            ruleAllows(rules[0], { verb: "get", apiGroup: "", resource: "secrets", name: "db" }),
            false,
        );
    });

    it("grants nothing for a rule whose verbs are unknown until deploy, telling why, and keeps the indices", () => {
        const told: string[] = [];
        const rules = parseRules(
            unknownCheckingProxy([{ ...secrets, verbs: unknownArrayValue }, secrets]),
            (e) => told.push(e.message),
        );
        assert.deepStrictEqual(rules, [none, rule(secrets)]);
        assert.deepStrictEqual(told, ["Array value at .0.verbs can't be known during preview"]);
    });

    it("throws the unknown value on when it is not told where to report it", () => {
        assert.throws(
            () => parseRules(unknownCheckingProxy([{ ...secrets, verbs: unknownArrayValue }])),
            (e: unknown) => e instanceof UnknownValueError,
        );
    });
});
