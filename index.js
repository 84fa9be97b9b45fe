// Entry point when this directory is loaded by path (package.json "main"), as the Pulumi
// language host loads it to serve the components to other languages (PulumiPlugin.yaml):
// the TypeScript sources in a checkout (the host registers ts-node), the compiled package
// once installed. `import "hardened-eks"` resolves through "exports" to dist/ directly.
"use strict";
const fs = require("fs");
const path = require("path");

module.exports = fs.existsSync(path.join(__dirname, "index.ts"))
    ? require("./index.ts")
    : require("./dist/index.js");
