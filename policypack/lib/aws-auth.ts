// Reads the aws-auth ConfigMap's role and user mappings (YAML inside `data`) as
// aws-iam-authenticator reads them (kubernetes-sigs/aws-iam-authenticator v0.7.18-11-g81b1dab,
// pkg/mapper/configmap/configmap.go ParseMap:123-190): the top-level keys `mapRoles` and
// `mapUsers` exactly (Go map lookups, :127 and :152), each entry converted from YAML to JSON and
// decoded with encoding/json (:129-133, :154-158), which matches a field name case-insensitively:
// `rolearn`, `roleARN` and `RoLeArN` are one field (pkg/mapper/configmap/yaml_test.go, the
// crazy-case and open-source-case fixtures), and ARNs compare with strings.EqualFold
// (pkg/config/mapper.go:75, :125).
import { loadK8sYaml } from "./k8s-yaml";
import { GraphResource, isUnknownNamespace, namespaceOf } from "./rbac-namespaces";
import { asArray, isRecord, text } from "./values";

export interface Mapping {
    /** `mapRoles[0]`, `roleMappings[1]`, ... */
    where: string;
    arn: string;
    /** The Kubernetes user name (a template: `{{SessionName}}` and the like), when set. */
    username?: string;
    groups: string[];
}

/**
 * A field name folded as Go's bytes.EqualFold compares (Unicode simple case folding): ASCII
 * case, and the two letters outside ASCII that fold into it, `ſ` (U+017F) to `s` and the
 * Kelvin sign (U+212A) to `k`.
 */
const fold = (name: string) =>
    name
        .replace(/\u017f/g, "s")
        .replace(/\u212a/g, "k")
        .toLowerCase();

/**
 * The value of `record`'s field named `name` in any case. YAML-to-JSON conversion writes the
 * keys sorted (sigs.k8s.io/yaml through json.Marshal) and encoding/json lets a later key
 * overwrite an earlier one, so of two spellings the last in sorted order wins.
 */
export function fieldOf(record: Record<string, unknown>, name: string): unknown {
    const wanted = fold(name);
    const keys = Object.keys(record)
        .filter((k) => fold(k) === wanted)
        .sort();
    return keys.length > 0 ? record[keys[keys.length - 1]] : undefined;
}

/** Role and user mappings from eks.Cluster `roleMappings` / `userMappings` or aws-auth `mapRoles` / `mapUsers`. */
export function mappings(
    where: string,
    arnField: "roleArn" | "userArn" | "rolearn" | "userarn",
    raw: unknown,
): Mapping[] | string {
    let list = raw;
    if (typeof raw === "string") {
        try {
            list = loadK8sYaml(raw);
        } catch {
            return `${where} is not valid YAML`;
        }
    }
    return (asArray(list) ?? []).map((m, i) => {
        const entry = isRecord(m) ? m : {};
        const username = fieldOf(entry, "username");
        return {
            where: `${where}[${i}]`,
            arn: text(fieldOf(entry, arnField) ?? ""),
            username: typeof username === "string" && username !== "" ? username : undefined,
            groups: (asArray(fieldOf(entry, "groups")) ?? []).map(text),
        };
    });
}

/**
 * The namespace of a ConfigMap (or Patch) named aws-auth that is, or may be, the one the
 * authenticator reads, kube-system/aws-auth: `kube-system`, or a namespace unknown until
 * deploy (`<...>`, `isUnknownNamespace`); `undefined` for any other object. Without
 * `metadata.namespace` the object goes to its Kubernetes provider's namespace (`namespaceOf`),
 * which may be kube-system, and is judged as possibly there when that is not known.
 */
export function awsAuthNamespace(r: GraphResource): string | undefined {
    const metadata = isRecord(r.props.metadata) ? r.props.metadata : {};
    if (metadata.name !== "aws-auth") {
        return undefined;
    }
    const namespace = namespaceOf(r, "ConfigMap");
    return namespace === "kube-system" || isUnknownNamespace(namespace) ? namespace : undefined;
}

/** A session-name variable in a mapping's user or group: the caller chooses what it renders. */
export const sessionNameVariable = /\{\{SessionName(?:Raw)?\}\}/;

/**
 * Whether a mapped subject key (`User:<name>` or `Group:<name>`, the name a template) can be
 * rendered as `key`, a subject of the same kind (`groupMayBecome`): the user name is rendered as
 * the groups are (server.go renderTemplate).
 */
export function subjectMayBecome(template: string, key: string): boolean {
    const kind = template.slice(0, template.indexOf(":") + 1);
    return (
        kind !== "" &&
        key.startsWith(kind) &&
        groupMayBecome(template.slice(kind.length), key.slice(kind.length))
    );
}

/**
 * Whether a mapping's group can become `group` when the authenticator renders it: every group
 * is a template (aws-iam-authenticator v0.7.18-11-g81b1dab, pkg/server/server.go:518-524), in
 * which `{{SessionName}}` and `{{SessionNameRaw}}` are the session name (server.go:543-545),
 * which whoever assumes the role chooses (STS API Reference, AssumeRole: RoleSessionName,
 * `[\w+=,.@-]*`). So `system:{{SessionName}}` is system:masters to a caller whose session is
 * `masters`. The other variables (`{{AccountID}}`, `{{AccessKeyID}}`,
 * `{{EC2PrivateDNSName}}`) are not the caller's to choose and are taken as written.
 */
export function groupMayBecome(template: string, group: string): boolean {
    let ends = new Set([0]); // where in `group` the template read so far can end
    // Split with a capture: the odd parts are the variables.
    const parts = template.split(new RegExp(`(${sessionNameVariable.source})`));
    for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        const next = new Set<number>();
        for (const end of ends) {
            if (i % 2 === 0) {
                if (group.startsWith(part, end)) {
                    next.add(end + part.length);
                }
                continue;
            }
            const chosen = part === "{{SessionName}}" ? /[\w+=,.-]/ : /[\w+=,.@-]/;
            for (let at = end; ; at++) {
                next.add(at);
                if (at === group.length || !chosen.test(group[at])) {
                    break;
                }
            }
        }
        ends = next;
    }
    return ends.has(group.length);
}
