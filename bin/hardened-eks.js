#!/usr/bin/env node
// The `hardened-eks` command. Installed from npm it runs the compiled CLI (`dist/`); in a
// source checkout it compiles the TypeScript on the fly (transpile only; CI type-checks it).
// A failure to start exits 2, "could not run", never 1, which means mandatory violations.
"use strict";
const fs = require("fs");
const path = require("path");

try {
    const source = path.join(__dirname, "..", "preflight", "cli.ts");
    if (fs.existsSync(source)) {
        require("ts-node").register({
            transpileOnly: true,
            compilerOptions: { module: "commonjs" },
        });
        require(source).run();
    } else {
        require("../dist/preflight/cli.js").run();
    }
} catch (e) {
    process.stderr.write(`hardened-eks could not start: ${e && e.message ? e.message : e}\n`);
    process.exit(2);
}
