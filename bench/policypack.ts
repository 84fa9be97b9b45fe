// Benchmark of the policy pack beside @pulumi/awsguard, both started as the engine starts a
// pack and measured in the same run: cold start, median Analyze, AnalyzeStack at 1k and 10k.
import * as path from "path";
import { PolicyPackProcess } from "../preflight/analyzer-client";
import { resolvePolicyConfig } from "../preflight/policy-config";
import { mixedResources } from "./resources";
import { median, ms, time } from "./stats";

const packs = {
    "hardened-eks": path.join(__dirname, "..", "policypack"),
    awsguard: path.join(__dirname, "awsguard-pack"),
};
type PackName = keyof typeof packs;

export interface PackFigures {
    coldStartMs: number;
    analyzeMedianMs: number;
    analyzeStack1kMs: number;
    analyzeStack10kMs: number;
}

async function started(dir: string): Promise<PolicyPackProcess> {
    const pack = await PolicyPackProcess.start(dir);
    await pack.configure(resolvePolicyConfig(await pack.info()));
    return pack;
}

/** The start-up floor: a pack with no policies, started the same way. */
const emptyPack = path.join(__dirname, "empty-pack");

export interface BenchFigures {
    packs: Record<PackName, PackFigures>;
    floorColdStartMs: number;
}

export async function benchPolicyPacks(coldStarts = 5): Promise<BenchFigures> {
    const dirs: [PackName | "empty", string][] = [
        ...(Object.entries(packs) as [PackName, string][]),
        ["empty", emptyPack],
    ];
    const starts: Record<PackName | "empty", number[]> = {
        "hardened-eks": [],
        awsguard: [],
        empty: [],
    };
    // Alternate the packs so machine noise falls on all alike.
    for (let i = 0; i < coldStarts; i++) {
        for (const [name, dir] of dirs) {
            let pack: PolicyPackProcess | undefined;
            starts[name].push(await time(async () => (pack = await PolicyPackProcess.start(dir))));
            await pack!.close();
        }
    }
    const mixed = mixedResources(1_000);
    const result = {} as Record<PackName, PackFigures>;
    for (const name of Object.keys(packs) as PackName[]) {
        const pack = await started(packs[name]);
        // One untimed pass first, so both packs are measured with their code optimised.
        for (const r of mixed) {
            await pack.analyze(r);
        }
        const latencies: number[] = [];
        for (const r of mixed) {
            latencies.push(await time(() => pack.analyze(r)));
        }
        const stack1k = median([
            await time(() => pack.analyzeStack(mixed)),
            await time(() => pack.analyzeStack(mixed)),
            await time(() => pack.analyzeStack(mixed)),
        ]);
        const big = mixedResources(10_000);
        const stack10k = median([
            await time(() => pack.analyzeStack(big)),
            await time(() => pack.analyzeStack(big)),
            await time(() => pack.analyzeStack(big)),
        ]);
        await pack.close();
        result[name] = {
            coldStartMs: median(starts[name]),
            analyzeMedianMs: median(latencies),
            analyzeStack1kMs: stack1k,
            analyzeStack10kMs: stack10k,
        };
    }
    return { packs: result, floorColdStartMs: median(starts.empty) };
}

export function reportPolicyPacks({
    packs: f,
    floorColdStartMs,
}: Awaited<ReturnType<typeof benchPolicyPacks>>): string {
    const ours = f["hardened-eks"];
    const peer = f.awsguard;
    const rows = [
        [
            "cold start of an empty @pulumi/policy pack (the floor), median of 5",
            ms(floorColdStartMs),
            "",
            `${(floorColdStartMs / peer.coldStartMs).toFixed(2)}x`,
            "",
        ],
        [
            "cold start (process start to port printed), median of 5",
            ms(ours.coldStartMs),
            ms(peer.coldStartMs),
            `${(ours.coldStartMs / peer.coldStartMs).toFixed(2)}x`,
            "at most 0.5x",
        ],
        [
            "Analyze, median over 1,000 mixed resources (after an untimed pass)",
            ms(ours.analyzeMedianMs),
            ms(peer.analyzeMedianMs),
            `${(ours.analyzeMedianMs / peer.analyzeMedianMs).toFixed(2)}x`,
            "at most 1x",
        ],
        [
            "AnalyzeStack, 1,000 resources",
            ms(ours.analyzeStack1kMs),
            ms(peer.analyzeStack1kMs),
            "",
            "",
        ],
        [
            "AnalyzeStack, 10,000 resources",
            ms(ours.analyzeStack10kMs),
            ms(peer.analyzeStack10kMs),
            "",
            "under 2,000 ms",
        ],
        [
            "AnalyzeStack 10,000 / 1,000",
            `${(ours.analyzeStack10kMs / ours.analyzeStack1kMs).toFixed(1)}x`,
            `${(peer.analyzeStack10kMs / peer.analyzeStack1kMs).toFixed(1)}x`,
            "",
            "at most 12x",
        ],
    ];
    return [
        "| measure | hardened-eks | @pulumi/awsguard | ratio | target |",
        "|---|---|---|---|---|",
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
}
