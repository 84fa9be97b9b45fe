// Small statistics and timing helpers for the benchmarks (medians, never single runs).
export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds `f` takes. */
export async function time(f: () => Promise<unknown>): Promise<number> {
    const start = process.hrtime.bigint();
    await f();
    return Number(process.hrtime.bigint() - start) / 1e6;
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
