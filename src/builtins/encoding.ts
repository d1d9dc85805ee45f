/**
 * The `encoding` family: JSON, base64, hex, URL query and YAML text, as OPA
 * encodes and decodes them (Go's `encoding/json`, `encoding/base64`,
 * `encoding/hex`, `net/url`, and sigs.k8s.io/yaml).
 */
import { fromJs, NotJsonError, parseJson } from "../value/json.js";
import { objectEntries } from "../value/object.js";
import { compareStrings } from "../value/strings.js";
import { isArray, typeOf } from "../value/type-of.js";
import type { ObjectValue, PlainObject, Value } from "../value/types.js";
import { setOwn } from "../value/keyed-object.js";
import { toRegoText } from "../value/print.js";
import { Base64Error, decodeBase64, encodeBase64, fromUtf8, padBase64url, utf8 } from "./go-base64.js";
import { goJsonMarshal, toGoJson } from "./go-json.js";
import { parseQuery, QueryError, queryEscape, queryUnescape } from "./url-query.js";
import { parseYaml, printYaml } from "./yaml-codec.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

// ---- JSON ----------------------------------------------------------------

export const jsonMarshal = defineBuiltin({
  name: "json.marshal",
  family: "encoding",
  description: "`x` as compact JSON text, object keys sorted (sets become sorted arrays).",
  args: [{ name: "x", type: "any" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => goJsonMarshal(x!),
});

export const jsonMarshalWithOptions = defineBuiltin({
  name: "json.marshal_with_options",
  family: "encoding",
  description:
    "`x` as JSON text with options: `pretty` (boolean), `indent` (string, default a tab) and `prefix` (string, put before every line); setting `indent` or `prefix` implies `pretty` unless `pretty` is false.",
  args: [
    { name: "x", type: "any" },
    { name: "opts", type: "object" },
  ],
  result: "string",
  deterministic: true,
  impl: ([x, opts]) => {
    const name = "json.marshal_with_options";
    let indent = "\t";
    let prefix = "";
    let implicitPretty = false;
    let pretty: boolean | undefined;
    // OPA's errors here are operand errors (type errors), worded as below; `idx` is the key's position.
    const fail = (message: string) => new BuiltinError(`${name}: operand 2 ${message}`, 1, "type_error");
    objectEntries(opts as ObjectValue).forEach(([k, v], idx) => {
      if (typeof k !== "string") {
        throw fail(`failed to stringify key ${toRegoText(k)} at index ${idx}: operand ${idx} must be string but got ${typeOf(k)}`);
      }
      switch (k) {
        case "prefix":
        case "indent":
          if (typeof v !== "string") throw fail(`key ${k} failed cast to string: operand ${idx} must be string but got ${typeOf(v)}`);
          if (k === "prefix") prefix = v;
          else indent = v;
          implicitPretty = true;
          break;
        case "pretty":
          if (typeof v !== "boolean") throw fail(`key pretty failed cast to bool: operand ${idx} must be boolean but got ${typeOf(v)}`);
          pretty = v;
          break;
        default:
          throw fail(`object contained unknown key ${k}`);
      }
    });
    // Go's MarshalIndent leaves the first line without the prefix; OPA adds it.
    if (pretty ?? implicitPretty) return prefix + goJsonMarshal(x!, { prefix, indent });
    return goJsonMarshal(x!);
  },
});

/**
 * JSON text as a value; throws `SyntaxError` for bad JSON and `NotJsonError`
 * for numbers JSON cannot hold. A lone surrogate escape (`"\ud800"`) reads
 * as U+FFFD, as Go's decoder reads it.
 */
function readJson(text: string): Value {
  const v = fromJs(parseJson(text));
  return LONE_SURROGATE_ESCAPE.test(text) ? replaceLoneSurrogates(v) : v;
}

const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function replaceLoneSurrogates(v: Value): Value {
  if (typeof v === "string") return v.replace(LONE_SURROGATE, "\ufffd");
  if (Array.isArray(v)) return v.map(replaceLoneSurrogates);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, Value> = {};
  for (const k of Object.keys(v)) setOwn(out, k.replace(LONE_SURROGATE, "\ufffd"), replaceLoneSurrogates((v as PlainObject)[k]!));
  return out as PlainObject;
}

export const jsonUnmarshal = defineBuiltin({
  name: "json.unmarshal",
  family: "encoding",
  description: "The value in JSON text `x` (integers beyond 2^53 kept exact).",
  args: [{ name: "x", type: "string" }],
  result: "any",
  deterministic: true,
  impl: ([x]) => {
    try {
      return readJson(x as string);
    } catch (e) {
      if (e instanceof SyntaxError || e instanceof NotJsonError) throw new BuiltinError(`json.unmarshal: ${e.message}`, 0);
      throw e;
    }
  },
});

export const jsonIsValid = defineBuiltin({
  name: "json.is_valid",
  family: "encoding",
  description: "True when `x` is a string holding valid JSON text (false for anything else, as OPA).",
  // OPA declares a string (a literal of another type is a compile error) but answers false for any other value.
  args: [{ name: "x", type: "string" }],
  checkTypesStaticallyOnly: true,
  result: "boolean",
  deterministic: true,
  impl: ([x]) => {
    if (typeof x !== "string") return false;
    // Go's json.Valid checks the syntax only: `1e400` is valid JSON text.
    try {
      JSON.parse(x);
      return true;
    } catch (e) {
      if (e instanceof SyntaxError) return false;
      throw e;
    }
  },
});

// ---- base64 and hex ------------------------------------------------------

function decodeOrThrow(name: string, text: string, alphabet: "std" | "url"): string {
  try {
    return fromUtf8(decodeBase64(text, alphabet));
  } catch (e) {
    if (e instanceof Base64Error) throw new BuiltinError(`${name}: ${e.message}`, 0);
    throw e;
  }
}

export const base64Encode = defineBuiltin({
  name: "base64.encode",
  family: "encoding",
  description: "Base64 (standard alphabet, padded) of the UTF-8 bytes of `x`.",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => encodeBase64(utf8(x as string), "std"),
});

export const base64Decode = defineBuiltin({
  name: "base64.decode",
  family: "encoding",
  description: "The text encoded in base64 `x` (standard alphabet, padding required).",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => decodeOrThrow("base64.decode", x as string, "std"),
});

export const base64IsValid = defineBuiltin({
  name: "base64.is_valid",
  family: "encoding",
  description: "True when `x` is valid base64 (standard alphabet, padded).",
  args: [{ name: "x", type: "string" }],
  result: "boolean",
  deterministic: true,
  impl: ([x]) => {
    try {
      decodeBase64(x as string, "std");
      return true;
    } catch (e) {
      if (e instanceof Base64Error) return false;
      throw e;
    }
  },
});

export const base64urlEncode = defineBuiltin({
  name: "base64url.encode",
  family: "encoding",
  description: "Base64url (URL-safe alphabet, padded) of the UTF-8 bytes of `x`.",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => encodeBase64(utf8(x as string), "url", true),
});

export const base64urlEncodeNoPad = defineBuiltin({
  name: "base64url.encode_no_pad",
  family: "encoding",
  description: "Base64url (URL-safe alphabet) of the UTF-8 bytes of `x`, without padding.",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => encodeBase64(utf8(x as string), "url", false),
});

export const base64urlDecode = defineBuiltin({
  name: "base64url.decode",
  family: "encoding",
  description: "The text encoded in base64url `x`; padding may be omitted.",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => {
    const padded = padBase64url(x as string, utf8(x as string).length);
    if (padded === undefined) throw new BuiltinError(`base64url.decode: illegal base64url string: ${x as string}`, 0);
    return decodeOrThrow("base64url.decode", padded, "url");
  },
});

export const hexEncode = defineBuiltin({
  name: "hex.encode",
  family: "encoding",
  description: "Lower-case hexadecimal of the UTF-8 bytes of `x`.",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => Buffer.from(utf8(x as string)).toString("hex"),
});

export const hexDecode = defineBuiltin({
  name: "hex.decode",
  family: "encoding",
  description: "The text whose bytes hexadecimal `x` spells.",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => {
    const src = utf8(x as string);
    const fail = (msg: string) => new BuiltinError(`hex.decode: encoding/hex: ${msg}`, 0);
    const out = new Uint8Array(src.length >> 1);
    // Go reports the first invalid byte before an odd length.
    for (let i = 0; i < src.length; i++) {
      if (hexValue(src[i]!) < 0) throw fail(`invalid byte: ${goRuneQuote(src[i]!)}`);
    }
    if (src.length % 2 === 1) throw fail("odd length hex string");
    for (let i = 0; i < out.length; i++) out[i] = (hexValue(src[2 * i]!) << 4) | hexValue(src[2 * i + 1]!);
    return fromUtf8(out);
  },
});

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

/** Go's `%#U` of a byte taken as a rune: `U+0067 'g'`. */
function goRuneQuote(b: number): string {
  const code = "U+" + b.toString(16).toUpperCase().padStart(4, "0");
  return b >= 0x20 && b !== 0x7f && !(b >= 0x80 && b < 0xa0) ? `${code} '${String.fromCharCode(b)}'` : code;
}

// ---- URL query -----------------------------------------------------------

export const urlqueryEncode = defineBuiltin({
  name: "urlquery.encode",
  family: "encoding",
  description: "`x` escaped for a URL query (Go's `QueryEscape`: a space is `+`).",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => queryEscape(x as string),
});

export const urlqueryDecode = defineBuiltin({
  name: "urlquery.decode",
  family: "encoding",
  description: "`x` with URL query escapes undone (`+` is a space, `%XX` a byte).",
  args: [{ name: "x", type: "string" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => {
    try {
      return queryUnescape(x as string);
    } catch (e) {
      if (e instanceof QueryError) throw new BuiltinError(`urlquery.decode: ${e.message}`, 0);
      throw e;
    }
  },
});

export const urlqueryEncodeObject = defineBuiltin({
  name: "urlquery.encode_object",
  family: "encoding",
  description:
    "A query string (`a=1&b=x+y`) from an object whose values are strings, or arrays or sets of strings (one pair per element); keys sorted.",
  args: [{ name: "object", type: "object" }],
  result: "string",
  deterministic: true,
  impl: ([object]) => {
    const name = "urlquery.encode_object";
    const pairs: string[] = [];
    // OPA converts the object with ast.JSON first: a key that is not a string becomes its JSON text.
    const asJson = toGoJson(object as ObjectValue) as PlainObject;
    for (const k of Object.keys(asJson).sort(compareStrings)) {
      const v = asJson[k]!;
      const values = typeof v === "string" ? [v] : isArray(v) ? v : undefined;
      if (values === undefined) {
        throw new BuiltinError(`${name}: operand 1 values must be strings or arrays or sets of strings but got ${typeOf(v)}`, 0, "type_error");
      }
      for (const e of values) {
        if (typeof e !== "string") {
          throw new BuiltinError(`${name}: operand 1 values must be strings or arrays or sets of strings but got an element of type ${typeOf(e)}`, 0, "type_error");
        }
        pairs.push(queryEscape(k) + "=" + queryEscape(e));
      }
    }
    return pairs.join("&");
  },
});

export const urlqueryDecodeObject = defineBuiltin({
  name: "urlquery.decode_object",
  family: "encoding",
  description: "An object from each key of a query string to the array of its values, in order (`a=1&a=2` → `{\"a\": [\"1\", \"2\"]}`).",
  args: [{ name: "x", type: "string" }],
  result: "object",
  deterministic: true,
  impl: ([x]) => {
    let parsed: Map<string, string[]>;
    try {
      parsed = parseQuery(x as string);
    } catch (e) {
      if (e instanceof QueryError) throw new BuiltinError(`urlquery.decode_object: ${e.message}`, 0);
      throw e;
    }
    const out: Record<string, Value> = {};
    for (const [k, vs] of parsed) setOwn(out, k, vs);
    return out as PlainObject;
  },
});

// ---- YAML ----------------------------------------------------------------

function readYaml(text: string): Value {
  return fromJs(parseYaml(text));
}

function isYamlError(e: unknown): e is Error {
  return e instanceof Error && (e.name === "YAMLException" || e instanceof NotJsonError);
}

export const yamlMarshal = defineBuiltin({
  name: "yaml.marshal",
  family: "encoding",
  description: "`x` as YAML text (keys sorted; sets become sorted sequences).",
  args: [{ name: "x", type: "any" }],
  result: "string",
  deterministic: true,
  impl: ([x]) => printYaml(toGoJson(x!)),
});

export const yamlUnmarshal = defineBuiltin({
  name: "yaml.unmarshal",
  family: "encoding",
  description: "The value in YAML text `x` (its first document; YAML 1.1 booleans such as `yes` are true, timestamps stay strings).",
  args: [{ name: "x", type: "string" }],
  result: "any",
  deterministic: true,
  impl: ([x]) => {
    try {
      return readYaml(x as string);
    } catch (e) {
      if (isYamlError(e)) throw new BuiltinError(`yaml.unmarshal: ${e.message.split("\n")[0]}`, 0);
      throw e;
    }
  },
});

export const yamlIsValid = defineBuiltin({
  name: "yaml.is_valid",
  family: "encoding",
  description: "True when `x` is a string holding valid YAML text whose content JSON can hold (false for anything else, as OPA).",
  // OPA declares a string (a literal of another type is a compile error) but answers false for any other value.
  args: [{ name: "x", type: "string" }],
  checkTypesStaticallyOnly: true,
  result: "boolean",
  deterministic: true,
  impl: ([x]) => {
    if (typeof x !== "string") return false;
    try {
      readYaml(x as string);
      return true;
    } catch (e) {
      if (isYamlError(e)) return false;
      throw e;
    }
  },
});

/** The `encoding` family. */
export const ENCODING: readonly BuiltinDef[] = [
  base64Decode,
  base64Encode,
  base64IsValid,
  base64urlDecode,
  base64urlEncode,
  base64urlEncodeNoPad,
  hexDecode,
  hexEncode,
  jsonIsValid,
  jsonMarshal,
  jsonMarshalWithOptions,
  jsonUnmarshal,
  urlqueryDecode,
  urlqueryDecodeObject,
  urlqueryEncode,
  urlqueryEncodeObject,
  yamlIsValid,
  yamlMarshal,
  yamlUnmarshal,
];
