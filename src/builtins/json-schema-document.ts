/**
 * The JSON that gojsonschema works on: what Go's `encoding/json` decodes
 * with `UseNumber`. Numbers keep their text (`json.Number`), so a schema's
 * `multipleOf: 0.01` and a document's `0.07` compare exactly; objects are
 * maps (a repeated key keeps its last value, as Go's decoder does).
 *
 * Go iterates its maps in random order, which makes the order of some of
 * gojsonschema's errors vary from run to run; here every object iterates in
 * key order (code points), so the same call always lists the same errors.
 */
import { MAX_JSON_DEPTH } from "../value/json.js";
import { formatNumber } from "../value/number.js";
import { compareStrings } from "../value/strings.js";
import type { Json } from "../value/json.js";
import type { Value } from "../value/types.js";
import { goJsonString, toGoJson } from "./go-json.js";
import { exactNumber, goFloatJson, type ExactNumber } from "./json-schema-number.js";

/** A JSON number with its text (Go's `json.Number`). */
export class JsonNumber {
  private exactValue: ExactNumber | undefined;

  constructor(readonly text: string) {}

  /** The exact value (computed once). */
  get exact(): ExactNumber {
    return (this.exactValue ??= exactNumber(this.text));
  }
}

/** An object: keys in code point order. */
export type JsonObject = ReadonlyMap<string, JsonNode>;

/** A decoded JSON value. */
export type JsonNode = null | boolean | string | JsonNumber | readonly JsonNode[] | JsonObject;

/** True for an object. */
export function isJsonObject(n: JsonNode | undefined): n is JsonObject {
  return n instanceof Map;
}

/** True for an array. */
export function isJsonArray(n: JsonNode | undefined): n is readonly JsonNode[] {
  return Array.isArray(n);
}

function sortedObject(entries: Map<string, JsonNode>): JsonObject {
  return new Map([...entries.keys()].sort(compareStrings).map((k) => [k, entries.get(k)!]));
}

/** A value as the JSON OPA hands gojsonschema (`json.Marshal` of the value): sets become sorted arrays. */
export function jsonNodeOf(v: Value): JsonNode {
  return fromJson(toGoJson(v));
}

function fromJson(j: Json): JsonNode {
  if (j === null || typeof j === "boolean" || typeof j === "string") return j;
  if (typeof j === "number" || typeof j === "bigint") return new JsonNumber(formatNumber(j));
  if (Array.isArray(j)) return j.map(fromJson);
  const o = j as { readonly [k: string]: Json };
  return sortedObject(new Map(Object.keys(o).map((k) => [k, fromJson(o[k]!)])));
}

/** Thrown by `parseJsonText` for text that is not one JSON value. */
export class JsonTextError extends Error {}

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** Decode JSON text (the whole text must be one value, as Go's `json.Valid` requires). Throws `JsonTextError`. */
export function parseJsonText(text: string): JsonNode {
  let pos = 0;
  const fail = (): never => {
    throw new JsonTextError(pos >= text.length ? "unexpected end of JSON input" : `invalid character at offset ${pos + 1}`);
  };
  const skip = () => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const token = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    pos = re.lastIndex;
    return m[0];
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_JSON_DEPTH) throw new JsonTextError(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    skip();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const entries = new Map<string, JsonNode>();
      skip();
      if (text[pos] === "}") {
        pos++;
        return entries;
      }
      for (;;) {
        skip();
        const key = token(STRING) ?? fail();
        skip();
        if (text[pos] !== ":") fail();
        pos++;
        // A repeated key: the last value wins, as in Go.
        entries.set(JSON.parse(key) as string, value(depth + 1));
        skip();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") {
          pos++;
          return sortedObject(entries);
        } else fail();
      }
    }
    if (c === "[") {
      pos++;
      const items: JsonNode[] = [];
      skip();
      if (text[pos] === "]") {
        pos++;
        return items;
      }
      for (;;) {
        items.push(value(depth + 1));
        skip();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") {
          pos++;
          return items;
        } else fail();
      }
    }
    if (c === '"') return JSON.parse(token(STRING) ?? fail()) as string;
    const num = token(NUMBER);
    if (num !== undefined) return new JsonNumber(num);
    const lit = token(LITERAL);
    if (lit !== undefined) return lit === "null" ? null : lit === "true";
    return fail();
  };
  const out = value(0);
  skip();
  if (pos !== text.length) fail();
  return out;
}

/** A number that a Go `float64` cannot hold: `marshalWithoutNumber` fails on it. */
export class FloatRangeError extends Error {
  constructor(readonly text: string) {
    super(`json: cannot unmarshal number ${text} into Go value of type float64`);
  }
}

/**
 * gojsonschema's `marshalWithoutNumber`: the node encoded, decoded into
 * plain Go values (numbers become `float64`) and encoded again, so that
 * `1.0` and `1` are the same text. `enum`, `const` and `uniqueItems`
 * compare these strings. Throws `FloatRangeError`.
 */
export function marshalWithoutNumber(n: JsonNode): string {
  if (n === null) return "null";
  if (typeof n === "boolean") return n ? "true" : "false";
  if (typeof n === "string") return goJsonString(n);
  if (n instanceof JsonNumber) {
    const f = goFloatJson(n.text);
    if (f === undefined) throw new FloatRangeError(n.text);
    return f;
  }
  if (isJsonArray(n)) return `[${n.map(marshalWithoutNumber).join(",")}]`;
  return `{${[...(n as JsonObject)].map(([k, v]) => `${goJsonString(k)}:${marshalWithoutNumber(v)}`).join(",")}}`;
}
