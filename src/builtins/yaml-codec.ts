/**
 * YAML as OPA reads and writes it (sigs.k8s.io/yaml over go-yaml v2).
 * Reading uses js-yaml with go-yaml v2's resolution of plain scalars
 * (`go-yaml-resolve.ts`: YAML 1.1 booleans such as `yes` and `on`, `010` as
 * octal, timestamps kept as strings), merge keys, integers beyond 2^53 kept
 * exact, a later duplicate key overriding an earlier one, and non-string keys
 * converted as sigs.k8s.io/yaml converts them (null keys rejected, float keys
 * in float32 `'g'` form). Writing is go-yaml's own emitter (`go-yaml-emit.ts`).
 */
import yaml from "js-yaml";
import type { Json } from "../value/json.js";
import { parseNumber } from "../value/number.js";
import { goYamlMarshal } from "./go-yaml-emit.js";
import { resolvePlain } from "./go-yaml-resolve.js";

const builtinTypes = (yaml as unknown as { types: Record<"merge", yaml.Type> }).types;

function scalarType(tag: "null" | "bool" | "int" | "float", predicate: (x: unknown) => boolean): yaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (data: string | null) => resolvePlain(data ?? "").tag === tag,
    construct: (data: string | null) => {
      const r = resolvePlain(data ?? "");
      if (r.tag === "null" || r.tag === "timestamp" || r.tag === "str") return box(null, undefined);
      if (r.tag === "float") return box(floatValue(r.value), r.value);
      if (r.tag !== "int") return r.value;
      if (r.value > INT64_MAX) return box(r.value, undefined);
      return r.value >= BigInt(Number.MIN_SAFE_INTEGER) && r.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r.value) : r.value;
    },
    predicate,
  });
}

/**
 * A float as OPA ends up with it: sigs.k8s.io/yaml writes go-yaml's float64 as
 * JSON (the shortest decimal that reads back as the same double, as Go's
 * encoding/json does) and OPA reads that text exactly. So `1e30` is 10^30
 * and `18446744073709551616` (too big for uint64, hence a float) is
 * 18446744073709552000, not the double's exact value.
 */
function floatValue(f: number): number | bigint {
  if (!Number.isInteger(f) || Number.isSafeInteger(f)) return f;
  // JS prints a double with the same shortest digits as Go's strconv.
  return parseNumber(String(f)) ?? f;
}

const INT64_MAX = (1n << 63n) - 1n;

/**
 * A scalar whose type decides what it becomes as a mapping key. go-yaml hands
 * sigs.k8s.io/yaml a nil, float64 or uint64 key, and its YAMLToJSON rejects
 * nil and uint64 keys and writes a float64 key with
 * `strconv.FormatFloat(k, 'g', -1, 32)`; js-yaml would turn any of them into
 * `String(k)`. js-yaml calls `toString` on a key object whose tag is not
 * `Object`, so the box answers (or throws) as Go would; `unbox` then puts the
 * plain value back wherever the scalar is not a key.
 */
class KeyedScalar {
  constructor(
    readonly value: null | number | bigint,
    /** The float64 go-yaml read, for a float; `undefined` for a key Go rejects. */
    private readonly float: number | undefined,
  ) {}

  get [Symbol.toStringTag](): string {
    return "KeyedScalar";
  }

  toString(): string {
    if (this.float === undefined) {
      const kind = this.value === null ? "<nil>" : "uint64";
      throw new yaml.YAMLException(`error converting YAML to JSON: unsupported map key of type: ${kind}, key: ${String(this.value)}`);
    }
    return floatKeyText(this.float);
  }
}

// The boxes made by the current parse (parsing is synchronous): none means no walk to undo them.
let boxes = 0;

function box(value: null | number | bigint, float: number | undefined): KeyedScalar {
  boxes++;
  return new KeyedScalar(value, float);
}

/** Replace every `KeyedScalar` in parsed data by its value, in place (aliases share nodes: each is visited once). */
function unbox(x: unknown, seen: WeakSet<object>): unknown {
  if (x instanceof KeyedScalar) return x.value;
  if (x === null || typeof x !== "object" || seen.has(x)) return x;
  seen.add(x);
  const o = x as Record<string, unknown>;
  // Own data properties only (js-yaml defines `__proto__` as one), so plain assignment is safe.
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v instanceof KeyedScalar) o[k] = v.value;
    else if (v !== null && typeof v === "object") unbox(v, seen);
  }
  return x;
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)`, with YAML's names for infinities and NaN, as sigs.k8s.io/yaml writes a float key. */
function floatKeyText(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (f === Infinity) return ".inf";
  if (f === -Infinity) return "-.inf";
  const x = Math.fround(f);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  // Beyond float32's range the key is an infinity, which Go prints as ±Inf and YAMLToJSON renames.
  if (!Number.isFinite(x)) return x > 0 ? ".inf" : "-.inf";
  // The fewest significant digits that read back as the same float32.
  let digits = "";
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = Math.abs(x).toExponential(p - 1);
    if (Math.fround(Number(e)) === Math.abs(x)) {
      const [mant, ex] = e.split("e") as [string, string];
      digits = mant.replace(".", "");
      exp = Number(ex);
      break;
    }
  }
  const sign = x < 0 ? "-" : "";
  // 'g' with the shortest precision uses %e when the exponent is below -4 or at least 6.
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ex = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${ex}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** The schema for reading: plain scalars resolve as go-yaml v2 resolves them. */
export const OPA_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType("null", (x) => x === null),
    scalarType("bool", (x) => typeof x === "boolean"),
    scalarType("int", (x) => typeof x === "bigint" || (typeof x === "number" && Number.isInteger(x))),
    scalarType("float", (x) => typeof x === "number"),
    builtinTypes.merge,
  ],
});

/** The first document of a YAML stream as JS data (`null` for an empty stream). Throws js-yaml's `YAMLException`. */
export function parseYaml(text: string): unknown {
  // `json: true`: a duplicate key overrides, as in go-yaml v2 (js-yaml would reject it).
  boxes = 0;
  const docs = yaml.loadAll(text, null, { schema: OPA_YAML_SCHEMA, json: true });
  const doc = docs.length === 0 || docs[0] === undefined ? null : docs[0];
  return boxes === 0 ? doc : unbox(doc, new WeakSet());
}

/** YAML text of JSON data, as go-yaml v2 writes it. */
export function printYaml(data: Json): string {
  return goYamlMarshal(data);
}
