/**
 * fast-check arbitraries from zod schemas: the arguments of a tool, written
 * once as a schema, become generated arguments for property tests.
 *
 * Read from the schema's definition (`schema._zod.def`, zod 4's public
 * introspection surface). Supported: object (required and optional keys),
 * string (length bounds, `regex`, `startsWith`/`endsWith`/`includes`,
 * `email`, `uuid`, `url`, ISO `datetime`/`date`), number (`min`/`max`,
 * `gt`/`lt`, `int` and the other integer formats, `multipleOf`), boolean,
 * null, literal, enum, array (length bounds), tuple, record, union
 * (including discriminated unions), optional, nullable, default, readonly,
 * pipe (generated from its input side: what the agent sends), any/unknown
 * (any JSON). Refinements are enforced by filtering the generated values
 * through the schema, so a refinement that few values pass makes generation
 * slow. Everything else (date, bigint, map, set, lazy, intersection,
 * template literal, function, …) is an `unsupported_schema` error naming the
 * field, because it has no JSON form or no finite description to draw from.
 */
import fc from "fast-check";
import type { z } from "zod";
import { SnapError } from "../source/diagnostic.js";

/** The parts of a zod definition this module reads. */
interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly check?: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
}

interface CheckDef {
  readonly check: string;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly length?: number;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly includes?: string;
}

/** Longest generated arrays and records, and strings without a bound: property inputs stay small and readable. */
const DEFAULT_MAX_LENGTH = 5;
const DEFAULT_MAX_STRING = 12;

const INTEGER_FORMATS: Readonly<Record<string, readonly [number, number]>> = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};

/**
 * An arbitrary of the values `schema` accepts (see the module comment for
 * what is supported). Throws `SnapError` `unsupported_schema` naming the
 * field whose type cannot be generated.
 *
 * @example
 * ```ts
 * const charge = zodArb(z.object({ amount: z.number().int().min(1).max(20_000), currency: z.enum(["EUR", "USD"]) }));
 * fc.sample(charge, 1); // [{ amount: 7, currency: "USD" }]
 * ```
 */
export function zodArb<T extends z.ZodType>(schema: T): fc.Arbitrary<z.input<T>> {
  const arb = build(schema, "value");
  // Checks this module does not translate (refinements) still hold: values that fail them are dropped.
  return arb.filter((v) => schema.safeParse(v).success) as fc.Arbitrary<z.input<T>>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function unsupported(what: string, path: string): never {
  throw SnapError.of(
    "unsupported_schema",
    `cannot generate values for \`${path}\`: ${what} is not supported`,
    undefined,
    "describe the field with object, string, number, boolean, array, enum, literal, union or optional, or pass your own fast-check arbitrary",
  );
}

function build(schema: z.ZodType, path: string): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return stringArb(def, path);
    case "number":
      return numberArb(def, path);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "literal":
      return constants(def.values ?? [], path);
    case "enum":
      return constants(
        [...new Set(Object.values(def.entries ?? {}))].filter((v) => schema.safeParse(v).success),
        path,
      );
    case "object":
      return objectArb(def, path);
    case "array":
      return arrayArb(build(def.element!, `${path}[]`), def.checks, path);
    case "tuple": {
      const items = (def.items ?? []).map((s, i) => build(s, `${path}[${i}]`));
      const rest = def.rest ? fc.array(build(def.rest, `${path}[]`), { maxLength: DEFAULT_MAX_LENGTH }) : fc.constant([]);
      return fc.tuple(fc.tuple(...items), rest).map(([head, tail]) => [...head, ...tail]);
    }
    case "record":
      return fc.dictionary(build(def.keyType!, `${path} key`) as fc.Arbitrary<string>, build(def.valueType!, `${path}.*`), { maxKeys: DEFAULT_MAX_LENGTH, noNullPrototype: true });
    case "union":
      return fc.oneof(...(def.options ?? []).map((o, i) => build(o, `${path} (option ${i + 1})`)));
    // Outside an object an optional value cannot be absent in JSON: its inner type is generated.
    case "optional":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      return build(def.innerType!, path);
    case "nullable":
      return fc.option(build(def.innerType!, path), { nil: null, freq: 5 });
    case "pipe":
      return build(def.in!, path);
    case "any":
    case "unknown":
      return fc.jsonValue({ maxDepth: 2 });
    default:
      return unsupported(`zod type \`${def.type}\``, path);
  }
}

