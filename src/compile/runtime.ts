/**
 * What generated code calls besides its own functions: lookups and
 * iteration in canonical order, equality and order, built-in calls with
 * OPA's strict / non-strict errors, the errors of evaluation (budget, depth,
 * conflicts), `print`, templates, `with`, documents of inner nodes.
 *
 * Generated code receives these as one object (`R`) and binds each to a
 * local once, when the program is instantiated. This module is also what a
 * standalone module built by `snapspace build` carries, so it imports only
 * the value model, the built-in call path and a few of the interpreter's
 * pure helpers (no parser, no checker).
 */
import { add, mul, sub } from "../builtins/arith.js";
import { callBuiltin } from "../builtins/call.js";
import { formatPrintArg } from "../builtins/debugging.js";
import { BuiltinError, type BuiltinContext, type BuiltinDef } from "../builtins/types.js";
import { member2, member3, printLines } from "../eval/builtin-call.js";
import { ConflictedDoc, DocBuilder } from "../eval/doc-builder.js";
import { getKey, getPath } from "../eval/navigate.js";
import { isPrefix, setIn } from "../eval/with.js";
import { SnapError } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { compare, equal } from "../value/compare.js";
import { ObjectCache } from "../value/object-cache.js";
import { KeyedObject, ObjectBuilder } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { toJson } from "../value/json.js";
import { toRegoText } from "../value/print.js";
import { SetBuilder, SetValue } from "../value/set.js";
import type { PlainObject, Value } from "../value/types.js";
import { stackOverflowAsDepth } from "./verdicts.js";
import { IN_PROGRESS, NONE, type CallMemo, type DataOverride, type Documents, type InnerNode, type Replacement, type State } from "./state.js";

const NO_PRINT: BuiltinContext = { print: () => {} };

/** Where a built-in is called: the definition, the call's span and its arguments' spans (to blame the one at fault). */
export interface CallSite {
  readonly def: BuiltinDef;
  readonly span: Span;
  readonly args: readonly (Span | null)[];
}

// ───────────────────────────── lookups and iteration ─────────────────────────────

/** Keys and values of an object or set in canonical order. */
export interface Entries {
  readonly k: readonly Value[];
  readonly v: readonly Value[];
}

// Sorted entries are kept while the object cannot have changed (see `value/object-cache.ts`).
const ENTRIES = new ObjectCache<Entries>();

/**
 * How to iterate `v`: `null` for an array (iterate by index), its entries for
 * an object or a set, `undefined` for anything else (no iteration).
 */
export function iter(v: Value | undefined): Entries | null | undefined {
  if (v === null || typeof v !== "object") return undefined;
  if (Array.isArray(v)) return null;
  let e = ENTRIES.get(v);
  if (e) return e;
  if (v instanceof SetValue) {
    const s = v.sorted();
    e = { k: s, v: s };
  } else {
    const es = v instanceof KeyedObject ? v.entries() : objectEntries(v as PlainObject);
    const k: Value[] = new Array(es.length);
    const x: Value[] = new Array(es.length);
    for (let i = 0; i < es.length; i++) {
      k[i] = es[i]![0];
      x[i] = es[i]![1];
    }
    e = { k, v: x };
  }
  ENTRIES.set(v, e);
  return e;
}

/** True for arrays, objects and sets (what `every` may iterate). */
export function isCollection(v: Value): boolean {
  return v !== null && typeof v === "object";
}

// ───────────────────────────── limits and errors ─────────────────────────────

/** The step-budget error. */
export function overBudget(S: State, span: Span | undefined): never {
  throw SnapError.of(
    "step_budget_exceeded",
    `evaluation exceeded its budget of ${S.budget} steps`,
    span,
    "simplify the policy or the input, or raise `limits.steps` when compiling",
  );
}

/** The depth-limit error. */
export function tooDeep(S: State, span: Span | undefined): never {
  throw SnapError.of(
    "depth_limit_exceeded",
    `evaluation exceeded its depth limit of ${S.maxDepth} nested rule, function and comprehension evaluations`,
    span,
    "simplify the policy, or raise `limits.depth` when compiling",
  );
}

