/**
 * Validating a document against a compiled schema as gojsonschema v1.2.0
 * does (`validation.go`): the same walk (`validateRecursive` →
 * `validateSchema`, then the checks of the node's type, then
 * `validateCommon`), so errors come out in gojsonschema's order, with its
 * types, contexts and English descriptions (`locales.go`). Its "score"
 * is kept too: for `anyOf`, `oneOf` and `contains`, the errors of the
 * closest failing branch are the ones reported.
 *
 * Go iterates maps in random order; here object keys, `properties` and
 * `patternProperties` go in key order (code points), `required` and
 * `dependencies` lists in the order written.
 */
import { SubSchema } from "./json-schema-compile.js";
import { FloatRangeError, isJsonArray, isJsonObject, JsonNumber, marshalWithoutNumber, type JsonNode, type JsonObject } from "./json-schema-document.js";
import { matchesFormat } from "./json-schema-formats.js";
import { compareExact, formatGoBigFloat, isIntegral, isMultipleOf } from "./json-schema-number.js";
import { compileRegexTester } from "./pattern-cache.js";

/** One validation error, as gojsonschema's `ResultError` describes it. */
export interface SchemaError {
  /** `required`, `invalid_type`, `enum`, … */
  readonly type: string;
  /** The JSON context without the leading `(root).` (the root itself is `(root)`): `a.b`, `items.0`. */
  readonly field: string;
  /** The English description: `name is required`. */
  readonly description: string;
}

/**
 * How deep validation may nest (document levels plus `$ref` and combinator
 * hops). A schema whose `$ref` names itself (`{"$ref": "#"}`) never reaches
 * the document: gojsonschema overflows Go's stack there, snapspace refuses
 * it. Some deep documents exhaust JS's stack before this limit; that is
 * refused the same way.
 */
export const MAX_VALIDATION_DEPTH = 2_500;

/** Validation nested too deep (beyond `MAX_VALIDATION_DEPTH`, or beyond the JS stack). */
export class ValidationDepthError extends Error {
  constructor() {
    super("the document and schema nest too deeply to validate (does a $ref name itself?)");
  }
}

/** Whether `e` is JS's stack overflow (a `RangeError`, as are some unrelated errors). */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** gojsonschema's `JsonContext`: where in the document a node is, printed `(root).a.0`. */
class Context {
  constructor(
    readonly head: string,
    readonly tail?: Context,
  ) {}

  child(key: string): Context {
    return new Context(key, this);
  }

  toString(): string {
    return this.tail === undefined ? this.head : `${this.tail.toString()}.${this.head}`;
  }

  /** `ResultError.Field()`: the context without the leading `(root).`. */
  field(): string {
    const s = this.toString();
    return s.startsWith("(root).") ? s.slice("(root).".length) : s;
  }
}

/** gojsonschema's `Result`: errors in order, and a score (+1 per check passed, −2 per error, summed over merged results). */
class Result {
  readonly errors: SchemaError[] = [];
  score = 0;

  valid(): boolean {
    return this.errors.length === 0;
  }

  add(type: string, ctx: Context, description: string): void {
    this.errors.push({ type, field: ctx.field(), description });
    this.score -= 2;
  }

  merge(other: Result): void {
    this.errors.push(...other.errors);
    this.score += other.score;
  }

  increment(): void {
    this.score++;
  }
}

/** Validate a document (gojsonschema's `Schema.Validate`): its errors, none when it is valid. Throws `ValidationDepthError`. */
export function validateDocument(schema: SubSchema, doc: JsonNode): readonly SchemaError[] {
  const result = new Result();
  try {
    validateRecursive(schema, doc, result, new Context("(root)"), 0);
  } catch (e) {
    if (isStackOverflow(e)) throw new ValidationDepthError();
    throw e;
  }
  return result.errors;
}

function subValidate(s: SubSchema, node: JsonNode, ctx: Context, depth: number): Result {
  const result = new Result();
  validateRecursive(s, node, result, ctx, depth + 1);
  return result;
}

/** `Invalid type. Expected: [string,null], given: integer` when the node's type is not among the schema's; true if so. */
function wrongType(s: SubSchema, given: string, ok: boolean, result: Result, ctx: Context): boolean {
  if (s.types.length === 0 || ok) return false;
  const expected = s.types.length > 1 ? `[${s.types.join(",")}]` : s.types[0]!;
  result.add("invalid_type", ctx, `Invalid type. Expected: ${expected}, given: ${given}`);
  return true;
}

