// Validators for preflight's reports: its own JSON schema and SARIF 2.1.0's.
import Ajv from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./run-cli";

const reportSchema = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "preflight", "report.schema.json"), "utf8"),
);
const sarifSchema = JSON.parse(
    fs.readFileSync(
        require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"),
        "utf8",
    ),
);
export const validateReport = addFormats(new Ajv({ allErrors: true })).compile<any>(reportSchema);
// The SARIF schema is draft-04 and uses non-unicode patterns.
export const validateSarif = addFormats(
    new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }),
).compile<any>(sarifSchema);
