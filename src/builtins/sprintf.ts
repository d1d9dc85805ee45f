/**
 * `sprintf(format, values)`: Go's `fmt.Sprintf` over Rego values, as OPA
 * calls it. OPA hands Go an `int` for an integer that fits in 64 bits, a
 * `*big.Int` for a larger one, a `float64` for any other number, the string
 * itself for a string, and the Rego text of anything else (`true`,
 * `[1, "a"]`, `{"k": "v"}`, `set()`) as a string. So, as under OPA,
 * `%d` of 1.5 prints `%!d(float64=1.5)`, `%f` of 3 prints `%!f(int=3)`, and
 * `%t` of true prints `%!t(string=true)`.
 *
 * Supported: the verbs `v s d f F e E g G x X o O b c q U t T %`, flags
 * `+ - # 0 space`, width and precision (also `*`), argument indexes (`%[2]d`),
 * and Go's error forms (`%!d(MISSING)`, `%!(EXTRA int=1)`, `%!(NOVERB)`,
 * `%!d(BADINDEX)`, `%!(BADWIDTH)`, `%!(BADPREC)`). `%p` prints
 * `%!p(type=value)`: Go would print a memory address, which is not deterministic.
 */
import type { ArrayValue, Value } from "../value/types.js";
import { Printer, clearFlags, type GoArg } from "./go-fmt.js";
import { goRegoText } from "./go-rego-text.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A Rego value as the Go value OPA passes to `fmt.Sprintf`. */
function toGoArg(v: Value): GoArg {
  if (typeof v === "string") return { t: "string", v };
  if (typeof v === "number") return Number.isInteger(v) ? { t: "int", v: BigInt(v) } : { t: "float64", v };
  if (typeof v === "bigint") return v >= INT64_MIN && v <= INT64_MAX ? { t: "int", v } : { t: "*big.Int", v };
  return { t: "string", v: goRegoText(v) };
}

// Go's parsenum: the digits at s[i…end) and where they stop; `ok` false when
// there are none, or when the number is absurd (then, as in Go, `i` jumps to the end).
function parseNum(s: string, i: number, end: number): { n: number; i: number; ok: boolean } {
  let n = 0;
  let j = i;
  while (j < end && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
    if (n > 1e6) return { n: 0, i: end, ok: false };
    n = n * 10 + s.charCodeAt(j) - 48;
    j++;
  }
  return { n, i: j, ok: j > i };
}