/** A rule evaluated while it is being evaluated. */
export function recursion(name: string): SnapError {
  return SnapError.of("recursion", `rule \`${name}\` depends on itself`, undefined, "remove the cycle between the rules");
}

/** Two definitions (or solutions) of a complete rule gave different values. */
export function ruleConflict(name: string, span: Span, a: Value, b: Value): SnapError {
  return SnapError.of(
    "eval_conflict",
    `complete rules must not produce multiple outputs: \`${name}\` is both \`${toRegoText(a)}\` and \`${toRegoText(b)}\``,
    span,
    "make the rule's definitions exclusive, or use a set (`contains`) if several values are meant",
  );
}

/** Two definitions (or solutions) of a function gave different values for the same arguments. */
export function functionConflict(name: string, span: Span, a: Value, b: Value): SnapError {
  return SnapError.of(
    "eval_conflict",
    `functions must not produce multiple outputs for same inputs: \`${name}\` returned \`${toRegoText(a)}\` and \`${toRegoText(b)}\``,
    span,
    "make the function's definitions exclusive, or use `else`",
  );
}

/** An object comprehension produced two values for one key. */
export function objectComprehensionConflict(span: Span, key: Value): SnapError {
  return SnapError.of(
    "eval_conflict",
    `object comprehension produced conflicting values for key \`${formatPrintArg(key)}\``,
    span,
    "object keys must be unique: make the key identify one value",
  );
}

/** A number literal that cannot be represented (raised when its rule is first evaluated, as the interpreter does). */
export function invalidNumber(raw: string, span: Span): SnapError {
  return SnapError.of("invalid_number", `invalid number \`${raw}\``, span);
}

/** An operator whose built-in this build lacks. */
export function missingOperator(op: string, span: Span): SnapError {
  return SnapError.of("unknown_function", `operator \`${op}\` is not available`, span, "this build of snapspace lacks the built-in behind the operator");
}

// ───────────────────────────── built-ins ─────────────────────────────

/**
 * Call a built-in. A `BuiltinError` fails the evaluation in strict mode (at
 * the span of the argument at fault) and makes the call undefined otherwise.
 */
export function callSite(S: State, site: CallSite, args: readonly Value[]): Value | undefined {
  const fo = S.fo;
  if (fo !== undefined) {
    const r = fo.get(site.def);
    if (r !== undefined) return replaced(S, r, args, site);
  }
  return invoke(S, site, args);
}

/** Call a built-in that no `with` of the program replaces (as `callSite`, without looking for replacements). */
export function invoke(S: State, site: CallSite, args: readonly Value[]): Value | undefined {
  try {
    return callBuiltin(site.def, args, NO_PRINT);
  } catch (e) {
    if (!(e instanceof BuiltinError)) throw e;
    if (!S.strict) return undefined;
    const at = e.argIndex !== undefined ? site.args[e.argIndex] : undefined;
    throw SnapError.of(e.code, e.message, at ?? site.span, builtinHelp(site.def, e));
  }
}

function builtinHelp(def: BuiltinDef, e: BuiltinError): string {
  if (e.code === "type_error") return `check the type of the value passed to \`${def.name}\``;
  return `check the arguments of \`${def.name}\`; without strict built-in errors the call would be undefined`;
}

/** What `with` replaced a built-in or function by, called with the original call's arguments. */
export function replaced(S: State, r: Replacement, args: readonly Value[], site: CallSite | { readonly span: Span }): Value | undefined {
  switch (r.kind) {
    case "value":
      return r.value;
    case "builtin": {
      const n = r.def.variadic ? args.length : r.def.args.length;
      return invoke(S, { def: r.def, span: site.span, args: "args" in site ? site.args : [] }, args.slice(0, n));
    }
    case "function":
      return S.P.fns[r.fn]!(S, site.span, ...args);
  }
}

