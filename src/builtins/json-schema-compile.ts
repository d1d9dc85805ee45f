/**
 * Compiling a JSON Schema as gojsonschema v1.2.0 does (`schema.go`, with
 * `NewSchemaLoader()`'s defaults: "hybrid" draft unless `$schema` names
 * draft 4, 6 or 7; no meta-schema validation): keywords are read in
 * gojsonschema's order, so the first error it reports is the one reported
 * here, in its words (`Invalid type. Expected: string, given: $ref`,
 * `minLength must be greater than or equal to 0`, …).
 *
 * Where gojsonschema would panic (a number among `type`'s names, in
 * `required`, or as `pattern`), the schema does not compile, with the
 * message the neighbouring check gives.
 */
import { isJsonArray, isJsonObject, JsonNumber, marshalWithoutNumber, FloatRangeError, type JsonNode, type JsonObject } from "./json-schema-document.js";
import type { ExactNumber } from "./json-schema-number.js";
import { invalidType, referenceString, SchemaCompileError, SchemaPool } from "./json-schema-refs.js";
import { compileRegexTester, type RegexTester } from "./pattern-cache.js";

/** A draft: 4, 6, 7, or hybrid (every keyword of the three, with draft 4's `id` and boolean `exclusiveMinimum` too). */
type Draft = 4 | 6 | 7 | typeof HYBRID;
const HYBRID = 1_000;

const DRAFT_URLS: ReadonlyMap<string, Draft> = new Map([
  ["http://json-schema.org/draft-04/schema", 4],
  ["http://json-schema.org/draft-06/schema", 6],
  ["http://json-schema.org/draft-07/schema", 7],
]);

const JSON_TYPES = ["array", "boolean", "integer", "number", "null", "object", "string"];

/** A compiled (sub)schema: what validation reads (gojsonschema's `subSchema`). */
export class SubSchema {
  /** `true` or `false` as a whole schema (draft 6 on). */
  pass: boolean | undefined;
  /** The schema a `$ref` names; when set, the other keywords do not apply. */
  refSchema: SubSchema | undefined;
  readonly types: string[] = [];
  readonly properties: { readonly name: string; readonly schema: SubSchema }[] = [];
  additionalProperties: boolean | SubSchema | undefined;
  readonly patternProperties: { readonly pattern: string; readonly schema: SubSchema }[] = [];
  propertyNames: SubSchema | undefined;
  readonly dependencies = new Map<string, readonly string[] | SubSchema>();
  readonly items: SubSchema[] = [];
  itemsIsSingleSchema = false;
  additionalItems: boolean | SubSchema | undefined;
  multipleOf: ExactNumber | undefined;
  minimum: ExactNumber | undefined;
  maximum: ExactNumber | undefined;
  exclusiveMinimum: ExactNumber | undefined;
  exclusiveMaximum: ExactNumber | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  pattern: { readonly source: string; readonly re: RegexTester } | undefined;
  format: string | undefined;
  minProperties: number | undefined;
  maxProperties: number | undefined;
  readonly required: string[] = [];
  minItems: number | undefined;
  maxItems: number | undefined;
  uniqueItems = false;
  contains: SubSchema | undefined;
  /** `const` and `enum` values as `marshalWithoutNumber` writes them (how gojsonschema compares). */
  constValue: string | undefined;
  readonly enumValues: string[] = [];
  readonly oneOf: SubSchema[] = [];
  readonly anyOf: SubSchema[] = [];
  readonly allOf: SubSchema[] = [];
  not: SubSchema | undefined;
  ifSchema: SubSchema | undefined;
  thenSchema: SubSchema | undefined;
  elseSchema: SubSchema | undefined;
}

/** Compile a schema document (gojsonschema's `NewSchema`). Throws `SchemaCompileError`. */
export function compileSchema(doc: JsonNode): SubSchema {
  const draft = detectDraft(doc);
  const root = new SubSchema();
  try {
    new SchemaParser(new SchemaPool(doc), draft).parse(doc, root);
  } catch (e) {
    // Only a schema nested about a thousand levels deep gets here.
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw fail("the schema nests too deeply to compile");
    throw e;
  }
  return root;
}

