/**
 * The static type errors OPA's type checker reports for values known at
 * compile time: a literal of the wrong type passed to a built-in
 * (`count(1)`), or iterating something that is not a collection
 * (`some x in 0`). Only literals are checked; everything else is checked
 * when it is evaluated.
 */
import type { Expr, Node } from "../ast/nodes.js";
import { walk } from "../ast/visit.js";
import { describeTypeSpec, typeAccepts } from "../builtins/call.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { TypeName } from "../value/types.js";
import type { Analysis } from "./program.js";

/** The type of an expression when it is a literal (or a comprehension or template), else `undefined`. */
export function literalType(e: Expr): TypeName | undefined {
  switch (e.kind) {
    case "null":
      return "null";
    case "bool":
      return "boolean";
    case "number":
      return "number";
    case "string":
    case "template":
      return "string";
    case "array":
    case "array-compr":
      return "array";
    case "object":
    case "object-compr":
      return "object";
    case "set":
    case "set-compr":
      return "set";
    default:
      return undefined;
  }
}

/** The first ref in an assignment's left side, outside object keys. */
function refIn(e: Expr): Expr | undefined {
  if (e.kind === "ref") return e;
  if (e.kind === "array") {
    for (const it of e.items) {
      const r = refIn(it);
      if (r) return r;
    }
  }
  if (e.kind === "object") {
    for (const en of e.entries) {
      const r = refIn(en.value);
      if (r) return r;
    }
  }
  return undefined;
}

/** True when `e` holds a variable anywhere (it is not ground). */
export function hasVar(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.kind === "var") found = true;
    return !found;
  });
  return found;
}

/** Why two literal patterns can never unify (different array lengths, an array and an object, other object keys), if they cannot. */
export function patternMismatch(a: Expr, b: Expr): string | undefined {
  if (a.kind === "array" && b.kind === "array") {
    if (a.items.length !== b.items.length) return `mismatch in number of array elements: ${a.items.length} and ${b.items.length}`;
    for (let i = 0; i < a.items.length; i++) {
      const why = patternMismatch(a.items[i]!, b.items[i]!);
      if (why) return why;
    }
    return undefined;
  }
  if ((a.kind === "array" && b.kind === "object") || (a.kind === "object" && b.kind === "array")) {
    return "incompatible patterns: an array cannot unify with an object";
  }
  if (a.kind === "object" && b.kind === "object") {
    const keys = (o: typeof a) => o.entries.map((e) => (e.key.kind === "string" ? e.key.value : undefined));
    const ka = keys(a);
    const kb = keys(b);
    if (ka.some((k) => k === undefined) || kb.some((k) => k === undefined)) return undefined;
    const sa = [...ka].sort().join("\u0000");
    const sb = [...kb].sort().join("\u0000");
    if (sa !== sb) return `object keys mismatch: \`${[...ka].sort().join(", ")}\` and \`${[...kb].sort().join(", ")}\``;
    for (const ea of a.entries) {
      const eb = b.entries.find((e) => e.key.kind === "string" && ea.key.kind === "string" && e.key.value === ea.key.value)!;
      const why = patternMismatch(ea.value, eb.value);
      if (why) return why;
    }
  }
  return undefined;
}

/** Report type errors of literals in `n` (a rule or a query statement). */
export function checkTypes(n: Node, a: Analysis, diags: Diagnostic[]): void {
  const locals = new LocalLiterals(a);
  walk(n, (x) => literalTypeErrors(x, a, diags, locals));
  locals.finish();
}

/**
 * The local variables of one rule (or query statement) assigned a literal
 * (`x := [1, 2]`): as OPA's type checker infers, each has its
 * literal's type and shape, so using it where that type cannot go is the same
 * type error as writing the literal there. A variable assigned more than once
 * is left alone. Uses are checked once every assignment is known (`finish`).
 */
export class LocalLiterals {
  /** Slot → its literal (`null`: assigned more than once). */
  private readonly bySlot = new Map<number, Expr | null>();
  private readonly pending: (() => void)[] = [];

  constructor(private readonly a: Analysis) {}

  /** The slot of a local variable expression. */
  slotOf(e: Expr): number | undefined {
    if (e.kind !== "var") return undefined;
    const t = this.a.names.get(e.id);
    return t?.kind === "local" ? t.slot : undefined;
  }

  /** Record `var := literal` (only `:=`: it declares the variable, so the literal is its one value; `=` may be a comparison). */
  assigned(left: Expr, right: Expr): void {
    const slot = this.slotOf(left);
    if (slot === undefined || literalType(right) === undefined || right.kind === "array-compr" || right.kind === "set-compr" || right.kind === "object-compr") return;
    this.bySlot.set(slot, this.bySlot.has(slot) ? null : right);
  }

