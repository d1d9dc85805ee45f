/**
 * The last walk over a rule definition, once its names are resolved and its
 * bodies planned: what it may evaluate (`RuleDef.reads`, which the recursion
 * check and the code generator's closure of reads both follow), its first
 * number literal that no value can represent, and the type errors of its
 * literals. One walk for the three, instead of one each.
 */
import { walk } from "../ast/visit.js";
import type { Diagnostic } from "../source/diagnostic.js";
import { parseNumber } from "../value/number.js";
import type { DefRead } from "./program.js";
import type { PendingDef } from "./rule-tree.js";
import { LocalLiterals, literalTypeErrors } from "./types.js";

/** Fill in `def.reads` and `def.badNumber`, reporting literal type errors into `diags`. */
export function scanDefinition(def: PendingDef, diags: Diagnostic[]): void {
  const a = def.analysis;
  const reads: DefRead[] = [];
  const locals = new LocalLiterals(a);
  walk(def.rule, (x) => {
    switch (x.kind) {
      case "var":
      case "ref": {
        const r = a.refs.get(x.id);
        if (r && r.root === "data") reads.push({ kind: "data", prefix: r.prefix });
        return;
      }
      case "number":
        if (def.badNumber === undefined && parseNumber(x.raw) === undefined) def.badNumber = { raw: x.raw, span: x.span };
        return;
      case "call": {
        const t = a.calls.get(x.id);
        if (t?.kind === "function") reads.push({ kind: "call", node: t.node });
        break;
      }
      case "with": {
        const t = a.withTargets.get(x.id);
        if (t?.kind === "function") reads.push({ kind: "replaced", node: t.node });
        const f = a.withFunctions.get(x.id);
        if (f?.kind === "function") reads.push({ kind: "substitute", node: f.node });
        break;
      }
      default:
        break;
    }
    literalTypeErrors(x, a, diags, locals);
  });
  locals.finish();
  def.reads = reads;
}
