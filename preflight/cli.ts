// `hardened-eks preflight <project-dir> [--policy-pack <dir>] [--policy-pack-config <file>]
//   [--stack <name>] [--config k=v]... [--organization <name>] [--timeout <seconds>]
//   [--format text|json|sarif]`
// Exit 0: no mandatory violation. 1: mandatory violations. 2: the program or the pack failed.
import { parseArgs } from "util";
import { preflight } from "./preflight";
import { programOptions, rbacMain, rbacUsage } from "./rbac-cli";
import { Format, formats, passes, render, renderError } from "./report";

const usage = `usage: hardened-eks preflight <project-dir> [--policy-pack <dir>] [--policy-pack-config <file>]
                                 [--stack <name>] [--config key=value]... [--organization <name>]
                                 [--timeout <seconds>] [--format text|json|sarif]

Runs the Pulumi program in <project-dir> as \`pulumi preview\` would, under mocks (no cloud
account, no Pulumi CLI), and reports the policy pack's verdict. Exit 0: no mandatory
violation; 1: mandatory violations; 2: the program or the policy pack failed to run, or did
not finish within --timeout seconds (default 300).

${rbacUsage}`;

export async function main(
    argv: string[],
    out: (s: string) => void,
    err: (s: string) => void,
): Promise<number> {
    if (["can-i", "who-can", "rbac"].includes(argv[0])) {
        return rbacMain(argv, out, err);
    }
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                "policy-pack": { type: "string" },
                "policy-pack-config": { type: "string" },
                ...programOptions,
                format: { type: "string", default: "text" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (e) {
        err(`${(e as Error).message}\n${usage}`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        out(usage);
        return 0;
    }
    if (positionals[0] !== "preflight" || positionals.length !== 2) {
        err(usage);
        return 2;
    }
    const format = values.format as Format;
    if (!formats.includes(format)) {
        err(
            `--format ${JSON.stringify(values.format)} is not one of ${formats.join(", ")}\n${usage}`,
        );
        return 2;
    }
    const timeoutSeconds = Number(values.timeout);
    if (!(timeoutSeconds > 0)) {
        err(`--timeout ${JSON.stringify(values.timeout)} is not a number of seconds\n${usage}`);
        return 2;
    }
    const tty = process.stderr.isTTY === true;
    const started = Date.now();
    try {
        const result = await preflight({
            projectDir: positionals[1],
            policyPackDir: values["policy-pack"],
            policyConfigFile: values["policy-pack-config"],
            stack: values.stack,
            config: values.config,
            organization: values.organization,
            timeoutSeconds,
            warn: (line) => err(`note: ${line}`),
            // A progress line on a terminal, once runs take long enough to wonder.
            progress: tty
                ? (line) => Date.now() - started > 2000 && process.stderr.write(`\r\x1b[K${line}`)
                : undefined,
        });
        if (tty) {
            process.stderr.write("\r\x1b[K");
        }
        out(render(result, format));
        return passes(result) ? 0 : 1;
    } catch (e) {
        const message = (e as Error).message;
        if (format !== "text") {
            out(renderError(message, format));
        }
        err(`preflight failed: ${message}`);
        return 2;
    }
}

/** Runs the CLI on this process's arguments and exits with its code. */
export function run(): void {
    main(
        process.argv.slice(2),
        (s) => process.stdout.write(`${s}\n`),
        (s) => process.stderr.write(`${s}\n`),
    ).then(
        // On a pipe, stdout writes are asynchronous: exit once the report is flushed, or a
        // large JSON or SARIF report reaches the next step cut short.
        (code) => process.stdout.write("", () => process.exit(code)),
        (e) => {
            process.stderr.write(`preflight failed: ${e}\n`);
            process.exit(2);
        },
    );
}
