/**
 * `json.verify_schema` and `json.match_schema` as OPA has them
 * (topdown/jsonschema.go over gojsonschema v1.2.0). Expected values are
 * gojsonschema's: its error types, its English descriptions (locales.go),
 * its contexts (`(root)`, `a.b`, `items.0`) and its order (validation.go:
 * combinators, then the node's own checks, then `const`/`enum`, then the
 * properties), and OPA's wrapping (`[true, null]`, `"jsonschema: …"`,
 * `{error, type, field, desc}`).
 */
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import { buildModule, builtinExports } from "../../src/build/index.js";
import { call, expectCall, expectError, set } from "./harness.js";
import type { Value } from "../../src/value/index.js";

/** The error object OPA makes of one gojsonschema `ResultError`. */
function err(type: string, field: string, desc: string): Value {
  return { error: `${field}: ${desc}`, type, field, desc };
}

function matches(doc: Value, schema: Value, ...errors: Value[]): void {
  expectCall("json.match_schema", [doc, schema], [errors.length === 0, errors]);
}

function compileFails(schema: Value, message: string): void {
  expectCall("json.verify_schema", [schema], [false, `jsonschema: ${message}`]);
  expectError("json.match_schema", [{}, schema], { code: "builtin_error", argIndex: 1, message: `json.match_schema: ${message}` });
}

