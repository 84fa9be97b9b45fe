// The AnalyzeStack request preflight frames by hand, one resource at a time, is byte for
// byte what the generated AnalyzeStackRequest.serializeBinary gives.
import * as assert from "assert";
import * as fc from "fast-check";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { lengthDelimited } from "../../preflight/analyzer-client";

describe("analyzer client framing", () => {
    it("frames repeated AnalyzerResource as AnalyzeStackRequest.serializeBinary does, for any sizes", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.string(), fc.string({ maxLength: 40_000 })), { maxLength: 6 }),
                (items) => {
                    const resources = items.map(([name, type]) =>
                        new analyzer.AnalyzerResource().setName(name).setType(type).setUrn("u"),
                    );
                    const generated = Buffer.from(
                        new analyzer.AnalyzeStackRequest()
                            .setResourcesList(resources)
                            .serializeBinary(),
                    );
                    const framed = Buffer.concat(
                        resources.flatMap((r) => {
                            const bytes = r.serializeBinary();
                            return [lengthDelimited(1, bytes.length), bytes];
                        }),
                    );
                    assert.ok(framed.equals(generated));
                },
            ),
            { numRuns: 100 },
        );
    });
});
