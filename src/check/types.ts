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

function hasVar(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if (n.kind === "var") found = true;
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
  walk(n, (x) => literalTypeErrors(x, a, diags));
}

/** Report the type errors of literals that node `x` itself holds (not those of its children). */
export function literalTypeErrors(x: Node, a: Analysis, diags: Diagnostic[]): void {
  if (x.kind === "call") {
    const t = a.calls.get(x.id);
    if (t?.kind !== "builtin" || t.def.variadic) return;
    const args = t.def.args;
    for (let i = 0; i < Math.min(args.length, x.args.length); i++) {
      const lt = literalType(x.args[i]!);
      if (lt && !typeAccepts(args[i]!.type, lt)) {
        diags.push(
          diagnostic(
            "type_error",
            `\`${t.def.name}\`: operand ${i + 1} must be ${describeTypeSpec(args[i]!.type)} but got ${lt}`,
            x.args[i]!.span,
            `pass ${describeTypeSpec(args[i]!.type)} as argument ${i + 1} of \`${t.def.name}\``,
          ),
        );
      }
    }
  } else if ((x.kind === "unify" || x.kind === "assign") && !("negated" in x && x.negated)) {
    if (x.kind === "assign" && !hasVar(x.left)) {
      diags.push(
        diagnostic("invalid_assign", "`:=` needs variables to assign on its left", x.left.span, "put the variable on the left, e.g. `x := 1`, or use `==` to compare"),
      );
    }
    const why = patternMismatch(x.left, x.right);
    if (why) diags.push(diagnostic("type_error", why, x.span, "make both sides of the unification the same shape"));
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