describe("json.verify_schema", () => {
  test("a schema that compiles gives [true, null], as an object or as JSON text", () => {
    const schema = { type: "object", properties: { name: { type: "string", minLength: 1 } }, required: ["name"] };
    expectCall("json.verify_schema", [schema], [true, null]);
    expectCall("json.verify_schema", [JSON.stringify(schema)], [true, null]);
    expectCall("json.verify_schema", ["true"], [true, null]);
    expectCall("json.verify_schema", [{}], [true, null]);
  });

  test("text that is not JSON, or a root that is no schema, gives [false, msg]", () => {
    expectCall("json.verify_schema", ["{"], [false, "jsonschema: invalid JSON string"]);
    expectCall("json.verify_schema", ["[1]"], [false, "jsonschema: schema is invalid"]);
    expectCall("json.verify_schema", ['"a"'], [false, "jsonschema: schema is invalid"]);
  });

  test("a value of another type at run time is an answer, not an error (as in OPA)", () => {
    expectCall("json.verify_schema", [[1]], [false, "jsonschema: wrong type, expected string or object"]);
    expectCall("json.verify_schema", [5], [false, "jsonschema: wrong type, expected string or object"]);
  });

  test.each<[string, Value, string]>([
    ["unknown type", { type: "foo" }, "has a primitive type that is NOT VALID -- given: /foo/ Expected valid values are:[array boolean integer number null object string]"],
    ["duplicated type", { type: ["string", "string"] }, "string type is duplicated"],
    ["type not a string", { type: 5 }, "Invalid type. Expected: string/array of strings, given: type"],
    ["$ref not a string", { $ref: 5 }, "Invalid type. Expected: string, given: $ref"],
    ["properties not an object", { properties: [] }, "Invalid type. Expected: object, given: properties"],
    ["a property that is no schema", { properties: { a: 5 } }, "Expected: valid schema, given: Invalid JSON"],
    ["items not a schema", { items: 5 }, "Invalid type. Expected: valid schema/array of schemas, given: items"],
    ["additionalProperties not a schema", { additionalProperties: "no" }, "Invalid type. Expected: boolean/valid schema, given: additionalProperties"],
    ["negative minLength", { minLength: -1 }, "minLength must be greater than or equal to 0"],
    ["fractional maxItems", { maxItems: 1.5 }, "maxItems must be of an integer"],
    ["minItems above maxItems", { minItems: 3, maxItems: 1 }, "minItems cannot be greater than maxItems"],
    ["minProperties above maxProperties", { minProperties: 3, maxProperties: 1 }, "minProperties cannot be greater than maxProperties"],
    ["minimum not a number", { minimum: "3" }, "minimum must be of a number"],
    ["multipleOf zero", { multipleOf: 0 }, "multipleOf must be strictly greater than 0"],
    ["multipleOf not a number", { multipleOf: "2" }, "Invalid type. Expected: number, given: multipleOf"],
    ["bad pattern", { pattern: "(" }, "pattern must be a valid regex"],
    ["bad patternProperties key", { patternProperties: { "(": {} } }, "Invalid regex pattern '('"],
    ["format not a string", { format: 1 }, "format must be of type string"],
    ["required not an array", { required: "a" }, "Invalid type. Expected: array, given: required"],
    ["required repeats a name", { required: ["a", "a"] }, "required items must be unique"],
    ["required holds a number", { required: [1] }, "required items must be string"],
    ["enum not an array", { enum: "a" }, "Invalid type. Expected: array, given: enum"],
    ["enum repeats a value (1 and 1.0 are one value)", '{"enum": [1, 1.0]}', "enum items must be unique"],
    ["uniqueItems not a boolean", { uniqueItems: 1 }, "uniqueItems must be of a boolean"],
    ["anyOf not an array", { anyOf: {} }, "Invalid type. Expected: array, given: anyOf"],
    ["not not a schema", { not: 1 }, "Invalid type. Expected: object, given: not"],
    ["if not a schema", { if: 1 }, "if must be of an object"],
    ["dependencies not an object", { dependencies: [] }, "dependencies must be of type object"],
    ["a dependency of numbers", { dependencies: { a: [1] } }, "dependency must be of type schema or array of strings"],
    ["$schema not a string", { $schema: 4 }, "$schema must be of type string"],
    ["exclusiveMinimum: true without minimum", { exclusiveMinimum: true }, "exclusiveMinimum cannot be used without minimum"],
    ["exclusiveMaximum of another type", { exclusiveMaximum: "5" }, "Invalid type. Expected: boolean/number, given: exclusiveMaximum"],
    ["$ref to a missing definition", { $ref: "#/definitions/nope", definitions: {} }, "Object has no key 'nope'"],
    ["$ref into an array out of range", { $ref: "#/allOf/2", allOf: [{}] }, "Out of bound array[0,1] index '2'"],
  ])("%s does not compile", (_, schema, message) => compileFails(schema, message));

  test("the draft named by $schema decides what compiles", () => {
    const d4 = "http://json-schema.org/draft-04/schema#";
    const d6 = "http://json-schema.org/draft-06/schema#";
    // Draft 4 has no boolean schemas, and its exclusiveMaximum is a flag.
    compileFails({ $schema: d4, properties: { a: true } }, "Expected: valid schema, given: Invalid JSON");
    compileFails({ $schema: d4, maximum: 3, exclusiveMaximum: 3 }, "Invalid type. Expected: boolean, given: exclusiveMaximum");
    // Draft 6 on: exclusiveMaximum is a number.
    compileFails({ $schema: d6, maximum: 3, exclusiveMaximum: true }, "Invalid type. Expected: number, given: exclusiveMaximum");
    // Hybrid (no or unknown $schema) accepts both forms and boolean schemas.
    expectCall("json.verify_schema", [{ maximum: 3, exclusiveMaximum: true, properties: { a: true } }], [true, null]);
    expectCall("json.verify_schema", [{ $schema: "https://json-schema.org/draft/2020-12/schema", exclusiveMaximum: 3 }], [true, null]);
  });

  test("a $ref to another document does not compile: nothing is fetched", () => {
    compileFails(
      { $ref: "http://example.com/schema.json" },
      '$ref "http://example.com/schema.json" names another document, which snapspace does not load: only references within the schema resolve',
    );
    compileFails(
      { $id: "http://example.com/root.json", properties: { a: { $ref: "other.json#/definitions/x" } } },
      '$ref "http://example.com/other.json#/definitions/x" names another document, which snapspace does not load: only references within the schema resolve',
    );
  });
});

