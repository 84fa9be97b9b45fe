// `covers` (policypack/lib/rbac-power-checks.ts): whether some rules cover every verb, group,
// resource, name and URL of a rule, as Kubernetes' policy comparator decides it
// (kubernetes/component-helpers auth/rbac/validation/policy_comparator.go Covers, ruleCovers,
// resourceCoversAll, commit 1961876b9c5704173fa79ed20e27a0710ce169fd). The check of grants to
// unauthenticated callers compares a stack's rules with Kubernetes' own through it.
import * as assert from "assert";
import { covers } from "../../policypack/lib/rbac-power-checks";
import { parseRules } from "../../policypack/lib/rbac-rules";
import { RuleSpec } from "./rbac-fixtures";

const rule = (spec: RuleSpec) => parseRules([spec])[0];
const on = (resources: string[], verbs = ["get"], names?: string[], apiGroups = [""]) =>
    rule({ apiGroups, resources, verbs, ...(names ? { resourceNames: names } : {}) });
const url = (urls: string[], verbs = ["get"]) => rule({ nonResourceURLs: urls, verbs });

describe("covers: a rule is covered only when every part of it is (rbac-power-checks)", () => {
    it("each verb and each API group must be covered, by one rule that has both", () => {
        assert.strictEqual(covers([on(["pods"])], on(["pods"])), true);
        assert.strictEqual(covers([on(["pods"])], on(["pods"], ["list"])), false);
        assert.strictEqual(
            covers([on(["pods"])], on(["pods"], ["get"], undefined, ["apps"])),
            false,
        );
        assert.strictEqual(
            covers(
                [on(["pods"], ["*"], undefined, ["*"])],
                on(["pods"], ["list"], undefined, ["apps"]),
            ),
            true,
        );
        // get in the core group and list in apps do not make list in the core group.
        assert.strictEqual(
            covers(
                [on(["pods"], ["get"]), on(["pods"], ["list"], undefined, ["apps"])],
                on(["pods"], ["list"]),
            ),
            false,
        );
    });

    it("a resource covers itself only: not another, not its subresources; * covers all", () => {
        assert.strictEqual(covers([on(["pods"])], on(["secrets"])), false);
        assert.strictEqual(covers([on(["pods"])], on(["pods/exec"])), false);
        assert.strictEqual(covers([on(["*"])], on(["pods/exec", "secrets"])), true);
    });

    it("*/sub covers that subresource of every resource, and no resource itself (resourceCoversAll)", () => {
        assert.strictEqual(covers([on(["*/scale"])], on(["deployments/scale"])), true);
        assert.strictEqual(covers([on(["*/scale"])], on(["deployments/status"])), false);
        assert.strictEqual(covers([on(["*/scale"])], on(["deployments"])), false);
        assert.strictEqual(covers([on(["*/"])], on(["deployments"])), false);
        // strings.SplitN(path, "/", 2): the subresource is everything after the first slash.
        assert.strictEqual(covers([on(["*/b/c"])], on(["a/b/c"])), true);
    });

    it("a named rule is covered by a rule for any name or for each of its names", () => {
        assert.strictEqual(
            covers([on(["pods"], ["get"], ["x"])], on(["pods"], ["get"], ["x"])),
            true,
        );
        assert.strictEqual(
            covers([on(["pods"], ["get"], ["x", "y"])], on(["pods"], ["get"], ["y", "x"])),
            true,
        );
        assert.strictEqual(
            covers([on(["pods"], ["get"], ["x"])], on(["pods"], ["get"], ["x", "z"])),
            false,
        );
        assert.strictEqual(covers([on(["pods"], ["get"], ["x"])], on(["pods"])), false);
        assert.strictEqual(covers([on(["pods"])], on(["pods"], ["get"], ["x"])), true);
    });

    it("each URL and verb of a non-resource rule, by any one of the rules", () => {
        assert.strictEqual(covers([url(["/healthz"]), url(["/metrics"])], url(["/metrics"])), true);
        assert.strictEqual(
            covers([url(["/healthz"]), url(["/metrics"])], url(["/healthz", "/metrics"])),
            true,
        );
        assert.strictEqual(covers([url(["/healthz"])], url(["/healthz"], ["post"])), false);
        assert.strictEqual(covers([url(["/healthz"])], url(["/livez"])), false);
    });
});