  /** The literal assigned to the variable `e`, if it is one and was assigned exactly once. */
  literalOf(e: Expr): Expr | undefined {
    const slot = this.slotOf(e);
    return slot === undefined ? undefined : (this.bySlot.get(slot) ?? undefined);
  }

  /** Check `check` once every assignment is known. */
  later(check: () => void): void {
    this.pending.push(check);
  }

  /** Run the checks of uses. */
  finish(): void {
    for (const check of this.pending) check();
    this.pending.length = 0;
  }
}

/** Report the type errors of literals that node `x` itself holds (not those of its children); `locals` adds variables assigned literals. */
export function literalTypeErrors(x: Node, a: Analysis, diags: Diagnostic[], locals?: LocalLiterals): void {
  if (x.kind === "call" || x.kind === "binary") {
    // An operator is its built-in (`"a" + 1` is `plus("a", 1)`), which OPA's type checker checks alike.
    const t = x.kind === "call" ? a.calls.get(x.id) : undefined;
    const def = x.kind === "call" ? (t?.kind === "builtin" ? t.def : undefined) : a.operators.get(x.id);
    if (def === undefined || def.variadic) return;
    const operands = x.kind === "call" ? x.args : [x.left, x.right];
    const args = def.args;
    for (let i = 0; i < Math.min(args.length, operands.length); i++) {
      const operand = operands[i]!;
      const check = (lt: TypeName | undefined, what: string): void => {
        if (lt && !typeAccepts(args[i]!.type, lt)) {
          diags.push(
            diagnostic(
              "type_error",
              `\`${def.name}\`: operand ${i + 1} must be ${describeTypeSpec(args[i]!.type)} but got ${what}${lt}`,
              operand.span,
              `pass ${describeTypeSpec(args[i]!.type)} as operand ${i + 1} of \`${def.name}\``,
            ),
          );
        }
      };
      const lt = literalType(operand);
      if (lt) check(lt, "");
      else if (locals && operand.kind === "var") {
        locals.later(() => {
          const lit = locals.literalOf(operand);
          if (lit) check(literalType(lit), `\`${operand.name}\`, a `);
        });
      }
    }
  } else if ((x.kind === "unify" || x.kind === "assign") && !("negated" in x && x.negated)) {
    if (x.kind === "assign" && !hasVar(x.left)) {
      diags.push(
        diagnostic("invalid_assign", "`:=` needs variables to assign on its left", x.left.span, "put the variable on the left, e.g. `x := 1`, or use `==` to compare"),
      );
    } else if (x.kind === "assign") {
      // OPA's compiler (`rewriteDeclaredAssignment`): "cannot assign to ref".
      const ref = refIn(x.left);
      if (ref) {
        diags.push(
          diagnostic("invalid_assign", "`:=` cannot assign to a reference", ref.span, "assign to a new variable (`x := …`), or compare with `==`"),
        );
      }
    }
    const why = patternMismatch(x.left, x.right);
    if (why) diags.push(diagnostic("type_error", why, x.span, "make both sides of the unification the same shape"));
    else if (locals) {
      if (x.kind === "assign") locals.assigned(x.left, x.right);
      // A pattern against a variable holding a literal: the literal's shape must match too.
      for (const [pattern, v] of [
        [x.left, x.right],
        [x.right, x.left],
      ] as const) {
        if ((pattern.kind !== "array" && pattern.kind !== "object") || v.kind !== "var") continue;
        locals.later(() => {
          const lit = locals.literalOf(v);
          const mismatch = lit ? patternMismatch(pattern, lit) : undefined;
          if (mismatch) diags.push(diagnostic("type_error", mismatch, x.span, "make both sides of the unification the same shape"));
        });
      }
    }
  } else if (x.kind === "some-in" && (x.collection.kind === "array" || x.collection.kind === "set")) {
    const items = x.collection.items;
    const reasons = items.map((it) => patternMismatch(x.value, it));
    if (items.length > 0 && reasons.every((r) => r !== undefined)) {
      diags.push(diagnostic("type_error", reasons[0]!, x.value.span, "no element of the collection can match this pattern"));
    }
  }
  if (x.kind === "some-in" || x.kind === "every") {
    const coll = x.kind === "some-in" ? x.collection : x.domain;
    const lt = literalType(coll);
    if (lt && lt !== "array" && lt !== "object" && lt !== "set") {
      diags.push(
        diagnostic(
          "type_error",
          `\`${x.kind === "some-in" ? "some … in" : "every … in"}\` expects an array, object or set, found ${lt}`,
          coll.span,
          "iterate over a collection",
        ),
      );
    }
  }
}
