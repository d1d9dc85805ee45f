/** Checking JS values handed to the library (inputs, data) before they become Rego values. */
import { SnapError } from "../source/diagnostic.js";
import { fromJs, MAX_JSON_DEPTH, NotJsonError, TooDeepError } from "../value/json.js";
import type { Value } from "../value/types.js";

/** `x` as a `Value`, or a `SnapError` (`invalid_json`) naming what is wrong with it. */
export function toValue(x: unknown, what: string): Value {
  try {
    return fromJs(x, what);
  } catch (e) {
    if (e instanceof TooDeepError || e instanceof RangeError) {
      throw SnapError.of("depth_limit_exceeded", `\`${e instanceof TooDeepError ? e.path : what}\` is nested more than ${MAX_JSON_DEPTH} levels deep`, undefined, `flatten \`${what}\``);
    }
    if (e instanceof NotJsonError) {
      throw SnapError.of("invalid_json", e.message, undefined, `pass plain JSON as \`${what}\` (objects, arrays, strings, numbers, booleans, null)`);
    }
    throw e;
  }
}
