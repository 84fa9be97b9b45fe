// The exemptions list on its own: which entries are malformed, which violations each entry
// accepts (by policy, exact or glob resource, statement detail, document, expiry).
import * as assert from "assert";
import {
    Policy,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    ExemptedViolation,
    exemptedMessage,
    Exemptions,
    hasStack,
    reportWithDetail,
    ViolationDetail,
} from "../../policypack/lib/exemptions";
import { show } from "../../policypack/lib/values";

const wildcard = "iam-no-wildcard-permissions";
const lbcUrn = "urn:pulumi:dev::app::aws:iam/policy:Policy::aws-load-balancer-controller";
const adminUrn =
    "urn:pulumi:dev::app::kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::aws-load-balancer-controller-admin";
const base = { resource: "aws-load-balancer-controller", policies: [wildcard], reason: "LBC v2.8" };
/** Noon on 2026-11-28 UTC. */
const today = () => new Date(Date.UTC(2026, 10, 28, 12));

function list(entries: unknown[], now = today): Exemptions {
    const e = new Exemptions(now);
    e.knownPolicies = new Set([wildcard, "k8s-no-cluster-admin-binding", "policy-exemptions"]);
    e.load(entries);
    return e;
}

/** Reports one violation of `policy` through the filter; returns what was exempted and what reported. */
function run(
    e: Exemptions,
    urn: string | undefined,
    detail?: ViolationDetail,
    policy = wildcard,
): { exempted: ExemptedViolation[]; reported: string[] } {
    const exempted: ExemptedViolation[] = [];
    const reported: string[] = [];
    const report = e.filter(
        policy,
        (u) => u,
        (m) => reported.push(m),
        (v) => exempted.push(v),
    );
    const message = 'IAM policy "lbc statement 0": policy statement 0 grants ...';
    if (detail) {
        reportWithDetail(report, message, detail, urn);
    } else {
        report(message, urn);
    }
    return { exempted, reported };
}

const statement = (index: number, sid?: string, document = "policy"): ViolationDetail => ({
    statements: [{ document, index, sid }],
});

