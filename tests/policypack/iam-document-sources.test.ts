// The data file of IAM document sources against @pulumi/aws itself, and every entry judged:
// a new entry is tested here without a new test.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    DocumentSourceEntry,
    iamDocumentSources,
    identityDocumentTypes,
    principalDocumentTypes,
} from "../../policypack/lib/iam-document-sources";
import { iamNoWildcardPermissions } from "../../policypack/policies/iam-no-wildcard-permissions";
import { iamNoWildcardPrincipals } from "../../policypack/policies/iam-no-wildcard-principals";
import { iamTypeWideWrite } from "../../policypack/policies/iam-type-wide-write";
import { violations } from "./check";

const awsRoot = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** `aws:s3/bucketPolicy:BucketPolicy` → the module's .js and .d.ts files and its class. */
function moduleOf(type: string): { js: string; dts: string; cls: string } {
    const m = /^aws:([^/]+)\/([^:]+):(\w+)$/.exec(type);
    assert.ok(m, `${type} is not an @pulumi/aws type token`);
    const base = path.join(awsRoot, m[1], m[2]);
    return { js: `${base}.js`, dts: `${base}.d.ts`, cls: m[3] };
}

/** The top-level property names of `interface <name> { ... }` in a .d.ts text. */
function interfaceProperties(dts: string, name: string): string[] {
    const start = dts.indexOf(`export interface ${name} {`);
    assert.ok(start >= 0, `no interface ${name}`);
    const body = dts.slice(start, dts.indexOf("\n}", start));
    return [...body.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
}

/** Props holding `document` where the entry says, or the permission's fields. */
function propsWith(source: DocumentSourceEntry, document: unknown): Record<string, unknown> {
    if (source.kind === "permission") {
        return { principal: "*", action: "lambda:InvokeFunction", statementId: "s" };
    }
    if (source.path.endsWith("[].policy")) {
        return { [source.path.slice(0, -"[].policy".length)]: [{ name: "p", policy: document }] };
    }
    const keys = source.path.split(".");
    return keys.reduceRight<Record<string, unknown>>(
        (inner, key) => ({ [key]: inner }),
        document as Record<string, unknown>,
    );
}

describe("IAM document sources", () => {
    it("lists about 80 sources, each type and path once", () => {
        const keys = iamDocumentSources.map((s) => `${s.type} ${s.path}`);
        assert.strictEqual(new Set(keys).size, keys.length);
        assert.strictEqual(iamDocumentSources.length, 81);
        assert.deepStrictEqual(Object.keys(identityDocumentTypes), [
            "aws:iam/policy:Policy",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/userPolicy:UserPolicy",
            "aws:iam/groupPolicy:GroupPolicy",
            "aws:iam/role:Role",
            "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        ]);
        assert.strictEqual(principalDocumentTypes["aws:iam/role:Role"], "IAM role");
    });

    for (const source of iamDocumentSources) {
        it(`${source.type}: the token is a class's __pulumiType and ${source.path} is in its Args`, () => {
            const { js, dts, cls } = moduleOf(source.type);
            assert.ok(
                fs.readFileSync(js, "utf8").includes(`static __pulumiType = '${source.type}';`),
                `${js} has no __pulumiType ${source.type}`,
            );
            const text = fs.readFileSync(dts, "utf8");
            const [head, nested] = source.path.split(/\.|\[\]\./);
            assert.ok(
                interfaceProperties(text, `${cls}Args`).includes(head),
                `${cls}Args has no ${head}`,
            );
            if (nested !== undefined) {
                // inlinePolicies[].policy, details.policy: the element's interface, named in
                // the property's type (`inputs.iam.RoleInlinePolicy`), is in types/input.d.ts.
                const args = text.slice(text.indexOf(`export interface ${cls}Args {`));
                const typeName = new RegExp(
                    `\\n {4}${head}\\??: [^\\n]*inputs\\.\\w+\\.(\\w+)`,
                ).exec(args);
                assert.ok(typeName, `${cls}Args.${head} names no input type`);
                const input = fs.readFileSync(path.join(awsRoot, "types", "input.d.ts"), "utf8");
                assert.match(
                    input,
                    new RegExp(`interface ${typeName[1]} \\{[^}]*\\n {8}${nested}\\??:`),
                );
            }
        });
    }

    const openDocument = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }],
    };
    for (const source of iamDocumentSources.filter((s) => s.kind !== "identity")) {
        it(`${source.type} ${source.path}: a Principal "*" is reported by iam-no-wildcard-principals`, async () => {
            const messages = await violations(
                iamNoWildcardPrincipals,
                source.type,
                propsWith(source, JSON.stringify(openDocument)),
                {},
                "r",
            );
            const at =
                source.kind === "permission"
                    ? `${source.label} "r" has Principal "*"`
                    : `${source.label} "r": ${source.path} statement 0 has Principal "*"`;
            assert.strictEqual(messages.length, 1, messages.join("\n"));
            assert.ok(messages[0].startsWith(`${at}, which allows anyone: `), messages[0]);
        });
    }

    const adminDocument = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    };
    for (const source of iamDocumentSources.filter((s) => s.kind === "identity")) {
        it(`${source.type} ${source.path}: Action "*" is reported by iam-no-wildcard-permissions`, async () => {
            const messages = await violations(
                iamNoWildcardPermissions,
                source.type,
                propsWith(source, adminDocument),
                {},
                "r",
            );
            // The first finding; "*" also grants the EKS access-entry paths, reported after it.
            assert.match(
                messages[0],
                new RegExp(
                    `^${source.label} "r": \\S+( "p")? statement 0 action "\\*" grants actions of every service: `,
                ),
            );
        });
    }

    it("the SSO permission set inline policy is read as an identity policy", async () => {
        const messages = await violations(
            iamNoWildcardPermissions,
            "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
            {
                instanceArn: "arn:aws:sso:::instance/ssoins-1",
                permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
                inlinePolicy: JSON.stringify(adminDocument),
            },
            {},
            "admins",
        );
        assert.strictEqual(
            messages[0],
            'SSO permission set inline policy "admins": inlinePolicy statement 0 action "*" grants actions of every service: list the exact actions the principal calls.',
        );
        // The advisory policy reads the same documents.
        assert.deepStrictEqual(
            await violations(
                iamTypeWideWrite,
                "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
                {
                    inlinePolicy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Action: "ec2:DeleteVolume",
                                Resource: "arn:aws:ec2:*:*:volume/*",
                            },
                        ],
                    }),
                },
                {},
                "admins",
            ).then((ms) => ms.length),
            1,
        );
    });
});
