/**
 * Bundling entry modules into standalone ES modules with esbuild: one
 * bundler run for any number of entries, each output self-contained, with
 * tree shaking so that built-in families the policy does not call (and
 * their dependencies, such as RE2 for `regex.*`) stay out.
 *
 * The entries import snapspace's own modules by paths relative to its root:
 * `dist/` in an installed package (and under the bundled CLI), `src/` when
 * running from the sources (esbuild reads TypeScript, resolving `./x.js` to
 * `./x.ts` as TypeScript does).
 */
import { relative, sep } from "node:path";
import type { Plugin } from "esbuild";
import { SnapError } from "../source/diagnostic.js";
import { libraryRoot } from "./root.js";

/** One bundled module. */
export interface Bundled {
  readonly code: string;
  /** The modules bundled in (`compile/runtime.js`, `node_modules/zod/…`), sorted. */
  readonly inputs: readonly string[];
}

/** Bundle each entry source (see `entrySource`) into a standalone ES module. */
export async function bundleEntries(entries: readonly string[]): Promise<Bundled[]> {
  if (entries.length === 0) return [];
  const esbuild = await loadEsbuild();
  const root = libraryRoot();
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: entries.map((_, i) => ({ in: `snapspace-entry:${i}`, out: `m${i}` })),
      outdir: "out",
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "node",
      target: "node20",
      minify: true,
      legalComments: "eof",
      logLevel: "silent",
      // zod is tree-shaken only when imported as a namespace (`import * as z`), as snapspace's modules do.
      plugins: [entriesPlugin(entries, root)],
    });
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw SnapError.of("build_failed", `bundling the module failed: ${message}`, undefined, "this is a bug in snapspace; please report it");
  }
  const byOut = new Map(result.outputFiles.map((f) => [relative(root, f.path).split(sep).join("/"), f.text]));
  return entries.map((_, i) => {
    const out = `out/m${i}.js`;
    const meta = result.metafile.outputs[out];
    const code = byOut.get(out);
    if (code === undefined || !meta) throw SnapError.of("build_failed", `the bundler did not write module ${i}`, undefined, "this is a bug in snapspace; please report it");
    return { code, inputs: Object.keys(meta.inputs).filter((k) => !k.startsWith("snapspace-entry:")).map(displayInput).sort() };
  });
}

type Esbuild = typeof import("esbuild");

/** esbuild, loaded only when building (the other commands start without it). */
async function loadEsbuild(): Promise<Esbuild> {
  try {
    return await import("esbuild");
  } catch {
    throw SnapError.of("build_unavailable", "`snapspace build` needs the `esbuild` package, which is not installed", undefined, "install it next to snapspace: `npm install esbuild`");
  }
}

/** The entries as virtual modules, resolving their imports from snapspace's root. */
function entriesPlugin(entries: readonly string[], root: string): Plugin {
  return {
    name: "snapspace-entries",
    setup(b) {
      b.onResolve({ filter: /^snapspace-entry:\d+$/ }, (args) => ({ path: args.path, namespace: "snapspace-entry" }));
      b.onLoad({ filter: /.*/, namespace: "snapspace-entry" }, (args) => ({
        contents: entries[Number(args.path.slice("snapspace-entry:".length))]!,
        resolveDir: root,
        loader: "js",
      }));
    },
  };
}

/** A bundled input as a reader wants it: `compile/runtime.js`, `node_modules/re2js/…`. */
function displayInput(path: string): string {
  const p = path.split("\\").join("/");
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) return p.slice(nm);
  return p.replace(/\.ts$/, ".js");
}
