// The library API of DESIGN.md §6: compile, loadPolicies, query, decide, rules, the governed evaluator.
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compile, loadPolicies, SnapError, SetValue, isSnapError } from "../../src/index.js";

const payments = `package agent.payments

deny contains "amount must be positive" if input.proposal.args.amount <= 0

escalate contains msg if {
  input.proposal.args.amount > 500
  msg := sprintf("charges over %d EUR need a human", [500])
}

allow if input.proposal.tool == "payments.charge"

obligations contains {"type": "compensate", "tool": "payments.refund"} if allow
`;

const proposal = (amount: number) => ({ proposal: { id: "p-1", agent: "bot", tool: "payments.charge", args: { amount } } });

describe("compile", () => {
  test("throws one SnapError carrying every diagnostic of every module, sorted", () => {
    let error: unknown;
    try {
      compile({
        modules: [
          { file: "b.snap", source: "package b\np if { x > 1 }\n" },
          { file: "a.snap", source: "package a\nq := nope(1)\n" },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(isSnapError(error)).toBe(true);
    const e = error as SnapError;
    expect(e.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([
      ["unknown_function", "a.snap"],
      ["unsafe_var", "b.snap"],
    ]);
    expect(e.location).toEqual({ file: "a.snap", line: 2, col: 6 });
  });

  test("rejects data that is not JSON", () => {
    expect(() => compile({ modules: [], data: { f: () => 1 } })).toThrow(SnapError);
  });

  test("lists rules with kinds and locations", () => {
    const p = compile({ modules: [{ file: "pay.snap", source: payments }] });
    expect(p.rules.map((r) => [r.path, r.kind, r.location])).toEqual([
      ["data.agent.payments.deny", "set", "pay.snap:3"],
      ["data.agent.payments.escalate", "set", "pay.snap:5"],
      ["data.agent.payments.allow", "complete", "pay.snap:10"],
      ["data.agent.payments.obligations", "set", "pay.snap:12"],
    ]);
  });
});

describe("policyHash", () => {
  test("ignores whitespace, comments and file names; changes with meaning and with data", () => {
    const hash = (file: string, source: string, data?: unknown) => compile({ modules: [{ file, source }], ...(data ? { data } : {}) }).policyHash;
    const base = hash("a.snap", "package a\nallow if input.ok\n");
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hash("b.snap", "package a\n\n# why\nallow   if input.ok # really\n")).toBe(base);
    expect(hash("a.snap", "package a\nallow if input.ko\n")).not.toBe(base);
    expect(hash("a.snap", "package a\nallow if input.ok\n", { x: 1 })).not.toBe(base);
  });
});

describe("query", () => {
  const p = compile({ modules: [{ file: "pay.snap", source: payments }] });

  test("one entry per solution, with the query's named variables only", () => {
    expect(p.query("x := [1, 2][_]; _ = x")).toEqual([
      { expressions: [true, true], bindings: { x: 1 } },
      { expressions: [true, true], bindings: { x: 2 } },
    ]);
  });

  test("values as OPA's JSON API prints them: sets as sorted arrays, other keys as Rego text", () => {
    expect(p.query('{"b", "a"}')).toEqual([{ expressions: [["a", "b"]], bindings: {} }]);
    expect(p.query('{1: "x", [2]: "y"}')).toEqual([{ expressions: [{ "1": "x", "[2]": "y" }], bindings: {} }]);
  });

  test("undefined is no solution; a lone false expression is reported", () => {
    expect(p.query("input.missing", { input: {} })).toEqual([]);
    expect(p.query("1 > 2")).toEqual([{ expressions: [false], bindings: {} }]);
    expect(p.query("x := 1; x > 2")).toEqual([]);
  });

  test("input and a data overlay", () => {
    expect(p.query("data.agent.payments.escalate", { input: proposal(700) })).toEqual([
      { expressions: [["charges over 500 EUR need a human"]], bindings: {} },
    ]);
    expect(p.query("data.extra.k", { data: { extra: { k: 1 } } })).toEqual([{ expressions: [1], bindings: {} }]);
  });

  test("a bad query is a SnapError with a location in the query", () => {
    expect(() => p.query("x > ")).toThrow(SnapError);
    try {
      p.query("y > 1");
    } catch (e) {
      expect((e as SnapError).code).toBe("unsafe_var");
      expect((e as SnapError).location).toEqual({ file: "<query>", line: 1, col: 1 });
    }
  });

  test("evaluate keeps raw values (sets stay sets)", () => {
    const [s] = p.evaluate('{"b", "a"}');
    expect(s!.expressions[0]).toBeInstanceOf(SetValue);
  });
});

describe("decide and the governed evaluator", () => {
  const p = compile({ modules: [{ file: "pay.snap", source: payments }] });

  test("governed packages and verdicts carry the producing rule's location", () => {
    expect(p.evaluator.governedPackages).toEqual(["agent.payments"]);
    const [v] = p.evaluator.evaluateGoverned(proposal(700));
    expect(v!.escalate).toEqual([{ value: "charges over 500 EUR need a human", location: "pay.snap:5" }]);
    expect(v!.allow).toBe(true);
    expect(v!.deny).toEqual([]);
    expect(v!.obligations).toEqual([{ type: "compensate", tool: "payments.refund" }]);
  });

  test("decide combines verdicts (escalate beats allow; deny beats both)", () => {
    expect(p.decide(proposal(100)).effect).toBe("allow");
    expect(p.decide(proposal(700)).effect).toBe("escalate");
    const d = p.decide(proposal(-1));
    expect(d.effect).toBe("deny");
    expect(d.reasons[0]).toMatchObject({ effect: "deny", package: "agent.payments", msg: "amount must be positive", location: "pay.snap:3" });
    expect(d.policy_hash).toBe(p.policyHash);
  });

  test("an evaluation error in a package is reported in its verdict, never thrown", () => {
    const broken = compile({
      modules: [{ file: "x.snap", source: "package x\nallow if true\ndeny contains v if v := 1 / input.zero\n" }],
      strictBuiltinErrors: true,
    });
    const [v] = broken.evaluator.evaluateGoverned({ zero: 0 });
    expect(v!.error?.code).toBeDefined();
    expect(broken.decide({ ...proposal(1), zero: 0 }).effect).toBe("deny");
  });

  test("a governed rule of the wrong type is an error in the verdict", () => {
    const p2 = compile({ modules: [{ file: "y.snap", source: "package y\ndeny := 5\n" }] });
    expect(p2.evaluator.evaluateGoverned({})[0]!.error?.code).toBe("governed_rule_type");
  });
});

describe("loadPolicies", () => {
  test("loads folders, mounts data.json files at their folder, and data files at the root", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-load-"));
    mkdirSync(join(dir, "limits"));
    writeFileSync(join(dir, "pay.snap"), "package pay\nover if input.n > data.limits.max\nname := data.app\n");
    writeFileSync(join(dir, "limits", "data.json"), '{"max": 10}');
    writeFileSync(join(dir, "extra.yaml"), "app: demo\n");
    const p = await loadPolicies([dir], { data: [join(dir, "extra.yaml")] });
    expect(p.query("data.pay.over", { input: { n: 11 } })).toEqual([{ expressions: [true], bindings: {} }]);
    expect(p.query("data.pay.name")).toEqual([{ expressions: ["demo"], bindings: {} }]);
  });

  test("a missing path is a SnapError naming it", async () => {
    await expect(loadPolicies(["/no/such/place"])).rejects.toMatchObject({ code: "file_not_found" });
  });

  test("a folder with neither policies nor data is a SnapError naming it; a folder of data alone is taken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-empty-"));
    mkdirSync(join(dir, "policies"));
    writeFileSync(join(dir, "policies", "README.md"), "policies go here\n");
    mkdirSync(join(dir, "shared"));
    writeFileSync(join(dir, "shared", "data.json"), '{"max": 3}');
    writeFileSync(join(dir, "p.snap"), "package p\nmax := data.max\n");
    await expect(loadPolicies([join(dir, "policies")])).rejects.toMatchObject({ code: "no_files" });
    const p = await loadPolicies([join(dir, "p.snap"), join(dir, "shared")]);
    expect(p.query("data.p.max")).toEqual([{ expressions: [3], bindings: {} }]);
  });

  test("a data file below a dot-folder is mounted only for a path that names that folder, as the walk skips dot-folders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-dot-"));
    mkdirSync(join(dir, ".cfg"));
    writeFileSync(join(dir, "p.snap"), "package p\nx := data.x\n");
    writeFileSync(join(dir, ".cfg", "data.json"), '{"x": 1}');
    expect((await loadPolicies([dir])).query("data.p.x")).toEqual([]);
    const both = await loadPolicies([dir, join(dir, ".cfg")]);
    expect(both.query("data.p.x")).toEqual([{ expressions: [1], bindings: {} }]);
    expect(both.query('data[".cfg"]')).toEqual([]);
  });

  test("an unreadable policy file is a SnapError naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-unreadable-"));
    writeFileSync(join(dir, "b.snap"), "package b\n");
    symlinkSync(join(dir, "no-such-file"), join(dir, "a.snap"));
    const e = await loadPolicies([dir]).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: "file_unreadable" });
    expect((e as Error).message).toContain("a.snap");
  });

  test("v0 syntax with regoVersion 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-v0-"));
    writeFileSync(join(dir, "old.rego"), "package old\ndeny[msg] { msg := \"no\" }\n");
    const p = await loadPolicies([dir], { regoVersion: 0 });
    expect(p.query("data.old.deny")).toEqual([{ expressions: [["no"]], bindings: {} }]);
  });
});
