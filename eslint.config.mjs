// eslint flat config: typescript-eslint's recommended rules plus Pulumi's own plugin,
// which catches Output misuse (string interpolation of Outputs and the like).
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "**/node_modules/",
            "**/.cache/",
            "dist/",
            "**/dist/",
            "tests/package/consumer/",
        ],
    },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        plugins: { "@pulumi": pulumi },
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            // `const { dropped: _x, ...rest } = obj` is how a field is left out of a copy.
            "@typescript-eslint/no-unused-vars": [
                "error",
                { varsIgnorePattern: "^_", argsIgnorePattern: "^_" },
            ],
        },
    },
    {
        // The few CommonJS entry points (bin, the pack's main, benchmark packs) load with require.
        files: ["**/*.js"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        // Tests read untyped property bags (resource inputs, policy documents) by path.
        files: ["tests/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
);
