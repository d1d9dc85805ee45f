import { compare } from "./compare.js";
import type { Value } from "./types.js";
import { ValueMap } from "./value-map.js";

/**
 * A Rego set. Immutable once built; iterates in canonical (sorted) order.
 * Build one with `SetValue.from(values)` or a `SetBuilder`.
 */
export class SetValue implements Iterable<Value> {
  private static empty: SetValue | undefined;

  /** The empty set, `set()`. (Built on first use: `ValueMap` may still be initialising when this module loads, through the import cycle set → value-map → key → set.) */
  static get EMPTY(): SetValue {
    return (SetValue.empty ??= new SetValue(new ValueMap<Value>(), undefined));
  }

  private sortedCache: readonly Value[] | undefined;

  /**
   * The elements: by key (`items`), or as a list already known to be
   * distinct (`list`), whose keyed map is built only when something asks
   * `has`. Most sets a decision builds (reasons, obligations) are only ever
   * iterated, and keying a composite element costs more than comparing it.
   */
  private constructor(
    private items: ValueMap<Value> | undefined,
    private readonly list: readonly Value[] | undefined,
  ) {}

  /** A set of the given values (duplicates collapse by Rego equality). */
  static from(values: Iterable<Value>): SetValue {
    const b = new SetBuilder();
    for (const v of values) b.add(v);
    return b.build();
  }

  /** A set of `values`, which the caller has made distinct by Rego equality (`equal`); the set keeps the array. */
  static fromDistinct(values: readonly Value[]): SetValue {
    return values.length === 0 ? SetValue.EMPTY : new SetValue(undefined, values);
  }

  /** @internal used by `SetBuilder` only. */
  static fromMap(items: ValueMap<Value>): SetValue {
    return items.size === 0 ? SetValue.EMPTY : new SetValue(items, undefined);
  }

  /** Number of elements. */
  get size(): number {
    return this.list !== undefined ? this.list.length : this.items!.size;
  }

  /** True when `v` is an element (Rego equality: `1` and `1.0` are the same element). */
  has(v: Value): boolean {
    return this.keyed().has(v);
  }

  private keyed(): ValueMap<Value> {
    if (this.items === undefined) {
      const m = new ValueMap<Value>();
      for (const v of this.list!) m.set(v, v);
      this.items = m;
    }
    return this.items;
  }

  /** The elements, in no particular order. */
  private elements(): Iterable<Value> {
    return this.list ?? this.items!.values();
  }

  /** The elements in canonical order. */
  sorted(): readonly Value[] {
    if (!this.sortedCache) this.sortedCache = [...this.elements()].sort(compare);
    return this.sortedCache;
  }

  [Symbol.iterator](): Iterator<Value> {
    return this.sorted()[Symbol.iterator]();
  }

  /** `a | b` */
  union(other: SetValue): SetValue {
    if (other.size === 0) return this;
    if (this.size === 0) return other;
    const b = new SetBuilder();
    for (const v of this.elements()) b.add(v);
    for (const v of other.elements()) b.add(v);
    return b.build();
  }

  /** `a & b` */
  intersect(other: SetValue): SetValue {
    const [small, big] = this.size <= other.size ? [this, other] : [other, this];
    const b = new SetBuilder();
    for (const v of small.elements()) if (big.has(v)) b.add(v);
    return b.build();
  }

  /** `a - b` */
  difference(other: SetValue): SetValue {
    if (other.size === 0) return this;
    const b = new SetBuilder();
    for (const v of this.elements()) if (!other.has(v)) b.add(v);
    return b.build();
  }
}

/** Accumulates elements, then `build()`s an immutable `SetValue`. */
export class SetBuilder {
  private items = new ValueMap<Value>();

  /** Add an element; returns false when an equal element was already there. */
  add(v: Value): boolean {
    return this.items.setIfAbsent(v, v);
  }

  /** True when an equal element has been added. */
  has(v: Value): boolean {
    return this.items.has(v);
  }

  get size(): number {
    return this.items.size;
  }

  /** The set; the builder must not be used afterwards. */
  build(): SetValue {
    const s = SetValue.fromMap(this.items);
    this.items = new ValueMap<Value>();
    return s;
  }
}
