// Resolves policy config the way `pulumi preview --policy-pack-config` does: each policy's
// schema defaults, overridden by the user's file, whose entries are either a level
// ("advisory") or an object with `enforcementLevel` and properties; "all" sets every level.
import { EnforcementLevel, PackInfo, ResolvedConfig } from "./analyzer-client";

const enforcementLevels: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Schema defaults merged with `user`; throws on entries that do not fit the pack's schemas. */
export function resolvePolicyConfig(
    info: PackInfo,
    user: Record<string, unknown> = {},
): ResolvedConfig {
    const known = new Set(["all", ...info.policies.map((p) => p.name)]);
    for (const name of Object.keys(user)) {
        if (!known.has(name)) {
            throw new Error(
                `policy config names "${name}", which is not a policy of pack "${info.name}"`,
            );
        }
    }
    const all = levelOf("all", user.all);
    const resolved: ResolvedConfig = {};
    for (const policy of info.policies) {
        const entry = user[policy.name];
        const properties: Record<string, unknown> = {};
        for (const [prop, schema] of Object.entries(policy.configSchema ?? {})) {
            if (schema.default !== undefined) {
                properties[prop] = schema.default;
            }
        }
        let level = all ?? policy.enforcementLevel;
        if (typeof entry === "string") {
            level = levelOf(policy.name, entry) ?? level;
        } else if (entry !== undefined) {
            if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
                throw new Error(
                    `policy config for "${policy.name}" must be an enforcement level or an object`,
                );
            }
            for (const [prop, value] of Object.entries(entry)) {
                if (prop === "enforcementLevel") {
                    level = levelOf(policy.name, value) ?? level;
                    continue;
                }
                const schema = policy.configSchema?.[prop];
                if (!schema) {
                    throw new Error(
                        `policy config for "${policy.name}" sets "${prop}", which its schema does not define`,
                    );
                }
                checkType(policy.name, prop, schema, value);
                properties[prop] = value;
            }
        }
        for (const prop of policy.required) {
            if (properties[prop] === undefined) {
                throw new Error(`policy config for "${policy.name}" must set "${prop}"`);
            }
        }
        resolved[policy.name] = { enforcementLevel: level, properties };
    }
    return resolved;
}

function levelOf(name: string, value: unknown): EnforcementLevel | undefined {
    if (value === undefined) {
        return undefined;
    }
    const level =
        typeof value === "object" && value !== null
            ? (value as Record<string, unknown>).enforcementLevel
            : value;
    if (!enforcementLevels.includes(level as EnforcementLevel)) {
        throw new Error(
            `policy config for "${name}" has enforcement level ${JSON.stringify(level)}: use one of ${enforcementLevels.join(", ")}`,
        );
    }
    return level as EnforcementLevel;
}

function checkType(
    policy: string,
    prop: string,
    schema: Record<string, unknown>,
    value: unknown,
): void {
    const type = schema.type;
    const ok =
        (type === "array" && Array.isArray(value)) ||
        (type === "boolean" && typeof value === "boolean") ||
        (type === "string" && typeof value === "string") ||
        (type === "integer" && Number.isInteger(value)) ||
        (type === "number" && typeof value === "number") ||
        (type === "object" &&
            typeof value === "object" &&
            value !== null &&
            !Array.isArray(value)) ||
        type === undefined;
    if (!ok) {
        throw new Error(
            `policy config for "${policy}" sets "${prop}" to ${JSON.stringify(value)}, which is not of type ${String(type)}`,
        );
    }
    const allowed = schema.enum as unknown[] | undefined;
    if (allowed && !allowed.includes(value)) {
        throw new Error(
            `policy config for "${policy}" sets "${prop}" to ${JSON.stringify(value)}: use one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
        );
    }
    const items = schema.items as Record<string, unknown> | undefined;
    if (Array.isArray(value) && items) {
        value.forEach((v, i) => checkType(policy, `${prop}[${i}]`, items, v));
    }
}
