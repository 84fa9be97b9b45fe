// Benchmark of preflight on the multi-tenant example with 3, 30 and 300 tenants: wall time
// of the whole command (program under mocks, pack start, Analyze, AnalyzeStack, report).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { median, ms } from "./stats";

const root = path.join(__dirname, "..");

export interface PreflightFigure {
    tenants: number;
    resources: number;
    wallMs: number;
    /** Peak resident memory of the preflight process, in MB (GNU time's %M), when measurable. */
    peakMb?: number;
}

/** GNU time, to read a child's peak resident memory; absent on some machines. */
const gnuTime = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function runOnce(tenants: number): { ms: number; resources: number; peakMb?: number } {
    const start = process.hrtime.bigint();
    const command = [
        process.execPath,
        path.join(root, "bin", "hardened-eks.js"),
        "preflight",
        "examples/multi-tenant",
        "--config",
        `tenantCount=${tenants}`,
        "--format",
        "json",
    ];
    const run = gnuTime
        ? spawnSync(gnuTime, ["-f", "peak-kb %M", ...command], {
              cwd: root,
              encoding: "utf8",
              maxBuffer: 256 * 1024 * 1024,
          })
        : spawnSync(command[0], command.slice(1), {
              cwd: root,
              encoding: "utf8",
              maxBuffer: 256 * 1024 * 1024,
          });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) {
        throw new Error(`preflight with ${tenants} tenants exited ${run.status}: ${run.stderr}`);
    }
    const peak = /peak-kb (\d+)/.exec(run.stderr ?? "");
    return {
        ms: elapsed,
        resources: JSON.parse(run.stdout).counts.resources,
        peakMb: peak ? Math.round(Number(peak[1]) / 1024) : undefined,
    };
}

export function benchPreflight(tenantCounts = [3, 30, 300], runs = 3): PreflightFigure[] {
    return tenantCounts.map((tenants) => {
        const results = Array.from({ length: runs }, () => runOnce(tenants));
        return {
            tenants,
            resources: results[0].resources,
            wallMs: median(results.map((r) => r.ms)),
            peakMb: results.every((r) => r.peakMb !== undefined)
                ? Math.max(...results.map((r) => r.peakMb!))
                : undefined,
        };
    });
}

export function reportPreflight(figures: PreflightFigure[]): string {
    const rows = figures.map((f, i) => {
        const prev = figures[i - 1];
        const growth = prev
            ? `${(f.wallMs / prev.wallMs).toFixed(1)}x time for ${(f.resources / prev.resources).toFixed(1)}x resources`
            : "";
        return `| ${f.tenants} | ${f.resources} | ${ms(f.wallMs)} | ${(f.wallMs / f.resources).toFixed(1)} ms | ${f.peakMb ?? "n/a"} MB | ${growth} |`;
    });
    return [
        "| tenants | resources | wall time, median of 3 | per resource | peak memory, max of 3 | growth |",
        "|---|---|---|---|---|---|",
        ...rows,
    ].join("\n");
}