describe("json.match_schema: each keyword, valid and invalid", () => {
  test("a valid document gives [true, []]", () => {
    matches({ name: "Ada", age: 36 }, { type: "object", required: ["name"], properties: { name: { type: "string" }, age: { type: "integer" } } });
  });

  test("required: the error is the object's, at (root) for the document itself", () => {
    matches({ a: 1 }, { required: ["name", "a", "id"] }, err("required", "(root)", "name is required"), err("required", "(root)", "id is required"));
    matches({ user: {} }, { properties: { user: { required: ["id"] } } }, err("required", "user", "id is required"));
  });

  test("type: gojsonschema's names (integer for a whole number) and lists", () => {
    matches("1", { type: "string" }, err("invalid_type", "(root)", "Invalid type. Expected: string, given: integer"));
    matches("1.5", { type: "integer" }, err("invalid_type", "(root)", "Invalid type. Expected: integer, given: number"));
    matches({ a: 1 }, { properties: { a: { type: ["string", "null"] } } }, err("invalid_type", "a", "Invalid type. Expected: [string,null], given: integer"));
    matches({ a: null }, { properties: { a: { type: ["string", "null"] } } });
    matches("[true, {}, []]", { items: [{ type: "null" }, { type: "array" }, { type: "object" }] },
      err("invalid_type", "0", "Invalid type. Expected: null, given: boolean"),
      err("invalid_type", "1", "Invalid type. Expected: array, given: object"),
      err("invalid_type", "2", "Invalid type. Expected: object, given: array"));
    // 1.0 is a whole number, so an integer; 1 is also a number.
    matches("1.0", { type: "integer" });
    matches("1", { type: "number" });
  });

  test("a wrong type stops the checks of that node", () => {
    matches({ a: 5 }, { properties: { a: { type: "string", minLength: 10, enum: ["x"] } } }, err("invalid_type", "a", "Invalid type. Expected: string, given: integer"));
  });

  test("enum and const compare values (1.0 is 1; keys in any order), and print the allowed JSON", () => {
    matches({ color: "blue" }, { properties: { color: { enum: ["red", "green"] } } }, err("enum", "color", 'color must be one of the following: "red", "green"'));
    matches("2", { enum: [1, "a", null] }, err("enum", "(root)", '(root) must be one of the following: 1, "a", null'));
    matches("1.0", { enum: [1, "a", null] });
    // The allowed values are Go's json.Marshal text: HTML characters escaped, keys sorted, numbers as float64.
    matches('"x"', { enum: ["a&b", { z: 1, a: [2.50] }] }, err("enum", "(root)", '(root) must be one of the following: "a\\u0026b", {"a":[2.5],"z":1}'));
    matches('{"v": {"b": [1.0, "x"], "a": null}}', { properties: { v: { const: { a: null, b: [1, "x"] } } } });
    matches({ v: 2 }, { properties: { v: { const: { b: [1, "x"] } } } }, err("const", "v", 'v does not match: {"b":[1,"x"]}'));
  });

  test("string length (in code points), pattern (RE2, unanchored) and format", () => {
    matches({ s: "" }, { properties: { s: { minLength: 1 } } }, err("string_gte", "s", "String length must be greater than or equal to 1"));
    matches({ s: "abcd" }, { properties: { s: { maxLength: 3 } } }, err("string_lte", "s", "String length must be less than or equal to 3"));
    matches(JSON.stringify("héllo😀"), { minLength: 6, maxLength: 6 });
    matches({ s: "ba" }, { properties: { s: { pattern: "^a" } } }, err("pattern", "s", "Does not match pattern '^a'"));
    matches({ s: "xax" }, { properties: { s: { pattern: "a" } } });
    matches({ s: "ABC" }, { properties: { s: { pattern: "(?i)^abc$" } } });
    matches({ when: "yesterday" }, { properties: { when: { format: "date-time" } } }, err("format", "when", "Does not match format 'date-time'"));
    // Length, pattern and format apply to strings only.
    matches("12345", { maxLength: 1, pattern: "^a", format: "email" });
  });

  test("numbers: bounds and multipleOf, compared exactly, printed as Go prints a big.Float", () => {
    matches({ n: 2 }, { properties: { n: { minimum: 3 } } }, err("number_gte", "n", "Must be greater than or equal to 3"));
    matches({ n: 3 }, { properties: { n: { exclusiveMinimum: 3 } } }, err("number_gt", "n", "Must be greater than 3"));
    matches({ n: 3.5 }, { properties: { n: { maximum: 3 } } }, err("number_lte", "n", "Must be less than or equal to 3"));
    matches({ n: 0.5 }, { properties: { n: { exclusiveMaximum: 0.5 } } }, err("number_lt", "n", "Must be less than 0.5"));
    matches({ n: 7 }, { properties: { n: { multipleOf: 2 } } }, err("multiple_of", "n", "Must be a multiple of 2"));
    matches({ n: 1 }, { properties: { n: { multipleOf: 0.3 } } }, err("multiple_of", "n", "Must be a multiple of 0.3"));
    // Go's %v of a big.Float switches to an exponent from 1e6, and below 1e-4.
    matches({ n: 2000000 }, { properties: { n: { maximum: 1000000 } } }, err("number_lte", "n", "Must be less than or equal to 1e+06"));
    matches({ n: 0 }, { properties: { n: { minimum: 0.00001 } } }, err("number_gte", "n", "Must be greater than or equal to 1e-05"));
    matches({ n: 0 }, { properties: { n: { minimum: 0.0001 } } }, err("number_gte", "n", "Must be greater than or equal to 0.0001"));
    matches({ n: 200000 }, { properties: { n: { maximum: 100000 } } }, err("number_lte", "n", "Must be less than or equal to 100000"));
    // Exact: 0.07 is a multiple of 0.01 (in floats it is not), and big integers keep their digits.
    matches('{"x": 0.07}', '{"properties": {"x": {"multipleOf": 0.01}}}');
    matches({ x: 12345678901234567891n }, { properties: { x: { maximum: 12345678901234567890n } } }, err("number_lte", "x", "Must be less than or equal to 1.234567890123456789e+19"));
  });

  test("draft 4's boolean exclusiveMaximum makes maximum exclusive", () => {
    const schema = { $schema: "http://json-schema.org/draft-04/schema#", maximum: 5, exclusiveMaximum: true };
    matches("5", schema, err("number_lt", "(root)", "Must be less than 5"));
    matches("4.9", schema);
  });

  test("arrays: items, additionalItems, min/maxItems, uniqueItems and contains", () => {
    matches({ tags: ["a", 1] }, { properties: { tags: { items: { type: "string" } } } }, err("invalid_type", "tags.1", "Invalid type. Expected: string, given: integer"));
    matches('["a", 1]', { items: [{ type: "string" }], additionalItems: false }, err("array_no_additional_items", "(root)", "No additional items allowed on array"));
    matches('["a", "b"]', { items: [{ type: "string" }], additionalItems: { type: "integer" } }, err("invalid_type", "1", "Invalid type. Expected: integer, given: string"));
    matches('["a", 1]', { items: [{ type: "string" }] });
    matches("[1]", { minItems: 2 }, err("array_min_items", "(root)", "Array must have at least 2 items"));
    matches("[1, 2, 3]", { maxItems: 2 }, err("array_max_items", "(root)", "Array must have at most 2 items"));
    // The later index of each repeat, against the last index the same item was seen at.
    matches("[1, 1, 1]", { uniqueItems: true }, err("unique", "(root)", "array items[0,1] must be unique"), err("unique", "(root)", "array items[1,2] must be unique"));
    matches('[1, 1.0, {"a": 1}, {"a": 1.0}]', { uniqueItems: true }, err("unique", "(root)", "array items[0,1] must be unique"), err("unique", "(root)", "array items[2,3] must be unique"));
    matches('[1, "2"]', { uniqueItems: true });
    matches('[1, "x"]', { contains: { type: "string" } });
    // The closest item's errors follow (the first, on a tie).
    matches("[1, 2]", { contains: { type: "string" } }, err("contains", "(root)", "At least one of the items must match"), err("invalid_type", "0", "Invalid type. Expected: string, given: integer"));
  });

  test("objects: additionalProperties, patternProperties, propertyNames, min/maxProperties", () => {
    matches({ a: 1, x: 2 }, { properties: { a: {} }, additionalProperties: false }, err("additional_property_not_allowed", "(root)", "Additional property x is not allowed"));
    matches({ a: 1, x: "s" }, { properties: { a: {} }, additionalProperties: { type: "integer" } }, err("invalid_type", "x", "Invalid type. Expected: integer, given: string"));
    matches({ x_1: "s", y: 1 }, { patternProperties: { "^x_": { type: "integer" } }, additionalProperties: false },
      err("invalid_type", "x_1", "Invalid type. Expected: integer, given: string"),
      err("additional_property_not_allowed", "(root)", "Additional property y is not allowed"));
    matches({ abcd: 1 }, { propertyNames: { maxLength: 3 } },
      err("invalid_property_name", "(root)", 'Property name of "abcd" does not match'),
      err("string_lte", "(root)", "String length must be less than or equal to 3"));
    matches({ a: 1 }, { minProperties: 2 }, err("array_min_properties", "(root)", "Must have at least 2 properties"));
    matches({ a: 1, b: 2 }, { maxProperties: 1 }, err("array_max_properties", "(root)", "Must have at most 1 properties"));
  });

  test("dependencies: a list of names or a schema", () => {
    matches({ card: 1 }, { dependencies: { card: ["billing", "name"] } }, err("missing_dependency", "(root)", "Has a dependency on billing"), err("missing_dependency", "(root)", "Has a dependency on name"));
    matches({ card: 1 }, { dependencies: { card: { required: ["cvv"] } } }, err("required", "(root)", "cvv is required"));
    matches({ other: 1 }, { dependencies: { card: ["billing"] } });
  });

  test("anyOf, oneOf, allOf and not, with the errors of the closest branch", () => {
    // The second branch fails on fewer checks (higher score), so its errors are the ones shown.
    matches("5", { anyOf: [{ type: "string" }, { type: "integer", minimum: 10 }] },
      err("number_any_of", "(root)", "Must validate at least one schema (anyOf)"),
      err("number_gte", "(root)", "Must be greater than or equal to 10"));
    matches("5", { anyOf: [{ type: "string" }, { type: "integer" }] });
    matches("5", { oneOf: [{ type: "string" }, { type: "boolean" }] },
      err("number_one_of", "(root)", "Must validate one and only one schema (oneOf)"),
      err("invalid_type", "(root)", "Invalid type. Expected: string, given: integer"));
    // Two branches valid: only the oneOf error.
    matches('"abc"', { oneOf: [{ type: "string" }, { maxLength: 5 }] }, err("number_one_of", "(root)", "Must validate one and only one schema (oneOf)"));
    // allOf: every branch's errors, then its own.
    matches("2", { allOf: [{ minimum: 3 }, { maximum: 1 }] },
      err("number_gte", "(root)", "Must be greater than or equal to 3"),
      err("number_lte", "(root)", "Must be less than or equal to 1"),
      err("number_all_of", "(root)", "Must validate all the schemas (allOf)"));
    matches('"x"', { not: { type: "string" } }, err("number_not", "(root)", "Must not validate the schema (not)"));
    matches("1", { not: { type: "string" } });
  });

  test("if / then / else", () => {
    const schema = { if: { properties: { kind: { const: "a" } } }, then: { required: ["x"] }, else: { required: ["y"] } };
    matches({ kind: "a" }, schema, err("condition_then", "(root)", 'Must validate "then" as "if" was valid'), err("required", "(root)", "x is required"));
    matches({ kind: "b" }, schema, err("condition_else", "(root)", 'Must validate "else" as "if" was not valid'), err("required", "(root)", "y is required"));
    matches({ kind: "a", x: 1 }, schema);
  });

  test("true and false as schemas", () => {
    matches({ x: 1 }, { properties: { x: false, y: true } }, err("false", "x", "False always fails validation"));
    matches({ y: 1 }, { properties: { x: false, y: true } });
    matches("1", "false", err("false", "(root)", "False always fails validation"));
  });
});