function constants(values: readonly unknown[], path: string): fc.Arbitrary<unknown> {
  const json = values.filter((v) => v === null || ["string", "number", "boolean"].includes(typeof v));
  if (json.length === 0) return unsupported("a literal or enum without JSON values", path);
  return fc.constantFrom(...json);
}

function objectArb(def: Def, path: string): fc.Arbitrary<unknown> {
  const shape = def.shape ?? {};
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const key of Object.keys(shape)) {
    const field = shape[key]!;
    arbs[key] = build(field, path === "value" ? key : `${path}.${key}`);
    const type = defOf(field).type;
    if (type !== "optional" && type !== "default" && type !== "prefault") required.push(key);
  }
  return fc.record(arbs, { requiredKeys: required, noNullPrototype: true });
}

/** Length bounds from `min_length`, `max_length` and `length_equals` checks. */
function lengthBounds(checks: Def["checks"], defaultMax: number): { minLength: number; maxLength: number } {
  let minLength = 0;
  let maxLength: number | undefined;
  for (const c of checks ?? []) {
    const d = c._zod.def;
    if (d.check === "min_length") minLength = Math.max(minLength, d.minimum ?? 0);
    else if (d.check === "max_length") maxLength = Math.min(maxLength ?? Infinity, d.maximum ?? Infinity);
    else if (d.check === "length_equals") {
      minLength = d.length ?? 0;
      maxLength = d.length ?? 0;
    }
  }
  return { minLength, maxLength: maxLength ?? Math.max(minLength, defaultMax) };
}

function arrayArb(element: fc.Arbitrary<unknown>, checks: Def["checks"], path: string): fc.Arbitrary<unknown> {
  const { minLength, maxLength } = lengthBounds(checks, DEFAULT_MAX_LENGTH);
  if (minLength > maxLength) return unsupported(`an array longer than ${minLength} and shorter than ${maxLength}`, path);
  return fc.array(element, { minLength, maxLength });
}

function stringArb(def: Def, path: string): fc.Arbitrary<unknown> {
  const bounds = lengthBounds(def.checks, DEFAULT_MAX_STRING);
  const formats: CheckDef[] = [];
  if (def.format) formats.push({ check: "string_format", format: def.format, ...(def.pattern ? { pattern: def.pattern } : {}) });
  for (const c of def.checks ?? []) if (c._zod.def.check === "string_format") formats.push(c._zod.def);
  let base: fc.Arbitrary<string> | undefined;
  let prefix = "";
  let suffix = "";
  let infix = "";
  for (const f of formats) {
    switch (f.format) {
      case "starts_with":
        prefix = f.prefix ?? "";
        break;
      case "ends_with":
        suffix = f.suffix ?? "";
        break;
      case "includes":
        infix = f.includes ?? "";
        break;
      case "regex":
        base = fc.stringMatching(f.pattern!);
        break;
      case "email":
        base = fc.emailAddress();
        break;
      case "uuid":
      case "guid":
        base = fc.uuid();
        break;
      case "url":
        base = fc.webUrl();
        break;
      case "datetime":
        base = timestamps();
        break;
      case "date":
        base = timestamps().map((t) => t.slice(0, 10));
        break;
      case "lowercase":
        base = (base ?? fc.string({ maxLength: bounds.maxLength })).map((s) => s.toLowerCase());
        break;
      case "uppercase":
        base = (base ?? fc.string({ maxLength: bounds.maxLength })).map((s) => s.toUpperCase());
        break;
      default:
        return unsupported(`the string format \`${f.format}\``, path);
    }
  }
  const decorated = (core: fc.Arbitrary<string>) => core.map((s) => prefix + (infix && !s.includes(infix) ? infix + s : s) + suffix);
  if (base) {
    // Only the schema's own length bounds apply to a format (the default bound would reject every uuid).
    const explicit = lengthBounds(def.checks, Infinity);
    return decorated(base).filter((s) => s.length >= explicit.minLength && s.length <= explicit.maxLength);
  }
  const fixed = prefix.length + suffix.length + infix.length;
  if (fixed > bounds.maxLength) return unsupported(`a string of at most ${bounds.maxLength} characters around \`${prefix}${infix}${suffix}\``, path);
  return decorated(fc.string({ minLength: Math.max(0, bounds.minLength - fixed), maxLength: bounds.maxLength - fixed }));
}

