/**
 * `$id` and `$ref` as gojsonschema's schema pool resolves them
 * (`schemaPool.go`, with gojsonreference and gojsonpointer): before parsing,
 * one walk registers every `$id` (or draft-4 `id`) and makes every `$ref`
 * absolute against the `$id`s around it; a `$ref` then names a registered
 * `$id` (`#foo`, `http://x/s.json`) or a JSON pointer into one
 * (`#/definitions/a`, `http://x/s.json#/$defs/a`).
 *
 * gojsonschema would fetch any other document over HTTP or from a file.
 * snapspace loads nothing (a decision depends on its inputs only), so such a
 * schema does not compile.
 */
import { goQuote } from "./go-strconv.js";
import { goUrlString, parseGoUrl, resolveGoUrl } from "./go-url.js";
import { isJsonArray, isJsonObject, type JsonNode, type JsonObject } from "./json-schema-document.js";

/** A schema that gojsonschema cannot compile; the message is gojsonschema's where it has one. */
export class SchemaCompileError extends Error {}

/** gojsonreference's `NewJsonReference(s).String()`: the reference as Go prints it, or Go's parse error. */
export function referenceString(s: string): string | SchemaCompileError {
  const u = parseGoUrl(s);
  return typeof u === "string" ? new SchemaCompileError(u) : goUrlString(u);
}

/** gojsonreference's `Inherits`: `child` resolved against `parent` (whose fragment does not count). */
function inheritReference(parent: string, child: string): string | SchemaCompileError {
  const p = parseGoUrl(parent);
  const c = parseGoUrl(child);
  if (typeof p === "string") return new SchemaCompileError(p);
  if (typeof c === "string") return new SchemaCompileError(c);
  return referenceString(goUrlString(resolveGoUrl({ ...p, fragment: "" }, c)));
}

function splitFragment(ref: string): [string, string] {
  const hash = ref.indexOf("#");
  return hash < 0 ? [ref, ""] : [ref.slice(0, hash), ref.slice(hash + 1)];
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// The keywords whose value is data, or a map of schemas by name, rather than a schema.
const LITERAL_KEYWORDS = new Set(["const", "enum"]);
const SCHEMA_MAPS = new Set(["properties", "dependencies", "patternProperties"]);

/** The documents a schema's references can reach, by absolute reference. */
export class SchemaPool {
  private readonly documents = new Map<string, JsonNode>();
  /** The absolute `$ref` of each schema object that has one. */
  private readonly absoluteRefs = new WeakMap<JsonObject, string>();

  /** Register the root document (under the empty reference) and every `$id` in it. */
  constructor(root: JsonNode) {
    this.register(root, "");
    this.documents.set("", root);
  }

  private register(node: JsonNode, base: string): void {
    if (isJsonArray(node)) {
      for (const item of node) this.register(item, base);
      return;
    }
    if (!isJsonObject(node)) return;
    let local = base;
    const idKey = node.has("id") ? "id" : "$id";
    const id = node.get(idKey);
    if (typeof id === "string") {
      const ref = inheritReference(base, id);
      if (typeof ref === "string") {
        // gojsonschema stops at an `$id` it has seen (its error is dropped); Go's random map order picks which comes first.
        if (this.documents.has(ref)) return;
        this.documents.set(ref, node);
        local = ref;
      }
    }
    const ref = node.get("$ref");
    if (typeof ref === "string") {
      const absolute = inheritReference(local, ref);
      if (typeof absolute === "string") this.absoluteRefs.set(node, absolute);
    }
    for (const [k, v] of node) {
      if (LITERAL_KEYWORDS.has(k)) continue;
      if (SCHEMA_MAPS.has(k) && isJsonObject(v)) {
        for (const child of v.values()) this.register(child, local);
      } else {
        this.register(v, local);
      }
    }
  }

  /** The `$ref` of a schema object as gojsonschema reads it: made absolute by the walk, else as written. */
  refOf(schema: JsonObject, written: string): string {
    return this.absoluteRefs.get(schema) ?? written;
  }

  /** The document a reference names (gojsonschema's `GetDocument`). Throws `SchemaCompileError`. */
  resolve(reference: string): JsonNode {
    if (this.documents.has(reference)) return this.documents.get(reference)!;
    const [base, fragment] = splitFragment(reference);
    if (!this.documents.has(base)) {
      throw new SchemaCompileError(
        `$ref ${goQuote(reference, '"', false)} names another document, which snapspace does not load: only references within the schema resolve`,
      );
    }
    return pointerGet(this.documents.get(base)!, percentDecode(fragment));
  }
}

/** gojsonpointer's `Get`: a fragment that is not a pointer (`foo`) names the whole document, as gojsonreference reads it. */
function pointerGet(doc: JsonNode, pointer: string): JsonNode {
  if (!pointer.startsWith("/")) return doc;
  let node = doc;
  for (const token of pointer.split("/").slice(1)) {
    if (isJsonObject(node)) {
      const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
      if (!node.has(key)) throw new SchemaCompileError(`Object has no key '${key}'`);
      node = node.get(key)!;
    } else if (isJsonArray(node)) {
      // Go's strconv.Atoi: optional sign, decimal digits.
      if (!/^[+-]?\d+$/.test(token)) throw new SchemaCompileError(`Invalid array index '${token}'`);
      const index = Number(token);
      if (index < 0 || index >= node.length) throw new SchemaCompileError(`Out of bound array[0,${node.length}] index '${index}'`);
      node = node[index]!;
    } else {
      throw new SchemaCompileError(`Invalid token reference '${token}'`);
    }
  }
  return node;
}

/** gojsonschema's `Locale.InvalidType()` as a schema error: `Invalid type. Expected: string, given: $ref`. */
export function invalidType(expected: string, given: string): SchemaCompileError {
  return new SchemaCompileError(`Invalid type. Expected: ${expected}, given: ${given}`);
}
