// The error of a question preflight cannot answer without the user's help: a missing invoke
// result, stack reference, chart rendering or file. Its message says what to supply and where.

export class MockAnswerError extends Error {
    /** The SDK reports a failed call by its gRPC `details`, not its message. */
    public readonly details: string;

    constructor(message: string) {
        super(message);
        this.details = message;
    }
}
