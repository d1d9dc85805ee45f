/**
 * `snapspace test` end to end, through the built CLI (CI builds before testing;
 * locally run `npx tsc -p tsconfig.build.json` first).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/snapspace");
const dir = mkdtempSync(join(tmpdir(), "snapspace-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapspace(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

const POLICY = `package agent.pay

allow if input.proposal.args.amount <= 500

escalate contains "over 500" if input.proposal.args.amount > 500
`;

const TESTS = `package agent.pay_test

import data.agent.pay

charge(amount) := {"proposal": {"id": "p", "agent": "a", "tool": "payments.charge", "args": {"amount": amount}}}

test_small_is_allowed if pay.allow with input as charge(20)

test_large_escalates if {
	count(pay.escalate) == 1 with input as charge(740)
}

# Wrong on purpose: 740 is not allowed.
test_wrong_expectation if {
	x := 740
	print("amount", x)
	pay.allow with input as charge(x)
}

test_false_value := false

# Two values for one complete rule: an evaluation error (OPA's eval_conflict_error).
conflict := 1 if input.x

conflict := 2 if input.x

test_errors if conflict with input as {"x": true}
`;

beforeAll(() => {
  mkdirSync(join(dir, "good"));
  write("good/pay.snap", POLICY);
  write("good/pay_test.snap", TESTS.split("# Wrong on purpose")[0]!);
  mkdirSync(join(dir, "bad"));
  write("bad/pay.snap", POLICY);
  write("bad/pay_test.snap", TESTS);
  mkdirSync(join(dir, "none"));
  write("none/pay.snap", POLICY);
  mkdirSync(join(dir, "broken"));
  write("broken/x.snap", "package x\n\ntest_a if {\n");
});

describe("snapspace test", () => {
  it("passes and exits 0 when every test holds", () => {
    const r = snapspace(["test", "good"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PASS  agent.pay_test.test_small_is_allowed");
    expect(r.stdout).toContain("PASS: 2/2");
  });

  it("reports each failure with its location, its value, where it stopped and what it printed; exit 1", () => {
    const r = snapspace(["test", "bad"]);
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain("FAIL  agent.pay_test.test_wrong_expectation  bad/pay_test.snap:14");
    expect(out).toContain("the test rule is undefined");
    expect(out).toContain("stopped at bad/pay_test.snap:17: pay.allow with input as charge(x)");
    expect(out).toContain("print: bad/pay_test.snap:16: amount 740");
    expect(out).toContain("FAIL  agent.pay_test.test_false_value  bad/pay_test.snap:20");
    expect(out).toContain("the test rule is false");
    expect(out).toContain("PASS: 2/5");
  });

  it("-v shows what passing tests printed too, as opa test -v; without it only failures show prints", () => {
    write("printing.snap", 'package printing\n\ntest_prints if {\n\tprint("checked", 3)\n\ttrue\n}\n');
    const verbose = snapspace(["test", "printing.snap", "-v"]);
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toContain("PASS  printing.test_prints\n        print: printing.snap:4: checked 3");
    const quiet = snapspace(["test", "printing.snap"]);
    expect(quiet.stdout).not.toContain("print:");
    const json = JSON.parse(snapspace(["test", "printing.snap", "--verbose", "--format", "json"]).stdout) as { tests: { prints: string[] }[] };
    expect(json.tests[0]!.prints).toEqual(["printing.snap:4: checked 3"]);
  });

  it("a test whose evaluation fails is an error, with the error's location; exit 1", () => {
    const r = snapspace(["test", "bad", "--run", "test_errors"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("ERROR agent.pay_test.test_errors  bad/pay_test.snap:27");
    expect(r.stdout).toContain("bad/pay_test.snap:");
    expect(r.stdout).toContain("ERROR: 1/1");
  });

  it("--run filters by full name", () => {
    const r = snapspace(["test", "bad", "--run", "pay_test\\.test_(small|large)"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PASS: 2/2");
  });

  it("exit 2 when nothing matches, on a bad --run, and on policy errors", () => {
    expect(snapspace(["test", "none"]).code).toBe(2);
    expect(snapspace(["test", "good", "--run", "nothing-like-this"]).code).toBe(2);
    const badRegex = snapspace(["test", "good", "--run", "("]);
    expect(badRegex.code).toBe(2);
    expect(badRegex.stderr).toContain("`--run` is not a regular expression");
    const broken = snapspace(["test", "broken"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("broken/x.snap:");
  });

  it("--format json gives every result and a summary", () => {
    const r = snapspace(["test", "bad", "--format", "json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { tests: Record<string, any>[]; summary: Record<string, number> };
    expect(doc.summary).toEqual({ total: 5, pass: 2, fail: 2, error: 1, skip: 0 });
    const wrong = doc.tests.find((t) => t["name"] === "data.agent.pay_test.test_wrong_expectation")!;
    expect(wrong).toMatchObject({ location: "bad/pay_test.snap:14", result: "fail", value: "undefined", failed_at: { location: "bad/pay_test.snap:17" }, prints: ["bad/pay_test.snap:16: amount 740"] });
  });

  it("a `todo_test_` rule is reported as skipped and not run, as `opa test` does; it fails nothing", () => {
    mkdirSync(join(dir, "todo"), { recursive: true });
    writeFileSync(join(dir, "todo", "t.snap"), "package t\n\ntest_ok if true\n\ntodo_test_later if false\n");
    const text = snapspace(["test", "todo"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("SKIP  t.todo_test_later");
    expect(text.stdout).toContain("PASS: 1/2\nSKIPPED: 1/2");
    const json = JSON.parse(snapspace(["test", "todo", "--format", "json"]).stdout) as { summary: Record<string, number>; tests: Record<string, unknown>[] };
    expect(json.summary).toEqual({ total: 2, pass: 1, fail: 0, error: 0, skip: 1 });
    expect(json.tests.find((t) => t["name"] === "data.t.todo_test_later")).toMatchObject({ result: "skip" });
  });

  it("--coverage lists the evaluated and missed lines per file, as text and as JSON", () => {
    const text = snapspace(["test", "good", "--coverage"]);
    expect(text.code).toBe(0);
    // Both rules of pay.snap ran (20 is allowed, 740 escalates).
    expect(text.stdout).toMatch(/good\/pay\.snap\s+100\.0%/);
    const json = JSON.parse(snapspace(["test", "good", "--coverage", "--format", "json"]).stdout) as { coverage: { files: Record<string, any>; coverage: number } };
    expect(json.coverage.files["good/pay.snap"]).toEqual({ covered: [{ start: { row: 3 }, end: { row: 3 } }, { start: { row: 5 }, end: { row: 5 } }], not_covered: [], coverage: 100 });

    // Only the small test: the escalate rule's line is not covered.
    const partial = JSON.parse(snapspace(["test", "good", "--coverage", "--format", "json", "--run", "small"]).stdout) as { coverage: { files: Record<string, any> } };
    expect(partial.coverage.files["good/pay.snap"]).toEqual({ covered: [{ start: { row: 3 }, end: { row: 3 } }], not_covered: [{ start: { row: 5 }, end: { row: 5 } }], coverage: 50 });
  });

  it("--v0-compatible reads v0 tests", () => {
    mkdirSync(join(dir, "v0"));
    write("v0/a.rego", 'package a\n\nallow { input.x == 1 }\n\ntest_allow { allow with input as {"x": 1} }\n');
    expect(snapspace(["test", "v0", "--v0-compatible"]).code).toBe(0);
    expect(snapspace(["test", "v0"]).code).toBe(2);
  });

  it("the starter library's own tests pass", () => {
    const r = snapspace(["test", "policies/"], ROOT);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toContain("FAIL");
    expect(r.code).toBe(0);
  });
});
