// Parse throughput: the regorus conformance modules, and generated modules of 500 to 2000 rules,
// to show that parsing time grows linearly with the input. (The check stage will be added here
// once `snapspace check` runs it.)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { SourceFile } from "../../dist/source/index.js";
import { formatModule, parseModule } from "../../dist/syntax/index.js";
import { fmt, measure, table } from "../timing.mjs";

const CONFORMANCE = new URL("../../../shared/conformance/regorus/", import.meta.url);

function conformanceModules() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".yaml")) {
        const v0 = !path.endsWith("binding/bindings.yaml");
        for (const c of yaml.load(readFileSync(path, "utf8"))?.cases ?? []) {
          for (const text of c.modules ?? []) out.push({ file: new SourceFile(path, text), regoVersion: v0 ? 0 : 1 });
        }
      }
    }
  };
  walk(CONFORMANCE.pathname);
  return out.filter((m) => parseModule(m.file, { regoVersion: m.regoVersion }).value);
}

/** A module of `n` rules of the forms a real policy set has. */
export function generatedModule(n) {
  const lines = ["package bench.generated", "", "import data.lib.helpers as h", ""];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0:
        lines.push(`deny contains msg if {`, `\tsome item in input.proposal.args.items_${i}`, `\titem.amount > ${i * 10} + 5`, `\tmsg := sprintf("item %v over limit ${i}", [item.id])`, `}`);
        break;
      case 1:
        lines.push(`allow_${i} if {`, `\tinput.proposal.tool == "tool.${i}"`, `\tnot deny_${i}`, `\tcount(input.history) < ${i}`, `}`);
        break;
      case 2:
        lines.push(`limits_${i} := {"max": ${i}, "tools": ["a.${i}", "b.${i}"], "ok": true}`);
        break;
      case 3:
        lines.push(`escalate contains {"msg": m, "rule": ${i}} if {`, `\tevery x in input.context.approvals { x.user != input.proposal.agent }`, `\tm := $"needs approval {input.proposal.id}"`, `}`);
        break;
      default:
        lines.push(`f_${i}(x, y) := z if {`, `\tz := [v | some v in x; v * 2 >= y[_]]`, `} else := []`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function mbPerSec(bytes, nsPerOp) {
  return bytes / 1e6 / (nsPerOp / 1e9);
}

export default async function run() {
  const modules = conformanceModules();
  const bytes = modules.reduce((sum, m) => sum + m.file.text.length, 0);
  const all = measure(() => {
    for (const m of modules) parseModule(m.file, { regoVersion: m.regoVersion });
  }, { iterations: 5, repetitions: 7 });
  const rows = [["input", "size", "parse ms", "MB/s", "fmt ms"]];
  const parsed = modules.map((m) => parseModule(m.file, { regoVersion: m.regoVersion }).value);
  const fmtAll = measure(() => {
    for (const m of parsed) formatModule(m);
  }, { iterations: 5, repetitions: 7 });
  rows.push([`conformance (${modules.length} modules)`, `${fmt(bytes / 1024, 1)} KiB`, fmt(all.nsPerOp / 1e6, 1), fmt(mbPerSec(bytes, all.nsPerOp), 2), fmt(fmtAll.nsPerOp / 1e6, 1)]);

  const timings = [];
  for (const n of [500, 1000, 2000]) {
    const file = new SourceFile(`generated-${n}.rego`, generatedModule(n));
    if (!parseModule(file).value) throw new Error("the generated module does not parse");
    const m = measure(() => parseModule(file), { iterations: 3, repetitions: 7 });
    const module = parseModule(file).value;
    const f = measure(() => formatModule(module), { iterations: 3, repetitions: 5 });
    timings.push(m.nsPerOp);
    rows.push([`generated, ${n} rules`, `${fmt(file.text.length / 1024, 1)} KiB`, fmt(m.nsPerOp / 1e6, 1), fmt(mbPerSec(file.text.length, m.nsPerOp), 2), fmt(f.nsPerOp / 1e6, 1)]);
  }
  table(rows);
  console.log(
    `linearity: 1000 rules take ${fmt(timings[1] / timings[0], 2)}x the time of 500, 2000 take ${fmt(timings[2] / timings[1], 2)}x the time of 1000 (2.00 is linear)`,
  );
}
