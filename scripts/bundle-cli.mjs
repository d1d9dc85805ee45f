// Bundles the CLI into one ES module, dist/snapspace.mjs, which bin/snapspace runs.
// Why: Node 20 loads ES modules file by file, and the CLI's graph (ours plus chevrotain's
// lodash-es, zod, …) is hundreds of files: ~1.1 s to start, against ~0.4 s bundled.
// The library (dist/index.js) stays unbundled, for tree-shaking by its users' bundlers.
import { build } from "esbuild";

const result = await build({
  entryPoints: [new URL("../dist/cli/main.js", import.meta.url).pathname],
  outfile: new URL("../dist/snapspace.mjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Some CommonJS dependencies (the OPA Wasm SDK) call `require`; give the bundle one.
  banner: { js: "import { createRequire as __snapspaceRequire } from 'node:module'; const require = __snapspaceRequire(import.meta.url);" },
  // `snapspace build` loads esbuild on demand, from node_modules: it is not part of the CLI.
  external: ["esbuild"],
  logLevel: "warning",
});

// esbuild's warnings are real defects (a duplicate `case`, an import that does not exist): fail the build on them.
if (result.warnings.length > 0) {
  console.error(`bundle-cli: ${result.warnings.length} warning(s) above; fix them`);
  process.exit(1);
}