function validateRecursive(s: SubSchema, node: JsonNode, result: Result, ctx: Context, depth: number): void {
  if (depth > MAX_VALIDATION_DEPTH) throw new ValidationDepthError();
  if (s.pass !== undefined) {
    if (!s.pass) result.add("false", ctx, "False always fails validation");
    return;
  }
  if (s.refSchema !== undefined) {
    validateRecursive(s.refSchema, node, result, ctx, depth + 1);
    return;
  }
  if (node === null) {
    if (wrongType(s, "null", s.types.includes("null"), result, ctx)) return;
    validateSchema(s, node, result, ctx, depth);
    validateCommon(s, node, result, ctx);
  } else if (node instanceof JsonNumber) {
    const isInt = isIntegral(node.exact);
    const ok = s.types.includes("number") || (isInt && s.types.includes("integer"));
    if (wrongType(s, isInt ? "integer" : "number", ok, result, ctx)) return;
    validateSchema(s, node, result, ctx, depth);
    validateNumber(s, node, result, ctx);
    validateCommon(s, node, result, ctx);
  } else if (isJsonArray(node)) {
    if (wrongType(s, "array", s.types.includes("array"), result, ctx)) return;
    validateSchema(s, node, result, ctx, depth);
    validateArray(s, node, result, ctx, depth);
    validateCommon(s, node, result, ctx);
  } else if (isJsonObject(node)) {
    if (wrongType(s, "object", s.types.includes("object"), result, ctx)) return;
    validateSchema(s, node, result, ctx, depth);
    validateObject(s, node, result, ctx, depth);
    validateCommon(s, node, result, ctx);
    for (const { name, schema } of s.properties) {
      if (node.has(name)) validateRecursive(schema, node.get(name) as JsonNode, result, ctx.child(name), depth + 1);
    }
  } else if (typeof node === "boolean") {
    if (wrongType(s, "boolean", s.types.includes("boolean"), result, ctx)) return;
    validateSchema(s, node, result, ctx, depth);
    validateCommon(s, node, result, ctx);
  } else {
    if (wrongType(s, "string", s.types.includes("string"), result, ctx)) return;
    validateSchema(s, node, result, ctx, depth);
    validateCommon(s, node, result, ctx);
    validateString(s, node, result, ctx);
  }
  result.increment();
}

/** The combinators, `dependencies` and `if`/`then`/`else`. */
function validateSchema(s: SubSchema, node: JsonNode, result: Result, ctx: Context, depth: number): void {
  if (s.anyOf.length > 0) {
    let valid = false;
    let best: Result | undefined;
    for (const sub of s.anyOf) {
      const r = subValidate(sub, node, ctx, depth);
      valid = r.valid();
      if (valid) break;
      if (best === undefined || r.score > best.score) best = r;
    }
    if (!valid) {
      result.add("number_any_of", ctx, "Must validate at least one schema (anyOf)");
      if (best !== undefined) result.merge(best);
    }
  }
  if (s.oneOf.length > 0) {
    let validCount = 0;
    let best: Result | undefined;
    for (const sub of s.oneOf) {
      const r = subValidate(sub, node, ctx, depth);
      if (r.valid()) validCount++;
      else if (validCount === 0 && (best === undefined || r.score > best.score)) best = r;
    }
    if (validCount !== 1) {
      result.add("number_one_of", ctx, "Must validate one and only one schema (oneOf)");
      if (validCount === 0 && best !== undefined) result.merge(best);
    }
  }
  if (s.allOf.length > 0) {
    let validCount = 0;
    for (const sub of s.allOf) {
      const r = subValidate(sub, node, ctx, depth);
      if (r.valid()) validCount++;
      result.merge(r);
    }
    if (validCount !== s.allOf.length) result.add("number_all_of", ctx, "Must validate all the schemas (allOf)");
  }
  if (s.not !== undefined && subValidate(s.not, node, ctx, depth).valid()) {
    result.add("number_not", ctx, "Must not validate the schema (not)");
  }
  if (s.dependencies.size > 0 && isJsonObject(node)) {
    for (const key of node.keys()) {
      const dependency = s.dependencies.get(key);
      if (dependency instanceof SubSchema) {
        validateRecursive(dependency, node, result, ctx, depth + 1);
      } else if (dependency !== undefined) {
        for (const needed of dependency) {
          if (!node.has(needed)) result.add("missing_dependency", ctx, `Has a dependency on ${needed}`);
        }
      }
    }
  }
  if (s.ifSchema !== undefined) {
    const ifValid = subValidate(s.ifSchema, node, ctx, depth).valid();
    const branch = ifValid ? s.thenSchema : s.elseSchema;
    if (branch !== undefined) {
      const r = subValidate(branch, node, ctx, depth);
      if (!r.valid()) {
        if (ifValid) result.add("condition_then", ctx, 'Must validate "then" as "if" was valid');
        else result.add("condition_else", ctx, 'Must validate "else" as "if" was not valid');
        result.merge(r);
      }
    }
  }
  result.increment();
}

