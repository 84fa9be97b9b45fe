// The CLI exits only once its report is flushed: on a pipe, stdout writes are asynchronous,
// and exiting at once cut large JSON reports short for the step reading them.
import * as assert from "assert";
import { run } from "../../preflight/cli";

describe("hardened-eks exit", () => {
    it("waits for stdout to flush before exiting with the verdict's code", async () => {
        const stdout = process.stdout.write;
        const exit = process.exit;
        const argv = process.argv;
        const events: string[] = [];
        let flush: (() => void) | undefined;
        process.stdout.write = ((_chunk: unknown, callback?: unknown) => {
            if (typeof callback === "function") {
                flush = callback as () => void;
            }
            return false;
        }) as typeof process.stdout.write;
        process.exit = ((code: number) => events.push(`exit ${code}`)) as never;
        process.argv = [argv[0], "hardened-eks", "preflight", "--format", "xml", "x"];
        const stderr = process.stderr.write;
        process.stderr.write = (() => true) as never;
        try {
            run();
            await new Promise((resolve) => setTimeout(resolve, 200));
            assert.deepStrictEqual(events, [], "exited before stdout was flushed");
            assert.ok(flush, "no write waits for the flush");
            flush!();
            assert.deepStrictEqual(events, ["exit 2"]);
        } finally {
            process.stdout.write = stdout;
            process.stderr.write = stderr;
            process.exit = exit;
            process.argv = argv;
        }
    });
});
