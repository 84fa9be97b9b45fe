// Entry point the engine loads (package.json "main").
//
// Installed from npm, the pack runs its compiled JavaScript (`dist/`, built by `npm run build`),
// with no TypeScript toolchain at run time. In a source checkout (index.ts beside this file)
// it runs the sources: the engine would start a TypeScript pack under ts-node in type-check
// mode, which builds a whole TypeScript program before the pack can answer (about 2 s of a
// 2.5 s start here). The sources are type-checked in CI (`npm run typecheck`), so here they are
// only transpiled, with ts-node's transpile-only mode, and the output is cached by content
// hash (a preview starts the pack every time). The cache lives in the pack's own directory,
// never a shared temp directory: code another user could write there would run inside the
// security gate.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

if (!fs.existsSync(path.join(__dirname, "index.ts"))) {
    require("./dist/index.js");
    return;
}

const cacheDir = path.join(__dirname, ".cache");
// This loader and the TypeScript version are part of every key: a change to either recompiles.
const keyPrefix = `${fs.readFileSync(__filename, "utf8")}\0${require("typescript").version}`;
let service;
function transpile(source, filename) {
    const key = crypto
        .createHash("sha256")
        .update(`${keyPrefix}\0${filename}\0${source}`)
        .digest("hex");
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
        // A read-only checkout only costs the next start its transpiling.
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
