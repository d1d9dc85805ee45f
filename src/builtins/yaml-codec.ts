/**
 * YAML as OPA reads and writes it (sigs.k8s.io/yaml over go-yaml v2).
 * Reading uses js-yaml with go-yaml v2's resolution of plain scalars
 * (`go-yaml-resolve.ts`: YAML 1.1 booleans such as `yes` and `on`, `010` as
 * octal, timestamps kept as strings), merge keys, integers beyond 2^53 kept
 * exact, and a later duplicate key overriding an earlier one. Writing is
 * go-yaml's own emitter (`go-yaml-emit.ts`).
 */
import yaml from "js-yaml";
import type { Json } from "../value/json.js";
import { goYamlMarshal } from "./go-yaml-emit.js";
import { resolvePlain } from "./go-yaml-resolve.js";

const builtinTypes = (yaml as unknown as { types: Record<"merge", yaml.Type> }).types;

function scalarType(tag: "null" | "bool" | "int" | "float", predicate: (x: unknown) => boolean): yaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (data: string | null) => resolvePlain(data ?? "").tag === tag,
    construct: (data: string | null) => {
      const r = resolvePlain(data ?? "");
      if (r.tag === "null" || r.tag === "timestamp" || r.tag === "str") return null;
      if (r.tag !== "int") return r.value;
      return r.value >= BigInt(Number.MIN_SAFE_INTEGER) && r.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r.value) : r.value;
    },
    predicate,
  });
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
  const docs = yaml.loadAll(text, null, { schema: OPA_YAML_SCHEMA, json: true });
  return docs.length === 0 || docs[0] === undefined ? null : docs[0];
}

/** YAML text of JSON data, as go-yaml v2 writes it. */
export function printYaml(data: Json): string {
  return goYamlMarshal(data);
}
