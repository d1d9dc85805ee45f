/** Temporary folders for ledger tests, removed after each test file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** A fresh folder; every folder made by this file's tests is removed after them. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "snapspace-ledger-"));
  made.push(dir);
  return dir;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
