/**
 * YAML as OPA reads and writes it (sigs.k8s.io/yaml over go-yaml v2), with
 * js-yaml: YAML 1.1 booleans (`yes`, `on`, `y` are true), timestamps kept as
 * strings, merge keys, integers beyond 2^53 kept exact; output with sorted
 * keys, sequences not indented under their key, and double quotes where a
 * string would otherwise read as another type.
 */
import yaml from "js-yaml";
import { compareStrings } from "../value/strings.js";

const builtinTypes = (yaml as unknown as { types: Record<"null" | "int" | "float" | "merge", yaml.Type> }).types;

const TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSE = new Set(["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);

const bool11 = new yaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string) => TRUE.has(data) || FALSE.has(data),
  construct: (data: string) => TRUE.has(data),
  predicate: (x: unknown) => typeof x === "boolean",
  represent: (x: object) => (x as unknown as boolean ? "true" : "false"),
});

const exactInt = new yaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string) => builtinTypes.int.resolve(data),
  construct: (data: string) => {
    const n = builtinTypes.int.construct(data) as number;
    if (Number.isSafeInteger(n)) return n;
    const digits = data.replace(/_/g, "");
    return /^[-+]?\d+$/.test(digits) ? BigInt(digits) : n;
  },
  predicate: (x: unknown) => typeof x === "bigint" || (typeof x === "number" && Number.isInteger(x) && !Object.is(x, -0)),
  represent: (x: object) => String(x),
});

/** The schema for both directions, so strings that would read back as another type are quoted. */
export const OPA_YAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtinTypes.null, bool11, exactInt, builtinTypes.float, builtinTypes.merge],
});

/** The first document of a YAML stream as JS data (`null` for an empty stream). Throws js-yaml's `YAMLException`. */
export function parseYaml(text: string): unknown {
  const docs = yaml.loadAll(text, null, { schema: OPA_YAML_SCHEMA });
  return docs.length === 0 || docs[0] === undefined ? null : docs[0];
}

/** YAML text of JSON data. */
export function printYaml(data: unknown): string {
  return yaml.dump(data, {
    schema: OPA_YAML_SCHEMA,
    sortKeys: (a: string, b: string) => compareStrings(a, b),
    noArrayIndent: true,
    lineWidth: -1,
    quotingType: '"',
  });
}