describe("exemptions", () => {
    const fix =
        ": give each entry a resource (its name or URN), policies and a reason, and optionally glob, statements, documents, owner and expires.";
    for (const [entry, problem] of [
        [
            { resource: "x", reason: "r" },
            'it has no policies: name the policies it exempts (e.g. "iam-no-wildcard-permissions")',
        ],
        [
            { resource: "x", reason: "r", policies: [] },
            'it has no policies: name the policies it exempts (e.g. "iam-no-wildcard-permissions")',
        ],
        [
            { resource: "x", reason: "r", policies: ["iam-no-wildcard-permission"] },
            'its policies name "iam-no-wildcard-permission", which is not a policy of this pack',
        ],
        [{ ...base, glob: "yes" }, "its glob is not true or false"],
        [
            { ...base, expires: "2026-13-01" },
            'its expires "2026-13-01" is not a date written YYYY-MM-DD',
        ],
        [
            { ...base, expires: "2026-02-30" },
            'its expires "2026-02-30" is not a date written YYYY-MM-DD',
        ],
        [
            { ...base, expires: "1 Dec 2026" },
            'its expires "1 Dec 2026" is not a date written YYYY-MM-DD',
        ],
        [{ ...base, owner: 7 }, "its owner is not a string"],
        [{ ...base, documents: "policy" }, "its documents are not a list of names"],
        [{ ...base, statements: [{}] }, "its statements are not a list of indexes or Sids"],
        [{ policies: [wildcard], reason: "r" }, "it has no resource (a name or URN)"],
        [{ resource: "x", policies: [wildcard] }, "it has no reason"],
    ] as const) {
        it(`reports ${JSON.stringify(entry)} as malformed: ${problem}`, () => {
            const e = list([entry]);
            assert.deepStrictEqual(e.problems(), [
                `exemptions[0] ${show(entry)} is ignored because ${problem}${fix}`,
            ]);
            assert.deepStrictEqual(run(e, lbcUrn).exempted, []);
        });
    }

    it("reports the old form {resource, reason} as malformed, and it exempts nothing", () => {
        const e = list([{ resource: "aws-load-balancer-controller", reason: "LBC v2.8" }]);
        assert.deepStrictEqual(e.problems(), [
            `exemptions[0] {"resource":"aws-load-balancer-controller","reason":"LBC v2.8"} is ignored because it has no policies: name the policies it exempts (e.g. "iam-no-wildcard-permissions")${fix}`,
        ]);
        assert.deepStrictEqual(run(e, lbcUrn).reported.length, 1);
    });

    it("exempts only the policies it names", () => {
        const e = list([base]);
        assert.strictEqual(run(e, lbcUrn).exempted.length, 1);
        assert.strictEqual(
            run(e, lbcUrn, undefined, "k8s-no-cluster-admin-binding").exempted.length,
            0,
        );
    });

    it("matches the resource's name or URN exactly: aws-load-balancer-controller does not exempt aws-load-balancer-controller-admin", () => {
        const all = { ...base, policies: [wildcard, "k8s-no-cluster-admin-binding"] };
        const e = list([all]);
        assert.deepStrictEqual(
            run(e, adminUrn, undefined, "k8s-no-cluster-admin-binding").exempted,
            [],
        );
        assert.strictEqual(run(e, lbcUrn).exempted.length, 1);
        assert.strictEqual(run(list([{ ...all, resource: lbcUrn }]), lbcUrn).exempted.length, 1);
    });

    it("reads the name as all of the URN after its type: a resource named x::aws-load-balancer-controller is not exempted", () => {
        const lookalike =
            "urn:pulumi:dev::app::kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::x::aws-load-balancer-controller";
        assert.deepStrictEqual(run(list([base]), lookalike).exempted, []);
        assert.strictEqual(
            run(list([{ ...base, resource: "x::aws-load-balancer-controller" }]), lookalike)
                .exempted.length,
            1,
        );
    });

    it("with glob: true, matches the resource's name or URN as a glob", () => {
        const e = list([
            {
                ...base,
                resource: "aws-load-balancer-controller*",
                glob: true,
                policies: ["k8s-no-cluster-admin-binding"],
            },
        ]);
        assert.strictEqual(
            run(e, adminUrn, undefined, "k8s-no-cluster-admin-binding").exempted.length,
            1,
        );
        // Without glob the same text is a name that no resource has.
        const exact = list([{ ...base, resource: "aws-load-balancer-controller*" }]);
        assert.deepStrictEqual(run(exact, lbcUrn).exempted, []);
    });

    it('a stack violation (no URN) matches only {glob: true, resource: "*"}', () => {
        assert.deepStrictEqual(run(list([{ ...base, resource: "*" }]), undefined).exempted, []);
        assert.strictEqual(
            run(list([{ ...base, resource: "*", glob: true }]), undefined).exempted.length,
            1,
        );
    });

    it("matches statements against the violation's detail, never the message text", () => {
        // The message names "statement 0" twice (in the resource's name and its label); the
        // violation is about statement 2.
        const e = list([{ ...base, statements: [0] }]);
        assert.deepStrictEqual(run(e, lbcUrn, statement(2)).exempted, []);
        assert.strictEqual(run(e, lbcUrn, statement(0)).exempted.length, 1);
    });

    it("matches a statement by Sid", () => {
        const e = list([{ ...base, statements: ["AllowWafAssociation"] }]);
        assert.strictEqual(run(e, lbcUrn, statement(5, "AllowWafAssociation")).exempted.length, 1);
        assert.deepStrictEqual(run(e, lbcUrn, statement(5, "Other")).exempted, []);
    });

    it("a finding over several statements is exempted only when the entry names each of them", () => {
        // An EKS access-entry path through statements 0 and 3: an entry reviewed for statement 0
        // must not accept the path a new statement 3 completes.
        const path: ViolationDetail = {
            statements: [
                { document: "policy", index: 0 },
                { document: "policy", index: 3 },
            ],
        };
        assert.deepStrictEqual(
            run(list([{ ...base, statements: [0] }]), lbcUrn, path).exempted,
            [],
        );
        assert.strictEqual(
            run(list([{ ...base, statements: [0, 3] }]), lbcUrn, path).exempted.length,
            1,
        );
    });

    it("a violation without detail never matches an entry with statements", () => {
        assert.deepStrictEqual(run(list([{ ...base, statements: [0] }]), lbcUrn).exempted, []);
    });

    it("documents: by where the statement is, its position, or its inline policy's name", () => {
        const inline = statement(1, undefined, 'inlinePolicies[1] "deploy"');
        for (const name of ['inlinePolicies[1] "deploy"', "inlinePolicies[1]", "deploy"]) {
            const e = list([{ ...base, statements: [1], documents: [name] }]);
            assert.strictEqual(run(e, lbcUrn, inline).exempted.length, 1, name);
        }
        const other = list([{ ...base, statements: [1], documents: ["inlinePolicies[0]"] }]);
        assert.deepStrictEqual(run(other, lbcUrn, inline).exempted, []);
        assert.deepStrictEqual(
            run(list([{ ...base, documents: ["policy"] }]), lbcUrn, inline).exempted,
            [],
        );
        const plain = list([{ ...base, documents: ["policy"] }]);
        assert.strictEqual(run(plain, lbcUrn, statement(0)).exempted.length, 1);
    });

    it('documents: only a where written exactly `<position> "<name>"` also goes by its parts', () => {
        // iam-cluster-admin names a path's documents `IAM role "ci"` and `... "deploy" policy`.
        for (const where of ['IAM role "ci"', 'inlinePolicies[1] "deploy" policy']) {
            const detail = statement(0, undefined, where);
            for (const name of ["role", "ci", "inlinePolicies[1]", "deploy"]) {
                const e = list([{ ...base, documents: [name] }]);
                assert.deepStrictEqual(run(e, lbcUrn, detail).exempted, [], `${where}: ${name}`);
            }
            const whole = list([{ ...base, documents: [where] }]);
            assert.strictEqual(run(whole, lbcUrn, detail).exempted.length, 1, where);
        }
    });

    it("an expired entry does not exempt, and is reported as expired, not as stale", () => {
        const e = list([{ ...base, owner: "platform-team", expires: "2026-11-27" }]);
        assert.deepStrictEqual(e.problems(), []);
        assert.deepStrictEqual(run(e, lbcUrn).exempted, []);
        assert.strictEqual(e.couldExempt(wildcard), false);
        assert.deepStrictEqual(e.expiredEntries(), [
            "exemptions[0] (owner platform-team) expired on 2026-11-27: the violations it accepted are reported again: fix them, or renew it with a new date and reason.",
        ]);
        assert.deepStrictEqual(e.stale(), []);
        const noOwner = list([{ ...base, expires: "2026-01-01" }]);
        assert.deepStrictEqual(noOwner.expiredEntries(), [
            "exemptions[0] expired on 2026-01-01: the violations it accepted are reported again: fix them, or renew it with a new date and reason.",
        ]);
    });

    it("an entry that expires today still exempts, through the end of the day (UTC)", () => {
        const lastMinute = () => new Date(Date.UTC(2026, 10, 28, 23, 59));
        const e = list([{ ...base, expires: "2026-11-28" }], lastMinute);
        assert.strictEqual(run(e, lbcUrn).exempted.length, 1);
        assert.deepStrictEqual(e.expiredEntries(), []);
    });

    it("the exempted message carries the reason, owner and expiry", () => {
        const e = list([{ ...base, owner: "platform-team", expires: "2026-12-31" }]);
        const [v] = run(e, lbcUrn).exempted;
        assert.strictEqual(
            exemptedMessage(v),
            'Exempted (LBC v2.8; owner platform-team; expires 2026-12-31): iam-no-wildcard-permissions: IAM policy "lbc statement 0": policy statement 0 grants ...',
        );
        const [plain] = run(list([base]), lbcUrn).exempted;
        assert.strictEqual(
            exemptedMessage(plain),
            'Exempted (LBC v2.8): iam-no-wildcard-permissions: IAM policy "lbc statement 0": policy statement 0 grants ...',
        );
    });

    it("an entry that matched nothing is stale", () => {
        const e = list([base]);
        assert.deepStrictEqual(e.stale(), [
            `exemptions[0] ${show(base)} matched no violation of this stack: remove it, or correct its resource, policies, statements or documents.`,
        ]);
        run(e, lbcUrn);
        assert.deepStrictEqual(e.stale(), []);
    });

    it("reportWithDetail on a report that is not the filter reports the message as is", () => {
        const got: [string, string | undefined][] = [];
        const plain: ReportViolation = (m, u) => got.push([m, u]);
        reportWithDetail(plain, "m", statement(0), "urn:x");
        assert.deepStrictEqual(got, [["m", "urn:x"]]);
    });
});