/** Rego equality of two values already known not to be `===` (two different strings, numbers, booleans are never equal). */
export function equalSlow(a: Value, b: Value): boolean {
  const ta = typeof a;
  if (ta === "string" || ta === "boolean" || (ta === "number" && typeof b === "number")) return false;
  return equal(a, b);
}

export { add, sub, mul, member2, member3, getKey as get, getPath, equal, compare, toJson };

// ───────────────────────────── memos ─────────────────────────────

/** The memo key of a call without arguments. */
export const NO_ARGS: Value = "\u0000no-args";

/** The memo level of function `fn` for the arguments before the last (created on demand). */
export function callMemo(S: State, fn: number, args: readonly Value[]): CallMemo {
  let memo = S.fm[fn];
  if (memo === undefined) S.fm[fn] = memo = new Map();
  for (let i = 0; i < args.length - 1; i++) {
    let next = memo.get(args[i]!) as CallMemo | undefined;
    if (next === undefined) memo.set(args[i]!, (next = new Map()));
    memo = next;
  }
  return memo;
}

export { NONE, IN_PROGRESS };

// ───────────────────────────── composites ─────────────────────────────

/** A set of the given values. */
export function setOf(values: readonly Value[]): SetValue {
  return SetValue.from(values);
}

/** An object of alternating keys and values. */
export function objectOf(kv: readonly Value[]): Value {
  const b = new ObjectBuilder();
  for (let i = 0; i < kv.length; i += 2) b.set(kv[i]!, kv[i + 1]!);
  return b.build();
}

export { SetBuilder, SetValue, ObjectBuilder, DocBuilder };

/** Up to this many elements, a set under construction finds duplicates by comparing, not hashing. */
const SMALL_SET = 8;

/**
 * The elements of a set rule (or comprehension) under construction. Most
 * sets a decision builds are small (a few reasons), so duplicates are found
 * by comparing with each element, which costs less than the canonical key
 * a `SetBuilder` computes for every composite element; past `SMALL_SET`
 * elements it hands over to a `SetBuilder`.
 */
export class SetAcc {
  // Declared and set in the constructor: emitted class fields would be defined twice per set.
  private declare items: Value[] | undefined;
  private declare big: SetBuilder | undefined;

  constructor() {
    this.items = undefined;
    this.big = undefined;
  }

  /** Add an element; false when an equal one is already there. */
  add(v: Value): boolean {
    if (this.big !== undefined) return this.big.add(v);
    const items = this.items;
    if (items === undefined) {
      this.items = [v];
      return true;
    }
    for (let i = 0; i < items.length; i++) if (items[i] === v || equal(items[i]!, v)) return false;
    if (items.length < SMALL_SET) {
      items.push(v);
      return true;
    }
    const b = (this.big = new SetBuilder());
    for (const x of items) b.add(x);
    this.items = undefined;
    return b.add(v);
  }

  /** The set. Nothing may be added afterwards: the set keeps the accumulated elements. */
  build(): SetValue {
    if (this.big !== undefined) return this.big.build();
    // `add` kept the items distinct (by `equal`): the set takes them as they are.
    return this.items === undefined ? SetValue.EMPTY : SetValue.fromDistinct(this.items);
  }
}

/** True for a plain object (what `{"k": x} = v` destructures), not an array or a set. */
export function isObjectValue(v: Value): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof SetValue);
}

/** Number of keys of an object. */
export function objectSize(v: Value): number {
  return v instanceof KeyedObject ? v.size : Object.keys(v as PlainObject).length;
}

/** `o[key]` for an object (plain or keyed), own properties only. */
export function objectGet(v: Value, key: Value): Value | undefined {
  if (v instanceof KeyedObject) return v.get(key);
  if (typeof key !== "string" || !Object.hasOwn(v as object, key)) return undefined;
  return (v as PlainObject)[key];
}

// ───────────────────────────── print and templates ─────────────────────────────