/** gojsonschema's `parseSchemaURL`: the draft `$schema` names, if it names one. */
function detectDraft(doc: JsonNode): Draft {
  if (typeof doc === "boolean") return HYBRID;
  if (!isJsonObject(doc)) throw new SchemaCompileError("schema is invalid");
  if (!doc.has("$schema")) return HYBRID;
  const url = doc.get("$schema");
  if (typeof url !== "string") throw new SchemaCompileError("$schema must be of type string");
  const ref = referenceString(url);
  if (ref instanceof SchemaCompileError) throw ref;
  return DRAFT_URLS.get(ref) ?? HYBRID;
}

const fail = (message: string) => new SchemaCompileError(message);

function isSchemaNode(n: JsonNode | undefined): n is JsonObject | boolean {
  return isJsonObject(n) || typeof n === "boolean";
}

/** gojsonschema's `mustBeInteger`: a whole number written without fraction or exponent that fits an int64. */
function integerOf(n: JsonNode | undefined): number | undefined {
  if (!(n instanceof JsonNumber) || !/^-?\d+$/.test(n.text)) return undefined;
  const v = BigInt(n.text);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? Number(v) : undefined;
}

class SchemaParser {
  /** Schemas reached through `$ref`, by reference, so a recursive schema is parsed once. */
  private readonly byReference = new Map<string, SubSchema>();

  constructor(
    private readonly pool: SchemaPool,
    private readonly draft: Draft,
  ) {}

  private child(node: JsonNode, into?: SubSchema[]): SubSchema {
    const s = new SubSchema();
    into?.push(s);
    this.parse(node, s);
    return s;
  }

  /** gojsonschema's `parseSchema`: read `node` into `s`. */
  parse(node: JsonNode, s: SubSchema): void {
    const draft = this.draft;
    if (draft >= 6 && typeof node === "boolean") {
      s.pass = node;
      return;
    }
    if (!isJsonObject(node)) throw fail("Expected: valid schema, given: Invalid JSON");
    const m = node;

    const idKey = draft === 4 ? "id" : draft === HYBRID && m.has("id") ? "id" : "$id";
    if (m.has(idKey)) {
      const id = m.get(idKey);
      if (typeof id !== "string") throw invalidType("string", idKey);
      const ref = referenceString(id);
      if (ref instanceof SchemaCompileError) throw ref;
    }

    if (m.has("definitions")) {
      const defs = m.get("definitions");
      if (!isJsonObject(defs)) throw invalidType("array of schemas", "definitions");
      for (const def of defs.values()) {
        if (!isSchemaNode(def)) throw invalidType("array of schemas", "definitions");
        this.child(def);
      }
    }

    for (const key of ["title", "description"]) {
      if (m.has(key) && typeof m.get(key) !== "string") throw invalidType("string", key);
    }

    if (m.has("$ref")) {
      const written = m.get("$ref");
      if (typeof written !== "string") throw invalidType("string", "$ref");
      const ref = referenceString(this.pool.refOf(m, written));
      if (ref instanceof SchemaCompileError) throw ref;
      const known = this.byReference.get(ref);
      if (known === undefined) {
        // gojsonschema reads nothing else of a schema whose `$ref` it parses now (but does when the target was parsed before).
        s.refSchema = this.parseReference(ref);
        return;
      }
      s.refSchema = known;
    }

    this.parseType(m, s);
    this.parseObjectKeywords(m, s);
    this.parseArrayKeywords(m, s);
    this.parseNumberKeywords(m, s);
    this.parseStringKeywords(m, s);
    this.parseObjectLimits(m, s);
    this.parseArrayLimits(m, s);
    this.parseValueKeywords(m, s);
    this.parseCombinators(m, s);
  }

  private parseReference(ref: string): SubSchema {
    const target = new SubSchema();
    this.byReference.set(ref, target);
    const doc = this.pool.resolve(ref);
    if (!isSchemaNode(doc)) throw fail("valid schema must be of type object");
    this.parse(doc, target);
    return target;
  }

  private parseType(m: JsonObject, s: SubSchema): void {
    if (!m.has("type")) return;
    const t = m.get("type");
    const names = typeof t === "string" ? [t] : isJsonArray(t) ? t : undefined;
    if (names === undefined) throw invalidType("string/array of strings", "type");
    for (const name of names) {
      if (typeof name !== "string") throw invalidType("string/array of strings", "type");
      if (!JSON_TYPES.includes(name)) {
        throw fail(`has a primitive type that is NOT VALID -- given: /${name}/ Expected valid values are:[${JSON_TYPES.join(" ")}]`);
      }
      if (s.types.includes(name)) throw fail(`${name} type is duplicated`);
      s.types.push(name);
    }
  }

