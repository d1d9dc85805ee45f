/**
 * OPA built-ins that snapspace does not provide although they are
 * deterministic, with what to do instead. The checker uses this list to say
 * so plainly, rather than "unknown function" with a look-alike suggestion,
 * when a policy written for OPA calls one.
 */

const GRAPHQL = "parse the GraphQL request before deciding and pass what the decision needs through `input`";

/** Name → what to write instead. */
export const UNSUPPORTED_OPA_BUILTINS: ReadonlyMap<string, string> = new Map([
  ["rego.parse_module", "parse Rego outside the policy (`snapspace check`, `opa parse`) and pass the result through `input`"],
  ["graphql.is_valid", GRAPHQL],
  ["graphql.parse", GRAPHQL],
  ["graphql.parse_and_verify", GRAPHQL],
  ["graphql.parse_query", GRAPHQL],
  ["graphql.parse_schema", GRAPHQL],
  ["graphql.schema_is_valid", GRAPHQL],
]);