/** Record the lines of one `print` call (each argument's distinct values, sorted when several). */
export function print(S: State, location: string, args: readonly Value[][]): void {
  const prints = S.prints;
  if (prints === undefined) return;
  const values = args.map((vs) => (vs.length > 1 ? (SetValue.from(vs).sorted() as Value[]) : vs));
  for (const message of printLines(values)) prints.push({ location, message });
}

/** One `{…}` of a template: its single value as text (several distinct values are an error). */
export function templatePart(values: readonly Value[], span: Span): string {
  if (values.length > 1 && SetValue.from(values).size > 1) {
    throw SnapError.of("eval_conflict", "a template expression produced several values", span, "make each `{…}` in a template produce one value");
  }
  return formatPrintArg(values[0]);
}

// ───────────────────────────── with ─────────────────────────────

/** One modifier of a `with`, as generated code describes it. */
export type WithTarget =
  | { readonly kind: "input"; readonly path: readonly string[] }
  | { readonly kind: "data"; readonly path: readonly string[] }
  | { readonly kind: "builtin"; readonly def: BuiltinDef; readonly fn?: Replacement }
  | { readonly kind: "function"; readonly fn: number; readonly replacement?: Replacement };

/** The documents in effect now (to restore after a `with`). */
export function saveDocuments(S: State): Documents {
  return { i: S.i, m: S.m, fm: S.fm, ov: S.ov, fo: S.fo };
}

/** Put saved documents back. */
export function loadDocuments(S: State, d: Documents): void {
  S.i = d.i;
  S.m = d.m;
  S.fm = d.fm;
  S.ov = d.ov;
  S.fo = d.fo;
}

/**
 * Apply `with` modifiers (their values computed beforehand, in the outer
 * state; `undefined` for function replacements), starting fresh memo tables
 * since rule values may change.
 */
export function applyWith(S: State, targets: readonly WithTarget[], values: readonly (Value | undefined)[]): void {
  let input = S.i;
  let overrides: DataOverride[] | undefined = S.ov ? [...S.ov] : undefined;
  let fns: Map<BuiltinDef | number, Replacement> | undefined = S.fo ? new Map(S.fo) : undefined;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    const value = values[i];
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
        (fns ??= new Map()).set(t.def, t.fn ?? { kind: "value", value: value! });
        break;
      case "function":
        (fns ??= new Map()).set(t.fn, t.replacement ?? { kind: "value", value: value! });
        break;
    }
  }
  S.i = input;
  S.ov = overrides;
  S.fo = fns;
  S.m = new Array(S.P.nodeCount);
  S.fm = new Array(S.P.fnCount);
}

/** `data.<path>` while `with data.… as …` replacements are in effect; `compute` gives it without them. */
export function overridden(S: State, path: readonly string[], compute: (S: State) => Value | undefined): Value | undefined {
  const overrides = S.ov!;
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i]!;
    if (isPrefix(o.path, path)) return getPath(o.value, path, o.path.length);
  }
  let v = compute(S);
  for (const o of overrides) {
    if (o.path.length > path.length && isPrefix(path, o.path)) v = setIn(v, o.path.slice(path.length), o.value);
  }
  return v;
}

// ───────────────────────────── documents ─────────────────────────────

/** The value of an inner node of the rule tree (memoised): base data, its children's values and its object rules' entries. */
export function inner(S: State, node: number): Value | undefined {
  return innerAt(S, node, NO_KEYS);
}

const NO_KEYS: readonly Value[] = [];

/**
 * The value of an inner node for a lookup of the ground `keys` below it (see
 * `ConflictedDoc`: object rules conflicting on another key are no error).
 */
