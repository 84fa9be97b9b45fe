// The baseline checks security teams expect of an EKS stack that IaC can decide: deletion
// protection, managed node group SSH, and a customer managed key for Secrets, each on the
// provider resource and on the @pulumi/eks component's inputs.
import * as assert from "assert";
import { eksClusterDeletionProtection as deletion } from "../../policypack/policies/eks-cluster-deletion-protection";
import { eksClusterSecretsCmk as cmk } from "../../policypack/policies/eks-cluster-secrets-cmk";
import { eksNodeGroupRemoteAccess as ssh } from "../../policypack/policies/eks-node-group-remote-access";
import { violations } from "./check";

const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const clusterTypes = ["aws:eks/cluster:Cluster", "eks:index:Cluster"] as const;
/** The field a cluster type takes its secrets key in, and a cluster that sets it to `arn`. */
const keyField = {
    "aws:eks/cluster:Cluster": "encryptionConfig.provider.keyArn",
    "eks:index:Cluster": "encryptionConfigKeyArn",
};
const withKey = (type: (typeof clusterTypes)[number], arn: unknown): Record<string, unknown> =>
    type === "aws:eks/cluster:Cluster"
        ? { encryptionConfig: { resources: ["secrets"], provider: { keyArn: arn } } }
        : { encryptionConfigKeyArn: arn };

describe("eks-cluster-deletion-protection", () => {
    for (const type of clusterTypes) {
        describe(type, () => {
            it("passes a cluster with deletion protection on", async () => {
                assert.deepStrictEqual(
                    await violations(deletion, type, { deletionProtection: true }),
                    [],
                );
            });

            it('takes the string "true", as config gives it, as on', async () => {
                assert.deepStrictEqual(
                    await violations(deletion, type, { deletionProtection: "True" }),
                    [],
                );
            });

            it("reports an unset deletionProtection, which means off", async () => {
                assert.deepStrictEqual(await violations(deletion, type, {}, {}, "prod"), [
                    'EKS cluster "prod" can be deleted by any DeleteCluster call (deletionProtection is unset, which means off): set deletionProtection to true, and turn it off only in the update before the cluster is meant to go.',
                ]);
            });

            it("reports deletionProtection false", async () => {
                assert.deepStrictEqual(
                    await violations(deletion, type, { deletionProtection: false }, {}, "prod"),
                    [
                        'EKS cluster "prod" can be deleted by any DeleteCluster call (deletionProtection is false): set deletionProtection to true, and turn it off only in the update before the cluster is meant to go.',
                    ],
                );
            });

            it('takes only the whole string "true" as on, not one that merely starts or ends with it', async () => {
                for (const value of ["not true", "true only in prod"]) {
                    assert.deepStrictEqual(
                        await violations(deletion, type, { deletionProtection: value }, {}, "prod"),
                        [
                            `EKS cluster "prod" can be deleted by any DeleteCluster call (deletionProtection is ${JSON.stringify(value)}): set deletionProtection to true, and turn it off only in the update before the cluster is meant to go.`,
                        ],
                    );
                }
            });

            it("reports a value that is not true, quoted", async () => {
                assert.match(
                    (await violations(deletion, type, { deletionProtection: "yes" }))[0],
                    /\(deletionProtection is "yes"\): set deletionProtection to true/,
                );
            });
        });
    }
});

