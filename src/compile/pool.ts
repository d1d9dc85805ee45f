/**
 * The constants of generated code. No value from a policy or an input is
 * ever written into generated source: literals, paths, rule names, spans
 * and index tables live here, and generated code reads them as `K[i]`
 * (bound once to locals `k0`, `k1`, … when the program is instantiated).
 *
 * For `new Function` the pool is handed over as objects; a standalone
 * module carries it as a JSON string literal (`JSON.stringify` of the
 * encoding below, so any text is safe in it) decoded when the module loads.
 */
import type { BuiltinDef } from "../builtins/types.js";
import { KeyedObject, ObjectBuilder, setOwn } from "../value/keyed-object.js";
import { SetValue } from "../value/set.js";
import type { PlainObject, Value } from "../value/types.js";
import type { Span } from "../source/span.js";
import type { CallSite, WithTarget } from "./runtime.js";
import type { Replacement } from "./state.js";
import { markImmutable } from "../value/object-cache.js";

/** One constant. */
export type PoolEntry =
  /** A Rego value. */
  | { readonly kind: "value"; readonly value: Value }
  /** Plain JSON (spans, names, paths, locations): no sets, no big integers. */
  | { readonly kind: "json"; readonly json: unknown }
  /** A built-in call site: the built-in's number in the built-in table, the call's span, its arguments' spans. */
  | { readonly kind: "site"; readonly builtin: number; readonly json: Omit<CallSite, "def"> }
  /** A JS `Set` of strings (membership in a constant collection of strings). */
  | { readonly kind: "strings"; readonly items: readonly string[] }
  /** A JS `Map` from the keys of a constant object with string keys to their values (lookups by a computed key). */
  | { readonly kind: "map"; readonly entries: readonly (readonly [string, Value])[] }
  /** The targets of one `with` statement; built-ins by their number in the built-in table. */
  | { readonly kind: "with"; readonly targets: readonly EncodedWithTarget[] };

/** A `with` target as the pool keeps it (JSON, built-ins by number). */
export type EncodedWithTarget =
  | { readonly kind: "input" | "data"; readonly path: readonly string[] }
  | { readonly kind: "builtin"; readonly builtin: number; readonly fn?: EncodedReplacement }
  | { readonly kind: "function"; readonly fn: number; readonly replacement?: EncodedReplacement };

/** What `with f as g` substitutes: a built-in (by number) or a function (by number). */
export type EncodedReplacement = { readonly kind: "builtin"; readonly builtin: number } | { readonly kind: "function"; readonly fn: number };

/** Collects constants and the built-ins generated code uses. */
export class Pool {
  readonly entries: PoolEntry[] = [];
  readonly builtins: BuiltinDef[] = [];
  private readonly scalars = new Map<string, number>();
  /** JSON constants other than strings and spans, by their text. */
  private readonly texts = new Map<string, number>();
  private readonly builtinIndex = new Map<BuiltinDef, number>();

  /** The local name of a Rego value constant. */
  value(v: Value): string {
    if (v === null || typeof v !== "object") {
      const key = `${typeof v}:${String(v)}`;
      const hit = this.scalars.get(key);
      if (hit !== undefined) return `k${hit}`;
      this.scalars.set(key, this.entries.length);
    }
    this.entries.push({ kind: "value", value: v });
    const name = `k${this.entries.length - 1}`;
    this.values.set(name, v);
    return name;
  }

  /** The value of a constant, given its local name (`undefined` for anything else). */
  valueOf(name: string): Value | undefined {
    return this.values.get(name);
  }

  private readonly values = new Map<string, Value>();

  /** The local name of a `Map` over the entries of a constant object with string keys. */
  map(entries: readonly (readonly [string, Value])[]): string {
    this.entries.push({ kind: "map", entries });
    return `k${this.entries.length - 1}`;
  }

  /** The local name of a JSON constant (deduplicated by its text). */
  json(x: unknown): string {
    // `JSON.stringify` takes microseconds even for a short string or a span: strings are their own key, and
    // an object asked for again is known by identity (constants are never changed once made).
    if (typeof x === "string") return `k${this.keyed(this.jsonStrings, x, x)}`;
    if (typeof x !== "object" || x === null) return `k${this.keyed(this.texts, JSON.stringify(x), x)}`;
    let i = this.objects.get(x);
    if (i === undefined) this.objects.set(x, (i = this.keyed(this.texts, JSON.stringify(x), x)));
    return `k${i}`;
  }

