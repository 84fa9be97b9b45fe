// Stack traces while the program runs, mapped to source lines only when a report needs one.
//
// The SDK captures a full stack trace for every resource it constructs (Resource.callsites in
// @pulumi/pulumi resource.js: `new Error().stack` with an unlimited stackTraceLimit). Under
// ts-node, Error.prepareStackTrace is source-map-support's, which maps every frame of every
// trace through source maps: a quarter of the CPU of a large program, and garbage, for
// positions only the few resources with violations need. While the program runs, frames are
// formatted as V8 formats them (generated positions); a report maps the frames it uses,
// through the stack-trace formatter the TypeScript loader installed.
import * as path from "path";
import * as url from "url";

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
export function userStackTraces(Resource: {
    stackTrace(skip: number): unknown;
    framePositionRegExp: RegExp;
}): void {
    const framePosition = Resource.framePositionRegExp;
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

/**
 * A generated position (1-based line and column, as V8 reports them) mapped to its source,
 * when a source map covers it; the position itself otherwise.
 */
export function sourcePosition(
    file: string,
    line: number,
    column: number,
): { file: string; line: number; column: number } {
    const format = Error.prepareStackTrace;
    if (!format) {
        return { file, line, column };
    }
    try {
        const text = String(
            format(new Error("position"), [
                new PositionSite(file, line, column) as unknown as NodeJS.CallSite,
            ]),
        );
        const mapped = /(?:\(|at )([^()]+):(\d+):(\d+)\)?\s*$/.exec(text);
        if (!mapped) {
            return { file, line, column };
        }
        const [source, mappedLine, mappedColumn] = [
            mapped[1],
            Number(mapped[2]),
            Number(mapped[3]),
        ];
        return source === file && mappedLine === line
            ? { file, line, column }
            : {
                  file: source.startsWith("file://")
                      ? url.fileURLToPath(source)
                      : path.resolve(path.dirname(file), source),
                  line: mappedLine,
                  column: mappedColumn,
              };
    } catch {
        return { file, line, column };
    }
}

/**
 * A call site at a generated position, to ask the stack-trace formatter the TypeScript loader
 * installed where it maps: ts-node installs source-map-support's `prepareStackTrace` (its own
 * @cspotcode copy in ts-node 10, a bundled copy in the SDK's vendored ts-node 7.0.1), whose
 * wrapCallSite maps each frame through the compiled output's source map. Methods live on the
 * prototype, where source-map-support's cloneCallSite copies them from.
 */
class PositionSite {
    constructor(
        private readonly file: string,
        private readonly line: number,
        private readonly column: number,
    ) {}
    getFileName() {
        return this.file;
    }
    getScriptNameOrSourceURL() {
        return this.file;
    }
    getLineNumber() {
        return this.line;
    }
    getColumnNumber() {
        return this.column;
    }
    getEvalOrigin() {
        return undefined;
    }
    getFunctionName() {
        return null;
    }
    getMethodName() {
        return null;
    }
    getTypeName() {
        return null;
    }
    getThis() {
        return undefined;
    }
    getFunction() {
        return undefined;
    }
    isNative() {
        return false;
    }
    isEval() {
        return false;
    }
    isToplevel() {
        return true;
    }
    isConstructor() {
        return false;
    }
    isAsync() {
        return false;
    }
    isPromiseAll() {
        return false;
    }
    getPromiseIndex() {
        return null;
    }
    toString() {
        return `${this.file}:${this.line}:${this.column}`;
    }
}