describe("json.match_schema: fields, order and arguments", () => {
  test("nested fields and array items are named by their path below (root)", () => {
    // A document that is an array must be JSON text: OPA takes a string or an object.
    const schema = { properties: { a: { properties: { b: { type: "string" } } }, items: { items: { type: "integer" } } } };
    matches({ a: { b: 1 }, items: [1, "x"] }, schema,
      err("invalid_type", "a.b", "Invalid type. Expected: string, given: integer"),
      err("invalid_type", "items.1", "Invalid type. Expected: integer, given: string"));
    matches('[[1, "x"]]', { items: { items: { type: "integer" } } }, err("invalid_type", "0.1", "Invalid type. Expected: integer, given: string"));
  });

  test("errors come in gojsonschema's order: the object's own checks, then each property", () => {
    const schema = {
      type: "object",
      required: ["name"],
      properties: { age: { type: "integer", minimum: 0 }, tags: { type: "array", items: { type: "string" }, maxItems: 1 } },
      additionalProperties: false,
    };
    matches({ age: -1, tags: [1, "x"], extra: true }, schema,
      err("required", "(root)", "name is required"),
      err("additional_property_not_allowed", "(root)", "Additional property extra is not allowed"),
      err("number_gte", "age", "Must be greater than or equal to 0"),
      err("invalid_type", "tags.0", "Invalid type. Expected: string, given: integer"),
      err("array_max_items", "tags", "Array must have at most 1 items"));
  });

  test("document and schema may each be JSON text or an object, with the same result", () => {
    const doc = { name: "", n: 1.5 };
    const schema = { properties: { name: { minLength: 1 }, n: { type: "integer" } } };
    // Properties in key order (`n` before `name`); Go's map order would vary from run to run.
    const want = [false, [err("invalid_type", "n", "Invalid type. Expected: integer, given: number"), err("string_gte", "name", "String length must be greater than or equal to 1")]];
    for (const d of [doc, JSON.stringify(doc)]) for (const s of [schema, JSON.stringify(schema)]) expectCall("json.match_schema", [d, s], want);
    // A string document is JSON text: `"\"x\""` is the string x.
    matches('"x"', { type: "string" });
  });

  test("a schema that does not compile, or an argument that is not JSON, is an error of the call", () => {
    expectError("json.match_schema", [{}, { type: 5 }], { code: "builtin_error", argIndex: 1, message: "json.match_schema: Invalid type. Expected: string/array of strings, given: type" });
    expectError("json.match_schema", ["{", {}], { code: "builtin_error", argIndex: 0, message: "json.match_schema: invalid JSON string" });
    expectError("json.match_schema", [{}, "{"], { code: "builtin_error", argIndex: 1, message: "json.match_schema: invalid JSON string" });
    expectError("json.match_schema", [5, {}], { code: "builtin_error", argIndex: 0, message: "json.match_schema: wrong type, expected string or object" });
  });

  test("sets are arrays to the schema, as OPA encodes them", () => {
    const schema = { properties: { s: { type: "array", items: [{ const: 1 }, { const: 2 }] } } };
    expectCall("json.match_schema", [{ s: set(2, 1) }, schema], [true, []]);
  });
});

