/**
 * Several suites run the built CLI and library (`dist/`), as users do. Without
 * a build they would fail one by one with confusing errors (or, worse, be
 * skipped): say once what is missing instead.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const bundle = fileURLToPath(new URL("../dist/snapspace.mjs", import.meta.url));
  if (!existsSync(bundle)) throw new Error("dist/ is not built: run `npm run build` first (`npm test` does it for you)");
}
