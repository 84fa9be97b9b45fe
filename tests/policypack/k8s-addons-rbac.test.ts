// k8s-no-cluster-admin-binding on the RBAC of widely used add-ons (tests/policypack/addons-rbac.ts):
// each binding is reported for exactly the escalation powers it really holds, and those that
// hold none (Calico, a namespace-scoped operator, a CSI provisioner) pass.
import * as assert from "assert";
import { escalationPowers } from "../../policypack/lib/rbac-escalation-powers";
import { k8sNoClusterAdminBinding as policy } from "../../policypack/policies/k8s-no-cluster-admin-binding";
import { addons } from "./addons-rbac";
import { stackViolations } from "./check";

/** The power ids a message names, by each power's wording. */
function powersNamed(message: string): string[] {
    const dynamic: Record<string, RegExp> = {
        impersonate: /impersonate (any user|group \S+|user \S+)/,
        bind: /bind (any ClusterRole|ClusterRole \S+, which)/,
        escalate: /escalate and (rewrite|create)/,
    };
    return escalationPowers
        .filter((p) => (dynamic[p.id] ? dynamic[p.id].test(message) : message.includes(p.what)))
        .map((p) => p.id)
        .sort();
}

describe("k8s-no-cluster-admin-binding on add-ons' RBAC", () => {
    for (const addon of addons) {
        it(`${addon.name}: ${
            Object.keys(addon.powers).length === 0
                ? "passes"
                : Object.entries(addon.powers)
                      .map(([b, p]) => `${b} (${p.join(", ")})`)
                      .join("; ")
        }`, async () => {
            const found = await stackViolations(policy, addon.resources);
            const byBinding = Object.fromEntries(
                found.map((v) => [
                    v.urn!.slice(v.urn!.lastIndexOf("::") + 2),
                    powersNamed(v.message),
                ]),
            );
            const expected = Object.fromEntries(
                Object.entries(addon.powers).map(([b, p]) => [b, [...p].sort()]),
            );
            assert.deepStrictEqual(byBinding, expected, found.map((v) => v.message).join("\n"));
            assert.strictEqual(found.length, Object.keys(expected).length);
        });
    }

    it("names the aggregation source of a power: Kyverno's core ClusterRole", async () => {
        const kyverno = addons.find((a) => a.name.startsWith("Kyverno"))!;
        const [found] = await stackViolations(policy, kyverno.resources);
        assert.match(
            found.message,
            /^ClusterRoleBinding "kyverno:admission-controller" gives ServiceAccount:kyverno:kyverno-admission-controller cluster-admin-equivalent power: write admission webhooks or policies, which see or change every object admitted, through ClusterRole "kyverno:admission-controller", aggregated from ClusterRole "kyverno:admission-controller:core" rules\[0\]/,
        );
    });
});
