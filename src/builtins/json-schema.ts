/**
 * The `json-schema` family: `json.verify_schema` and `json.match_schema`,
 * as OPA has them (`topdown/jsonschema.go`, which embeds gojsonschema
 * v1.2.0: drafts 4, 6 and 7, the draft chosen by `$schema`). A schema or
 * document is JSON text or an object. The validator is a port of
 * gojsonschema (`json-schema-compile.ts`, `json-schema-validate.ts`), so a
 * policy gets the error objects OPA gives it:
 * `{"error": "(root): name is required", "type": "required", "field": "(root)", "desc": "name is required"}`.
 *
 * One difference, for determinism: `$ref` resolves only within the schema
 * (gojsonschema would fetch other documents over HTTP or from files).
 */
import { ObjectCache } from "../value/object-cache.js";
import { BoundedCache } from "./pattern-cache.js";
import { typeOf } from "../value/type-of.js";
import type { Value } from "../value/types.js";
import { builtinError } from "./operands.js";
import { compileSchema, type SubSchema } from "./json-schema-compile.js";
import { jsonNodeOf, JsonTextError, parseJsonText, type JsonNode } from "./json-schema-document.js";
import { SchemaCompileError } from "./json-schema-refs.js";
import { validateDocument, ValidationDepthError } from "./json-schema-validate.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const F = "json-schema";

/** A schema or document argument that is neither JSON text nor an object (OPA's wording). */
class LoadError extends Error {}

/** OPA's `astValueToJSONSchemaLoader`: a string is JSON text, an object is encoded as JSON. */
function loadJson(v: Value): JsonNode {
  if (typeof v === "string") {
    try {
      return parseJsonText(v);
    } catch (e) {
      if (!(e instanceof JsonTextError)) throw e;
      throw new LoadError(e.message.includes("levels deep") ? `JSON text ${e.message}` : "invalid JSON string");
    }
  }
  if (typeOf(v) !== "object") throw new LoadError("wrong type, expected string or object");
  return jsonNodeOf(v);
}

// Policies mostly pass the same schemas (`data.schemas[tool]`): compile each once. An object schema is
// cached by identity while it cannot have changed (one from `input` may be changed by its caller between calls).
const compiledObjects = new ObjectCache<SubSchema | SchemaCompileError>();
const compiledTexts = new BoundedCache<SubSchema | SchemaCompileError>(100);

/** The compiled schema, or why it does not compile. Throws `LoadError`. */
function schemaOf(v: Value): SubSchema | SchemaCompileError {
  const cached = typeof v === "string" ? compiledTexts.get(v) : typeof v === "object" && v !== null ? compiledObjects.get(v) : undefined;
  if (cached !== undefined) return cached;
  const doc = loadJson(v);
  let compiled: SubSchema | SchemaCompileError;
  try {
    compiled = compileSchema(doc);
  } catch (e) {
    if (!(e instanceof SchemaCompileError)) throw e;
    compiled = e;
  }
  if (typeof v === "string") compiledTexts.set(v, compiled);
  else compiledObjects.set(v as object, compiled);
  return compiled;
}

/** `json.verify_schema(schema)`: `[true, null]` when schema compiles, else `[false, "jsonschema: <why>"]`. */
export const jsonVerifySchema = defineBuiltin({
  name: "json.verify_schema",
  family: F,
  description: "whether `schema` (JSON text or an object) is a valid JSON Schema (drafts 4, 6, 7): `[true, null]`, or `[false, error]`",
  args: [{ name: "schema", type: ["string", "object"] }],
  // As in OPA, a value of another type at run time is an answer (`[false, "jsonschema: wrong type…"]`), not an error.
  checkTypesStaticallyOnly: true,
  result: "array",
  deterministic: true,
  impl: ([schema]) => {
    let compiled: SubSchema | SchemaCompileError;
    try {
      compiled = schemaOf(schema!);
    } catch (e) {
      if (!(e instanceof LoadError)) throw e;
      return [false, `jsonschema: ${e.message}`];
    }
    return compiled instanceof SchemaCompileError ? [false, `jsonschema: ${compiled.message}`] : [true, null];
  },
});

/**
 * `json.match_schema(document, schema)`: `[valid, errors]`, each error an
 * object with `error`, `type`, `field` and `desc`. A schema that does not
 * compile is an error of the call.
 */
export const jsonMatchSchema = defineBuiltin({
  name: "json.match_schema",
  family: F,
  description:
    "whether `document` matches the JSON Schema `schema` (each JSON text or an object): `[true, []]`, or `[false, errors]` with gojsonschema's `{error, type, field, desc}` objects",
  args: [
    { name: "document", type: ["string", "object"] },
    { name: "schema", type: ["string", "object"] },
  ],
  checkTypesStaticallyOnly: true,
  result: "array",
  deterministic: true,
  impl: ([document, schema]) => {
    const name = "json.match_schema";
    let doc: JsonNode;
    let compiled: SubSchema | SchemaCompileError;
    try {
      doc = loadJson(document!);
    } catch (e) {
      if (e instanceof LoadError) throw builtinError(name, e.message, 0);
      throw e;
    }
    try {
      compiled = schemaOf(schema!);
    } catch (e) {
      if (e instanceof LoadError) throw builtinError(name, e.message, 1);
      throw e;
    }
    if (compiled instanceof SchemaCompileError) throw builtinError(name, compiled.message, 1);
    let errors;
    try {
      errors = validateDocument(compiled, doc);
    } catch (e) {
      if (e instanceof ValidationDepthError) throw builtinError(name, e.message, 1);
      throw e;
    }
    return [
      errors.length === 0,
      errors.map((e) => ({ error: `${e.field}: ${e.description}`, type: e.type, field: e.field, desc: e.description })),
    ];
  },
});

/** The `json-schema` family. */
export const JSON_SCHEMA: readonly BuiltinDef[] = [jsonMatchSchema, jsonVerifySchema];
