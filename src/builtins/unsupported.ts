/**
 * OPA built-ins that snapspace does not provide although they are
 * deterministic, with what to do instead. The checker uses this list to say
 * so plainly, rather than "unknown function" with a look-alike suggestion,
 * when a policy written for OPA calls one.
 */

const SCHEMA = "check the document's shape in rules (`is_string(x)`, `object.keys(x)`, `count(x)`, …)";
const X509 = "parse certificates and keys before deciding and pass the fields the decision needs through `input.context`";
const GRAPHQL = "parse the GraphQL request before deciding and pass what the decision needs through `input`";

/** Name → what to write instead. */
export const UNSUPPORTED_OPA_BUILTINS: ReadonlyMap<string, string> = new Map([
  ["json.match_schema", SCHEMA],
  ["json.verify_schema", SCHEMA],
  ["strings.render_template", "build the string with `sprintf(format, [values…])` or a template string `$\"…{x}…\"`"],
  ["crypto.x509.parse_certificates", X509],
  ["crypto.x509.parse_certificate_request", X509],
  ["crypto.x509.parse_keypair", X509],
  ["crypto.x509.parse_rsa_private_key", X509],
  ["crypto.parse_private_keys", X509],
  ["rego.parse_module", "parse Rego outside the policy (`snapspace check`, `opa parse`) and pass the result through `input`"],
  ["graphql.is_valid", GRAPHQL],
  ["graphql.parse", GRAPHQL],
  ["graphql.parse_and_verify", GRAPHQL],
  ["graphql.parse_query", GRAPHQL],
  ["graphql.parse_schema", GRAPHQL],
  ["graphql.schema_is_valid", GRAPHQL],
]);
