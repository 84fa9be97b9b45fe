import { StackValidationPolicy } from "@pulumi/policy";
import { getPath } from "../lib/k8s";
import { objectMeta } from "../lib/rbac";
import { GraphResource, isUnknownNamespace, namespaceOf } from "../lib/rbac-namespaces";
import { kindOf, podSpecPaths, serviceAccountTypes } from "../lib/types";
import { judgeEach, validateTypes } from "../lib/validation";
import { isRecord } from "../lib/values";

/**
 * Where a workload or service account is: its own namespace (read first, so that one unknown
 * during preview leaves the resource unjudged), or for one that names none, the namespace its
 * Kubernetes provider gives it (`namespaceOf`, which reads "" as none). A provider's namespace
 * unknown here is that provider's, told by its URN (names repeat under other parents): with no
 * provider known, the object's own, the same as no other's.
 */
function namespaceFor(r: GraphResource): string {
    const namespace = objectMeta(r.props).namespace || namespaceOf(r, kindOf(r.type));
    return isUnknownNamespace(namespace) ? `${namespace} ${r.provider?.urn ?? r.urn}` : namespace;
}

/**
 * The per-workload check. `quietNamespaces` are those whose `default` service account the
 * stack sets to `automountServiceAccountToken: false` (TenantNamespace does): pods there
 * that name no service account get no token.
 */
function checkWorkload(quietNamespaces: Set<string>) {
    return validateTypes(Object.keys(podSpecPaths), (props, subject, report, args) => {
        const path = podSpecPaths[args.type];
        const spec = getPath(props, path);
        // A patch without a pod spec changes nothing this policy judges.
        if (!isRecord(spec)) {
            if (!args.type.endsWith("Patch")) {
                report(`${subject} has no pod spec at ${path.join(".")}: define one.`);
            }
            return;
        }
        // An empty name is none: serviceAccount stands in, then default (conversion.go
        // Convert_v1_PodSpec_To_core_PodSpec; the ServiceAccount admission plugin). Read in
        // turn: a name set leaves serviceAccount unread, so one unknown there hides nothing.
        const named = (name: unknown) => (name === "" ? undefined : name);
        const account = named(spec.serviceAccountName) ?? named(spec.serviceAccount) ?? "default";
        const namespace = namespaceFor(args);
        // The pod's own setting wins over its account's (admission.go shouldAutomount): only a
        // pod that sets none takes the quiet default account's false.
        const automount = spec.automountServiceAccountToken ?? undefined;
        if (
            account === "default" &&
            automount !== false &&
            (automount !== undefined || !quietNamespaces.has(namespace))
        ) {
            report(
                `${subject} runs as the "default" service account with its token mounted: set ${path.join(".")}.serviceAccountName to a dedicated service account, or automountServiceAccountToken: false.`,
            );
        }
    });
}

export const k8sNoDefaultServiceAccount: StackValidationPolicy = {
    name: "k8s-no-default-service-account",
    description:
        "Checks that pods and workload templates do not run as the default service account with its API token mounted.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: (args, report) => {
        // Service accounts first (a namespace whose default account mounts no token), then
        // workloads; one unknown during preview is skipped and named, the others judged.
        const quiet = new Set<string>();
        const accounts = args.resources.filter((r) => serviceAccountTypes.includes(r.type));
        const check = checkWorkload(quiet);
        judgeEach([...accounts, ...args.resources.filter((r) => !accounts.includes(r))], (r) => {
            if (serviceAccountTypes.includes(r.type)) {
                const meta = objectMeta(r.props);
                if (meta.name === "default" && r.props.automountServiceAccountToken === false) {
                    quiet.add(namespaceFor(r));
                }
                return;
            }
            check({ ...r, getConfig: args.getConfig } as never, (message) =>
                report(message, r.urn),
            );
        });
    },
    remediationSteps:
        "Give each workload its own ServiceAccount (with IRSA if it calls AWS), set automountServiceAccountToken: false where it needs no API access, or turn off the namespace default service account's token (TenantNamespace does).",
    url: "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#disable-auto-mounting-of-service-account-tokens",
};
