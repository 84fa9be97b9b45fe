// Benchmark of preflight on the multi-tenant example with 3, 30 and 300 tenants: wall time
// of the whole command (program under mocks, pack start, Analyze, AnalyzeStack, report).
import { spawnSync } from "child_process";
import * as path from "path";
import { median, ms } from "./stats";

const root = path.join(__dirname, "..");

export interface PreflightFigure {
    tenants: number;
    resources: number;
    wallMs: number;
}

function runOnce(tenants: number): { ms: number; resources: number } {
    const start = process.hrtime.bigint();
    const run = spawnSync(
        process.execPath,
        [
            path.join(root, "bin", "hardened-eks.js"),
            "preflight",
            "examples/multi-tenant",
            "--config",
            `tenantCount=${tenants}`,
            "--format",
            "json",
        ],
        { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
    );
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) {
        throw new Error(`preflight with ${tenants} tenants exited ${run.status}: ${run.stderr}`);
    }
    return { ms: elapsed, resources: JSON.parse(run.stdout).counts.resources };
}

export function benchPreflight(tenantCounts = [3, 30, 300], runs = 3): PreflightFigure[] {
    return tenantCounts.map((tenants) => {
        const results = Array.from({ length: runs }, () => runOnce(tenants));
        return {
            tenants,
            resources: results[0].resources,
            wallMs: median(results.map((r) => r.ms)),
        };
    });
}

export function reportPreflight(figures: PreflightFigure[]): string {
    const rows = figures.map((f, i) => {
        const prev = figures[i - 1];
        const growth = prev
            ? `${(f.wallMs / prev.wallMs).toFixed(1)}x time for ${(f.resources / prev.resources).toFixed(1)}x resources`
            : "";
        return `| ${f.tenants} | ${f.resources} | ${ms(f.wallMs)} | ${(f.wallMs / f.resources).toFixed(1)} ms | ${growth} |`;
    });
    return [
        "| tenants | resources | wall time, median of 3 | per resource | growth |",
        "|---|---|---|---|---|",
        ...rows,
    ].join("\n");
}
