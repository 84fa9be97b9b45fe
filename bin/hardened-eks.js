#!/usr/bin/env node
// The `hardened-eks` command. Compiles this package's TypeScript on the fly (transpile
// only; CI type-checks it), then runs the CLI.
"use strict";
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const { main } = require("../preflight/cli.ts");

main(
    process.argv.slice(2),
    (s) => process.stdout.write(`${s}\n`),
    (s) => process.stderr.write(`${s}\n`),
).then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`preflight failed: ${e}\n`);
        process.exit(2);
    },
);
