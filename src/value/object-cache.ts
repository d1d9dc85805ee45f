/**
 * What is computed from an object (its sorted entries, a compiled schema),
 * kept and reused while the object cannot have changed.
 *
 * Iterating an object in Rego visits its keys in canonical order, and
 * sorting them is most of the cost; rules that iterate the same object
 * (labels, annotations, a data document) should sort it once. But not every
 * object an evaluation sees is ours: the input belongs to the caller, who
 * may change it between two calls (`input.proposal.args.items.b = 5`) and
 * must then get a decision about what it holds now. So:
 *
 * - within one evaluation, nothing can change (evaluation is synchronous and
 *   values are never mutated), and entries are reused freely;
 * - across evaluations, entries are reused only for objects marked
 *   immutable: a policy's own data and constants, which snapspace copied and
 *   nothing outside can reach.
 *
 * Every entry point that starts an evaluation calls `beginEvaluation()`.
 */
import { MAX_JSON_DEPTH } from "./json.js";
import { KeyedObject, setOwn } from "./keyed-object.js";
import { SetValue } from "./set.js";
import type { Value } from "./types.js";

let generation = 0;

const IMMUTABLE = new WeakSet<object>();

/** Start an evaluation: entries cached for objects not marked immutable are recomputed from now on. */
export function beginEvaluation(): void {
  generation++;
}

/**
 * A copy of `v` that nothing outside snapspace can reach, marked immutable:
 * how a policy keeps the data it was given (a caller who changes its own
 * object afterwards changes neither the policy's data nor its hash).
 */
export function immutableCopy(v: Value): Value {
  return markImmutable(copyTree(v, 0));
}

function copyTree(v: Value, depth: number): Value {
  if (typeof v !== "object" || v === null || v instanceof SetValue || v instanceof KeyedObject) return v;
  // `fromJs` has already refused documents deeper than this; the check only keeps the recursion bounded.
  if (depth > MAX_JSON_DEPTH) throw new RangeError("document too deep to copy");
  if (Array.isArray(v)) return v.map((x) => copyTree(x, depth + 1));
  const out: Record<string, Value> = {};
  for (const k of Object.keys(v)) setOwn(out, k, copyTree((v as Record<string, Value>)[k]!, depth + 1));
  return out;
}

/** Mark `v` and every object and array in it as never changing (values snapspace built itself: constants, copied data). Returns `v`. */
export function markImmutable<V extends Value>(v: V): V {
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== "object" || x === null || IMMUTABLE.has(x)) continue;
    IMMUTABLE.add(x);
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) stack.push(x[i]);
    } else if (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null) {
      for (const k in x) stack.push((x as Record<string, unknown>)[k]);
    }
    // Sets and objects with non-string keys are immutable by construction and cache their own order.
  }
  return v;
}

interface Cached<E> {
  readonly entries: E;
  generation: number;
}

/** A cache of something computed from an object (its entries, a compiled schema), valid as described above. */
export class ObjectCache<E> {
  private readonly map = new WeakMap<object, Cached<E>>();

  /** What was cached for `o`, if `o` cannot have changed since. */
  get(o: object): E | undefined {
    const c = this.map.get(o);
    if (c === undefined) return undefined;
    if (c.generation === generation) return c.entries;
    if (!IMMUTABLE.has(o)) return undefined;
    c.generation = generation;
    return c.entries;
  }

  /** Remember `entries` (what was computed from `o`); returns them. */
  set(o: object, entries: E): E {
    this.map.set(o, { entries, generation });
    return entries;
  }
}
