// k8s-no-cluster-admin-binding on the RBAC of widely used add-ons (tests/policypack/addons-rbac.ts):
// each binding is reported for exactly the escalation powers it really holds, and those that
// hold none (Calico, a namespace-scoped operator, a CSI provisioner) pass.
import * as assert from "assert";
import { escalationPowers } from "../../policypack/lib/rbac-escalation-powers";
import { bindingSubjectKey, RbacGraph } from "../../policypack/lib/rbac-graph";
import { PowerJudge } from "../../policypack/lib/rbac-powers";
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

    it("agrees with who-can: every request a reported power rests on, who-can grants the subject through the same rule", () => {
        let checked = 0;
        for (const addon of addons) {
            const graph = RbacGraph.fromResources(
                addon.resources.map((r) => ({ ...r, urn: `urn:${r.type}::${r.name}` })),
            );
            const judge = new PowerJudge(graph);
            for (const binding of graph.bindings.filter((b) => b.source !== "default")) {
                for (const subject of binding.subjects) {
                    for (const finding of judge.findings(judge.holderOf(subject, binding))) {
                        for (const grant of finding.parts.flatMap((p) => p.grants)) {
                            if (!grant.request) {
                                continue;
                            }
                            const who = graph.whoCan(grant.request);
                            const key = bindingSubjectKey(grant.path.subject, grant.path.binding);
                            assert.ok(
                                (who.get(key) ?? []).some(
                                    (p) =>
                                        p.binding === grant.path.binding &&
                                        p.ruleIndex === grant.path.ruleIndex,
                                ),
                                `${addon.name}: ${key} ${JSON.stringify(grant.request)}`,
                            );
                            checked++;
                        }
                    }
                }
            }
        }
        assert.ok(checked > 50, `${checked}`);
    });
});
