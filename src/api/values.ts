/** Checking JS values handed to the library (inputs, data) before they become Rego values. */
import { SnapError } from "../source/diagnostic.js";
import { fromJs, NotJsonError } from "../value/json.js";
import type { Value } from "../value/types.js";

/** `x` as a `Value`, or a `SnapError` (`invalid_json`) naming what is wrong with it. */
export function toValue(x: unknown, what: string): Value {
  try {
    return fromJs(x, what);
  } catch (e) {
    if (e instanceof RangeError) {
      throw SnapError.of("depth_limit_exceeded", `\`${what}\` is nested too deeply`, undefined, `flatten \`${what}\``);
    }
    if (e instanceof NotJsonError) {
      throw SnapError.of("invalid_json", e.message, undefined, `pass plain JSON as \`${what}\` (objects, arrays, strings, numbers, booleans, null)`);
    }
    throw e;
  }
}
