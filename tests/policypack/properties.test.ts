// Property tests: no policy throws (or falls back to "could not be checked") on any JSON
// property bag of the types it checks, and any wildcard action is always caught.
import * as assert from "assert";
import { runs } from "../fast-check-seed";
import * as fc from "fast-check";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policypack/policies";
import { iamNoWildcardPermissions } from "../../policypack/policies/iam-no-wildcard-permissions";
import * as types from "../../policypack/lib/types";
import { iamDocumentSources } from "../../policypack/lib/iam-document-sources";
import { stackViolations, violations } from "./check";

const allTypes = [
    // Every type holding an IAM document: identity and resource policies, permissions.
    ...new Set(iamDocumentSources.map((s) => s.type)),
    ...Object.keys(types.policyAttachmentTypes),
    ...types.eksClusterTypes,
    types.accessPolicyAssociation,
    ...Object.keys(types.launchTemplateTypes),
    types.eksNodeGroup,
    types.eksComponentManagedNodeGroup,
    ...types.bindingTypes,
    ...types.roleTypes,
    ...types.namespaceTypes,
    ...types.configMapTypes,
    ...Object.keys(types.podSpecPaths),
];

/**
 * Document sources read the same way share the reader: the first type of each (kind, path)
 * gets the full run, the others a shorter one, to keep the file's time bounded.
 */
const shapeFirsts = new Set<string>([types.iamRole]);
const shapes = new Set<string>();
for (const source of iamDocumentSources) {
    const shape = `${source.kind} ${source.path}`;
    if (!shapes.has(shape)) {
        shapes.add(shape);
        shapeFirsts.add(source.type);
    }
}
const sharedReader = new Set(
    iamDocumentSources.map((s) => s.type).filter((t) => !shapeFirsts.has(t)),
);

/** JSON values, biased toward the shapes policies read: IAM documents, metadata, rules, specs. */
const json = fc.jsonValue({ maxDepth: 4 });
const docLike = fc.record(
    {
        Version: fc.oneof(fc.constant("2012-10-17"), json),
        Statement: fc.oneof(
            json,
            fc.array(
                fc.record(
                    {
                        Sid: json,
                        Effect: fc.oneof(fc.constantFrom("Allow", "Deny", "allow"), json),
                        Action: fc.oneof(
                            fc.constantFrom(
                                "*",
                                "s3:GetObject",
                                ["s3:*"],
                                "sts:AssumeRoleWithWebIdentity",
                            ),
                            json,
                        ),
                        NotAction: json,
                        Resource: fc.oneof(
                            fc.constantFrom("*", "arn:aws:s3:::*", ["arn:aws:s3:::b/*"]),
                            json,
                        ),
                        Principal: fc.oneof(
                            fc.constantFrom(
                                "*",
                                { AWS: "*" },
                                { Federated: "arn:aws:iam::1:oidc-provider/x" },
                            ),
                            json,
                        ),
                        Condition: json,
                    },
                    { requiredKeys: [] },
                ),
                { maxLength: 3 },
            ),
        ),
    },
    { requiredKeys: [] },
);
const value = fc.oneof(
    json,
    docLike,
    docLike.map((d) => JSON.stringify(d)),
    fc.string(),
);
const keys = [
    "policy",
    "assumeRolePolicy",
    "inlinePolicies",
    // Where other IAM document sources keep theirs (policypack/lib/iam-document-sources.ts).
    "inlinePolicy",
    "accessPolicies",
    "accessPolicy",
    "policyDocument",
    "resourcePolicy",
    "repositoryPolicy",
    "deliveryDestinationPolicy",
    "content",
    "details",
    // The fields a permission is read from.
    "principal",
    "action",
    "sourceArn",
    "sourceAccount",
    "principalOrgId",
    "organizationId",
    "functionUrlAuthType",
    "condition",
    "managedPolicyArns",
    "policyArn",
    "principalArn",
    "metadata",
    "subjects",
    "roleRef",
    "rules",
    "spec",
    "data",
    "roleMappings",
    "userMappings",
    "accessEntries",
    "accessConfig",
    "enabledClusterLogTypes",
    "encryptionConfig",
    "encryptionConfigKeyArn",
    "vpcConfig",
    "endpointPublicAccess",
    "publicAccessCidrs",
    "metadataOptions",
    "version",
    "deletionProtection",
    "remoteAccess",
    "amiType",
    "launchTemplate",
];
/** Each key a policy reads is present or not independently, with any value: every type's fields get exercised. */
const props = fc.record(Object.fromEntries(keys.map((k) => [k, value])), {
    requiredKeys: [],
}) as fc.Arbitrary<Record<string, unknown>>;

