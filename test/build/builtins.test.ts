/**
 * A built module carries only the built-ins its policy calls: the families
 * it does not call, and what only they depend on (RE2 for `regex.*`), stay
 * out of the file. And every built-in of the registry can be carried: each
 * is exported on its own by a family module.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { ALL_BUILTINS } from "../../src/builtins/registry.js";
import { buildModule, builtinExports, type BuildResult } from "../../src/build/index.js";
import { importBuilt, removeBuiltFolder, type BuiltExports } from "./helpers.js";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

// A message that exists only in re2js (Go's regexp parser wording): present iff RE2 was bundled.
const RE2_MARKER = "missing argument to repetition operator";

const PLAIN = `package plain

deny contains "too many" if count(input.proposal.args.items) > 3

allow if startswith(input.proposal.tool, "crm.")
`;

const WITH_REGEX = `package matching

deny contains "looks like a secret" if regex.match(\`(?i)\\.env$\`, input.proposal.args.path)

allow if input.proposal.tool == "files.read"
`;

let plain: BuildResult;
let withRegex: BuildResult;
let plainModule: BuiltExports;
let regexModule: BuiltExports;

beforeAll(async () => {
  plain = await buildModule(compile({ modules: [{ file: "plain.snap", source: PLAIN }] }));
  withRegex = await buildModule(compile({ modules: [{ file: "matching.snap", source: WITH_REGEX }] }));
  plainModule = await importBuilt(plain.code);
  regexModule = await importBuilt(withRegex.code);
});
afterAll(removeBuiltFolder);

const family = (r: BuildResult) => r.inputs.filter((i) => i.startsWith("builtins/")).map((i) => i.slice("builtins/".length, -".js".length));

describe("a built module carries only the built-ins it calls", () => {
  it("lists the built-ins of the policy and no other", () => {
    // What each policy calls (`>` may be generated inline or called as the built-in `gt`).
    expect(plain.builtins).toEqual(expect.arrayContaining(["count", "startswith"]));
    for (const b of plain.builtins) expect(["count", "startswith", "gt"]).toContain(b);
    expect(withRegex.builtins).toEqual(expect.arrayContaining(["regex.match"]));
    for (const b of withRegex.builtins) expect(["regex.match", "equal"]).toContain(b);
  });

  it("leaves RE2 out of a policy that calls no `regex.*`, and carries it for one that does", () => {
    expect(plain.inputs.some((i) => i.includes("re2js"))).toBe(false);
    expect(family(plain)).not.toContain("regex");
    expect(plain.code).not.toContain(RE2_MARKER);
    expect(withRegex.inputs.some((i) => i.startsWith("node_modules/re2js/"))).toBe(true);
    expect(family(withRegex)).toContain("regex");
    expect(withRegex.code).toContain(RE2_MARKER);
    // RE2 is most of such a module.
    expect(withRegex.code.length - plain.code.length).toBeGreaterThan(100_000);
  });

  it("leaves out every family the policy does not call", () => {
    const unused = ["regex", "glob", "time", "net", "semver", "jwt", "crypto", "encoding", "units", "uuid", "graph", "json-docs", "sprintf", "bits", "objects", "sets", "arrays", "type-checks"];
    for (const f of unused) expect(family(plain), f).not.toContain(f);
    expect(family(plain)).toContain("aggregates");
    expect(plain.inputs.some((i) => i.startsWith("node_modules/js-yaml/"))).toBe(false);
  });

  it("carries no parser, checker, interpreter or code generator", () => {
    for (const r of [plain, withRegex]) {
      for (const i of r.inputs) expect(i).not.toMatch(/^(syntax|check|ast)\/|^eval\/(interpreter|evaluator|bodies|exprs|rules)\.js$|^compile\/(generate|gen-[a-z]+|fold|rule-index)\.js$|chevrotain/);
    }
  });

  it("still decides with what it carries", () => {
    const input = (tool: string, args: object) => ({ proposal: { id: "p-1", agent: "a", tool, args } });
    expect(plainModule.decide(input("crm.lookup", { items: [1] })).effect).toBe("allow");
    expect(plainModule.decide(input("crm.lookup", { items: [1, 2, 3, 4] })).effect).toBe("deny");
    expect(regexModule.decide(input("files.read", { path: "app/.ENV" })).effect).toBe("deny");
    expect(regexModule.decide(input("files.read", { path: "README.md" })).effect).toBe("allow");
  });
});

describe("every built-in can be carried", () => {
  it("is exported on its own by a module of builtins/, under a name that is that built-in", async () => {
    const exports = await builtinExports();
    const missing: string[] = [];
    for (const def of ALL_BUILTINS) {
      if (!def.impl) continue; // non-deterministic built-ins are compile errors: never called by a built policy
      const at = exports.get(def.name);
      if (!at) {
        missing.push(def.name);
        continue;
      }
      expect(at.module).toMatch(/^builtins\/[a-z0-9-]+\.js$/);
      expect(at.module).not.toMatch(/^builtins\/(index|registry)\.js$/);
      const file = `${SRC}${at.module.replace(/\.js$/, ".ts")}`;
      expect(existsSync(file), at.module).toBe(true);
      const ns = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      expect(ns[at.name], `${def.name} as ${at.module}#${at.name}`).toBe(def);
    }
    expect(missing).toEqual([]);
  });
});