/** RFC 3339 timestamps (UTC, whole seconds) between 2000 and 2100. */
function timestamps(): fc.Arbitrary<string> {
  return fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }).map((s) => new Date(s * 1000).toISOString().replace(".000Z", "Z"));
}

function numberArb(def: Def, path: string): fc.Arbitrary<unknown> {
  let min = -Infinity;
  let max = Infinity;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  let step: number | undefined;
  const checks = [...(def.checks ?? []).map((c) => c._zod.def), ...(def.check ? [{ check: def.check, ...(def.format ? { format: def.format } : {}) } as CheckDef] : [])];
  for (const c of checks) {
    if (c.check === "greater_than" && c.value !== undefined && c.value >= min) {
      minExcluded = c.value === min ? minExcluded || !c.inclusive : !c.inclusive;
      min = c.value;
    } else if (c.check === "less_than" && c.value !== undefined && c.value <= max) {
      maxExcluded = c.value === max ? maxExcluded || !c.inclusive : !c.inclusive;
      max = c.value;
    } else if (c.check === "number_format" && c.format !== undefined) {
      const range = INTEGER_FORMATS[c.format];
      if (range) {
        integer = true;
        if (range[0] > min) [min, minExcluded] = [range[0], false];
        if (range[1] < max) [max, maxExcluded] = [range[1], false];
      } else if (c.format !== "float32" && c.format !== "float64") return unsupported(`the number format \`${c.format}\``, path);
    } else if (c.check === "multiple_of" && c.value !== undefined) step = c.value;
  }
  if (step !== undefined) {
    // Multiples of `step` within the bounds: k * step for integer k.
    const lo = Math.ceil((Number.isFinite(min) ? min : -1e6 * step) / step);
    const hi = Math.floor((Number.isFinite(max) ? max : 1e6 * step) / step);
    const k = fc.integer({ min: lo, max: hi });
    return k.map((n) => n * step).filter((v) => (!minExcluded || v > min) && (!maxExcluded || v < max));
  }
  if (integer) {
    const lo = Number.isFinite(min) ? (minExcluded ? Math.floor(min) + 1 : Math.ceil(min)) : -(2 ** 31);
    const hi = Number.isFinite(max) ? (maxExcluded ? Math.ceil(max) - 1 : Math.floor(max)) : 2 ** 31 - 1;
    if (lo > hi) return unsupported(`an integer between ${min} and ${max}`, path);
    return fc.integer({ min: lo, max: hi });
  }
  // Whole numbers first: a counterexample then shrinks to an amount such as 1, not 5e-324.
  const lo = Math.max(Number.isFinite(min) ? (minExcluded ? Math.floor(min) + 1 : Math.ceil(min)) : -(2 ** 31), Number.MIN_SAFE_INTEGER);
  const hi = Math.min(Number.isFinite(max) ? (maxExcluded ? Math.ceil(max) - 1 : Math.floor(max)) : 2 ** 31 - 1, Number.MAX_SAFE_INTEGER);
  // -0 has no JSON form of its own (it prints as 0): generate 0 instead.
  const doubles = fc
    .double({
      noNaN: true,
      noDefaultInfinity: true,
      ...(Number.isFinite(min) ? { min, minExcluded } : { min: -Number.MAX_VALUE }),
      ...(Number.isFinite(max) ? { max, maxExcluded } : { max: Number.MAX_VALUE }),
    })
    .map((v) => (Object.is(v, -0) ? 0 : v));
  return lo <= hi ? fc.oneof({ withCrossShrink: true }, fc.integer({ min: lo, max: hi }), doubles) : doubles;
}
