// Stack traces while the program runs, mapped to source lines only when a report needs one.
//
// The SDK captures a full stack trace for every resource it constructs (Resource.callsites in
// @pulumi/pulumi resource.js: `new Error().stack` with an unlimited stackTraceLimit). Under
// ts-node, Error.prepareStackTrace is source-map-support's, which maps every frame of every
// trace through source maps: a quarter of the CPU of a large program, and garbage, for
// positions only the few resources with violations need. While the program runs, frames are
// formatted as V8 formats them (generated positions); a report maps the frames it uses,
// through the same source-map-support that ts-node installed.
import * as path from "path";
import * as url from "url";

interface SourceMapSupport {
    mapSourcePosition(position: { source: string; line: number; column: number }): {
        source: string;
        line: number;
        column: number;
    };
}

/** V8's own format: `Error: message\n    at fn (file:line:column)`, with no source mapping. */
function rawStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
    let text = `${error.name ?? "Error"}${error.message ? `: ${error.message}` : ""}`;
    for (const frame of frames) {
        text += `\n    at ${frame}`;
    }
    return text;
}

/** Runs `body` with unmapped stack traces, then restores the installed `Error.prepareStackTrace`. */
export async function withRawStackTraces<T>(body: () => Promise<T>): Promise<T> {
    const installed = Error.prepareStackTrace;
    Error.prepareStackTrace = rawStackTrace;
    try {
        return await body();
    } finally {
        Error.prepareStackTrace = installed;
    }
}

/** The frames of a registration's call stack preflight keeps: enough to locate it. */
const userFrameLimit = 6;

/** A frame as the SDK sends it in a RegisterResourceRequest's stack trace. */
interface StackFrame {
    uri: string;
    line: number;
    column: number;
}

/**
 * Cuts the SDK's per-resource stack trace to the frames preflight reads. Resource.stackTrace
 * (@pulumi/pulumi resource.js:348-365, called from the Resource constructor at :282) formats
 * every frame of an unlimited trace, parses each with Resource.framePositionRegExp and sends
 * all of them; preflight reads the first few outside node_modules (installMocks installs this).
 * This gives those frames alone, formatted and parsed as the SDK does, and formats no other:
 * V8's structured call sites, turned into text only for the frames that are kept.
 */
export function userStackTraces(sdkDir: string): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Resource } = require(path.join(sdkDir, "resource"));
    const framePosition: RegExp = Resource.framePositionRegExp;
    Resource.stackTrace = (skip: number): StackFrame[] => {
        const limit = Error.stackTraceLimit;
        const prepare = Error.prepareStackTrace;
        Error.stackTraceLimit = Number.POSITIVE_INFINITY;
        Error.prepareStackTrace = (_error, sites) => sites;
        let sites: NodeJS.CallSite[];
        try {
            sites = new Error().stack as unknown as NodeJS.CallSite[];
        } finally {
            Error.stackTraceLimit = limit;
            Error.prepareStackTrace = prepare;
        }
        // The SDK drops `skip + 1` frames of callsites(), which starts one frame deeper than
        // this function: here the caller's frame is at index `skip`.
        const frames: StackFrame[] = [];
        for (let i = skip; i < sites.length && frames.length < userFrameLimit; i++) {
            const file = sites[i].getFileName();
            if (!file || file.startsWith("node:") || /[\\/]node_modules[\\/]/.test(file)) {
                continue;
            }
            const groups = framePosition.exec(`    at ${sites[i]}`)?.groups;
            const line = Number(groups?.line);
            const column = Number(groups?.column);
            if (groups?.file && line && column) {
                frames.push({ uri: url.pathToFileURL(groups.file).toString(), line, column });
            }
        }
        return frames;
    };
}

let support: SourceMapSupport | null | undefined;

/** The source-map-support that ts-node installed (the project's, else this package's). */
function sourceMapSupport(projectDir: string): SourceMapSupport | null {
    if (support === undefined) {
        support = null;
        for (const from of [projectDir, __dirname]) {
            try {
                const tsNode = path.dirname(require.resolve("ts-node", { paths: [from] }));
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                support = require(
                    require.resolve("@cspotcode/source-map-support", { paths: [tsNode] }),
                ) as SourceMapSupport;
                break;
            } catch {
                // No ts-node there: try the next place.
            }
        }
    }
    return support;
}

/**
 * A generated position (1-based line and column, as V8 reports them) mapped to its source,
 * when a source map covers it; the position itself otherwise.
 */
export function sourcePosition(
    file: string,
    line: number,
    column: number,
    projectDir: string,
): { file: string; line: number; column: number } {
    const mapper = sourceMapSupport(projectDir);
    if (!mapper) {
        return { file, line, column };
    }
    try {
        // source-map-support takes 0-based columns (its wrapCallSite subtracts one).
        const mapped = mapper.mapSourcePosition({ source: file, line, column: column - 1 });
        return mapped.source === file && mapped.line === line
            ? { file, line, column }
            : {
                  file: mapped.source.startsWith("file://")
                      ? new URL(mapped.source).pathname
                      : path.resolve(path.dirname(file), mapped.source),
                  line: mapped.line,
                  column: mapped.column + 1,
              };
    } catch {
        return { file, line, column };
    }
}
