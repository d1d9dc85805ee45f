/**
 * Builds the object of a virtual document: base data, the values of child
 * rules and the entries object rules produce, merged as OPA merges them.
 */
import { SnapError } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { equal } from "../value/compare.js";
import { ObjectBuilder } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { toRegoText } from "../value/print.js";
import { isObject } from "../value/type-of.js";
import type { ObjectValue, Value } from "../value/types.js";
import { SetBuilder, SetValue, ValueMap } from "../value/index.js";

/** Errors of the evaluation's limits, not of the document: never deferred. */
const LIMIT_CODES: ReadonlySet<string> = new Set(["step_budget_exceeded", "depth_limit_exceeded"]);

type Slot = readonly [key: Value, value: Value | DocBuilder | SetBuilder];

/** Object rules that produced different values at `path` (keys below the rule node). */
export interface DocConflict {
  readonly path: readonly Value[];
  readonly error: SnapError;
}

/**
 * The document of a node whose object rules conflicted somewhere. As in OPA
 * (topdown's `evalVirtualPartial`), a lookup with a ground key evaluates
 * only the definitions matching that key, so only a lookup reaching the
 * conflict fails; the whole document, or iterating its keys, fails always.
 */
export class ConflictedDoc {
  constructor(
    private readonly value: Value,
    readonly conflicts: readonly DocConflict[],
  ) {}

  /** The document for a lookup of the ground `keys` below the node (none: the whole document); a conflict on that path is an error. */
  at(keys: readonly Value[]): Value {
    for (const c of this.conflicts) if (comparable(c.path, keys)) throw c.error;
    return this.value;
  }
}

/** True when one key path is a prefix of the other (the empty path is a prefix of every path). */
function comparable(a: readonly Value[], b: readonly Value[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (!equal(a[i]!, b[i]!)) return false;
  return true;
}

/** A mutable object under construction whose entries may themselves be under construction. */
export class DocBuilder {
  private readonly map = new ValueMap<Slot>();

  /** `conflicts`: where to record conflicts instead of throwing them (the builder of a node with object rules). */
  private constructor(private readonly conflicts?: DocConflict[]) {}

  /** Start from the entries of `base` when it is an object; `tolerant`: record conflicts (see `finish`) rather than throw them. */
  static from(base: Value | undefined, tolerant = false): DocBuilder {
    return DocBuilder.fromIn(base, tolerant ? [] : undefined);
  }

  private static fromIn(base: Value | undefined, conflicts: DocConflict[] | undefined): DocBuilder {
    const b = new DocBuilder(conflicts);
    if (base !== undefined && isObject(base)) for (const [k, v] of objectEntries(base as ObjectValue)) b.map.set(k, [k, v]);
    return b;
  }

  /** A conflict at `path`: thrown, or recorded when the builder is tolerant. */
  private fail(path: readonly Value[], rule: string, span: Span): void {
    const error = conflict(rule, path, span);
    if (this.conflicts === undefined) throw error;
    this.conflicts.push({ path, error });
  }

  /** Set `key` (a rule's value replaces base data at the same key). */
  set(key: Value, value: Value): void {
    this.map.set(key, [key, value]);
  }

  /**
   * Record that evaluating the entry at `key` failed with `error` (a
   * conflict, a strict built-in error), so that only a lookup of that key
   * raises it; anything else (errors of the evaluation's limits, of a builder
   * that is not tolerant) is thrown again.
   */
  defer(key: Value, error: unknown): void {
    if (this.conflicts === undefined || !(error instanceof SnapError) || LIMIT_CODES.has(error.code)) throw error;
    this.conflicts.push({ path: [key], error });
  }

  /**
   * Insert `value` at the key path `keys` (an object rule's output), creating
   * nested objects; a different value already there is a conflict.
   */
  insert(keys: readonly Value[], value: Value, rule: string, span: Span, from = 0): void {
    const key = keys[from]!;
    const cur = this.map.get(key)?.[1];
    if (from === keys.length - 1) {
      if (cur === undefined) this.map.set(key, [key, value]);
      else if (cur instanceof DocBuilder || cur instanceof SetBuilder || !equal(cur, value)) this.fail(keys, rule, span);
      return;
    }
    this.nested(keys, from, rule, span).insert(keys, value, rule, span, from + 1);
  }

  /**
   * Add `element` to the set at the key path `keys` (a multi-value rule with
   * variables in its path, `p[k] contains x`), creating nested objects and the
   * set; a value there that is not a set is a conflict.
   */
  addElement(keys: readonly Value[], element: Value, rule: string, span: Span): void {
    let doc: DocBuilder = this;
    for (let i = 0; i < keys.length - 1; i++) doc = doc.nested(keys, i, rule, span);
    const key = keys[keys.length - 1]!;
    const cur = doc.map.get(key)?.[1];
    let set: SetBuilder;
    if (cur === undefined) set = new SetBuilder();
    else if (cur instanceof SetBuilder) set = cur;
    else if (cur instanceof SetValue) {
      // A multi-value rule at the same constant path contributes to the same set.
      set = new SetBuilder();
      for (const v of cur) set.add(v);
    } else return doc.fail(keys, rule, span);
    doc.map.set(key, [key, set]);
    set.add(element);
  }

  /** The builder of the object at `keys[from]`, created (or started from an object value) when needed. */
  private nested(keys: readonly Value[], from: number, rule: string, span: Span): DocBuilder {
    const key = keys[from]!;
    const cur = this.map.get(key)?.[1];
    let nested: DocBuilder;
    if (cur === undefined) nested = new DocBuilder(this.conflicts);
    else if (cur instanceof DocBuilder) nested = cur;
    else if (!(cur instanceof SetBuilder) && isObject(cur)) nested = DocBuilder.fromIn(cur, this.conflicts);
    else {
      // What goes below a conflicting entry is dropped (a lookup reaching it fails).
      this.fail(keys.slice(0, from + 1), rule, span);
      return new DocBuilder(this.conflicts);
    }
    this.map.set(key, [key, nested]);
    return nested;
  }

  /** The finished document: the object, or a `ConflictedDoc` when a tolerant builder recorded conflicts. */
  finish(): Value | ConflictedDoc {
    const v = this.build();
    return this.conflicts !== undefined && this.conflicts.length > 0 ? new ConflictedDoc(v, this.conflicts) : v;
  }

  /** The finished object. */
  build(): Value {
    const b = new ObjectBuilder();
    for (const [k, v] of this.map.values()) b.set(k, v instanceof DocBuilder || v instanceof SetBuilder ? v.build() : v);
    return b.build();
  }
}

function conflict(rule: string, keys: readonly Value[], span: Span): SnapError {
  return SnapError.of(
    "eval_conflict",
    `object keys must be unique: rule \`${rule}\` produced different values at \`${keys.map((k) => `[${toRegoText(k)}]`).join("")}\``,
    span,
    "make the rule produce one value per key, or use a set",
  );
}
