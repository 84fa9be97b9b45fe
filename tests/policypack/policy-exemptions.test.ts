// withExemptions and the `policy-exemptions` policy, run in-process the way the engine runs a
// pack (pulumi-policy v1.21.0 sdk/nodejs/policy/server.ts: `for (const p of policies)` in
// analyze, each of a policy's validateResource in turn, then `for (const p of policies)` in
// analyzeStack; `getConfig` is `makeGetConfigFun(p.name)`, the policy's own config). The list
// on its own (matching, malformed entries, expiry) is tests/policypack/exemptions.test.ts;
// pack.test.ts runs the real pack over the analyzer protocol.
import * as assert from "assert";
import {
    Policies,
    Policy,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { hasStack, reportWithDetail, ResourceCheckFn } from "../../policypack/lib/exemptions";
import { exemptions, withExemptions } from "../../policypack/policies/policy-exemptions";

const type = "test:index:Thing";
const urnOf = (name: string) => `urn:pulumi:dev::app::${type}::${name}`;

interface Thing {
    name: string;
    props: Record<string, unknown>;
}

/** One diagnostic as the engine records it: policy, enforcement level, URN ("" for none), message. */
type Diagnostic = [string, string, string, string];

/** Each policy's config by name, as the CLI resolves it: schema defaults, then the stack's values. */
type Config = Record<string, Record<string, unknown>>;

function getConfigOf(policy: Policy, config: Config) {
    const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {}).map(([k, v]) => [
            k,
            (v as { default?: unknown }).default,
        ]),
    );
    // The engine returns a new object each call, holding the same values (server.ts makeGetConfigFun).
    return <T>() => ({ ...defaults, ...config[policy.name] }) as T;
}

function recorder(policy: Policy, into: Diagnostic[]): ReportViolation {
    return (message, urn) =>
        into.push([policy.name, policy.enforcementLevel ?? "advisory", urn ?? "", String(message)]);
}

/** Runs `pack` as the engine does: every resource through every policy, then the stack. */
async function analyze(
    pack: Policies,
    things: Thing[],
    config: Config = {},
): Promise<{ resources: Diagnostic[][]; stack: Diagnostic[] }> {
    const resources: Diagnostic[][] = [];
    for (const thing of things) {
        const ds: Diagnostic[] = [];
        for (const p of pack) {
            const v = (p as Partial<ResourceValidationPolicy>).validateResource;
            for (const validate of v === undefined ? [] : Array.isArray(v) ? v : [v]) {
                await validate(
                    {
                        type,
                        props: thing.props,
                        urn: urnOf(thing.name),
                        name: thing.name,
                        getConfig: getConfigOf(p, config),
                    } as never,
                    recorder(p, ds),
                );
            }
        }
        resources.push(ds);
    }
    const stack: Diagnostic[] = [];
    const stackResources = things.map((t) => ({
        type,
        name: t.name,
        urn: urnOf(t.name),
        props: t.props,
    }));
    for (const p of pack) {
        if (!hasStack(p)) {
            continue;
        }
        try {
            await p.validateStack(
                { resources: stackResources, getConfig: getConfigOf(p, config) } as never,
                recorder(p, stack),
            );
        } catch (e) {
            // The engine reports a policy stopped by an unknown value as advisory (server.ts).
            stack.push([p.name, "advisory", "", `can't run: ${(e as Error).message}`]);
        }
    }
    return { resources, stack };
}

const openCheck: ResourceCheckFn = (args, report) => {
    if (args.props.open) {
        report(`${args.name} is open`);
    }
};
const publicCheck: ResourceCheckFn = (args, report) => {
    if (args.props.public) {
        report(`${args.name} is public`);
    }
};
/** Reports each shared thing on its URN, in the policy's own `word`, and a stack-wide count. */
let sharedRuns = 0;
const sharedCheck = (args: StackValidationArgs, report: ReportViolation) => {
    sharedRuns++;
    const { word } = args.getConfig<{ word: string }>();
    const shared = args.resources.filter((r) => r.props.shared);
    for (const r of shared) {
        report(`${r.name} is ${word}`, r.urn);
    }
    if (shared.length > 1) {
        report(`${shared.length} things are ${word}`);
    }
};
const wordSchema = { properties: { word: { type: "string" as const, default: "shared" } } };

const openPolicy: ResourceValidationPolicy = {
    name: "test-open",
    description: "open",
    enforcementLevel: "mandatory",
    validateResource: openCheck,
};
const openPublicPolicy: ResourceValidationPolicy = {
    name: "test-open-public",
    description: "open or public",
    enforcementLevel: "mandatory",
    validateResource: [openCheck, publicCheck],
};
const sharedPolicy: StackValidationPolicy = {
    name: "test-shared",
    description: "shared",
    enforcementLevel: "mandatory",
    configSchema: wordSchema,
    validateStack: sharedCheck,
};
const bothPolicy = {
    name: "test-both",
    description: "open or shared",
    enforcementLevel: "mandatory",
    configSchema: wordSchema,
    validateResource: openCheck,
    validateStack: sharedCheck,
} as ResourceValidationPolicy;

