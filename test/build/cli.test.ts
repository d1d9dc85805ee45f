/**
 * `snapspace build` end to end, through the built CLI (CI builds before
 * testing): what it writes, that the module runs in a plain `node` process
 * outside the repository and decides as the library does, that its
 * `.d.mts` type-checks against the library's own types, and its errors and
 * exit codes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicies } from "../../src/api/load.js";
import { decideInNode } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/snapspace");
const dir = mkdtempSync(join(tmpdir(), "snapspace-build-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapspace(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const charge = (amount: number) => ({ proposal: { id: "p-1", agent: "billing-bot", tool: "payments.charge", args: { amount, currency: "EUR" }, idempotency_key: "k-1" } });

beforeAll(() => {
  writeFileSync(join(dir, "broken.snap"), "package broken\n\nallow if {\n\tx := input.a\n\ty == 1\n}\n");
  writeFileSync(join(dir, "v0.rego"), 'package v0\n\nallow {\n\tinput.proposal.agent == data.trusted\n}\n\ndeny[msg] {\n\tinput.proposal.tool == "rm"\n\tmsg := "no"\n}\n');
  writeFileSync(join(dir, "trusted.json"), JSON.stringify({ trusted: "ops-bot" }));
  mkdirSync(join(dir, "out"));
});

describe("snapspace build", () => {
  it("writes the module and its declarations, which decide as the library does in a plain node process", async () => {
    const r = snapspace(["build", "policies", "-o", join(dir, "out/policy.mjs")], ROOT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^built .*out\/policy\.mjs \(\d+\.\d KB; 8 governed packages, \d+ built-ins\) and .*out\/policy\.d\.mts in \d+ ms\n$/);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["policy.d.mts", "policy.mjs"]);
    const code = readFileSync(join(dir, "out/policy.mjs"), "utf8");
    const library = await loadPolicies(["policies"]);
    const inputs = [charge(40), charge(740), charge(20_000), { proposal: { id: "p-2", agent: "ops-bot", tool: "sql.execute", args: { query: "drop table x" } }, context: { env: "production", freeze: true } }];
    expect(decideInNode(code, inputs).map((l) => JSON.parse(l))).toEqual(inputs.map((i) => JSON.parse(JSON.stringify(library.decide(i)))));
  });

  it("writes declarations that type-check against the library's own types, both ways", () => {
    const out = join(dir, "types");
    mkdirSync(out);
    expect(snapspace(["build", "policies", "-o", join(out, "policy.mjs")], ROOT).code).toBe(0);
    const contract = join(ROOT, "src/decision/contract.js");
    writeFileSync(
      join(out, "consumer.mts"),
      `import { decide, query, policy_hash, type Decision as BuiltDecision, type QueryResult as BuiltResult, type DecideOptions as BuiltOptions } from "./policy.mjs";
import type { Decision, DecideOptions, QueryResult } from ${JSON.stringify(contract)};
const d: Decision = decide({ proposal: { id: "p-1", agent: "a", tool: "t" } });
const back: BuiltDecision = d;
const options: BuiltOptions = {} as DecideOptions;
const fast: Decision = decide({}, options);
const results: QueryResult[] = query("data.agent.payments.deny", { proposal: {} });
const again: BuiltResult[] = results;
const hash: string = policy_hash;
const prints: { location: string; message: string }[] = [];
query("data", undefined, { prints });
// @ts-expect-error: an effect is one of three words
const wrong: "maybe" = d.effect;
// @ts-expect-error: the hash is a string
const notNumber: number = policy_hash;
// @ts-expect-error: a query is named
query();
export { back, fast, again, hash, wrong, notNumber };
`,
    );
    writeFileSync(
      join(out, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", lib: ["ES2023"], module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, types: [], allowImportingTsExtensions: false },
        files: ["consumer.mts", "policy.d.mts"],
      }),
    );
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json")], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("takes --data, --v0-compatible and --query", async () => {
    const out = join(dir, "out/v0.mjs");
    const r = snapspace(["build", "v0.rego", "--v0-compatible", "--data", "trusted.json", "-q", "x := data.trusted", "-o", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const code = readFileSync(out, "utf8");
    const decisions = decideInNode(code, [
      { proposal: { id: "p-1", agent: "ops-bot", tool: "ls" } },
      { proposal: { id: "p-2", agent: "intern", tool: "ls" } },
      { proposal: { id: "p-3", agent: "ops-bot", tool: "rm" } },
    ]).map((l) => (JSON.parse(l) as { effect: string }).effect);
    expect(decisions).toEqual(["allow", "deny", "deny"]);
    const q = spawnSync(process.execPath, ["--input-type=module", "-e", 'import { query } from "./out/v0.mjs"; console.log(JSON.stringify(query("x := data.trusted")))'], { cwd: dir, encoding: "utf8" });
    expect(JSON.parse(q.stdout)).toEqual([{ expressions: [true], bindings: { x: "ops-bot" } }]);
    // Without --v0-compatible the same file does not parse.
    expect(snapspace(["build", "v0.rego", "-o", join(dir, "out/v1.mjs")]).code).toBe(2);
  });

  it("prints the diagnostics of a policy that does not compile as check does, and exits 2 without writing", () => {
    const r = snapspace(["build", "broken.snap", "-o", "out/broken.mjs"]);
    expect(r.code).toBe(2);
    const check = snapspace(["check", "broken.snap"]);
    expect(check.code).toBe(2);
    const rendered = check.stdout.split("\n\n")[0]!;
    expect(rendered).toMatch(/^broken\.snap:5:2: error: .*\[[a-z_]+\]\n/);
    expect(r.stderr).toContain(rendered);
    expect(r.stderr).toContain("error: the policy has 1 error");
    expect(existsSync(join(dir, "out/broken.mjs"))).toBe(false);
  });

  it("renders a --query that cannot be built, and exits 2", () => {
    const r = snapspace(["build", "v0.rego", "--v0-compatible", "-q", "x := data.v0.allow +", "-o", "out/q.mjs"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<query>:1:\d+: error: /);
    expect(r.stderr).toContain("cannot be built into the module");
    expect(existsSync(join(dir, "out/q.mjs"))).toBe(false);
  });

  it("creates the output's missing folders, as esbuild and tsc do", () => {
    const r = snapspace(["build", "v0.rego", "--v0-compatible", "-o", "vendor/deep/p.mjs"]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "vendor/deep/p.mjs"))).toBe(true);
    expect(existsSync(join(dir, "vendor/deep/p.d.mts"))).toBe(true);
  });

  it("says clearly when the output cannot be written, and leaves nothing behind", () => {
    writeFileSync(join(dir, "plain-file"), "x");
    const underFile = snapspace(["build", "v0.rego", "--v0-compatible", "-o", "plain-file/p.mjs"]);
    expect(underFile.code).toBe(2);
    expect(underFile.stderr).toMatch(/^error: cannot write `plain-file\/p\.mjs`: /);
    expect(underFile.stderr).toContain("help: check that the path names a file in a writable folder\n");
    mkdirSync(join(dir, "taken.mjs"));
    writeFileSync(join(dir, "taken.mjs/inside"), "x");
    const folder = snapspace(["build", "v0.rego", "--v0-compatible", "-o", "taken.mjs"]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain("error: cannot write `taken.mjs`: it is a folder");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("rejects an output that is not an ES module file, a missing -o, and a missing policy path", () => {
    const cjs = snapspace(["build", "v0.rego", "--v0-compatible", "-o", "p.cjs"]);
    expect(cjs.code).toBe(2);
    expect(cjs.stderr).toContain("error: the output `p.cjs` must end in `.mjs`");
    const noOutput = snapspace(["build", "v0.rego"]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toContain("required option '-o, --output <file>' not specified");
    const missing = snapspace(["build", "nowhere.snap", "-o", "p.mjs"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*nowhere\.snap/);
  });
});