/**
 * The node as `enum`, `const` and `uniqueItems` compare it; for a number
 * beyond a `float64` (only JSON text can hold one), an `internal` error
 * (gojsonschema records the same error, then crashes on the missing text).
 */
function comparable(node: JsonNode, result: Result, ctx: Context): string | undefined {
  try {
    return marshalWithoutNumber(node);
  } catch (e) {
    if (!(e instanceof FloatRangeError)) throw e;
    result.add("internal", ctx, `Internal Error ${e.message}`);
    return undefined;
  }
}

/** `const` and `enum`. */
function validateCommon(s: SubSchema, node: JsonNode, result: Result, ctx: Context): void {
  if (s.constValue !== undefined) {
    const text = comparable(node, result, ctx);
    if (text !== undefined && text !== s.constValue) result.add("const", ctx, `${ctx.field()} does not match: ${s.constValue}`);
  }
  if (s.enumValues.length > 0) {
    const text = comparable(node, result, ctx);
    if (text !== undefined && !s.enumValues.includes(text)) {
      result.add("enum", ctx, `${ctx.field()} must be one of the following: ${s.enumValues.join(", ")}`);
    }
  }
  result.increment();
}

function validateArray(s: SubSchema, items: readonly JsonNode[], result: Result, ctx: Context, depth: number): void {
  const n = items.length;
  if (s.itemsIsSingleSchema) {
    for (let i = 0; i < n; i++) result.merge(subValidate(s.items[0]!, items[i]!, ctx.child(String(i)), depth));
  } else if (s.items.length > 0) {
    const positional = s.items.length;
    for (let i = 0; i < positional && i < n; i++) result.merge(subValidate(s.items[i]!, items[i]!, ctx.child(String(i)), depth));
    if (positional < n) {
      if (s.additionalItems === false) {
        result.add("array_no_additional_items", ctx, "No additional items allowed on array");
      } else if (s.additionalItems instanceof SubSchema) {
        for (let i = positional; i < n; i++) result.merge(subValidate(s.additionalItems, items[i]!, ctx.child(String(i)), depth));
      }
    }
  }
  if (s.minItems !== undefined && n < s.minItems) result.add("array_min_items", ctx, `Array must have at least ${s.minItems} items`);
  if (s.maxItems !== undefined && n > s.maxItems) result.add("array_max_items", ctx, `Array must have at most ${s.maxItems} items`);
  if (s.uniqueItems) {
    // The last index each item text was seen at: `[1, 1, 1]` reports items[0,1] then items[1,2].
    const seen = new Map<string, number>();
    for (let j = 0; j < n; j++) {
      const text = comparable(items[j]!, result, ctx);
      if (text === undefined) continue;
      const i = seen.get(text);
      if (i !== undefined) result.add("unique", ctx, `array items[${i},${j}] must be unique`);
      seen.set(text, j);
    }
  }
  if (s.contains !== undefined) {
    let best: Result | undefined;
    let found = false;
    for (let i = 0; i < n && !found; i++) {
      const r = subValidate(s.contains, items[i]!, ctx.child(String(i)), depth);
      if (r.valid()) found = true;
      else if (best === undefined || r.score > best.score) best = r;
    }
    if (!found) {
      result.add("contains", ctx, "At least one of the items must match");
      if (best !== undefined) result.merge(best);
    }
  }
  result.increment();
}

