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