  private parseObjectKeywords(m: JsonObject, s: SubSchema): void {
    if (m.has("properties")) {
      const props = m.get("properties");
      if (!isJsonObject(props)) throw invalidType("object", "properties");
      for (const [name, v] of props) {
        const schema = new SubSchema();
        s.properties.push({ name, schema });
        this.parse(v, schema);
      }
    }
    if (m.has("additionalProperties")) {
      const ap = m.get("additionalProperties");
      if (typeof ap === "boolean") s.additionalProperties = ap;
      else if (isJsonObject(ap)) s.additionalProperties = this.child(ap);
      else throw invalidType("boolean/valid schema", "additionalProperties");
    }
    if (m.has("patternProperties")) {
      const pp = m.get("patternProperties");
      if (!isJsonObject(pp)) throw invalidType("valid schema", "patternProperties");
      for (const [pattern, v] of pp) {
        if (compileRegexTester(pattern) instanceof Error) throw fail(`Invalid regex pattern '${pattern}'`);
        s.patternProperties.push({ pattern, schema: this.child(v) });
      }
    }
    if (m.has("propertyNames") && this.draft >= 6) {
      const pn = m.get("propertyNames");
      // gojsonschema names `patternProperties` in this message.
      if (!isSchemaNode(pn)) throw invalidType("valid schema", "patternProperties");
      s.propertyNames = this.child(pn);
    }
    if (m.has("dependencies")) {
      const deps = m.get("dependencies");
      if (!isJsonObject(deps)) throw fail("dependencies must be of type object");
      for (const [k, v] of deps) {
        if (isJsonArray(v)) {
          if (v.some((x) => typeof x !== "string")) throw fail("dependency must be of type schema or array of strings");
          // An empty list registers nothing, as in gojsonschema.
          if (v.length > 0) s.dependencies.set(k, v as string[]);
        } else if (isSchemaNode(v)) {
          s.dependencies.set(k, this.child(v));
        } else {
          throw fail("dependency must be of type schema or array of strings");
        }
      }
    }
  }

  private parseArrayKeywords(m: JsonObject, s: SubSchema): void {
    if (m.has("items")) {
      const items = m.get("items");
      if (isJsonArray(items)) {
        for (const item of items) {
          if (!isSchemaNode(item)) throw invalidType("valid schema/array of schemas", "items");
          this.child(item, s.items);
        }
        s.itemsIsSingleSchema = false;
      } else if (isSchemaNode(items)) {
        this.child(items, s.items);
        s.itemsIsSingleSchema = true;
      } else {
        throw invalidType("valid schema/array of schemas", "items");
      }
    }
    if (m.has("additionalItems")) {
      const ai = m.get("additionalItems");
      if (typeof ai === "boolean") s.additionalItems = ai;
      else if (isJsonObject(ai)) s.additionalItems = this.child(ai);
      else throw invalidType("boolean/valid schema", "additionalItems");
    }
  }

  private parseNumberKeywords(m: JsonObject, s: SubSchema): void {
    if (m.has("multipleOf")) {
      const v = m.get("multipleOf");
      if (!(v instanceof JsonNumber)) throw invalidType("number", "multipleOf");
      if (v.exact.negative || v.exact.digits === 0n) throw fail("multipleOf must be strictly greater than 0");
      s.multipleOf = v.exact;
    }
    for (const [limit, exclusive] of [["minimum", "exclusiveMinimum"], ["maximum", "exclusiveMaximum"]] as const) {
      if (m.has(limit)) {
        const v = m.get(limit);
        if (!(v instanceof JsonNumber)) throw fail(`${limit} must be of a number`);
        s[limit] = v.exact;
      }
      if (!m.has(exclusive)) continue;
      const v = m.get(exclusive);
      if (typeof v === "boolean" && this.draft !== 6 && this.draft !== 7) {
        // Draft 4's form: a flag that makes `minimum`/`maximum` exclusive.
        if (s[limit] === undefined) throw fail(`${exclusive} cannot be used without ${limit}`);
        if (v) {
          s[exclusive] = s[limit];
          s[limit] = undefined;
        }
      } else if (v instanceof JsonNumber && this.draft !== 4) {
        s[exclusive] = v.exact;
      } else {
        const expected = this.draft === 4 ? "boolean" : this.draft === HYBRID ? "boolean/number" : "number";
        throw invalidType(expected, exclusive);
      }
    }
  }