describe("json.match_schema: $ref within the schema", () => {
  test("#/definitions/x and #/$defs/x", () => {
    matches({ x: 1 }, { definitions: { s: { type: "string" } }, properties: { x: { $ref: "#/definitions/s" } } }, err("invalid_type", "x", "Invalid type. Expected: string, given: integer"));
    matches({ x: 1 }, { $defs: { s: { type: "string" } }, properties: { x: { $ref: "#/$defs/s" } } }, err("invalid_type", "x", "Invalid type. Expected: string, given: integer"));
  });

  test("recursive schemas: # and a definition that names itself", () => {
    matches({ next: { next: { n: "x" } } }, { properties: { next: { $ref: "#" }, n: { type: "integer" } } }, err("invalid_type", "next.next.n", "Invalid type. Expected: integer, given: string"));
    const tree = {
      $defs: { node: { type: "object", properties: { v: { type: "integer" }, children: { type: "array", items: { $ref: "#/$defs/node" } } } } },
      $ref: "#/$defs/node",
    };
    matches({ v: 1, children: [{ v: 2, children: [] }, { v: "x" }] }, tree, err("invalid_type", "children.1.v", "Invalid type. Expected: integer, given: string"));
  });

  test("$id: a location-independent #anchor, and a base URI that references resolve against", () => {
    matches({ x: -1 }, { definitions: { a: { $id: "#pos", minimum: 0 } }, properties: { x: { $ref: "#pos" } } }, err("number_gte", "x", "Must be greater than or equal to 0"));
    const based = {
      $id: "http://example.com/schemas/root.json",
      definitions: { s: { type: "string" }, b: { $id: "other.json", type: "boolean" } },
      properties: { x: { $ref: "#/definitions/s" }, y: { $ref: "root.json#/definitions/s" }, z: { $ref: "other.json" } },
    };
    matches({ x: 1, y: 2, z: 3 }, based,
      err("invalid_type", "x", "Invalid type. Expected: string, given: integer"),
      err("invalid_type", "y", "Invalid type. Expected: string, given: integer"),
      err("invalid_type", "z", "Invalid type. Expected: boolean, given: integer"));
  });

  test("a $ref that names itself without reaching the document is refused, not a crash", () => {
    expectError("json.match_schema", [{}, { $ref: "#" }], { code: "builtin_error", argIndex: 1, message: "does a $ref name itself?" });
  });

  test("a deep document against a recursive schema validates", () => {
    let doc: Value = [];
    for (let i = 0; i < 900; i++) doc = [doc];
    matches(JSON.stringify(doc), { items: { $ref: "#" }, maxItems: 1 });
  });

  test("nesting beyond what validation can follow is refused, not a crash", () => {
    let doc = "0";
    for (let i = 0; i < 1000; i++) doc = `[${doc}]`;
    expectError("json.match_schema", [doc, { anyOf: [{ items: { $ref: "#" } }] }], { code: "builtin_error", argIndex: 1, message: "nest too deeply" });
  });
});