  /** The local name of a span (a JSON constant, keyed by its fields rather than its JSON text). */
  span(s: Span): string {
    let i = this.objects.get(s);
    if (i === undefined) this.objects.set(s, (i = this.keyed(this.spans, `${s.file}\u0000${s.start}:${s.end}:${s.line}:${s.col}:${s.endLine}:${s.endCol}`, s)));
    return `k${i}`;
  }

  /** The number of the JSON constant `x`, found under `key` in `map` or added. */
  private keyed(map: Map<string, number>, key: string, x: unknown): number {
    let i = map.get(key);
    if (i === undefined) {
      i = this.entries.length;
      map.set(key, i);
      this.entries.push({ kind: "json", json: x });
    }
    return i;
  }

  private readonly jsonStrings = new Map<string, number>();
  private readonly spans = new Map<string, number>();
  /** JSON constants (spans included) by identity. */
  private readonly objects = new Map<object, number>();

  /** The local name of a built-in call site. */
  site(def: BuiltinDef, site: Omit<CallSite, "def">): string {
    this.entries.push({ kind: "site", builtin: this.builtin(def), json: site });
    return `k${this.entries.length - 1}`;
  }

  /** The local name of a JS set of strings. */
  strings(items: readonly string[]): string {
    this.entries.push({ kind: "strings", items });
    return `k${this.entries.length - 1}`;
  }

  /** The local name of the targets of one `with` statement. */
  withTargets(targets: readonly WithTargetSpec[]): string {
    const enc = (r: ReplacementSpec): EncodedReplacement => (r.kind === "builtin" ? { kind: "builtin", builtin: this.builtin(r.def) } : r);
    this.entries.push({
      kind: "with",
      targets: targets.map((t): EncodedWithTarget => {
        switch (t.kind) {
          case "input":
          case "data":
            return t;
          case "builtin":
            return { kind: "builtin", builtin: this.builtin(t.def), ...(t.fn ? { fn: enc(t.fn) } : {}) };
          case "function":
            return { kind: "function", fn: t.fn, ...(t.replacement ? { replacement: enc(t.replacement) } : {}) };
        }
      }),
    });
    return `k${this.entries.length - 1}`;
  }

  /** The number of a built-in in the built-in table. */
  builtin(def: BuiltinDef): number {
    let i = this.builtinIndex.get(def);
    if (i === undefined) {
      i = this.builtins.length;
      this.builtins.push(def);
      this.builtinIndex.set(def, i);
    }
    return i;
  }
}

/** A function replacement as the generator describes it. */
export type ReplacementSpec = { readonly kind: "builtin"; readonly def: BuiltinDef } | { readonly kind: "function"; readonly fn: number };

/** A `with` target as the generator describes it. */
export type WithTargetSpec =
  | { readonly kind: "input" | "data"; readonly path: readonly string[] }
  | { readonly kind: "builtin"; readonly def: BuiltinDef; readonly fn?: ReplacementSpec }
  | { readonly kind: "function"; readonly fn: number; readonly replacement?: ReplacementSpec };

/** The constants as runtime objects, for a program instantiated in this process. */
export function materialize(entries: readonly PoolEntry[], builtins: readonly BuiltinDef[]): unknown[] {
  return entries.map((e) => materializeEntry(e, builtins));
}

function materializeEntry(e: PoolEntry, builtins: readonly BuiltinDef[]): unknown {
  switch (e.kind) {
    case "value":
      return typeof e.value === "string" ? intern(e.value) : markImmutable(e.value);
    case "json":
      return e.json;
    case "site":
      return { def: builtins[e.builtin]!, ...e.json };
    case "strings":
      return new Set(e.items.map(intern));
    case "map":
      return new Map(e.entries.map(([k, v]) => [intern(k), markImmutable(v)]));
    case "with":
      return decodeWith(e.targets, builtins);
  }
}