const listed = (...entries: unknown[]): Config => ({
    "policy-exemptions": { exemptions: entries },
});
const exempted = (name: string | undefined, message: string): Diagnostic => [
    "policy-exemptions",
    "advisory",
    name === undefined ? "" : urnOf(name),
    message,
];

describe("withExemptions", () => {
    let packPolicies: ReadonlySet<string> | undefined;
    before(() => {
        packPolicies = exemptions.knownPolicies;
    });
    beforeEach(() => {
        // `exemptions` is the pack's one list, a module-level singleton: forget the last test's.
        exemptions.load(undefined);
        sharedRuns = 0;
    });
    after(() => {
        exemptions.load(undefined);
        exemptions.knownPolicies = packPolicies;
    });

    describe("a resource policy's exempted violation is advisory, reported by policy-exemptions on its resource", () => {
        it("by name or URN; the others stay with their policy", async () => {
            const pack = withExemptions([openPolicy]);
            const r = await analyze(
                pack,
                [
                    { name: "lbc", props: { open: true } },
                    { name: "web", props: { open: true } },
                    { name: "db", props: { open: true } },
                ],
                listed(
                    {
                        resource: "lbc",
                        policies: ["test-open"],
                        reason: "LBC v2.8",
                        owner: "platform-team",
                        expires: "2999-12-31",
                    },
                    { resource: urnOf("web"), policies: ["test-open"], reason: "public site" },
                ),
            );
            assert.deepStrictEqual(r.resources, [
                [],
                [],
                [["test-open", "mandatory", "", "db is open"]],
            ]);
            assert.deepStrictEqual(r.stack, [
                exempted(
                    "lbc",
                    "Exempted (LBC v2.8; owner platform-team; expires 2999-12-31): test-open: lbc is open",
                ),
                exempted("web", "Exempted (public site): test-open: web is open"),
            ]);
        });

        it("each of a policy's validateResource functions is filtered", async () => {
            const pack = withExemptions([openPublicPolicy]);
            const r = await analyze(
                pack,
                [
                    { name: "web", props: { open: true, public: true } },
                    { name: "db", props: { open: true, public: true } },
                ],
                listed({ resource: "web", policies: ["test-open-public"], reason: "r" }),
            );
            assert.deepStrictEqual(r.resources, [
                [],
                [
                    ["test-open-public", "mandatory", "", "db is open"],
                    ["test-open-public", "mandatory", "", "db is public"],
                ],
            ]);
            assert.deepStrictEqual(r.stack, [
                exempted("web", "Exempted (r): test-open-public: web is open"),
                exempted("web", "Exempted (r): test-open-public: web is public"),
            ]);
        });

        it("a violation's statements reach the list through the wrapper", async () => {
            const statementPolicy: ResourceValidationPolicy = {
                name: "test-statement",
                description: "statement",
                enforcementLevel: "mandatory",
                validateResource: (args, report) => {
                    for (const index of [0, 1]) {
                        reportWithDetail(report, `${args.name} statement ${index}`, {
                            statements: [{ document: "policy", index }],
                        });
                    }
                },
            };
            const r = await analyze(
                withExemptions([statementPolicy]),
                [{ name: "role", props: {} }],
                listed({
                    resource: "role",
                    policies: ["test-statement"],
                    statements: [1],
                    reason: "r",
                }),
            );
            assert.deepStrictEqual(r.resources, [
                [["test-statement", "mandatory", "", "role statement 0"]],
            ]);
            assert.deepStrictEqual(r.stack, [
                exempted("role", "Exempted (r): test-statement: role statement 1"),
            ]);
        });
    });

    describe("a stack policy's exempted violation is reported by policy-exemptions, then left out of the policy's own run", () => {
        const things: Thing[] = [
            { name: "cache", props: { shared: true } },
            { name: "db", props: { shared: true } },
        ];

        it("a stack-only policy, run with its own config", async () => {
            const r = await analyze(withExemptions([sharedPolicy]), things, {
                ...listed({ resource: "cache", policies: ["test-shared"], reason: "one cache" }),
                "test-shared": { word: "reachable" },
            });
            assert.deepStrictEqual(r.resources, [[], []]);
            assert.deepStrictEqual(r.stack, [
                exempted("cache", "Exempted (one cache): test-shared: cache is reachable"),
                ["test-shared", "mandatory", urnOf("db"), "db is reachable"],
                ["test-shared", "mandatory", "", "2 things are reachable"],
            ]);
        });

        it('a violation on no resource only by the glob "*"', async () => {
            const r = await analyze(
                withExemptions([sharedPolicy]),
                things,
                listed({ resource: "*", glob: true, policies: ["test-shared"], reason: "lab" }),
            );
            assert.deepStrictEqual(r.stack, [
                exempted("cache", "Exempted (lab): test-shared: cache is shared"),
                exempted("db", "Exempted (lab): test-shared: db is shared"),
                exempted(undefined, "Exempted (lab): test-shared: 2 things are shared"),
            ]);
        });

        it("a policy with both: one entry exempts its resource and its stack violations", async () => {
            const r = await analyze(
                withExemptions([bothPolicy]),
                [
                    { name: "web", props: { open: true, shared: true } },
                    { name: "db", props: { open: true } },
                ],
                listed({ resource: "web", policies: ["test-both"], reason: "r" }),
            );
            assert.deepStrictEqual(r.resources, [
                [],
                [["test-both", "mandatory", "", "db is open"]],
            ]);
            assert.deepStrictEqual(r.stack, [
                exempted("web", "Exempted (r): test-both: web is open"),
                exempted("web", "Exempted (r): test-both: web is shared"),
            ]);
        });

        it("only a policy some entry could exempt runs twice", async () => {
            const pack = withExemptions([openPolicy, sharedPolicy]);
            // An expired entry exempts nothing: the policy runs once.
            const once = await analyze(
                pack,
                things,
                listed({
                    resource: "cache",
                    policies: ["test-shared"],
                    reason: "r",
                    expires: "2020-01-31",
                }),
            );
            assert.strictEqual(sharedRuns, 1);
            assert.deepStrictEqual(once.stack, [
                exempted(
                    undefined,
                    "exemptions[0] expired on 2020-01-31: the violations it accepted are reported again: fix them, or renew it with a new date and reason.",
                ),
                ["test-shared", "mandatory", urnOf("cache"), "cache is shared"],
                ["test-shared", "mandatory", urnOf("db"), "db is shared"],
                ["test-shared", "mandatory", "", "2 things are shared"],
            ]);
            sharedRuns = 0;
            await analyze(
                pack,
                things,
                listed({ resource: "db", policies: ["test-shared"], reason: "r" }),
            );
            assert.strictEqual(sharedRuns, 2);
        });

        it("a policy that throws in policy-exemptions' run is left to report it in its own", async () => {
            const failing: StackValidationPolicy = {
                name: "test-failing",
                description: "failing",
                enforcementLevel: "mandatory",
                validateStack: () => {
                    throw new Error("unknown during preview");
                },
            };
            const r = await analyze(
                withExemptions([failing, sharedPolicy]),
                things,
                listed({
                    resource: "*",
                    glob: true,
                    policies: ["test-failing", "test-shared"],
                    reason: "r",
                }),
            );
            assert.deepStrictEqual(r.stack, [
                exempted("cache", "Exempted (r): test-shared: cache is shared"),
                exempted("db", "Exempted (r): test-shared: db is shared"),
                exempted(undefined, "Exempted (r): test-shared: 2 things are shared"),
                ["test-failing", "advisory", "", "can't run: unknown during preview"],
            ]);
        });
    });

    it("policy-exemptions reports malformed entries, exempted violations, expired entries, then stale ones", async () => {
        const pack = withExemptions([openPolicy, sharedPolicy]);
        const r = await analyze(
            pack,
            [
                { name: "lbc", props: { open: true, shared: true } },
                { name: "web", props: { open: true } },
            ],
            listed(
                "lbc",
                { resource: "lbc", policies: ["test-opne"], reason: "typo" },
                { resource: "lbc", policies: ["test-open", "test-shared"], reason: "LBC" },
                {
                    resource: "web",
                    policies: ["test-open"],
                    reason: "r",
                    owner: "data-team",
                    expires: "2020-01-31",
                },
                { resource: "gone", policies: ["test-open"], reason: "removed" },
            ),
        );
        const fix =
            ": give each entry a resource (its name or URN), policies and a reason, and optionally glob, statements, documents, owner and expires.";
        assert.deepStrictEqual(r.resources, [[], [["test-open", "mandatory", "", "web is open"]]]);
        assert.deepStrictEqual(r.stack, [
            exempted(undefined, `exemptions[0] "lbc" is ignored because it is not an object${fix}`),
            exempted(
                undefined,
                `exemptions[1] {"resource":"lbc","policies":["test-opne"],"reason":"typo"} is ignored because its policies name "test-opne", which is not a policy of this pack${fix}`,
            ),
            exempted("lbc", "Exempted (LBC): test-open: lbc is open"),
            exempted("lbc", "Exempted (LBC): test-shared: lbc is shared"),
            exempted(
                undefined,
                "exemptions[3] (owner data-team) expired on 2020-01-31: the violations it accepted are reported again: fix them, or renew it with a new date and reason.",
            ),
            exempted(
                undefined,
                'exemptions[4] {"resource":"gone","policies":["test-open"],"reason":"removed"} matched no violation of this stack: remove it, or correct its resource, policies, statements or documents.',
            ),
        ]);
    });
});
