// The wrapper every resource policy goes through (policypack/lib/validation.ts): odd props
// become one exact violation instead of a crashed pack, while a value unknown during preview
// still reaches the SDK, which reports it as its advisory "can't run policy during preview".
import * as assert from "assert";
import { ResourceValidationArgs } from "@pulumi/policy";
import { judgeEach, validateTypes } from "../../policypack/lib/validation";
import { UnknownValueError } from "../../policypack/lib/values";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy");

const policyType = "aws:iam/policy:Policy";

function args(props: Record<string, unknown>, type = policyType): ResourceValidationArgs {
    return { type, name: "deploy", urn: `urn:pulumi:dev::app::${type}::deploy`, props } as never;
}

/** Runs `validateTypes` over one resource; returns the reports. */
function validate(check: (props: Record<string, unknown>) => void, a: ResourceValidationArgs) {
    const reported: string[] = [];
    const validation = validateTypes({ [policyType]: "IAM policy" }, (props) => check(props));
    void validation(a, (message) => reported.push(message));
    return reported;
}

describe("validateTypes: odd props are one violation, an unknown value is the SDK's", () => {
    it("an error on malformed props is reported with the resource and the error", () => {
        const reported = validate(
            (props) => {
                if (!Array.isArray(props.Statement)) {
                    throw new TypeError("Statement is not a list");
                }
            },
            args({ Statement: {} }),
        );
        assert.deepStrictEqual(reported, [
            'IAM policy "deploy" could not be checked, its properties are malformed (Statement is not a list): fix their shape.',
        ]);
    });

    it("an unknown value during preview is thrown on, for the SDK to report as advisory", () => {
        const props = unknownCheckingProxy({ policy: unknownStringValue });
        assert.throws(
            () => validate((p) => void p.policy, args(props)),
            (e: Error) =>
                e instanceof UnknownValueError &&
                e.message === "string value at .policy can't be known during preview",
        );
    });

    it("a resource of another type is not checked", () => {
        const reported = validate(
            () => {
                throw new Error("checked");
            },
            args({}, "aws:iam/role:Role"),
        );
        assert.deepStrictEqual(reported, []);
    });
});

describe("validateTypes over a list of types: EKS clusters are named as such, other resources by their kind", () => {
    it("labels each type of the list in its messages", () => {
        const types = [
            "aws:eks/cluster:Cluster",
            "eks:index:Cluster",
            "aws:ecs/cluster:Cluster",
            "aws:eks/nodeGroup:NodeGroup",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        ];
        const validation = validateTypes(types, () => {
            throw new TypeError("odd");
        });
        const reported = types.map((type) => {
            const messages: string[] = [];
            void validation(args({}, type), (message) => messages.push(message));
            return messages;
        });
        const malformed = (subject: string) => [
            `${subject} "deploy" could not be checked, its properties are malformed (odd): fix their shape.`,
        ];
        assert.deepStrictEqual(reported, [
            malformed("EKS cluster"),
            malformed("EKS cluster"),
            malformed("Cluster"),
            malformed("NodeGroup"),
            malformed("ClusterRoleBinding"),
        ]);
    });
});

describe("judgeEach: every resource is judged, the unknown ones named together at the end", () => {
    it("names each resource that could not be judged, with what was unknown, after judging the others", () => {
        const resources = ["a", "b", "c"].map((name) => ({
            urn: `urn:${name}`,
            props: unknownCheckingProxy({
                roleRef: { name: name === "b" ? "admin" : unknownStringValue },
            }),
        }));
        const judged: string[] = [];
        assert.throws(
            () =>
                judgeEach(resources, (r) => {
                    judged.push(`${r.urn} ${(r.props.roleRef as { name: string }).name}`);
                }),
            (e: Error) =>
                e instanceof UnknownValueError &&
                e.message ===
                    "2 resource(s) could not be judged, the others were: urn:a (string value at .roleRef.name can't be known during preview); urn:c (string value at .roleRef.name can't be known during preview)",
        );
        assert.deepStrictEqual(judged, ["urn:b admin"]);
    });
});
