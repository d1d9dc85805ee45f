/**
 * Operators are built-ins under other names (as in OPA): the checker maps
 * each operator node to its registry entry once, so evaluation never looks
 * anything up by name.
 */
import type { BinaryOp } from "../ast/nodes.js";

/** The built-in behind each infix operator. */
export const OPERATOR_BUILTINS: Readonly<Record<BinaryOp, string>> = {
  "==": "equal",
  "!=": "neq",
  "<": "lt",
  "<=": "lte",
  ">": "gt",
  ">=": "gte",
  "+": "plus",
  "-": "minus",
  "*": "mul",
  "/": "div",
  "%": "rem",
  "&": "and",
  "|": "or",
};

/** `-x` is `minus(0, x)`. */
export const UNARY_MINUS_BUILTIN = "minus";
