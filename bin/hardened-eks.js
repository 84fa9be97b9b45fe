#!/usr/bin/env node
// The `hardened-eks` command. Compiles this package's TypeScript on the fly (transpile
// only; CI type-checks it), then runs the CLI.
"use strict";
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
require("../preflight/cli.ts").run();
