// `npm run test:node22`: runs test folders on a tested Node.js release other than this
// machine's, the binary the npm registry ships as a package (preflight/tested-versions.ts).
// Usage: ts-node tests/on-node.ts <major> <test file glob>...
import { spawnSync } from "child_process";
import * as path from "path";
import { testedNodeReleases } from "../preflight/tested-versions";
import { nodeFromRegistry } from "./package/node-from-registry";

const [major, ...folders] = process.argv.slice(2);
const release = testedNodeReleases.find((v) => v.split(".")[0] === major);
if (!release || folders.length === 0) {
    process.stderr.write(
        `usage: on-node.ts <major> <test file glob>...; tested majors: ${testedNodeReleases.join(", ")}\n`,
    );
    process.exit(2);
}
const bin = nodeFromRegistry(release);
const repoRoot = path.join(__dirname, "..");
// The repository's mocha settings, for these files only (.mocharc's spec would add every test).
const result = spawnSync(
    path.join(bin, "node"),
    [
        require.resolve("mocha/bin/mocha.js"),
        "--no-config",
        "--require",
        "ts-node/register/transpile-only",
        "--require",
        "./tests/fast-check-seed.ts",
        "--extension",
        "ts",
        "--timeout",
        "60000",
        "--reporter",
        "./tests/reporter.js",
        ...folders,
    ],
    {
        cwd: repoRoot,
        stdio: "inherit",
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    },
);
process.exit(result.status ?? 2);
