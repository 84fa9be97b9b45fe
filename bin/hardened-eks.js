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
    // The first line: Node's require stack says nothing a user can act on.
    const message = String(e && e.message ? e.message : e).split("\n")[0];
    const sdk = /@pulumi\/pulumi/.test(message)
        ? " (hardened-eks needs the project's own @pulumi/pulumi, in the range the README's " +
          '"Supported and tested versions" gives: npm install @pulumi/pulumi)'
        : "";
    process.stderr.write(`hardened-eks could not start: ${message}${sdk}\n`);
    process.exit(2);
}
