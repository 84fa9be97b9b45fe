// Runs code under the preflight mocks and returns what it registered, for tests.
import * as assert from "assert";
import { MockedResource, MockSettings, ProgramMocks } from "../preflight/mocks";
import { installMocks, settled } from "../preflight/mock-engine";

/**
 * Installs fresh mocks, runs `build`, waits for every registration, returns the resources.
 * `settings.preview` runs it as `pulumi preview` does (provider-computed outputs unknown).
 */
export async function underMocks(
    build: () => unknown,
    project = "test",
    stack = "test",
    settings: MockSettings = {},
): Promise<MockedResource[]> {
    const mocks = new ProgramMocks(settings);
    installMocks(mocks, project, stack, undefined, { preview: settings.preview });
    await build();
    await settled();
    return mocks.resources;
}

/** Runs `build`, which must throw, and returns the error and what was registered. */
export async function refusal(
    build: () => unknown,
): Promise<{ error: Error; resources: MockedResource[] }> {
    let error: Error | undefined;
    const resources = await underMocks(() => {
        try {
            build();
        } catch (e) {
            error = e as Error;
        }
    });
    if (!error) {
        throw new Error("expected the constructor to throw, but it did not");
    }
    return { error, resources };
}

/** All resources of a type token. */
export function ofType(resources: MockedResource[], type: string): MockedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one resource of a type (and name, when given); throws when there is not exactly one. */
export function one(resources: MockedResource[], type: string, name?: string): MockedResource {
    const found = ofType(resources, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
        throw new Error(
            `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`,
        );
    }
    return found[0];
}

/** The parsed JSON of a string input. */
export function json(value: unknown): any {
    return JSON.parse(value as string);
}

/** A refusal case: what is wrong, the arguments that differ, and the message expected. */
export type RefusalCase = [what: string, extra: Record<string, unknown>, message: RegExp];

/**
 * One `it` per case: `construct(extra)` must throw an error that starts with `prefix` and
 * matches the case's message, and nothing may have been registered (besides what
 * `setup` is allowed to register, such as a provider the arguments hold).
 */
export function itRefuses(
    prefix: string,
    cases: RefusalCase[],
    construct: (extra: Record<string, unknown>) => unknown,
    setup: (r: MockedResource) => boolean = () => false,
): void {
    for (const [what, extra, message] of cases) {
        it(`refuses ${what}, naming the argument, before registering anything`, async () => {
            const { error, resources } = await refusal(() => construct(extra));
            assert.ok(error.message.startsWith(`${prefix}: `), error.message);
            assert.match(error.message, message);
            assert.deepStrictEqual(
                resources.filter((r) => !setup(r)),
                [],
            );
        });
    }
}

/** The URNs of what was registered, to compare two runs of one program. */
export function urnsOf(resources: MockedResource[]): string[] {
    return resources.map((r) => r.urn ?? `${r.type}::${r.name}`);
}