describe("exemptions: a malformed config or entry is named, and exempts nothing", () => {
    const fix =
        ": give each entry a resource (its name or URN), policies and a reason, and optionally glob, statements, documents, owner and expires.";
    for (const [entry, problem] of [
        ["aws-load-balancer-controller", "it is not an object"],
        [null, "it is not an object"],
        [[base], "it is not an object"],
        [{ ...base, policies: wildcard }, "its policies are not a list of policy names"],
        [{ ...base, policies: [wildcard, 7] }, "its policies are not a list of policy names"],
        [{ ...base, resource: "" }, "it has no resource (a name or URN)"],
        [{ ...base, reason: "" }, "it has no reason"],
        [{ ...base, reason: " \t" }, "it has no reason"],
        [{ ...base, statements: [0, {}] }, "its statements are not a list of indexes or Sids"],
        [
            { ...base, expires: "2026-01-01x" },
            'its expires "2026-01-01x" is not a date written YYYY-MM-DD',
        ],
        [
            { ...base, expires: "x2026-01-01" },
            'its expires "x2026-01-01" is not a date written YYYY-MM-DD',
        ],
    ] as const) {
        it(`reports ${JSON.stringify(entry)} as malformed: ${problem}`, () => {
            const e = list([entry]);
            assert.deepStrictEqual(e.problems(), [
                `exemptions[0] ${show(entry)} is ignored because ${problem}${fix}`,
            ]);
            assert.deepStrictEqual(run(e, lbcUrn).exempted, []);
        });
    }

    it("a config that is not a list is reported once, and exempts nothing", () => {
        const e = list(base as never);
        assert.deepStrictEqual(e.problems(), [
            `exemptions {"resource":"aws-load-balancer-controller","policies":["iam-no-wildcard-permissions"],"reason":"LBC v2.8"} is ignored: it must be a list of entries.`,
        ]);
        assert.deepStrictEqual(run(e, lbcUrn).exempted, []);
        assert.strictEqual(e.couldExempt(wildcard), false);
        assert.deepStrictEqual(e.stale(), []);
    });

    it("no config at all (none loaded, or exemptions unset) is no problem", () => {
        assert.deepStrictEqual(new Exemptions(today).problems(), []);
        const e = list([{ resource: "x" }]);
        e.load(undefined);
        assert.deepStrictEqual(e.problems(), []);
        assert.deepStrictEqual(e.stale(), []);
    });
});

