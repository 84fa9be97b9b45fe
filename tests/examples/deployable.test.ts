// What a first `pulumi up` of the examples needs, under mocks: every value from the stack's
// config, every AWS name created or configured, pods that start under the tenant's guards.
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CelInput, run as cel } from "@bufbuild/cel";
import { noDefaultServiceAccountPolicy } from "../../components/admission";
import { MockedResource } from "../../preflight/mocks";
import { ofType, one, underMocks } from "../harness";
import { restrictedViolations, runsAsNumericNonRoot } from "../pod-security";

const repoRoot = path.join(__dirname, "..", "..");
const examples = path.join(repoRoot, "examples");

/** The `config:` of a project's Pulumi.dev.yaml. */
function stackConfig(dir: string): Record<string, unknown> {
    return (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as any).config;
}

/** Runs an example's program under mocks with its own Pulumi.dev.yaml, and `overrides`. */
function runExample(
    example: string,
    overrides: Record<string, unknown> = {},
): Promise<MockedResource[]> {
    const dir = path.join(examples, example);
    const program = path.join(dir, "index.ts");
    return underMocks(
        () => {
            pulumi.runtime.setAllConfig(
                Object.fromEntries(
                    Object.entries({ ...stackConfig(dir), ...overrides }).map(([k, v]) => [
                        k,
                        typeof v === "string" ? v : JSON.stringify(v),
                    ]),
                ),
            );
            delete require.cache[require.resolve(program)];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require(program);
        },
        example,
        "dev",
    );
}

/** Every file under `dir`, relative to the repository, but node_modules. */
function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.name === "node_modules") {
            return [];
        }
        return e.isDirectory() ? filesUnder(full) : [path.relative(repoRoot, full)];
    });
}

/** A JSON object as CEL sees a Kubernetes object: objects become maps. */
function toCel(value: unknown): CelInput {
    if (Array.isArray(value)) {
        return value.map(toCel) as CelInput;
    }
    if (typeof value === "object" && value !== null) {
        return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
    }
    return value as CelInput;
}

