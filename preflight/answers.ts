// What preflight answers for the invokes programs commonly make (they run during a preview
// too, so their results are known), and the identifiers and outputs AWS would give after a
// deployment: deterministic ARNs and ids derived from names, so two runs of one program agree.

/** The AWS account, region and partition the mocks answer as. */
export interface Account {
    accountId: string;
    region: string;
    partition: string;
}

/** The ARN a resource of `type` named `name` gets. */
export function arnOf(account: Account, type: string, name: string): string {
    const module = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const kind = (type.split(":")[2] ?? "resource").toLowerCase();
    const p = account.partition;
    switch (module) {
        case "s3":
            return `arn:${p}:s3:::${name}`;
        case "iam":
            return `arn:${p}:iam::${account.accountId}:${kind}/${name}`;
        default:
            return `arn:${p}:${module}:${account.region}:${account.accountId}:${kind}/${name}`;
    }
}

/** The answer to an AWS invoke, or `undefined` for one preflight does not know. */
export function awsInvokeAnswer(
    account: Account,
    token: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> | undefined {
    const p = account.partition;
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                id: account.accountId,
                accountId: account.accountId,
                arn: `arn:${p}:iam::${account.accountId}:user/preflight`,
                userId: "AIDAPREFLIGHT",
            };
        case "aws:index/getPartition:getPartition":
            return {
                id: p,
                partition: p,
                dnsSuffix: "amazonaws.com",
                reverseDnsPrefix: "com.amazonaws",
            };
        case "aws:index/getRegion:getRegion":
            return {
                id: account.region,
                name: account.region,
                region: account.region,
                endpoint: `ec2.${account.region}.amazonaws.com`,
                description: account.region,
            };
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const names = ["a", "b", "c"].map((z) => `${account.region}${z}`);
            return {
                id: account.region,
                names,
                zoneIds: names.map((_, i) => `use1-az${i + 1}`),
                groupNames: [account.region],
            };
        }
        case "aws:ec2/getAmi:getAmi":
            return {
                id: "ami-0123456789abcdef0",
                imageId: "ami-0123456789abcdef0",
                architecture: "x86_64",
                name: "mock-ami",
            };
        case "aws:ssm/getParameter:getParameter":
            return {
                id: String(inputs.name),
                name: inputs.name,
                arn: arnOf(account, "aws:ssm/parameter:Parameter", String(inputs.name)),
                type: "String",
                value: "ami-0123456789abcdef0",
                version: 1,
                insecureValue: "ami-0123456789abcdef0",
            };
        case "aws:eks/getAddonVersion:getAddonVersion":
            return {
                id: String(inputs.addonName),
                addonName: inputs.addonName,
                kubernetesVersion: inputs.kubernetesVersion,
                version: "v1.0.0-eksbuild.1",
            };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return {
                id: "policy",
                json: JSON.stringify(renderPolicyDocument(inputs)),
                minifiedJson: JSON.stringify(renderPolicyDocument(inputs)),
            };
        default:
            return undefined;
    }
}

/** A stable 32-hex-digit id derived from `seed`, as EKS uses in issuer URLs. */
export function hexId(seed: string): string {
    let h = 0x811c9dc5;
    let out = "";
    for (let round = 0; out.length < 32; round++) {
        for (const ch of `${seed}/${round}`) {
            h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
        }
        out += h.toString(16).padStart(8, "0").toUpperCase();
    }
    return out.slice(0, 32);
}

/** `aws.iam.getPolicyDocument` inputs rendered as the policy JSON AWS would return. */
export function renderPolicyDocument(inputs: Record<string, unknown>): Record<string, unknown> {
    const statements = ((inputs.statements as Record<string, unknown>[] | undefined) ?? []).map(
        (s) => {
            const out: Record<string, unknown> = { Effect: s.effect ?? "Allow" };
            if (s.sid) out.Sid = s.sid;
            if (s.actions) out.Action = s.actions;
            if (s.notActions) out.NotAction = s.notActions;
            if (s.resources) out.Resource = s.resources;
            if (s.notResources) out.NotResource = s.notResources;
            for (const [key, field] of [
                ["Principal", "principals"],
                ["NotPrincipal", "notPrincipals"],
            ] as const) {
                const list = s[field] as { type: string; identifiers: string[] }[] | undefined;
                if (list) {
                    out[key] = Object.fromEntries(list.map((pr) => [pr.type, pr.identifiers]));
                }
            }
            const conditions = s.conditions as
                { test: string; variable: string; values: string[] }[] | undefined;
            if (conditions) {
                const c: Record<string, Record<string, string[]>> = {};
                for (const cond of conditions) {
                    c[cond.test] = { ...(c[cond.test] ?? {}), [cond.variable]: cond.values };
                }
                out.Condition = c;
            }
            return out;
        },
    );
    return { Version: inputs.version ?? "2012-10-17", Statement: statements };
}

/** A resource's outputs as after a deployment: deterministic ids, names and ARNs. */
export function deployedOutputs(
    account: Account,
    type: string,
    name: string,
    id: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    if (type === "aws:eks/cluster:Cluster") {
        const clusterName = (inputs.name as string | undefined) ?? name;
        const hex = hexId(clusterName);
        return {
            id: clusterName,
            name: clusterName,
            arn: arnOf(account, type, clusterName),
            endpoint: `https://${hex}.gr7.${account.region}.eks.amazonaws.com`,
            certificateAuthority: { data: "bW9jaw==" },
            vpcConfig: {
                ...(inputs.vpcConfig as Record<string, unknown> | undefined),
                clusterSecurityGroupId: `sg-${hex.slice(0, 17).toLowerCase()}`,
            },
            identities: [
                {
                    oidcs: [
                        {
                            issuer: `https://oidc.eks.${account.region}.amazonaws.com/id/${hex}`,
                        },
                    ],
                },
            ],
            status: "ACTIVE",
        };
    }
    if (type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider") {
        const url = String(inputs.url ?? name).replace(/^https:\/\//, "");
        return {
            id,
            arn: `arn:${account.partition}:iam::${account.accountId}:oidc-provider/${url}`,
        };
    }
    const physicalName =
        (inputs.name as string | undefined) ?? (inputs.bucket as string | undefined) ?? name;
    const state: Record<string, unknown> = {
        id,
        name: physicalName,
        arn: arnOf(account, type, physicalName),
    };
    if (type.startsWith("aws:s3/bucket")) {
        state.bucket = physicalName;
    }
    if (type === "aws:kms/key:Key") {
        state.keyId = id;
        state.arn = arnOf(account, type, id);
    }
    if (type === "aws:ec2/launchTemplate:LaunchTemplate") {
        state.latestVersion = 1;
    }
    return state;
}
