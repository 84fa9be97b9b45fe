// Entry point the engine loads (package.json "main").
//
// The engine starts packs under ts-node in type-check mode, which builds a whole TypeScript
// program before the pack can answer: about 2 s of a 2.5 s start here. The pack's sources are
// type-checked in CI (`npm run typecheck`); at start-up they only need transpiling. So this
// pack's own `.ts` files are transpiled with ts-node's transpile-only mode, and the output is
// cached by content hash (a preview starts the pack every time), then index.ts runs as usual.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const cacheDir = path.join(os.tmpdir(), "hardened-eks-policypack");
let service;
function transpile(source, filename) {
    const key = crypto.createHash("sha256").update(`${filename}\0${source}`).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // Not cached yet.
    }
    service ??= require("ts-node").create({
        transpileOnly: true,
        skipProject: true,
        compilerOptions: {
            target: "ES2022",
            module: "commonjs",
            esModuleInterop: true,
            sourceMap: false,
            inlineSourceMap: false,
        },
    });
    const output = service.compile(source, filename);
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
        fs.writeFileSync(`${cached}.${process.pid}`, output);
        fs.renameSync(`${cached}.${process.pid}`, cached);
    } catch {
        // A read-only temp dir only costs the next start its transpiling.
    }
    return output;
}

const otherTypeScript = require.extensions[".ts"];
require.extensions[".ts"] = function (module, filename) {
    if (
        !filename.startsWith(__dirname + path.sep) ||
        filename.includes(`${path.sep}node_modules${path.sep}`)
    ) {
        return otherTypeScript(module, filename);
    }
    module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};

require("./index.ts");