function validateObject(s: SubSchema, obj: JsonObject, result: Result, ctx: Context, depth: number): void {
  if (s.minProperties !== undefined && obj.size < s.minProperties) {
    result.add("array_min_properties", ctx, `Must have at least ${s.minProperties} properties`);
  }
  if (s.maxProperties !== undefined && obj.size > s.maxProperties) {
    result.add("array_max_properties", ctx, `Must have at most ${s.maxProperties} properties`);
  }
  for (const name of s.required) {
    if (obj.has(name)) result.increment();
    else result.add("required", ctx, `${name} is required`);
  }
  for (const [key, value] of obj) {
    const described = s.properties.some((p) => p.name === key);
    const matchedPattern = validatePatternProperties(s, key, value, result, ctx, depth);
    if (described || matchedPattern) continue;
    if (s.additionalProperties === false) {
      result.add("additional_property_not_allowed", ctx, `Additional property ${key} is not allowed`);
    } else if (s.additionalProperties instanceof SubSchema) {
      result.merge(subValidate(s.additionalProperties, value, ctx.child(key), depth));
    }
  }
  if (s.propertyNames !== undefined) {
    for (const key of obj.keys()) {
      const r = subValidate(s.propertyNames, key, ctx, depth);
      if (!r.valid()) {
        result.add("invalid_property_name", ctx, `Property name of "${key}" does not match`);
        result.merge(r);
      }
    }
  }
  result.increment();
}

/** Validate `value` against every `patternProperties` schema whose pattern matches `key`; whether any did. */
function validatePatternProperties(s: SubSchema, key: string, value: JsonNode, result: Result, ctx: Context, depth: number): boolean {
  let matched = false;
  for (const { pattern, schema } of s.patternProperties) {
    const re = compileRegexTester(pattern);
    if (re instanceof Error || !re.test(key)) continue;
    matched = true;
    result.merge(subValidate(schema, value, ctx.child(key), depth));
  }
  if (matched) result.increment();
  return matched;
}

function validateString(s: SubSchema, str: string, result: Result, ctx: Context): void {
  if (s.minLength !== undefined || s.maxLength !== undefined) {
    // Go counts runes (code points).
    let length = 0;
    for (const _ of str) length++;
    if (s.minLength !== undefined && length < s.minLength) {
      result.add("string_gte", ctx, `String length must be greater than or equal to ${s.minLength}`);
    }
    if (s.maxLength !== undefined && length > s.maxLength) {
      result.add("string_lte", ctx, `String length must be less than or equal to ${s.maxLength}`);
    }
  }
  if (s.pattern !== undefined && !s.pattern.re.test(str)) result.add("pattern", ctx, `Does not match pattern '${s.pattern.source}'`);
  if (s.format !== undefined && !matchesFormat(s.format, str)) result.add("format", ctx, `Does not match format '${s.format}'`);
  result.increment();
}

/**
 * `multipleOf` and the bounds, compared exactly. The order of the bound
 * checks (maximum, exclusiveMaximum, minimum, exclusiveMinimum) is from
 * memory of gojsonschema's source; it shows only when a number breaks two
 * bounds of the same side at once. A `format` on a number always passes.
 */
function validateNumber(s: SubSchema, num: JsonNumber, result: Result, ctx: Context): void {
  const v = num.exact;
  if (s.multipleOf !== undefined && !isMultipleOf(v, s.multipleOf)) {
    result.add("multiple_of", ctx, `Must be a multiple of ${formatGoBigFloat(s.multipleOf)}`);
  }
  if (s.maximum !== undefined && compareExact(v, s.maximum) > 0) {
    result.add("number_lte", ctx, `Must be less than or equal to ${formatGoBigFloat(s.maximum)}`);
  }
  if (s.exclusiveMaximum !== undefined && compareExact(v, s.exclusiveMaximum) >= 0) {
    result.add("number_lt", ctx, `Must be less than ${formatGoBigFloat(s.exclusiveMaximum)}`);
  }
  if (s.minimum !== undefined && compareExact(v, s.minimum) < 0) {
    result.add("number_gte", ctx, `Must be greater than or equal to ${formatGoBigFloat(s.minimum)}`);
  }
  if (s.exclusiveMinimum !== undefined && compareExact(v, s.exclusiveMinimum) <= 0) {
    result.add("number_gt", ctx, `Must be greater than ${formatGoBigFloat(s.exclusiveMinimum)}`);
  }
  result.increment();
}