describe("json.match_schema: formats", () => {
  test.each<[string, string[], string[]]>([
    ["date-time", ["2020-01-01T00:00:00Z", "2020-01-01T10:20:30.123+02:00", "2020-01-01", "12:30:00"], ["2020-13-01T00:00:00Z", "yesterday", "2020-01-01 00:00:00"]],
    ["date", ["2024-02-29"], ["2023-02-29", "2024-2-29", "2024-02-29T00:00:00Z"]],
    ["time", ["12:30:00", "12:30:00+01:00", "12:30:00Z"], ["25:00:00", "12:30"]],
    ["email", ["a@example.com", "Jane Doe <jane@example.com>", '"a b"@example.com'], ["no-at-sign", "a@@b", "a@b c", ""]],
    ["hostname", ["example.com", "a-b.example", "localhost"], ["-bad.com", "a_b.com", "a..b"]],
    ["ipv4", ["192.168.0.1", "::ffff:1.2.3.4"], ["256.1.1.1", "::1", "1.2.3"]],
    ["ipv6", ["::1", "2001:db8::1"], ["1.2.3.4", "2001:db8::g"]],
    ["uri", ["https://example.com/a?b#c", "mailto:a@example.com", "urn:isbn:0451450523"], ["/relative", "http://[::1", "https://x.com/a\\b", "%zz"]],
    ["uri-reference", ["/relative", "a/b?c", "https://example.com"], ["a\\b", "%zz", ":x"]],
    ["uri-template", ["http://example.com/{id}", "/a/{b}/{c}"], ["http://example.com/{id"]],
    ["uuid", ["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"], ["123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400"]],
    ["regex", ["^a+$", ""], ["(", "a{2,1}"]],
    ["json-pointer", ["", "/a/b~1c", "/a/~0"], ["a/b", "/a~2"]],
    ["relative-json-pointer", ["0", "1/a", "2#"], ["/a", "-1", "01"]],
  ])("%s", (format, good, bad) => {
    const schema = { properties: { v: { format } } };
    for (const v of good) expect(call("json.match_schema", { v }, schema), `${format}: ${v}`).toEqual([true, []]);
    for (const v of bad) expect(call("json.match_schema", { v }, schema), `${format}: ${v}`).toEqual([false, [err("format", "v", `Does not match format '${format}'`)]]);
  });

  test("an unknown format passes, and a format on a number passes", () => {
    matches({ v: "anything" }, { properties: { v: { format: "color" } } });
    matches({ v: 5 }, { properties: { v: { format: "email" } } });
  });
});

