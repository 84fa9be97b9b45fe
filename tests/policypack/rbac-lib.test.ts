// Binding subjects, role references and subject keys of policypack/lib/rbac.ts: each value read
// alone, so that one unknown until deploy hides nothing else, a malformed one is named `?`, and
// a failure other than an unknown value is never taken for one.
import * as assert from "assert";
import {
    bindingSubjects,
    roleRef,
    subjectKey,
    unknownSubjectName,
} from "../../policypack/lib/rbac";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy");
const { unknownCheckingProxy, unknownStringValue } = proxy;

const unknownSubject = { kind: "Subject", name: unknownSubjectName, unknown: true };

describe("subjectKey", () => {
    it("puts a service account without a namespace in the binding's, or in none", () => {
        const sa = { kind: "ServiceAccount", name: "ci" };
        assert.deepStrictEqual(
            [
                subjectKey(sa, "apps"),
                subjectKey(sa),
                subjectKey({ ...sa, namespace: "ops" }, "apps"),
            ],
            ["ServiceAccount:apps:ci", "ServiceAccount::ci", "ServiceAccount:ops:ci"],
        );
    });
});

describe("bindingSubjects: each subject read alone", () => {
    it("reads no subject from a binding without subjects", () => {
        assert.deepStrictEqual(bindingSubjects({}), []);
        assert.deepStrictEqual(bindingSubjects({ subjects: null }), []);
    });

    it("keeps a subject unknown until deploy as a whole, and the known ones beside it", () => {
        const props = unknownCheckingProxy({
            subjects: [unknownStringValue, { kind: "Group", name: "devs" }],
        });
        assert.deepStrictEqual(bindingSubjects(props), [
            unknownSubject,
            { kind: "Group", name: "devs", namespace: undefined },
        ]);
    });

    it("keeps a subject whose kind is unknown until deploy as unknown, not malformed", () => {
        const props = unknownCheckingProxy({
            subjects: [{ kind: unknownStringValue, name: "alice" }],
        });
        assert.deepStrictEqual(bindingSubjects(props), [
            { ...unknownSubject, namespace: undefined },
        ]);
    });

    it("reads an empty namespace as none: a RoleBinding's own, as the authorizer reads it", () => {
        // rule.go appliesToUser (commit 05c351a9): a service account subject's namespace when
        // not empty, else the binding's.
        assert.deepStrictEqual(
            bindingSubjects({ subjects: [{ kind: "ServiceAccount", name: "ci", namespace: "" }] }),
            [{ kind: "ServiceAccount", name: "ci", namespace: undefined }],
        );
    });

    it("names a missing kind or name `?`", () => {
        assert.deepStrictEqual(
            bindingSubjects({ subjects: [{ name: "alice" }, { kind: "User" }] }),
            [
                { kind: "?", name: "alice", namespace: undefined },
                { kind: "User", name: "?", namespace: undefined },
            ],
        );
    });

    it("lets a failure other than an unknown value through", () => {
        const props = {
            get subjects(): unknown {
                throw new TypeError("not readable");
            },
        };
        assert.throws(() => bindingSubjects(props), { name: "TypeError", message: "not readable" });
    });
});

describe("roleRef", () => {
    it("reads a roleRef without kind as kind empty, and none without a name", () => {
        assert.deepStrictEqual(roleRef({ roleRef: { name: "edit" } }), { kind: "", name: "edit" });
        assert.strictEqual(roleRef({ roleRef: { kind: "ClusterRole" } }), undefined);
    });
});
