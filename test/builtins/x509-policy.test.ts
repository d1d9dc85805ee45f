/**
 * A policy that decides on the certificate chain an agent's tool call
 * carries, reading the fields people read under OPA (`Subject.CommonName`,
 * `NotAfter`, `DNSNames`, `IsCA`, `Issuer.Organization`, `SerialNumber`,
 * `URIStrings`), decided by the compiled back end and the interpreter alike,
 * and by the standalone module `snapspace build` makes of it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { buildModule } from "../../src/build/index.js";
import { importBuilt, removeBuiltFolder } from "../build/helpers.js";
import { fixture } from "./x509-fixtures.js";

const source = `package agent.tls

certs := crypto.x509.parse_certificates(input.proposal.args.chain)

leaf := certs[0]

deny contains msg if {
	some c in certs
	c.NotAfter < input.context.now
	msg := sprintf("certificate %s expired at %s", [c.Subject.CommonName, c.NotAfter])
}

deny contains msg if {
	not input.proposal.args.host in leaf.DNSNames
	msg := sprintf("%s is not a name of the certificate", [input.proposal.args.host])
}

escalate contains "the leaf certificate is a CA" if leaf.IsCA

allow if {
	leaf.Issuer.Organization[0] == "Snapspace Test"
	"spiffe://example.com/ns/payments/sa/api" in leaf.URIStrings
	leaf.SerialNumber == 37834071012800697144391648084
	bits.and(leaf.KeyUsage, 1) == 1 # x509.KeyUsageDigitalSignature
}
`;

const modules = [{ file: "tls.snap", source }];
const backends = { compiled: compile({ modules }), interpreter: compile({ modules, backend: "interpreter" }) };
const chain = fixture("leaf.pem") + fixture("ca.pem");

function decide(args: Record<string, unknown>, now: string) {
  const input = { proposal: { id: "p-1", agent: "bot", tool: "tls.connect", args }, context: { now } };
  const compiled = backends.compiled.decide(input, { hashes: false });
  expect(compiled).toEqual(backends.interpreter.decide(input, { hashes: false }));
  return compiled;
}

describe("a policy reading parsed certificates, on both back ends", () => {
  it("allows a valid chain for one of the leaf's names", () => {
    const d = decide({ chain, host: "api.example.com" }, "2030-01-01T00:00:00Z");
    expect(d.errors).toEqual([]);
    expect(d.effect).toBe("allow");
  });

  it("denies once the root has expired (NotAfter 2034-01-01), naming it", () => {
    const d = decide({ chain, host: "api.example.com" }, "2040-06-01T00:00:00Z");
    expect(d.effect).toBe("deny");
    expect(d.reasons.map((r) => r.msg)).toEqual(["certificate Snapspace Test Root CA expired at 2034-01-01T00:00:00Z"]);
  });

  it("denies a host that is not among the DNS names", () => {
    const d = decide({ chain, host: "evil.example.net" }, "2030-01-01T00:00:00Z");
    expect(d.reasons.map((r) => r.msg)).toEqual(["evil.example.net is not a name of the certificate"]);
  });

  it("escalates when the leaf is a CA certificate", () => {
    const d = decide({ chain: fixture("ca.pem"), host: "api.example.com" }, "2030-01-01T00:00:00Z");
    expect(d.effect).not.toBe("allow");
    expect(d.reasons.map((r) => r.msg)).toContain("the leaf certificate is a CA");
  });

  it("never allows a chain that does not parse", () => {
    for (const bad of ["not a certificate", "", fixture("leaf.key.pem")]) {
      expect(decide({ chain: bad, host: "api.example.com" }, "2030-01-01T00:00:00Z").effect, bad).not.toBe("allow");
    }
  });
});

describe("a built module of the policy", () => {
  afterAll(removeBuiltFolder);

  it("carries the x509 built-ins and decides as the library does", async () => {
    const built = await buildModule(backends.compiled);
    expect(built.builtins).toContain("crypto.x509.parse_certificates");
    const module = await importBuilt(built.code);
    const input = { proposal: { id: "p-1", agent: "bot", tool: "tls.connect", args: { chain, host: "api.example.com" } }, context: { now: "2030-01-01T00:00:00Z" } };
    expect(module.decide(input, { hashes: false })).toEqual(backends.compiled.decide(input, { hashes: false }));
    expect(module.decide(input, { hashes: false }).effect).toBe("allow");
  });
});