describe("examples deployable as written", function () {
    this.timeout(120_000);

    describe("s3-irsa", () => {
        let resources: MockedResource[];
        before(async () => {
            resources = await runExample("s3-irsa");
        });
        const job = () => one(resources, "kubernetes:batch/v1:Job").inputs as any;
        const podSpec = () => job().spec.template.spec;

        it("runs its one-shot command as a Job that ends, not as a Deployment that restarts it", () => {
            assert.strictEqual(ofType(resources, "kubernetes:apps/v1:Deployment").length, 0);
            assert.strictEqual(podSpec().restartPolicy, "Never");
            assert.deepStrictEqual(podSpec().containers[0].args.slice(0, 2), ["s3", "ls"]);
            assert.ok(job().spec.backoffLimit >= 0);
        });

        it("creates the tenant namespace its Job runs in, as a TenantNamespace, before the Job", () => {
            one(resources, "hardened-eks:index:TenantNamespace");
            const ns = one(resources, "kubernetes:core/v1:Namespace");
            const metadata = ns.inputs.metadata as any;
            assert.strictEqual(metadata.name, "reports");
            assert.strictEqual(metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            assert.strictEqual(job().metadata.namespace, "reports");
            assert.strictEqual(podSpec().serviceAccountName, "report-reader");
            const sa = ofType(resources, "kubernetes:core/v1:ServiceAccount").find(
                (r) => (r.inputs.metadata as any).name === "report-reader",
            );
            assert.ok(sa, "the service account the Job runs as is created");
            // dependsOn a component waits for each of its children.
            const waitsFor = one(resources, "kubernetes:batch/v1:Job").dependencies;
            for (const child of [
                ns,
                sa,
                one(
                    resources,
                    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                    "reports-allow-https-egress",
                ),
            ]) {
                assert.ok(waitsFor.includes(child!.urn!), child!.name);
            }
        });

        // EKS User Guide, private-clusters, Pod requirements: "IRSA - Pods ... acquire
        // credentials from an AWS STS API call"; S3 through its gateway endpoint is the
        // prefix list's CIDRs. Default-deny egress must let both through, from config.
        it("opens HTTPS egress to the STS endpoint and S3 CIDRs of the stack's config, nothing wider", () => {
            const egress = one(
                resources,
                "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                "reports-allow-https-egress",
            ).inputs.spec as any;
            const configured = stackConfig(path.join(examples, "s3-irsa"))[
                "s3-irsa:egressCidrs"
            ] as string[];
            assert.ok(configured.length >= 2);
            assert.deepStrictEqual(egress.egress, [
                {
                    to: configured.map((cidr) => ({ ipBlock: { cidr } })),
                    ports: [{ protocol: "TCP", port: 443 }],
                },
            ]);
        });

        // https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
        it("gives its pod a spec that passes the restricted Pod Security Standard", () => {
            assert.deepStrictEqual(restrictedViolations(podSpec()), []);
        });

        it("runs the AWS CLI image, root by default, as UID 65534 with a writable HOME and region", () => {
            const spec = podSpec();
            assert.ok(runsAsNumericNonRoot(spec));
            assert.strictEqual(spec.securityContext.runAsUser, 65534);
            assert.strictEqual(spec.securityContext.runAsGroup, 65534);
            const [container] = spec.containers;
            assert.match(container.image, /^public\.ecr\.aws\/aws-cli\/aws-cli:/);
            const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
            assert.strictEqual(env.AWS_REGION, "us-east-1");
            const home = container.volumeMounts.find((m: any) => m.mountPath === env.HOME);
            assert.ok(home, `HOME ${env.HOME} is a mounted volume`);
            assert.ok(spec.volumes.find((v: any) => v.name === home.name).emptyDir);
            assert.strictEqual(container.securityContext.readOnlyRootFilesystem, true);
        });

        // EKS User Guide, private-clusters: "Your cluster must pull images from a container
        // registry that's in your VPC"; ECR Public has no VPC endpoint, so without NAT the
        // image must come from the account's ECR (a pull through cache rule).
        it("takes its image from stack config, for a VPC without NAT to pull through its own ECR", async () => {
            const cached =
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/aws-cli/aws-cli:2.17.0";
            const job = one(
                await runExample("s3-irsa", { "s3-irsa:image": cached }),
                "kubernetes:batch/v1:Job",
            ).inputs as any;
            assert.strictEqual(job.spec.template.spec.containers[0].image, cached);
            assert.strictEqual(
                stackConfig(path.join(examples, "s3-irsa"))["s3-irsa:image"],
                "public.ecr.aws/aws-cli/aws-cli:2.17.0",
            );
        });

        it("is checked by a restricted check that refuses each restricted violation", () => {
            const mutations: [string, (s: any) => void, RegExp][] = [
                [
                    "privilege escalation",
                    (s) => (s.containers[0].securityContext.allowPrivilegeEscalation = true),
                    /allowPrivilegeEscalation/,
                ],
                [
                    "capabilities kept",
                    (s) => (s.containers[0].securityContext.capabilities = {}),
                    /drop ALL/,
                ],
                ["no seccomp", (s) => delete s.securityContext.seccompProfile, /seccompProfile/],
                ["root allowed", (s) => delete s.securityContext.runAsNonRoot, /runAsNonRoot/],
                [
                    "a hostPath volume",
                    (s) => s.volumes.push({ name: "h", hostPath: { path: "/" } }),
                    /hostPath/,
                ],
                ["host network", (s) => (s.hostNetwork = true), /hostNetwork/],
            ];
            for (const [what, mutate, message] of mutations) {
                const spec = JSON.parse(JSON.stringify(podSpec()));
                mutate(spec);
                assert.match(restrictedViolations(spec).join("; "), message, what);
            }
            const asRoot = JSON.parse(JSON.stringify(podSpec()));
            delete asRoot.securityContext.runAsUser;
            assert.strictEqual(runsAsNumericNonRoot(asRoot), false);
        });
    });

    describe("the README's tenant example", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        const tenants = readme.slice(readme.indexOf("### Tenants"));
        const block = /```yaml\n([\s\S]*?)```/.exec(tenants)?.[1] ?? "";
        const deployment = yaml.load(block) as any;

        it("deploys as the tenant's `workload` service account, which every tenant gets", () => {
            assert.strictEqual(deployment.kind, "Deployment");
            assert.strictEqual(deployment.metadata.namespace, "payments");
            assert.strictEqual(deployment.spec.template.spec.serviceAccountName, "workload");
        });

        it("passes the restricted Pod Security Standard and runs as a numeric non-root UID", () => {
            const spec = deployment.spec.template.spec;
            assert.deepStrictEqual(restrictedViolations(spec), []);
            assert.ok(runsAsNumericNonRoot(spec));
        });

        it("is admitted by the tenant's no-default-service-account policy (its CEL, evaluated)", () => {
            const policy = noDefaultServiceAccountPolicy("payments").policy as any;
            const variables = new Map<string, CelInput>();
            const bindings = { object: toCel(deployment), variables };
            for (const v of policy.variables) {
                variables.set(v.name, cel(v.expression, bindings) as CelInput);
            }
            assert.strictEqual(cel(policy.validations[0].expression, bindings), true);
        });
    });

    describe("every example", () => {
        const programs = fs
            .readdirSync(examples, { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => e.name);

        // An account is a 12-digit number in an ARN; a sample one in a program would name a
        // role or provider that no `pulumi up` of yours creates ("invalid principal").
        it("names no AWS account outside its Pulumi.<stack>.yaml and policy-config.json", () => {
            const found = filesUnder(examples)
                .filter(
                    (f) =>
                        !/(^|\/)Pulumi\.[^/]+\.yaml$/.test(f) && !f.endsWith("/policy-config.json"),
                )
                .flatMap((f) =>
                    [
                        ...fs.readFileSync(path.join(repoRoot, f), "utf8").matchAll(/\b\d{12}\b/g),
                    ].map((m) => `${f}: ${m[0]}`),
                );
            assert.deepStrictEqual(found, []);
            assert.ok(programs.length >= 4, programs.join());
        });

        it("reads every value it needs from config, each set in Pulumi.dev.yaml with a comment", () => {
            for (const example of programs) {
                const dir = path.join(examples, example);
                const project = (
                    yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as any
                ).name;
                const source = fs.existsSync(path.join(dir, "index.ts"))
                    ? fs.readFileSync(path.join(dir, "index.ts"), "utf8")
                    : "";
                const keys = [
                    ...[...source.matchAll(/\bconfig\.require\w*\("(\w+)"\)/g)].map(
                        (m) => `${project}:${m[1]}`,
                    ),
                    ...[...source.matchAll(/Config\("aws"\)\.require\("(\w+)"\)/g)].map(
                        (m) => `aws:${m[1]}`,
                    ),
                    ...Object.keys(
                        (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as any)
                            .config ?? {},
                    ).map((k) => `${project}:${k}`),
                ];
                const stack = stackConfig(dir);
                const text = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
                for (const key of keys) {
                    assert.ok(key in stack, `${example}: ${key} is not in Pulumi.dev.yaml`);
                }
                assert.ok(
                    "aws:region" in stack,
                    `${example}: aws:region is not set, so the provider has no region`,
                );
                // Each key is under a comment, which may cover the keys that follow it.
                const lines = text.split("\n").map((l) => l.trim());
                for (const key of Object.keys(stack)) {
                    let i = lines.findIndex((l) => l.startsWith(`${key}:`)) - 1;
                    while (i >= 0 && !lines[i].startsWith("#") && lines[i] !== "config:") {
                        i--;
                    }
                    assert.ok(
                        i >= 0 && lines[i].startsWith("#"),
                        `${example}: ${key} has no comment`,
                    );
                }
            }
        });

        // ECR Public, Docker Hub, registry.k8s.io, quay.io and ghcr.io have no VPC endpoint:
        // an image from one needs NAT or a pull through cache rule (EKS User Guide,
        // private-clusters; ECR User Guide, pull-through-cache), which the README must say.
        it("pulls images from public registries only where the README's VPC prerequisites say what they need", () => {
            const publicRegistry =
                /\b(public\.ecr\.aws|docker\.io|registry\.k8s\.io|quay\.io|ghcr\.io)\/[\w./:-]+/g;
            const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
            // What a user deploys as written: the examples and the README's tenant example.
            const tenantExample = readme.slice(readme.indexOf("### Tenants"));
            const sources = [
                ...filesUnder(examples)
                    .filter((f) => /\.(ts|yaml)$/.test(f))
                    .map((f) => fs.readFileSync(path.join(repoRoot, f), "utf8")),
                /```yaml\n([\s\S]*?)```/.exec(tenantExample)?.[1] ?? "",
            ];
            const registries = new Set(
                sources.flatMap((text) => [...text.matchAll(publicRegistry)].map((m) => m[1])),
            );
            assert.ok(registries.has("public.ecr.aws"), [...registries].join());
            const start = readme.indexOf("#### Prerequisites: the VPC");
            const prerequisites = readme.slice(start, readme.indexOf("\n### ", start));
            const row = prerequisites
                .split("\n")
                .find((line) => line.startsWith("|") && /pull through cache rule/.test(line));
            assert.ok(row, "a prerequisites row on pull through cache rules");
            for (const registry of registries) {
                assert.ok(row.includes(`\`${registry}\``), registry);
            }
            assert.match(row, /a NAT gateway reaches them/);
            assert.match(row, /ImagePullBackOff/);
        });

        it("allows as cluster admin in policy-config.json exactly the admin role of its stack config", () => {
            for (const [dir, project] of [
                [path.join(examples, "multi-tenant"), "multi-tenant"],
                [repoRoot, "hardened-eks"],
            ]) {
                const policy = JSON.parse(
                    fs.readFileSync(path.join(dir, "policy-config.json"), "utf8"),
                );
                assert.deepStrictEqual(
                    policy["eks-no-unlisted-cluster-admin"].allowedAdminPrincipalArns,
                    [stackConfig(dir)[`${project}:adminRoleArn`]],
                    dir,
                );
            }
        });
    });
});
