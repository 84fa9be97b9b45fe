// Reads the aws-auth ConfigMap's role and user mappings (YAML inside `data`).
import * as yaml from "js-yaml";
import { asArray, isRecord, text } from "./values";

export interface Mapping {
    /** `mapRoles[0]`, `roleMappings[1]`, ... */
    where: string;
    arn: string;
    groups: string[];
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
            list = yaml.load(raw, { schema: yaml.JSON_SCHEMA });
        } catch {
            return `${where} is not valid YAML`;
        }
    }
    return (asArray(list) ?? []).map((m, i) => ({
        where: `${where}[${i}]`,
        arn: isRecord(m) ? text(m[arnField] ?? "") : "",
        groups: isRecord(m) ? (asArray(m.groups) ?? []).map(text) : [],
    }));
}

/** Whether a ConfigMap is kube-system/aws-auth. */
export function isAwsAuth(props: Record<string, unknown>): boolean {
    const metadata = isRecord(props.metadata) ? props.metadata : {};
    return metadata.name === "aws-auth" && (metadata.namespace ?? "default") === "kube-system";
}
