/**
 * `snapspace check` end to end, through the built CLI (CI builds before testing).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/snapspace", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "snapspace-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapspace(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  mkdirSync(join(dir, "good"));
  mkdirSync(join(dir, "mixed"));
  writeFileSync(join(dir, "good/a.snap"), "package a\n\nallow if input.ok\n");
  writeFileSync(join(dir, "good/b.rego"), 'package b\n\ndeny contains "no" if input.bad\n');
  writeFileSync(join(dir, "good/notes.txt"), "not a policy {{{\n");
  writeFileSync(join(dir, "mixed/1-ok.snap"), "package ok\n\np := 1\n");
  writeFileSync(join(dir, "mixed/2-bad.snap"), "package bad\n\nallow {\n\ttrue\n}\n");
  writeFileSync(join(dir, "mixed/3-worse.rego"), "package worse\n\nx := [1, 2\ny := 01\n");
  writeFileSync(join(dir, "v0.rego"), "package v0\n\ndeny[msg] {\n\tmsg := \"no\"\n}\n");
});

describe("snapspace check", () => {
  it("exits 0 on clean files, taking .snap and .rego from folders", () => {
    const r = snapspace("check", "good");
    expect(r.stdout).toBe("ok: checked 2 files\n");
    expect(r.code).toBe(0);
  });

  it("checks every file even after one fails, renders each error with its caret, exits 2", () => {
    const r = snapspace("check", "mixed");
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      [
        "mixed/2-bad.snap:3:7: error: expected `if` before the rule body [missing_if]",
        "  3 | allow {",
        "    |       ^",
      ].join("\n"),
    );
    expect(r.stdout).toContain("mixed/3-worse.rego:4:1: error: expected `]`, found `y` [unexpected_token]");
    expect(r.stdout).toContain("mixed/3-worse.rego:4:6: error: number `01` has a leading zero [bad_number]");
    expect(r.stdout).toMatch(/help: /);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("failed: checked 3 files, 3 errors");
  });

  it("--format json: files and errors for editors and CI", () => {
    const r = snapspace("check", "--format", "json", "mixed");
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { files: number; errors: { code: string; location: { file: string; line: number; col: number } }[] };
    expect(report.files).toBe(3);
    expect(report.errors.map((e) => [e.code, e.location.file, e.location.line, e.location.col])).toEqual([
      ["missing_if", "mixed/2-bad.snap", 3, 7],
      ["unexpected_token", "mixed/3-worse.rego", 4, 1],
      ["bad_number", "mixed/3-worse.rego", 4, 6],
    ]);
    expect(JSON.parse(snapspace("check", "--format", "json", "good").stdout)).toEqual({ files: 2, errors: [] });
  });

  it("--v0-compatible reads Rego v0", () => {
    expect(snapspace("check", "v0.rego").code).toBe(2);
    const r = snapspace("check", "--v0-compatible", "v0.rego");
    expect(r.stdout).toBe("ok: checked 1 file\n");
    expect(r.code).toBe(0);
  });

  it("a path that does not exist is an error, exit 2", () => {
    const r = snapspace("check", "nope.snap");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no such file or folder `nope.snap`");
  });

  it("no colour when not on a terminal", () => {
    expect(snapspace("check", "mixed").stdout).not.toContain("\x1b[");
  });
});
