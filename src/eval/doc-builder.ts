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

type Slot = readonly [key: Value, value: Value | DocBuilder | SetBuilder];

/** A mutable object under construction whose entries may themselves be under construction. */
export class DocBuilder {
  private readonly map = new ValueMap<Slot>();

  /** Start from the entries of `base` when it is an object. */
  static from(base: Value | undefined): DocBuilder {
    const b = new DocBuilder();
    if (base !== undefined && isObject(base)) for (const [k, v] of objectEntries(base as ObjectValue)) b.map.set(k, [k, v]);
    return b;
  }

  /** Set `key` (a rule's value replaces base data at the same key). */
  set(key: Value, value: Value): void {
    this.map.set(key, [key, value]);
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
      else if (cur instanceof DocBuilder || cur instanceof SetBuilder || !equal(cur, value)) throw conflict(rule, keys, span);
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
    } else throw conflict(rule, keys, span);
    doc.map.set(key, [key, set]);
    set.add(element);
  }

  /** The builder of the object at `keys[from]`, created (or started from an object value) when needed. */
  private nested(keys: readonly Value[], from: number, rule: string, span: Span): DocBuilder {
    const key = keys[from]!;
    const cur = this.map.get(key)?.[1];
    let nested: DocBuilder;
    if (cur === undefined) nested = new DocBuilder();
    else if (cur instanceof DocBuilder) nested = cur;
    else if (!(cur instanceof SetBuilder) && isObject(cur)) nested = DocBuilder.from(cur);
    else throw conflict(rule, keys.slice(0, from + 1), span);
    this.map.set(key, [key, nested]);
    return nested;
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
