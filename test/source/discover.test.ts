// `discoverFilesSync` (what `loadPolicies` walks with) finds what `discoverFiles` finds, in the same order, with the same errors.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverFiles, discoverFilesSync } from "../../src/source/discover.js";

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), "snap-discover-"));
  for (const d of ["b", "b/c", ".hidden", "node_modules", "a"]) mkdirSync(join(dir, d), { recursive: true });
  const files = ["z.snap", "a.rego", "b/y.snap", "b/c/x.snap", "b/c/data.json", "b/notes.md", ".hidden/h.snap", "node_modules/m.snap", "a/data.yaml", ".dot.snap"];
  for (const f of files) writeFileSync(join(dir, f), "");
  return dir;
}

describe("discoverFilesSync", () => {
  it("finds the files discoverFiles finds, sorted, skipping dot-folders and node_modules, with files given explicitly kept", async () => {
    const dir = tree();
    for (const paths of [[dir], [join(dir, "b"), join(dir, "b/notes.md")], [dir, join(dir, ".hidden")]]) {
      for (const extensions of [undefined, [".snap", ".rego", "data.json", "data.yaml"]]) {
        const options = extensions ? { extensions } : {};
        const sync = discoverFilesSync(paths, options);
        expect(sync).toEqual(await discoverFiles(paths, options));
        expect(sync).toEqual([...sync].sort());
      }
    }
    expect(discoverFilesSync([dir]).map((f) => f.slice(dir.length + 1))).toEqual(["a.rego", "b/c/x.snap", "b/y.snap", "z.snap"]);
  });

  it("reports a missing path, and with `kind` a folder without such files, as discoverFiles does", async () => {
    const dir = tree();
    const missing = join(dir, "nope");
    expect(() => discoverFilesSync([missing])).toThrow(expect.objectContaining({ code: "file_not_found" }));
    await expect(discoverFiles([missing])).rejects.toMatchObject({ code: "file_not_found" });
    const empty = join(dir, "a");
    expect(() => discoverFilesSync([empty], { kind: "policy" })).toThrow(expect.objectContaining({ code: "no_files" }));
    await expect(discoverFiles([empty], { kind: "policy" })).rejects.toMatchObject({ code: "no_files" });
    expect(discoverFilesSync([empty])).toEqual([]);
  });
});