describe("through a policy", () => {
  const source = `package agent.tools

schemas := {"email.send": {
	"type": "object",
	"required": ["to", "subject"],
	"properties": {
		"to": {"type": "string", "format": "email"},
		"subject": {"type": "string", "maxLength": 20},
	},
	"additionalProperties": false,
}}

result := json.match_schema(input.proposal.args, schemas[input.proposal.tool])

schema_ok := json.verify_schema(schemas[input.proposal.tool])

deny contains {"msg": e.error, "field": e.field} if {
	some e in result[1]
}

allow if result[0]
`;
  const modules = [{ file: "tools.snap", source }];

  test.each(["compiled", "interpreter"] as const)("the %s back end decides with gojsonschema's errors", (backend) => {
    const policy = compile({ modules, backend });
    const proposal = (args: unknown) => ({ proposal: { id: "p", agent: "a", tool: "email.send", args } });

    const ok = policy.decide(proposal({ to: "ada@example.com", subject: "hello" }), { hashes: false });
    expect(ok.effect).toBe("allow");

    const bad = policy.decide(proposal({ to: "nobody", cc: "x" }), { hashes: false });
    expect(bad.effect).toBe("deny");
    expect(bad.reasons.map((r) => [r.msg, r.details])).toEqual([
      ["(root): Additional property cc is not allowed", { field: "(root)" }],
      ["(root): subject is required", { field: "(root)" }],
      ["to: Does not match format 'email'", { field: "to" }],
    ]);
    expect(policy.query("data.agent.tools.schema_ok", { input: proposal({}) })[0]?.expressions).toEqual([[true, null]]);
  });
});

describe("snapspace build", () => {
  test("finds both built-ins in their family module and carries them into a built policy", async () => {
    const exports = await builtinExports();
    expect(exports.get("json.match_schema")).toEqual({ module: "builtins/json-schema.js", name: "jsonMatchSchema" });
    expect(exports.get("json.verify_schema")).toEqual({ module: "builtins/json-schema.js", name: "jsonVerifySchema" });
    const built = await buildModule(compile({ modules: [{ file: "s.snap", source: 'package s\n\nok := json.match_schema(input, {"type": "object"})[0]\n' }] }));
    expect(built.builtins).toContain("json.match_schema");
  });
});
