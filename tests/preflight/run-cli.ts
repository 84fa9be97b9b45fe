// Runs the `hardened-eks` command as a user would, in its own process.
import { spawn } from "child_process";
import * as path from "path";

export const repoRoot = path.join(__dirname, "..", "..");
export const fixture = (name: string) => path.join("tests", "preflight", "fixtures", name);

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

export function runCli(...args: string[]): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [path.join(repoRoot, "bin", "hardened-eks.js"), ...args],
            { cwd: repoRoot },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
