// `snapspace query`: OPA-compatible JSON output, `{}` for no result, rendered policy errors.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runQuery } from "../../src/cli/query.js";

function sink() {
  let text = "";
  const stream = { isTTY: false, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "snap-query-"));
  writeFileSync(join(dir, "p.snap"), 'package p\n\ndeny contains "big" if input.n > 10\n\ns := {"b", "a"}\n');
  writeFileSync(join(dir, "input.json"), '{"n": 11}');
  return dir;
}

describe("snapspace query", () => {
  test("prints {\"result\": [...]} with expressions and bindings", async () => {
    const dir = setup();
    const out = sink();
    const code = await runQuery("x := data.p.deny", { policy: [dir], input: join(dir, "input.json"), format: "json" }, out.stream, sink().stream);
    expect(code).toBe(0);
    expect(JSON.parse(out.text())).toEqual({ result: [{ expressions: [true], bindings: { x: ["big"] } }] });
  });

  test("sets print as sorted arrays", async () => {
    const dir = setup();
    const out = sink();
    await runQuery("data.p.s", { policy: [dir], format: "json" }, out.stream, sink().stream);
    expect(JSON.parse(out.text())).toEqual({ result: [{ expressions: [["a", "b"]], bindings: {} }] });
  });

  test("an undefined query prints {} and exits 0, as opa eval", async () => {
    const dir = setup();
    const out = sink();
    expect(await runQuery("data.p.nothing", { policy: [dir], format: "json" }, out.stream, sink().stream)).toBe(0);
    expect(JSON.parse(out.text())).toEqual({});
  });

  test("works without policies, over input only", async () => {
    const dir = setup();
    const out = sink();
    await runQuery("input.n + 1", { input: join(dir, "input.json"), format: "json" }, out.stream, sink().stream);
    expect(JSON.parse(out.text())).toEqual({ result: [{ expressions: [12], bindings: {} }] });
  });

  test("a bad query is rendered with a caret and exits 2", async () => {
    const err = sink();
    expect(await runQuery("y > 1", { format: "json" }, sink().stream, err.stream)).toBe(2);
    expect(err.text()).toContain("<query>:1:1: error: var `y` is unsafe [unsafe_var]");
    expect(err.text()).toContain("^");
  });

  test("policy errors are rendered, then fail with policy_errors (exit 2 in main)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-query-bad-"));
    writeFileSync(join(dir, "bad.snap"), "package bad\nallow if { z > 1 }\n");
    const err = sink();
    await expect(runQuery("data.bad", { policy: [dir], format: "json" }, sink().stream, err.stream)).rejects.toMatchObject({ code: "policy_errors", help: "fix the errors above, then run the command again" });
    expect(err.text()).toContain("bad.snap:2:12: error: var `z` is unsafe");
  });

  test("--data takes a policy folder or file too, as `opa eval -d` does, and still mounts JSON at the root", async () => {
    const dir = setup();
    writeFileSync(join(dir, "limits.json"), '{"limit": 10}');
    const out = sink();
    const err = sink();
    const code = await runQuery("data.p.deny; data.limit", { data: [join(dir, "p.snap"), join(dir, "limits.json")], input: join(dir, "input.json"), format: "json" }, out.stream, err.stream);
    expect({ code, err: err.text() }).toEqual({ code: 0, err: "" });
    expect(JSON.parse(out.text())).toEqual({ result: [{ expressions: [["big"], 10], bindings: {} }] });
    const fromFolder = sink();
    await runQuery("data.p.s", { data: [dir], format: "json" }, fromFolder.stream, sink().stream);
    expect(JSON.parse(fromFolder.text())).toEqual({ result: [{ expressions: [["a", "b"]], bindings: {} }] });
  });

  test("print output goes to stderr as `file:line: message`, the result alone to stdout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-query-print-"));
    writeFileSync(join(dir, "t.snap"), 'package t\n\nx := 1 if {\n\tprint("x is", 1)\n}\n');
    const out = sink();
    const err = sink();
    await runQuery("data.t.x", { policy: [dir], format: "json" }, out.stream, err.stream);
    expect(JSON.parse(out.text())).toEqual({ result: [{ expressions: [1], bindings: {} }] });
    expect(err.text()).toBe(`${join(dir, "t.snap")}:4: x is 1\n`);
  });

  test("a Rego v0 file loaded without --v0-compatible fails with a help that names the flag", async () => {
    const dir = mkdtempSync(join(tmpdir(), "snap-query-v0-"));
    writeFileSync(join(dir, "old.rego"), 'package old\ndeny[msg] {\n\tmsg := "no"\n}\n');
    const failure = runQuery("data.old.deny", { policy: [dir], format: "json" }, sink().stream, sink().stream);
    await expect(failure).rejects.toMatchObject({ code: "policy_errors", help: expect.stringContaining("--v0-compatible") });
    const out = sink();
    await runQuery("data.old.deny", { policy: [dir], format: "json", v0Compatible: true }, out.stream, sink().stream);
    expect(JSON.parse(out.text())).toEqual({ result: [{ expressions: [["no"]], bindings: {} }] });
  });

  test("--format raw prints each value on a line, strings unquoted; --fail and --fail-defined set the exit code as opa eval's", async () => {
    const dir = setup();
    const out = sink();
    expect(await runQuery('"hi"; [1, {"a": 2}]', { policy: [dir], format: "raw" }, out.stream, sink().stream)).toBe(0);
    expect(out.text()).toBe('hi\n[1,{"a":2}]\n');
    expect(await runQuery("data.p.nothing", { policy: [dir], format: "json", fail: true }, sink().stream, sink().stream)).toBe(1);
    expect(await runQuery("data.p.s", { policy: [dir], format: "json", fail: true }, sink().stream, sink().stream)).toBe(0);
    expect(await runQuery("data.p.s", { policy: [dir], format: "json", failDefined: true }, sink().stream, sink().stream)).toBe(1);
    expect(await runQuery("data.p.nothing", { policy: [dir], format: "raw", failDefined: true }, sink().stream, sink().stream)).toBe(0);
  });

  test("pretty format shows bindings", async () => {
    const dir = setup();
    const out = sink();
    await runQuery("x := 1 + 1", { policy: [dir], format: "pretty" }, out.stream, sink().stream);
    expect(out.text()).toBe("x = 2\n");
  });
});