describe("eks-node-group-remote-access", () => {
    for (const [type, label] of [
        ["aws:eks/nodeGroup:NodeGroup", "EKS node group"],
        ["eks:index:ManagedNodeGroup", "EKS managed node group"],
    ] as const) {
        describe(type, () => {
            const open = (port: string, key: string) =>
                `${label} "workers" opens ${port} on its nodes to the internet (0.0.0.0/0): remoteAccess sets ec2SshKey (${key}) without sourceSecurityGroupIds: list the security groups allowed to connect in remoteAccess.sourceSecurityGroupIds, or drop remoteAccess and reach the nodes through SSM Session Manager.`;
            const judge = (props: Record<string, unknown>) =>
                violations(ssh, type, props, {}, "workers");

            it("passes a node group without remote access, or with an SSH key and source security groups", async () => {
                assert.deepStrictEqual(await judge({ instanceTypes: ["m6i.large"] }), []);
                assert.deepStrictEqual(
                    await judge({
                        remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-0bastion"] },
                    }),
                    [],
                );
            });

            it("reports an SSH key without source security groups: port 22 open to 0.0.0.0/0", async () => {
                assert.deepStrictEqual(await judge({ remoteAccess: { ec2SshKey: "ops" } }), [
                    open("SSH (port 22)", '"ops"'),
                ]);
            });

            it("reports an empty list of source security groups as none", async () => {
                assert.deepStrictEqual(
                    await judge({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: [] } }),
                    [open("SSH (port 22)", '"ops"')],
                );
            });

            it("names RDP (port 3389) for Windows AMI types", async () => {
                assert.deepStrictEqual(
                    await judge({
                        amiType: "WINDOWS_CORE_2022_x86_64",
                        remoteAccess: { ec2SshKey: "ops" },
                    }),
                    [open("RDP (port 3389)", '"ops"')],
                );
            });

            it("reads remoteAccess given as a JSON string", async () => {
                assert.deepStrictEqual(
                    await judge({ remoteAccess: JSON.stringify({ ec2SshKey: "ops" }) }),
                    [open("SSH (port 22)", '"ops"')],
                );
            });

            it("passes remote access without an SSH key (absent, or null, which the provider takes as unset): no port is opened", async () => {
                for (const remoteAccess of [
                    {},
                    { sourceSecurityGroupIds: [] },
                    { ec2SshKey: null, sourceSecurityGroupIds: [] },
                ]) {
                    assert.deepStrictEqual(
                        await judge({ remoteAccess }),
                        [],
                        JSON.stringify(remoteAccess),
                    );
                }
            });

            it("names RDP only for the WINDOWS_ AMI families, judging any other AMI type as Linux (port 22)", async () => {
                // The EKS API's Nodegroup amiType values name the OS family first (AL2_, AL2023_,
                // BOTTLEROCKET_, WINDOWS_CORE_, WINDOWS_FULL_, CUSTOM): API_Nodegroup.html#amiType.
                for (const amiType of [
                    "AL2023_x86_64_STANDARD",
                    "BOTTLEROCKET_x86_64",
                    "CUSTOM_WINDOWS_LIKE",
                ]) {
                    assert.deepStrictEqual(
                        await judge({ amiType, remoteAccess: { ec2SshKey: "ops" } }),
                        [open("SSH (port 22)", '"ops"')],
                        amiType,
                    );
                }
                assert.deepStrictEqual(
                    await judge({
                        amiType: "windows_full_2022_x86_64",
                        remoteAccess: { ec2SshKey: "ops" },
                    }),
                    [open("RDP (port 3389)", '"ops"')],
                );
            });

            // The provider's schema takes a string; another value may become a key's name, and
            // the pack cannot see what the provider makes of it: judged as a key, never passed.
            it("judges an ec2SshKey that is no string as a key, naming it as given", async () => {
                for (const [ec2SshKey, shown] of [
                    [42, "42"],
                    [true, "true"],
                    [["ops"], '["ops"]'],
                ] as const) {
                    assert.deepStrictEqual(await judge({ remoteAccess: { ec2SshKey } }), [
                        open("SSH (port 22)", shown),
                    ]);
                }
            });

            it("passes remote access with no SSH key, which opens no port, and one source group given alone", async () => {
                assert.deepStrictEqual(
                    await judge({ remoteAccess: { sourceSecurityGroupIds: ["sg-0bastion"] } }),
                    [],
                );
                assert.deepStrictEqual(
                    await judge({ remoteAccess: { ec2SshKey: "", sourceSecurityGroupIds: [] } }),
                    [],
                );
                assert.deepStrictEqual(
                    await judge({
                        remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: "sg-0bastion" },
                    }),
                    [],
                );
            });
        });
    }

    it("ignores node groups of other kinds", async () => {
        assert.deepStrictEqual(
            await violations(ssh, "eks:index:NodeGroupV2", { remoteAccess: { ec2SshKey: "k" } }),
            [],
        );
    });
});

