/**
 * The `sets` family: the operators `&` (`and`) and `|` (`or`), and
 * `intersection` / `union` over a set of sets. (`-` on sets is `minus`, in
 * the `numbers` family, because the operator is shared with numbers.)
 */
import { SetBuilder, SetValue } from "../value/set.js";
import { elementTypeError } from "./operands.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** `and(a, b)`: `a & b`, the elements in both sets. */
export const and = defineBuiltin({
  name: "and",
  family: "sets",
  description: "a & b: the elements in both sets",
  args: [
    { name: "a", type: "set" },
    { name: "b", type: "set" },
  ],
  result: "set",
  deterministic: true,
  impl: (args) => (args[0] as SetValue).intersect(args[1] as SetValue),
});

/** `or(a, b)`: `a | b`, the elements in either set. */
export const or = defineBuiltin({
  name: "or",
  family: "sets",
  description: "a | b: the elements in either set",
  args: [
    { name: "a", type: "set" },
    { name: "b", type: "set" },
  ],
  result: "set",
  deterministic: true,
  impl: (args) => (args[0] as SetValue).union(args[1] as SetValue),
});

/** `intersection(sets)`: the elements in every set of a set of sets (`set()` for no sets). */
export const intersection = defineBuiltin({
  name: "intersection",
  family: "sets",
  description: "the elements common to every set in a set of sets",
  args: [{ name: "sets", type: "set" }],
  result: "set",
  deterministic: true,
  impl: (args) => {
    const sets = setsOf("intersection", args[0] as SetValue);
    if (sets.length === 0) return SetValue.EMPTY;
    // Start from the smallest: the result cannot be larger.
    let acc = sets.reduce((a, b) => (b.size < a.size ? b : a));
    for (const s of sets) if (s !== acc) acc = acc.intersect(s);
    return acc;
  },
});

/** `union(sets)`: the elements in any set of a set of sets. */
export const union = defineBuiltin({
  name: "union",
  family: "sets",
  description: "the elements of all the sets in a set of sets",
  args: [{ name: "sets", type: "set" }],
  result: "set",
  deterministic: true,
  impl: (args) => {
    const sets = setsOf("union", args[0] as SetValue);
    if (sets.length === 1) return sets[0]!;
    const b = new SetBuilder();
    for (const s of sets) for (const x of s) b.add(x);
    return b.build();
  },
});

function setsOf(name: string, outer: SetValue): SetValue[] {
  const out: SetValue[] = [];
  for (const s of outer) {
    if (!(s instanceof SetValue)) throw elementTypeError(name, 0, outer, s, "set");
    out.push(s);
  }
  return out;
}

/** The `sets` family. */
export const SETS: readonly BuiltinDef[] = [and, or, intersection, union];