export function innerAt(S: State, node: number, keys: readonly Value[]): Value | undefined {
  const hit = S.m[node];
  if (hit !== undefined) {
    if (hit === NONE) return undefined;
    if (hit === IN_PROGRESS) throw recursion(S.P.inner[node]!.name);
    if (hit instanceof ConflictedDoc) return hit.at(keys);
    return hit as Value;
  }
  S.m[node] = IN_PROGRESS;
  if (++S.depth > S.maxDepth) tooDeep(S, undefined);
  const desc = S.P.inner[node]!;
  const tolerant = desc.objectDefs.length > 0;
  const b = DocBuilder.from(getPath(S.d, desc.path), tolerant);
  const nodes = S.P.nodes;
  for (const [k, child] of desc.children) {
    let v: Value | undefined;
    if (tolerant) {
      // Beside object rules, a child's error concerns only lookups of its key (OPA evaluates them together, by key).
      const depth = S.depth;
      try {
        v = nodes[child]!(S);
      } catch (e) {
        b.defer(k, e);
        abandon(S, depth);
        continue;
      }
    } else v = nodes[child]!(S);
    if (v !== undefined) b.set(k, v);
  }
  for (const def of desc.objectDefs) def(S, b);
  const v = b.finish();
  S.depth--;
  S.m[node] = v;
  return v instanceof ConflictedDoc ? v.at(keys) : v;
}

/** The children of an inner node by key (the descriptions are the generated program's own, never a caller's). */
const CHILDREN = new WeakMap<InnerNode, ReadonlyMap<string, number>>();

/**
 * `doc[key]` for the document of inner node `node`, evaluating only what
 * that key needs, as OPA does: the child named `key` (or the base data
 * there); below object rules, their document for that key.
 */
export function lookupIn(S: State, node: number, key: Value): Value | undefined {
  const desc = S.P.inner[node]!;
  if (desc.objectDefs.length > 0 || S.m[node] !== undefined) {
    const v = innerAt(S, node, [key]);
    return v === undefined ? undefined : getKey(v, key);
  }
  if (typeof key === "string") {
    let byKey = CHILDREN.get(desc);
    if (byKey === undefined) CHILDREN.set(desc, (byKey = new Map(desc.children)));
    const child = byKey.get(key);
    if (child !== undefined) return S.P.nodes[child]!(S);
  }
  const base = getPath(S.d, desc.path);
  return base === undefined ? undefined : getKey(base, key);
}

/**
 * Undo what an evaluation that threw left behind, once its error is deferred:
 * the depth, and the nodes it left in progress (recursion is ruled out
 * statically, so every node in progress now is below the failed one, or an
 * ancestor that sets its value when it finishes).
 */
function abandon(S: State, depth: number): void {
  S.depth = depth;
  const m = S.m;
  for (let i = 0; i < m.length; i++) if (m[i] === IN_PROGRESS) m[i] = undefined;
}

/** Insert one value of an object rule into the document being built. */
export function insert(doc: unknown, keys: readonly Value[], value: Value, name: string, span: Span): void {
  (doc as DocBuilder).insert(keys, value, name, span);
}

/** Add one element of a multi-value rule with variables in its path (`p[k] contains x`) to the document being built. */
export function addElement(doc: unknown, keys: readonly Value[], element: Value, name: string, span: Span): void {
  (doc as DocBuilder).addElement(keys, element, name, span);
}

/** The index of a rule node: constant → positions of the definitions (in source order) that may match. */
export function makeIndex(entries: readonly (readonly [Value, readonly number[]])[]): Map<Value, readonly number[]> {
  const m = new Map<Value, readonly number[]>();
  for (const [k, list] of entries) m.set(k, list);
  return m;
}

/** A JS `Set` of strings, for membership tests against a constant collection of strings. */
export function stringSet(items: readonly string[]): Set<string> {
  return new Set(items);
}

/**
 * Run an evaluation, turning a JS stack overflow (deeply nested data or
 * rules) into the typed depth error (as the interpreter's `guard` does;
 * repeated here so that standalone modules need nothing of the interpreter).
 */
export function catchStackOverflow<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw stackOverflowAsDepth(e);
  }
}


// The verdicts of governed packages (`verdicts.ts`), for the generated `governed` function.
export { completeHits, failedVerdict, governedElements, NOTHING, stackOverflowAsDepth, valueHits } from "./verdicts.js";