/** Go `fmt.Sprintf(format, args...)`. */
export function goSprintf(format: string, args: readonly GoArg[]): string {
  const p = new Printer();
  let argNum = 0;
  let reordered = false;
  const end = format.length;
  let i = 0;

  // Go's argNumber: an optional `[n]` at i.
  let goodArgNum = true;
  const argNumber = (at: number): { at: number; found: boolean } => {
    if (at >= end || format[at] !== "[") return { at, found: false };
    reordered = true;
    const close = format.indexOf("]", at + 1);
    if (end - at < 3 || close < 0) {
      goodArgNum = false;
      return { at: at + 1, found: false };
    }
    const num = parseNum(format, at + 1, close);
    if (!num.ok || num.i !== close) {
      goodArgNum = false;
      return { at: close + 1, found: false };
    }
    const index = num.n - 1;
    if (index >= 0 && index < args.length) {
      argNum = index;
      return { at: close + 1, found: true };
    }
    goodArgNum = false;
    return { at: close + 1, found: true };
  };

  // Go's intFromArg, for `*` widths and precisions.
  const intFromArg = (): number | undefined => {
    if (argNum >= args.length) return undefined;
    const a = args[argNum++]!;
    if ((a.t !== "int" && a.t !== "int64" && a.t !== "uint8") || a.v > 1000000n || a.v < -1000000n) return undefined;
    return Number(a.v);
  };

  while (i < end) {
    goodArgNum = true;
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      p.out += format.slice(i);
      break;
    }
    p.out += format.slice(i, pct);
    i = pct + 1;
    p.f = clearFlags();
    const f = p.f;

    flags: for (; i < end; i++) {
      switch (format[i]) {
        case "#":
          f.sharp = true;
          break;
        case "0":
          f.zero = !f.minus; // zero padding only to the left
          break;
        case "+":
          f.plus = true;
          break;
        case "-":
          f.minus = true;
          f.zero = false;
          break;
        case " ":
          f.space = true;
          break;
        default:
          break flags;
      }
    }

    let r = argNumber(i);
    i = r.at;
    let afterIndex = r.found;

    // Width.
    if (i < end && format[i] === "*") {
      i++;
      const w = intFromArg();
      if (w === undefined) {
        p.out += "%!(BADWIDTH)";
      } else {
        f.wid = w;
        f.widPresent = true;
        if (w < 0) {
          f.wid = -w;
          f.minus = true;
          f.zero = false;
        }
      }
      afterIndex = false;
    } else {
      const w = parseNum(format, i, end);
      i = w.i;
      if (w.ok) {
        f.wid = w.n;
        f.widPresent = true;
        if (afterIndex) goodArgNum = false; // "%[3]2d"
      }
    }

    // Precision.
    if (i + 1 < end && format[i] === ".") {
      i++;
      if (afterIndex) goodArgNum = false; // "%[3].2d"
      r = argNumber(i);
      i = r.at;
      afterIndex = r.found;
      if (i < end && format[i] === "*") {
        i++;
        const pr = intFromArg();
        if (pr === undefined || pr < 0) {
          f.prec = 0;
          f.precPresent = false;
          p.out += "%!(BADPREC)";
        } else {
          f.prec = pr;
          f.precPresent = true;
        }
        afterIndex = false;
      } else {
        const pr = parseNum(format, i, end);
        f.prec = pr.n;
        f.precPresent = true;
        i = pr.i;
      }
    }

    if (!afterIndex) {
      r = argNumber(i);
      i = r.at;
      afterIndex = r.found;
    }

    if (i >= end) {
      p.out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;

    if (verb === "%") {
      p.out += "%"; // takes no argument, ignores width and precision
    } else if (!goodArgNum) {
      p.out += "%!" + verb + "(BADINDEX)";
    } else if (argNum >= args.length) {
      p.out += "%!" + verb + "(MISSING)";
    } else {
      if (verb === "v") {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      p.printArg(args[argNum]!, verb);
      argNum++;
    }
  }

  if (!reordered && argNum < args.length) {
    p.f = clearFlags();
    p.out += "%!(EXTRA ";
    for (let k = argNum; k < args.length; k++) {
      if (k > argNum) p.out += ", ";
      const a = args[k]!;
      if (a.t === "nil") {
        p.out += "<nil>";
        continue;
      }
      p.out += a.t + "=";
      p.printArg(a, "v");
    }
    p.out += ")";
  }
  return p.out;
}

/** `sprintf(format, values)`: Go's `fmt.Sprintf` with the values of an array. */
export const sprintf = defineBuiltin({
  name: "sprintf",
  family: "sprintf",
  description: "format with Go's fmt verbs (%s %d %v %.2f …) applied to the values of an array",
  args: [
    { name: "format", type: "string" },
    { name: "values", type: "array" },
  ],
  result: "string",
  deterministic: true,
  impl: (args) => {
    const format = args[0] as string;
    const values = args[1] as ArrayValue;
    // The usual `sprintf("%d", [n])` and `sprintf("%s", [s])`, without the machinery.
    if (values.length === 1) {
      const v = values[0];
      if (format === "%d" && typeof v === "number" && Number.isInteger(v)) return String(v);
      if (format === "%s" && typeof v === "string") return v;
    }
    return goSprintf(format, values.map(toGoArg));
  },
});

/** The `sprintf` family. */
export const SPRINTF: readonly BuiltinDef[] = [sprintf];
