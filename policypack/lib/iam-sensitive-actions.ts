// The actions whose risk their access level in the Service Authorization Reference
// understates or overstates. The two long reviewed lists have their own files
// (`iam-data-reads.ts`, `iam-injection-actions.ts`); the short ones are here, and the
// matchers for all of them.
import { dataReads } from "./iam-data-reads";
import { injectionActions } from "./iam-injection-actions";

/**
 * Actions the reference lists as Write that hand out permissions: `iam:PassRole` gives a
 * service every permission of the role it passes; `iam:AddUserToGroup` gives a user the
 * group's policies (Rhino Security Labs, "AWS IAM Privilege Escalation", method 10). Judged
 * as Permissions management.
 */
export const permissionGrantingActions: readonly string[] = [
    "iam:PassRole",
    "iam:CreateServiceLinkedRole",
    "sts:AssumeRole",
    "iam:AddUserToGroup",
];

/**
 * Actions the reference lists as Write that the caller cannot point at data of its choosing,
 * judged as Read. `ecr:BatchImportUpstreamImage` imports into a pull-through-cache
 * repository the image its upstream registry holds (ECR User Guide, "IAM permissions
 * required to sync an upstream registry with an Amazon ECR private registry"); AWS's own
 * AmazonEC2ContainerRegistryPullOnly grants it on `*`.
 */
export const readEquivalentWrites: Readonly<Record<string, string>> = {
    "ecr:BatchImportUpstreamImage":
        "imports the image the upstream registry holds into a pull-through cache; the caller chooses no content",
};

const matcher = (actions: readonly string[]) => {
    const set = new Set(actions.map((a) => a.toLowerCase()));
    return (action: string) => set.has(action.toLowerCase());
};

/** Whether `service:Action` hands out permissions (see `permissionGrantingActions`). */
export const isPermissionGranting = matcher(permissionGrantingActions);

/** Whether `service:Action` returns object contents or secrets (see `dataReads`). */
export const isDataRead = matcher(Object.keys(dataReads));

/** Whether `service:Action` plants credentials or code (see `injectionActions`). */
export const isInjection = matcher(Object.keys(injectionActions));

/** Whether `service:Action` is a Write judged as Read (see `readEquivalentWrites`). */
export const isReadEquivalentWrite = matcher(Object.keys(readEquivalentWrites));
