// Replaces dist/syntax/chevrotain.js (tsc's re-export of the package) with chevrotain bundled into one
// ES module. Why: chevrotain's package entry imports lodash-es module by module, and Node 20 loads ES
// modules file by file — ~250 ms of every process that imports the library, against ~20 ms for one file.
// The result is still an ES module with named exports, so users' bundlers can tree-shake it.
import { build } from "esbuild";

const result = await build({
  stdin: { contents: 'export { createToken, EmbeddedActionsParser, EOF, Lexer } from "chevrotain";', resolveDir: new URL("..", import.meta.url).pathname, loader: "js" },
  outfile: new URL("../dist/syntax/chevrotain.js", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  allowOverwrite: true,
  logLevel: "warning",
});

if (result.warnings.length > 0) {
  console.error(`vendor-chevrotain: ${result.warnings.length} warning(s) above; fix them`);
  process.exit(1);
}