describe("eks-cluster-secrets-cmk", () => {
    for (const type of clusterTypes) {
        describe(type, () => {
            const judge = (props: Record<string, unknown>) =>
                violations(cmk, type, props, {}, "prod");

            it("passes a key ARN or a customer alias", async () => {
                assert.deepStrictEqual(await judge(withKey(type, key)), []);
                assert.deepStrictEqual(await judge(withKey(type, "alias/eks-secrets")), []);
                assert.deepStrictEqual(
                    await judge(withKey(type, "arn:aws:kms:us-east-1:123456789012:alias/eks")),
                    [],
                );
            });

            it("reports a cluster that names no key: the AWS owned key only", async () => {
                assert.deepStrictEqual(await judge({}), [
                    `EKS cluster "prod" names no KMS key (${keyField[type]} is unset), so EKS encrypts its Secrets only with the AWS owned key it uses by default, whose policy, rotation and use you cannot see or control: set ${keyField[type]} to a customer managed KMS key.`,
                ]);
            });

            it("reports an empty key, quoted", async () => {
                assert.match(
                    (await judge(withKey(type, "")))[0],
                    new RegExp(`names no KMS key \\(${keyField[type]} is ""\\)`),
                );
            });

            it("reports an AWS managed key's alias, alone or in an ARN, in any case", async () => {
                const managed = (arn: string) =>
                    `EKS cluster "prod" encrypts Secrets with "${arn}", an AWS managed key (the alias/aws/ prefix is reserved for them), whose policy you cannot change: set ${keyField[type]} to a customer managed KMS key.`;
                for (const arn of [
                    "alias/aws/ebs",
                    "arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager",
                    "arn:aws-us-gov:kms:us-gov-west-1:123456789012:ALIAS/AWS/ebs",
                ]) {
                    assert.deepStrictEqual(await judge(withKey(type, arn)), [managed(arn)]);
                }
            });
        });
    }

    describe("judges the key as trimmed: whitespace neither makes a blank key a key nor hides an AWS managed alias", () => {
        for (const type of clusterTypes) {
            it(type, async () => {
                assert.deepStrictEqual(
                    await violations(cmk, type, withKey(type, "   "), {}, "prod"),
                    [
                        `EKS cluster "prod" names no KMS key (${keyField[type]} is "   "), so EKS encrypts its Secrets only with the AWS owned key it uses by default, whose policy, rotation and use you cannot see or control: set ${keyField[type]} to a customer managed KMS key.`,
                    ],
                );
                assert.deepStrictEqual(
                    await violations(cmk, type, withKey(type, " alias/aws/eks\n"), {}, "prod"),
                    [
                        `EKS cluster "prod" encrypts Secrets with " alias/aws/eks\n", an AWS managed key (the alias/aws/ prefix is reserved for them), whose policy you cannot change: set ${keyField[type]} to a customer managed KMS key.`,
                    ],
                );
                assert.deepStrictEqual(await violations(cmk, type, withKey(type, ` ${key} `)), []);
            });
        }
    });

    it("reads the provider of an encryptionConfig given as a list, and one without resources", async () => {
        const type = "aws:eks/cluster:Cluster";
        assert.deepStrictEqual(
            await violations(cmk, type, { encryptionConfig: [{ provider: { keyArn: key } }] }),
            [],
        );
        assert.match(
            (await violations(cmk, type, { encryptionConfig: [{ resources: ["secrets"] }] }))[0],
            /names no KMS key \(encryptionConfig\.provider\.keyArn is unset\)/,
        );
    });
});