describe("policy properties", () => {
    for (const type of allTypes) {
        it(`no policy throws or gives up on any JSON property bag of ${type}`, async () => {
            await fc.assert(
                fc.asyncProperty(props, async (bag) => {
                    for (const policy of policies.filter(
                        (p): p is ResourceValidationPolicy => "validateResource" in p,
                    )) {
                        for (const m of await violations(policy, type, bag)) {
                            assert.ok(
                                !m.includes("could not be checked"),
                                `${policy.name} on ${type}: ${m}`,
                            );
                        }
                    }
                }),
                { numRuns: runs(sharedReader.has(type) ? 30 : 150) },
            );
        });
    }

    it("no stack policy throws or gives up on arbitrary resources", async () => {
        const stackPolicies = policies.filter(
            (p): p is StackValidationPolicy => "validateStack" in p,
        );
        await fc.assert(
            fc.asyncProperty(
                fc.array(
                    fc.record({ type: fc.constantFrom(...allTypes), name: fc.string(), props }),
                    { maxLength: 8 },
                ),
                async (resources) => {
                    for (const policy of stackPolicies) {
                        for (const { message } of await stackViolations(policy, resources)) {
                            assert.ok(
                                !message.includes("could not be checked"),
                                `${policy.name}: ${message}`,
                            );
                        }
                    }
                },
            ),
            { numRuns: runs(200) },
        );
    });

    it("a wildcard action in any position and any casing of an Allow statement is always caught", async () => {
        const casing = (s: string) =>
            fc
                .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
                .map((flips) => [...s].map((c, i) => (flips[i] ? c.toUpperCase() : c)).join(""));
        const wildcard = fc.oneof(
            fc.constant("*"),
            fc.constant("*:*"),
            fc
                .constantFrom("s3", "iam", "ec2", "kms", "eks", "sts")
                .chain((svc) => casing(`${svc}:*`)),
        );
        const safe = fc.array(
            fc.constantFrom("s3:GetObject", "sqs:SendMessage", "ec2:Describe*", "kms:Decrypt"),
            { maxLength: 4 },
        );
        await fc.assert(
            fc.asyncProperty(
                safe,
                wildcard,
                fc.nat(),
                fc.boolean(),
                fc.boolean(),
                async (actions, wild, at, asString, singleStatement) => {
                    const list: string[] = [...actions];
                    list.splice(at % (list.length + 1), 0, wild);
                    const statement = {
                        Effect: "Allow",
                        Action: list.length === 1 ? list[0] : list,
                        Resource: "arn:aws:s3:::bucket/*",
                    };
                    const doc = {
                        Version: "2012-10-17",
                        Statement: singleStatement ? statement : [statement],
                    };
                    const messages = await violations(
                        iamNoWildcardPermissions,
                        "aws:iam/policy:Policy",
                        { policy: asString ? JSON.stringify(doc) : doc },
                    );
                    assert.ok(
                        messages.some((m) => m.includes(`action "${wild}" grants`)),
                        `${wild} in ${JSON.stringify(list)}: ${messages.join("\n")}`,
                    );
                },
            ),
            { numRuns: runs(500) },
        );
    });
});
