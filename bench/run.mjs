// `npm run bench`: runs every suite in bench/suites/ (sorted by name) against the built dist/,
// in one process, and prints each suite's figures. Suites export `default async function run()`.
import { readdirSync } from "node:fs";

const only = process.argv[2];
const dir = new URL("./suites/", import.meta.url);
const suites = readdirSync(dir)
  .filter((f) => f.endsWith(".mjs") && (!only || f.includes(only)))
  .sort();
console.log(`snapspace benchmark, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${process.platform}/${process.arch}`);
for (const file of suites) {
  console.log(`\n## ${file.replace(/\.mjs$/, "")}`);
  const mod = await import(new URL(file, dir));
  await mod.default();
}