  private nonNegativeInteger(m: JsonObject, key: string): number | undefined {
    if (!m.has(key)) return undefined;
    const n = integerOf(m.get(key));
    if (n === undefined) throw fail(`${key} must be of an integer`);
    if (n < 0) throw fail(`${key} must be greater than or equal to 0`);
    return n;
  }

  private parseStringKeywords(m: JsonObject, s: SubSchema): void {
    s.minLength = this.nonNegativeInteger(m, "minLength");
    s.maxLength = this.nonNegativeInteger(m, "maxLength");
    if (s.minLength !== undefined && s.maxLength !== undefined && s.minLength > s.maxLength) {
      throw fail("minLength cannot be greater than maxLength");
    }
    if (m.has("pattern")) {
      const p = m.get("pattern");
      if (typeof p !== "string") throw fail("pattern must be of a string");
      const re = compileRegexTester(p);
      if (re instanceof Error) throw fail("pattern must be a valid regex");
      s.pattern = { source: p, re };
    }
    if (m.has("format")) {
      const f = m.get("format");
      if (typeof f !== "string") throw fail("format must be of type string");
      s.format = f;
    }
  }

  private parseObjectLimits(m: JsonObject, s: SubSchema): void {
    s.minProperties = this.nonNegativeInteger(m, "minProperties");
    s.maxProperties = this.nonNegativeInteger(m, "maxProperties");
    if (s.minProperties !== undefined && s.maxProperties !== undefined && s.minProperties > s.maxProperties) {
      throw fail("minProperties cannot be greater than maxProperties");
    }
    if (m.has("required")) {
      const req = m.get("required");
      if (!isJsonArray(req)) throw invalidType("array", "required");
      for (const name of req) {
        if (typeof name !== "string") throw fail("required items must be string");
        if (s.required.includes(name)) throw fail("required items must be unique");
        s.required.push(name);
      }
    }
  }

  private parseArrayLimits(m: JsonObject, s: SubSchema): void {
    s.minItems = this.nonNegativeInteger(m, "minItems");
    s.maxItems = this.nonNegativeInteger(m, "maxItems");
    if (s.minItems !== undefined && s.maxItems !== undefined && s.minItems > s.maxItems) {
      throw fail("minItems cannot be greater than maxItems");
    }
    if (m.has("uniqueItems")) {
      const u = m.get("uniqueItems");
      if (typeof u !== "boolean") throw fail("uniqueItems must be of a boolean");
      s.uniqueItems = u;
    }
    if (m.has("contains") && this.draft >= 6) s.contains = this.child(m.get("contains") as JsonNode);
  }

  private parseValueKeywords(m: JsonObject, s: SubSchema): void {
    if (m.has("const") && this.draft >= 6) s.constValue = marshalled(m.get("const") as JsonNode);
    if (m.has("enum")) {
      const values = m.get("enum");
      if (!isJsonArray(values)) throw invalidType("array", "enum");
      for (const v of values) {
        const text = marshalled(v);
        if (s.enumValues.includes(text)) throw fail("enum items must be unique");
        s.enumValues.push(text);
      }
    }
  }

  private parseCombinators(m: JsonObject, s: SubSchema): void {
    for (const key of ["oneOf", "anyOf", "allOf"] as const) {
      if (!m.has(key)) continue;
      const list = m.get(key);
      if (!isJsonArray(list)) throw invalidType("array", key);
      for (const v of list) this.child(v, s[key]);
    }
    if (m.has("not")) {
      const not = m.get("not");
      if (!isSchemaNode(not)) throw invalidType("object", "not");
      s.not = this.child(not);
    }
    if (this.draft < 7) return;
    for (const [key, field] of [["if", "ifSchema"], ["then", "thenSchema"], ["else", "elseSchema"]] as const) {
      if (!m.has(key)) continue;
      const v = m.get(key);
      if (!isSchemaNode(v)) throw fail(`${key} must be of an object`);
      s[field] = this.child(v);
    }
  }
}

function marshalled(v: JsonNode): string {
  try {
    return marshalWithoutNumber(v);
  } catch (e) {
    if (e instanceof FloatRangeError) throw fail(e.message);
    throw e;
  }
}