/** `with` targets with built-ins resolved, as the runtime's `applyWith` takes them. */
function decodeWith(targets: readonly EncodedWithTarget[], builtins: readonly BuiltinDef[]): WithTarget[] {
  const rep = (r: EncodedReplacement): Replacement => (r.kind === "builtin" ? { kind: "builtin", def: builtins[r.builtin]! } : r);
  return targets.map((t): WithTarget => {
    switch (t.kind) {
      case "input":
      case "data":
        return t;
      case "builtin":
        return { kind: "builtin", def: builtins[t.builtin]!, ...(t.fn ? { fn: rep(t.fn) } : {}) };
      case "function":
        return { kind: "function", fn: t.fn, ...(t.replacement ? { replacement: rep(t.replacement) } : {}) };
    }
  });
}

/**
 * The same string, internalized (V8 keeps one copy of each property name):
 * a constant used as a property key or compared with `===` is then found by
 * identity. A string the parser sliced out of the source is not, and every
 * keyed read with it would look it up in the string table again (measured:
 * 4× slower reads).
 */
export function intern(s: string): string {
  return Object.keys({ [s]: true })[0] ?? s;
}

// ───────────────────────────── standalone encoding ─────────────────────────────

/**
 * A Rego value as JSON that says what it is: scalars as themselves (big
 * integers as `{"b": digits}`), arrays `{"a": […]}`, objects `{"o": [[k, v]…]}`,
 * sets `{"s": […]}`, objects with non-string keys `{"k": [[k, v]…]}`.
 */
export function encodeValue(v: Value): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return { b: v.toString() };
  if (Array.isArray(v)) return { a: v.map(encodeValue) };
  if (v instanceof SetValue) return { s: v.sorted().map(encodeValue) };
  if (v instanceof KeyedObject) return { k: v.entries().map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
  return { o: Object.keys(v).map((k) => [k, encodeValue((v as PlainObject)[k]!)]) };
}

/** The inverse of `encodeValue`. */
export function decodeValue(x: unknown): Value {
  if (x === null || typeof x !== "object") return x as Value;
  const o = x as { a?: unknown[]; b?: string; o?: [string, unknown][]; s?: unknown[]; k?: [unknown, unknown][] };
  if (o.b !== undefined) return BigInt(o.b);
  if (o.a !== undefined) return o.a.map(decodeValue);
  if (o.s !== undefined) return SetValue.from(o.s.map(decodeValue));
  if (o.k !== undefined) {
    const b = new ObjectBuilder();
    for (const [k, v] of o.k) b.set(decodeValue(k), decodeValue(v));
    return b.build();
  }
  const out: Record<string, Value> = {};
  for (const [k, v] of o.o!) setOwn(out, k, decodeValue(v));
  return out;
}

/** The pool as JSON text, for a standalone module. */
export function encodePool(entries: readonly PoolEntry[]): string {
  return JSON.stringify(
    entries.map((e) => {
      switch (e.kind) {
        case "value":
          return { v: encodeValue(e.value) };
        case "json":
          return { j: e.json };
        case "site":
          return { c: e.builtin, j: e.json };
        case "strings":
          return { t: e.items };
        case "map":
          return { m: e.entries.map(([k, v]) => [k, encodeValue(v)]) };
        case "with":
          return { w: e.targets };
      }
    }),
  );
}

/** Decode a pool written by `encodePool`, with the standalone module's built-in table. */
export function decodePool(text: string, builtins: readonly BuiltinDef[]): unknown[] {
  const raw = JSON.parse(text) as { v?: unknown; j?: unknown; c?: number; t?: string[]; m?: [string, unknown][]; w?: EncodedWithTarget[] }[];
  return raw.map((e) => {
    if (e.m !== undefined) return new Map(e.m.map(([k, v]) => [intern(k), markImmutable(decodeValue(v))]));
    if ("v" in e) return typeof e.v === "string" ? intern(e.v) : markImmutable(decodeValue(e.v));
    if (e.w !== undefined) return decodeWith(e.w, builtins);
    if (e.c !== undefined) return { def: builtins[e.c]!, ...(e.j as object) };
    if (e.t !== undefined) return new Set(e.t.map(intern));
    return e.j;
  });
}
