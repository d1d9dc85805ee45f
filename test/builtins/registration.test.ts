import { describe, expect, it } from "vitest";
import { lookupBuiltin } from "../../src/builtins/index.js";
import { CRYPTO } from "../../src/builtins/crypto.js";
import { ENCODING } from "../../src/builtins/encoding.js";
import { GRAPH } from "../../src/builtins/graph.js";
import { IMPURE } from "../../src/builtins/impure.js";
import { JSON_DOCS } from "../../src/builtins/json-docs.js";
import { NET } from "../../src/builtins/net.js";
import { SEMVER } from "../../src/builtins/semver.js";
import { TIME } from "../../src/builtins/time.js";
import { UUID } from "../../src/builtins/uuid.js";

const FAMILIES = { CRYPTO, ENCODING, GRAPH, IMPURE, JSON_DOCS, NET, SEMVER, TIME, UUID };

describe("registration of the encoding, json-docs, crypto, time, semver, uuid, net, graph and impure families", () => {
  for (const [family, defs] of Object.entries(FAMILIES)) {
    it(`${family}: every entry is registered under its name, with an implementation unless impure`, () => {
      expect(defs.length).toBeGreaterThan(0);
      for (const d of defs) {
        expect(lookupBuiltin(d.name), d.name).toBe(d);
        expect(d.description.length, d.name).toBeGreaterThan(10);
        if (d.deterministic) expect(d.impl, d.name).toBeTypeOf("function");
      }
    });
  }

  it("includes the built-ins OPA documents for these families", () => {
    for (const name of [
      "json.marshal", "json.marshal_with_options", "json.unmarshal", "json.is_valid", "base64.encode", "base64.decode", "base64.is_valid",
      "base64url.encode", "base64url.encode_no_pad", "base64url.decode", "hex.encode", "hex.decode", "urlquery.encode", "urlquery.decode",
      "urlquery.encode_object", "urlquery.decode_object", "yaml.marshal", "yaml.unmarshal", "yaml.is_valid", "json.filter", "json.remove",
      "json.patch", "crypto.md5", "crypto.sha1", "crypto.sha256", "crypto.hmac.md5", "crypto.hmac.sha1", "crypto.hmac.sha256",
      "crypto.hmac.sha512", "crypto.hmac.equal", "io.jwt.decode", "io.jwt.decode_verify", "io.jwt.verify_hs256", "io.jwt.verify_rs256", "io.jwt.verify_es512",
      "io.jwt.verify_ps384", "time.parse_rfc3339_ns", "time.parse_ns", "time.parse_duration_ns", "time.date", "time.clock", "time.weekday",
      "time.add_date", "time.diff", "time.format", "semver.is_valid", "semver.compare", "uuid.parse", "net.cidr_contains",
      "net.cidr_intersects", "net.cidr_contains_matches", "net.cidr_expand", "net.cidr_merge", "net.cidr_is_valid", "graph.reachable",
      "graph.reachable_paths", "walk", "time.now_ns", "uuid.rfc4122",
    ]) {
      expect(lookupBuiltin(name), name).toBeDefined();
    }
  });
});
