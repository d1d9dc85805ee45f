/**
 * `snapspace fmt` end to end, through the built CLI (CI builds before testing).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/snapspace", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "snapspace-fmt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapspace(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FORMATTED = "package a\n\nallow if {\n\tinput.user == \"bob\"\n}\n";
const MESSY = "package a\nallow if { input.user==\"bob\" }\n";
const V0 = "package v\ndeny[msg] { msg := \"no\" }\n";
const V0_AS_V1 = "package v\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := \"no\"\n}\n";
const read = (name: string) => readFileSync(join(dir, name), "utf8");

beforeEach(() => {
  writeFileSync(join(dir, "ok.snap"), FORMATTED);
  writeFileSync(join(dir, "messy.snap"), MESSY);
  writeFileSync(join(dir, "old.rego"), V0);
  writeFileSync(join(dir, "broken.snap"), "package b\nallow if {\n");
});

describe("snapspace fmt", () => {
  it("prints the formatted text to stdout and changes nothing", () => {
    const r = snapspace("fmt", "messy.snap");
    expect(r.stdout).toBe(FORMATTED);
    expect(r.code).toBe(0);
    expect(read("messy.snap")).toBe(MESSY);
  });

  it("--write rewrites only the files that change, and lists them", () => {
    const r = snapspace("fmt", "--write", "messy.snap", "ok.snap");
    expect(r.stdout).toBe("formatted messy.snap\n");
    expect(r.code).toBe(0);
    expect(read("messy.snap")).toBe(FORMATTED);
    expect(snapspace("fmt", "--check", "messy.snap").code).toBe(0);
  });

  it("--check exits 1 naming each file that would change, and changes nothing", () => {
    const r = snapspace("fmt", "--check", "ok.snap", "messy.snap");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("would reformat messy.snap\n1 file would be reformatted; run `snapspace fmt --write`\n");
    expect(read("messy.snap")).toBe(MESSY);
    expect(snapspace("fmt", "--check", "ok.snap")).toMatchObject({ code: 0, stdout: "" });
  });

  it("parse errors: rendered diagnostics on stderr, exit 2, the other files still formatted", () => {
    const r = snapspace("fmt", "--write", "broken.snap", "messy.snap");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("broken.snap:2:11: error: expected `}`, found end of file");
    expect(r.stderr).toContain("help:");
    expect(read("messy.snap")).toBe(FORMATTED);
    expect(read("broken.snap")).toBe("package b\nallow if {\n");
  });

  it("--v0-compatible reads v0 and writes v1", () => {
    expect(snapspace("fmt", "old.rego").code).toBe(2);
    const r = snapspace("fmt", "--v0-compatible", "old.rego");
    expect(r.stdout).toBe(V0_AS_V1);
    expect(r.code).toBe(0);
    // The output means the same when read back in either mode.
    writeFileSync(join(dir, "new.rego"), r.stdout);
    expect(snapspace("fmt", "--check", "new.rego").code).toBe(0);
    expect(snapspace("fmt", "--check", "--v0-compatible", "new.rego").code).toBe(0);
  });

  it("--write and --check together is a usage error", () => {
    expect(snapspace("fmt", "--write", "--check", "ok.snap").code).toBe(2);
  });
});
