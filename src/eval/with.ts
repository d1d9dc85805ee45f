/**
 * `with … as …`: a statement evaluated against replaced documents or
 * functions. Each `with` makes a new state (with its own memo tables, since
 * rule values may change), used only while the statement itself runs.
 */
import type { BuiltinDef } from "../builtins/types.js";
import type { RuleNode } from "../check/program.js";
import { unreachable } from "../source/unreachable.js";
import { ObjectBuilder } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { isObject } from "../value/type-of.js";
import type { ObjectValue, Value } from "../value/types.js";
import type { CompiledWith } from "./bodies.js";
import type { DataOverride, EvalContext, EvalState, FunctionReplacement } from "./context.js";
import { getKey } from "./navigate.js";
import type { Frame } from "./types.js";

/** The state a statement with these modifiers runs in, or `undefined` when a replacement value is undefined. */
export function withState(c: EvalContext, f: Frame, saved: EvalState, mods: readonly CompiledWith[]): EvalState | undefined {
  let input = saved.input;
  let overrides: DataOverride[] | undefined = saved.dataOverrides ? [...saved.dataOverrides] : undefined;
  let fns: Map<BuiltinDef | RuleNode, FunctionReplacement> | undefined = saved.fnOverrides ? new Map(saved.fnOverrides) : undefined;
  for (const m of mods) {
    let value: Value | undefined;
    if (m.value) {
      value = m.value.val ? m.value.val(c, f) : firstValue(c, f, m);
      if (value === undefined) return undefined;
    }
    const t = m.target;
    switch (t.kind) {
      case "input":
        input = t.path.length === 0 ? value : setIn(input, t.path, value!);
        break;
      case "data": {
        // A later override of a path replaces earlier ones at or below it.
        const list = (overrides ?? []).filter((o) => !isPrefix(t.path, o.path));
        list.push({ path: t.path, value: value! });
        overrides = list;
        break;
      }
      case "builtin":
      case "function": {
        fns ??= new Map();
        const key = t.kind === "builtin" ? t.def : t.node;
        fns.set(key, m.fn ?? { kind: "value", value: value! });
        break;
      }
      default:
        unreachable(t, "with target");
    }
  }
  return { input, data: saved.data, dataOverrides: overrides, fnOverrides: fns, cache: new Map(), calls: new Map() };
}

function firstValue(c: EvalContext, f: Frame, m: CompiledWith): Value | undefined {
  let out: Value | undefined;
  m.value!.gen(c, f, (v) => {
    out = v;
    return true;
  });
  return out;
}

/** True when `prefix` is a prefix of (or equal to) `path`. */
export function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

/** A copy of `doc` with `path` set to `value` (objects created or replaced along the way). */
export function setIn(doc: Value | undefined, path: readonly string[], value: Value, from = 0): Value {
  if (from === path.length) return value;
  const key = path[from]!;
  const b = new ObjectBuilder();
  if (doc !== undefined && isObject(doc)) for (const [k, v] of objectEntries(doc as ObjectValue)) b.set(k, v);
  const cur = doc !== undefined && isObject(doc) ? getKey(doc, key) : undefined;
  b.set(key, setIn(cur, path, value, from + 1));
  return b.build();
}
