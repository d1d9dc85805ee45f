// Writes docs/schemas/*.json from the zod schemas of src/decision/ (run after `npm run build`):
//   node scripts/generate-schemas.mjs
// test/decision/json-schemas.test.ts fails when the checked-in files differ from what this writes.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";

const { jsonSchemaFiles } = await import(new URL("../dist/decision/json-schemas.js", import.meta.url));
const dir = new URL("../docs/schemas/", import.meta.url);
mkdirSync(dir, { recursive: true });
const files = jsonSchemaFiles();
for (const old of readdirSync(dir)) if (old.endsWith(".schema.json") && !(old in files)) rmSync(new URL(old, dir));
for (const [name, text] of Object.entries(files)) writeFileSync(new URL(name, dir), text);
console.log(`wrote ${Object.keys(files).length} schemas to docs/schemas/`);
