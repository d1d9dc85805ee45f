/**
 * The `units` family: `units.parse` (SI and binary suffixes: `"10k"`,
 * `"200m"`, `"1.5Gi"`) and `units.parse_bytes` (`"10KB"`, `"1KiB"`).
 *
 * Beyond OPA's suffixes (`m k K M g G t T p P e E` and `ki … ei`), the other
 * SI prefixes (`Z Y R Q`, `h da d c μ n f a z y r q`) and `zi`/`yi` are
 * accepted, as the conformance suite expects; a policy that OPA accepts
 * means the same here.
 */
import type { NumberValue } from "../value/types.js";
import { decimalToNumber, parseDecimalParts, type Decimal } from "./decimal.js";
import { builtinError } from "./operands.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** A multiplier: `10^exp10 × 2^exp2`. */
interface Scale {
  readonly exp10: number;
  readonly exp2: number;
}

const dec = (exp10: number): Scale => ({ exp10, exp2: 0 });
const bin = (exp2: number): Scale => ({ exp10: 0, exp2 });

// Keys as `units.parse` normalises a suffix: first character kept, the rest lower-cased.
const PARSE_UNITS: ReadonlyMap<string, Scale> = new Map([
  ["", dec(0)],
  ["q", dec(-30)],
  ["r", dec(-27)],
  ["y", dec(-24)],
  ["z", dec(-21)],
  ["a", dec(-18)],
  ["f", dec(-15)],
  ["n", dec(-9)],
  ["μ", dec(-6)],
  ["m", dec(-3)],
  ["c", dec(-2)],
  ["d", dec(-1)],
  ["da", dec(1)],
  ["h", dec(2)],
  ["k", dec(3)],
  ["K", dec(3)],
  ["M", dec(6)],
  ["g", dec(9)],
  ["G", dec(9)],
  ["t", dec(12)],
  ["T", dec(12)],
  ["p", dec(15)],
  ["P", dec(15)],
  ["e", dec(18)],
  ["E", dec(18)],
  ["Z", dec(21)],
  ["Y", dec(24)],
  ["R", dec(27)],
  ["Q", dec(30)],
  ...binaryUnits((p) => [p, p.toUpperCase()].map((x) => x + "i")),
]);

// Keys as `units.parse_bytes` normalises a suffix: all lower case.
const BYTE_UNITS: ReadonlyMap<string, Scale> = new Map([
  ["", dec(0)],
  ...(["k", "m", "g", "t", "p", "e", "z", "y", "r", "q"] as const).flatMap((p, i) => [
    [p, dec(3 * (i + 1))] as const,
    [p + "b", dec(3 * (i + 1))] as const,
  ]),
  ...binaryUnits((p) => [p + "i", p + "ib"]),
]);

function binaryUnits(spellings: (prefix: string) => string[]): [string, Scale][] {
  return ["k", "m", "g", "t", "p", "e", "z", "y"].flatMap((p, i) => spellings(p).map((s): [string, Scale] => [s, bin(10 * (i + 1))]));
}

/** Split `"1.5Gi"` into amount and suffix at the first character that is neither a digit nor a point. */
function splitAmount(s: string): [amount: string, suffix: string] {
  const m = /^[\p{Nd}.]*/u.exec(s)!;
  return [m[0], s.slice(m[0].length)];
}

function parseAmount(name: string, s: string, what: string): Decimal {
  if (s.includes(" ")) throw builtinError(name, "spaces not allowed in resource strings", 0);
  const [amount] = splitAmount(s);
  if (amount === "") throw builtinError(name, `no ${what} provided`, 0);
  const d = parseDecimalParts(amount, false);
  if (!d) throw builtinError(name, `could not parse ${what} to a number`, 0);
  return d;
}

/**
 * `units.parse(x)`: a quantity with an optional SI or binary suffix as a
 * number (`"10k"` → 10000, `"200m"` → 0.2, `"1Ki"` → 1024). Suffixes are case
 * sensitive in their first letter only (`m` milli, `M` mega; `Ki` = `kI`).
 * An unknown suffix makes it undefined.
 */
export const unitsParse = defineBuiltin({
  name: "units.parse",
  family: "units",
  description: "a quantity with an SI (k, M, m …) or binary (Ki, Mi …) suffix as a number",
  args: [{ name: "x", type: "string" }],
  result: "number",
  deterministic: true,
  impl: (args) => {
    const s = (args[0] as string).replaceAll('"', "");
    const d = parseAmount("units.parse", s, "amount");
    const suffix = splitAmount(s)[1];
    const cp = suffix.codePointAt(0);
    const first = cp === undefined ? "" : String.fromCodePoint(cp);
    const scale = PARSE_UNITS.get(first + suffix.slice(first.length).toLowerCase());
    if (!scale) return undefined;
    return toNumber("units.parse", { ...d, exp10: d.exp10 + scale.exp10 }, scale.exp2);
  },
});

/**
 * `units.parse_bytes(x)`: a byte count with an optional suffix as an integer
 * (`"10KB"` → 10000, `"1KiB"` → 1024, `"1.5k"` → 1500), fractions truncated.
 * Suffixes are case insensitive and the `b` is optional.
 */
export const unitsParseBytes = defineBuiltin({
  name: "units.parse_bytes",
  family: "units",
  description: "a byte count with an optional decimal (KB, MB …) or binary (KiB, MiB …) suffix as an integer",
  args: [{ name: "x", type: "string" }],
  result: "number",
  deterministic: true,
  impl: (args) => {
    const s = (args[0] as string).toLowerCase().replaceAll('"', "");
    const d = parseAmount("units.parse_bytes", s, "byte amount");
    const suffix = splitAmount(s)[1];
    const scale = BYTE_UNITS.get(suffix);
    if (!scale) throw builtinError("units.parse_bytes", `byte unit ${suffix} not recognized`, 0);
    return truncatedInteger({ ...d, exp10: d.exp10 + scale.exp10 }, scale.exp2);
  },
});

function toNumber(name: string, d: Decimal, exp2: number): NumberValue {
  const n = decimalToNumber(d, exp2);
  if (n === undefined) throw builtinError(name, "amount is too large", 0);
  return n;
}

// d × 2^exp2 truncated toward zero, exactly.
function truncatedInteger(d: Decimal, exp2: number): NumberValue {
  let n = d.digits << BigInt(exp2);
  n = d.exp10 >= 0 ? n * 10n ** BigInt(d.exp10) : n / 10n ** BigInt(-d.exp10);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** The `units` family. */
export const UNITS: readonly BuiltinDef[] = [unitsParse, unitsParseBytes];