describe("exemptions: an entry applies no wider than it says", () => {
    it("couldExempt: only a policy that some well-formed, unexpired entry names", () => {
        const e = list([
            { resource: "x" },
            { ...base, policies: ["k8s-no-cluster-admin-binding"], expires: "2026-11-27" },
            base,
        ]);
        assert.strictEqual(e.couldExempt(wildcard), true);
        assert.strictEqual(e.couldExempt("k8s-no-cluster-admin-binding"), false);
        assert.strictEqual(e.couldExempt("policy-exemptions"), false);
        assert.strictEqual(list([]).couldExempt(wildcard), false);
    });

    it("a glob matches only the resources it matches", () => {
        const e = list([{ ...base, resource: "aws-load-balancer-*", glob: true }]);
        const certManager = "urn:pulumi:dev::app::aws:iam/policy:Policy::cert-manager";
        assert.deepStrictEqual(run(e, certManager), {
            exempted: [],
            reported: ['IAM policy "lbc statement 0": policy statement 0 grants ...'],
        });
        assert.strictEqual(run(e, lbcUrn).exempted.length, 1);
    });

    it('a stack violation (no URN) is not matched by a glob other than "*"', () => {
        const e = list([{ ...base, resource: "aws-load-balancer-*", glob: true }]);
        assert.deepStrictEqual(run(e, undefined).exempted, []);
        assert.deepStrictEqual(
            run(list([{ ...base, resource: "**", glob: true }]), undefined).exempted,
            [],
        );
    });
});

describe("exemptions: loading the same list again (each resource, then the stack) keeps what matched", () => {
    it("the matched entry is not stale and its exempted violation is still pending", () => {
        const entries = [base];
        const e = list(entries);
        const exempted: ExemptedViolation[] = [];
        e.filter(
            wildcard,
            (u) => u,
            () => undefined,
            (v) => {
                exempted.push(v);
                e.pending.push(v);
            },
        )("m", lbcUrn);
        assert.strictEqual(exempted.length, 1);
        e.load(entries);
        assert.deepStrictEqual(e.stale(), []);
        assert.deepStrictEqual(e.pending, exempted);
        // A new list is a new run: nothing has matched it yet.
        e.load([base]);
        assert.strictEqual(e.stale().length, 1);
        assert.deepStrictEqual(e.pending, []);
    });
});

describe("hasStack: only a policy whose validateStack is a function is wrapped as a stack policy", () => {
    const common = { description: "d", enforcementLevel: "mandatory" as const };
    it("a stack policy has one; a resource policy, or one whose validateStack is not a function, has none", () => {
        const stack: StackValidationPolicy = { ...common, name: "s", validateStack: () => {} };
        const resource: ResourceValidationPolicy = {
            ...common,
            name: "r",
            validateResource: () => {},
        };
        const odd = { ...common, name: "odd", validateStack: "yes" } as unknown as Policy;
        assert.strictEqual(hasStack(stack), true);
        assert.strictEqual(hasStack(resource), false);
        assert.strictEqual(hasStack(odd), false);
    });
});
