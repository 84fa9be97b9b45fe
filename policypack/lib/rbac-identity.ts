// The identities RBAC answers for: as the CLI names them, and the binding subject keys an
// identity answers to (rule.go appliesToUser: a user by name, a service account by its user
// name, its groups).
import { Subject, subjectKey } from "./rbac";
import { isUnknownNamespace } from "./rbac-namespaces";
import { Identity } from "./rbac-paths";

/**
 * The groups the API server gives a user it authenticates: `system:authenticated`, or, for the
 * anonymous user, `system:unauthenticated` alone (apiserver/pkg/authentication/request/anonymous
 * anonymous.go: `Name: anonymousUser, Groups: []string{unauthenticatedGroup}`; the
 * authentication docs: "Anonymous requests have a username of system:anonymous, and a group of
 * system:unauthenticated").
 */
function userGroups(user: string): string[] {
    return [user === "system:anonymous" ? "system:unauthenticated" : "system:authenticated"];
}

/**
 * The groups the API server gives every service account of `namespace`: `system:serviceaccounts`
 * and `system:serviceaccounts:<namespace>` (apiserver pkg/authentication/serviceaccount/util.go
 * UserInfo, MakeGroupNames), whatever its name, and `system:authenticated`
 * (authenticated_group_adder.go).
 */
export function accountGroups(namespace: string): string[] {
    return [
        "system:serviceaccounts",
        `system:serviceaccounts:${namespace}`,
        "system:authenticated",
    ];
}

/**
 * The groups of a service account subject whose name or namespace is unknown until deploy: its
 * namespace's (`accountGroups`) when that is known, else those of every service account. The
 * API server gives them whatever the name (MakeGroupNames takes the namespace alone).
 */
function unknownAccountGroups(s: Subject, namespace: string | undefined): string[] {
    const ns = s.namespace ?? namespace;
    return ns !== undefined && ns !== "" && !isUnknownNamespace(ns)
        ? accountGroups(ns)
        : ["system:serviceaccounts", "system:authenticated"];
}

/**
 * `groups` with `system:authenticated` added as the API server adds it to what an
 * authenticator (aws-auth, an access entry) or an impersonation returns: unless the user is
 * `system:anonymous` or the groups already hold `system:authenticated` or
 * `system:unauthenticated` (apiserver pkg/authentication/group/authenticated_group_adder.go
 * AuthenticateRequest; pkg/endpoints/filters/impersonation.go, the same rule when no group is
 * impersonated).
 */
export function withAuthenticatedGroup(user: string | undefined, groups: string[]): string[] {
    const unchanged =
        user === "system:anonymous" ||
        groups.some((g) => g === "system:authenticated" || g === "system:unauthenticated");
    return unchanged ? groups : [...groups, "system:authenticated"];
}

/**
 * The identity a CLI subject names: `user:NAME`, `group:NAME`, `serviceaccount:NS:NAME` (with
 * the groups the service account token authenticator gives) or an IAM ARN (`iam`); or why the
 * label names none.
 */
export function parseIdentity(label: string, iam: (arn: string) => Identity): Identity | string {
    const [kind, ...rest] = label.split(":");
    const value = rest.join(":");
    switch (kind.toLowerCase()) {
        case "user":
            return { label, user: value, groups: userGroups(value) };
        case "group":
            return { label, groups: [value] };
        case "serviceaccount": {
            // The name is after the last `:`: a service account name is a DNS subdomain, and
            // a namespace unknown until deploy (`<...>`) is named after a resource, whose name
            // may hold a `:` (Kubernetes matches the user name by the namespace as a prefix,
            // apiserver pkg/authentication/serviceaccount/util.go MatchesUsername, 55-71).
            const at = value.lastIndexOf(":");
            const [namespace, name] = [value.slice(0, Math.max(at, 0)), value.slice(at + 1)];
            if (!namespace || !name) {
                return `"${label}" is not serviceaccount:<namespace>:<name>`;
            }
            return {
                label,
                user: `system:serviceaccount:${namespace}:${name}`,
                groups: accountGroups(namespace),
            };
        }
        case "arn":
            return iam(label);
    }
    return `"${label}" is not user:<name>, group:<name>, serviceaccount:<namespace>:<name> or an IAM ARN`;
}

/**
 * The binding subject keys an identity answers to (`User:`, `ServiceAccount:ns:name`, `Group:`,
 * `IAM:`, its own keys), and the name of the service account it is, if one.
 */
export function identityKeys(identity: Identity): { keys: string[]; account?: string } {
    const keys: string[] = [];
    let account: string | undefined;
    if (identity.user !== undefined) {
        keys.push(`User:${identity.user}`);
        // The namespace may hold a `:` (parseIdentity), or any character (a subject's is only
        // required, ValidateRoleBindingSubject); the name is after the last `:`.
        const sa = /^system:serviceaccount:(.+):([^:]+)$/s.exec(identity.user);
        if (sa) {
            keys.push(`ServiceAccount:${sa[1]}:${sa[2]}`);
            account = sa[2];
        }
    }
    keys.push(...identity.groups.map((g) => `Group:${g}`));
    if (identity.iamArn) {
        keys.push(`IAM:${identity.iamArn}`);
    }
    keys.push(...(identity.keys ?? []));
    return { keys, account };
}

/**
 * The identity of a binding's subject, as the API server would authenticate it: a user or
 * service account with the groups every such identity has, a group alone, an IAM principal
 * (`iam`) with its access entries' groups, a subject unknown until deploy as itself, with the
 * groups a service account has whatever its name. A service account without a namespace is in
 * `namespace`, the RoleBinding's own.
 */
export function subjectIdentity(
    s: Subject,
    namespace: string | undefined,
    iam: (arn: string) => Identity,
): Identity {
    const label = subjectKey(s, namespace);
    if (s.unknown) {
        return {
            label,
            groups: s.kind === "ServiceAccount" ? unknownAccountGroups(s, namespace) : [],
            keys: [label],
        };
    }
    switch (s.kind) {
        case "IAM":
            return { ...iam(s.name), label };
        case "User":
            return { label, user: s.name, groups: userGroups(s.name) };
        case "ServiceAccount": {
            const identity = parseIdentity(
                `serviceaccount:${s.namespace ?? namespace ?? ""}:${s.name}`,
                iam,
            );
            return typeof identity === "string" ? { label, groups: [] } : { ...identity, label };
        }
    }
    // A Group, or a kind the API server would refuse: the name as a group.
    return { label, groups: [s.name] };
}
