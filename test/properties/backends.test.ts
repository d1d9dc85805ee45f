/**
 * The same input gives byte-identical decisions (DESIGN.md §7): again, after
 * other evaluations, with object keys in any order, from a fresh copy, in a
 * fresh or a reused policy, and on every back end — the reference
 * interpreter, the compiled back end and a built module (`snapspace build`,
 * imported from outside the repository) over the starter library, and an
 * OPA Wasm module (test/opa/wat/payments.wat) against the Rego its header
 * says it implements. Inputs come from `snapspace/testing`: recorded
 * sessions mutated, and proposals generated from schemas.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { compile } from "../../src/api/compile.js";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { buildModule } from "../../src/build/index.js";
import type { Decision } from "../../src/decision/contract.js";
import type { RecordedProposal } from "../../src/decision/schemas.js";
import { loadOpaWasm } from "../../src/opa/index.js";
import { checkDeterminism, checkProperty, inputArb, mutatedRecordsArb, mutatedSessionsArb, proposalArb, readRecordsFile, timestampArb } from "../../src/testing/index.js";
import { asPolicy, importBuilt, removeBuiltFolder } from "../build/helpers.js";
import { paymentsWasm } from "../opa/modules.js";
import { propertySettings } from "./settings.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const load = (backend: "interpreter" | "compiled") => loadPolicies([`${ROOT}policies/`], { backend });

let records: RecordedProposal[];
let interpreter: CompiledPolicy;
let compiled: CompiledPolicy;
let builtCode: string;
beforeAll(async () => {
  records = await readRecordsFile(`${ROOT}fixtures/sessions/`);
  interpreter = await load("interpreter");
  compiled = await load("compiled");
  builtCode = (await buildModule(compiled)).code;
});
afterAll(removeBuiltFolder);

/** Proposals the starter library has opinions about, beside the recorded ones. */
const generated = () =>
  inputArb({
    proposal: fc.oneof(
      proposalArb({
        tool: ["payments.charge", "payments.refund"],
        agent: ["billing-bot", "support-bot", "intern-bot"],
        args: z.object({ amount: z.number().min(-10).max(2_000_000), currency: z.enum(["EUR", "USD", "GBP", "JPY", "CHF"]) }),
        idempotencyKeys: ["k-1", "k-2"],
      }),
      proposalArb({ tool: ["sql.execute", "sql.query"], agent: "ops-bot", args: z.object({ query: z.enum(["SELECT 1", "DELETE FROM t", "drop table users", "UPDATE a SET b = 1 WHERE c = 2; TRUNCATE x"]) }) }),
      proposalArb({ tool: ["email.send", "http.request", "files.read"], agent: ["research-bot", "ops-bot"], args: z.object({ to: z.string().max(20).optional(), url: z.string().max(30).optional(), path: z.enum(["README.md", "/srv/app/.env"]).optional() }) }),
    ),
    context: fc.record(
      {
        now: timestampArb("2026-11-01T00:00:00Z", "2026-11-04T00:00:00Z"),
        env: fc.constantFrom("production", "staging"),
        freeze: fc.oneof(fc.boolean(), fc.record({ until: timestampArb("2026-11-01T00:00:00Z", "2026-11-04T00:00:00Z") })),
        approvals: fc.array(fc.record({ proposal_id: fc.constantFrom("p-1", "p-2"), by: fc.constantFrom("dana@acme.example", "billing-bot") }), { maxLength: 1 }),
      },
      { requiredKeys: ["now"] },
    ),
  });

const cases = () => fc.oneof(mutatedRecordsArb(records), mutatedSessionsArb(records), generated());

describe("the starter library decides byte for byte the same", () => {
  it("on the interpreter: again, after other cases, reordered, copied, in a fresh instance, and on the compiled back end", async () => {
    const fresh = await load("interpreter");
    checkDeterminism(interpreter, cases(), { ...propertySettings(80), others: [fresh, compiled] });
  });

  it("on the compiled back end: again, after other cases, reordered, copied, in a fresh instance, and on the interpreter", async () => {
    expect(compiled.backend).toBe("compiled");
    const fresh = await load("compiled");
    checkDeterminism(compiled, cases(), { ...propertySettings(80), others: [fresh, interpreter] });
  });

  it("as a built module: again, after other cases, reordered, copied, in a fresh import, and on both back ends", async () => {
    const built = asPolicy(await importBuilt(builtCode));
    const fresh = asPolicy(await importBuilt(builtCode));
    expect(built.policyHash).toBe(compiled.policyHash);
    checkDeterminism(built, cases(), { ...propertySettings(80), others: [fresh, compiled, interpreter] });
  });

  it("compiled from source texts in another order, which is the same policy set (same hash)", () => {
    const modules = [...interpreter.sources].reverse().map((s) => ({ file: s.name, source: s.text }));
    const reversed = compile({ modules, data: interpreter.program.data });
    expect(reversed.policyHash).toBe(interpreter.policyHash);
    checkDeterminism(interpreter, cases(), { ...propertySettings(40), others: [reversed] });
  });
});

// The Rego that test/opa/wat/payments.wat stands for (its header), with the same data.
const WASM_REGO = `package agent.payments

deny contains "refunds are disabled" if input.proposal.tool == "payments.refund"

escalate contains {"amount": a, "msg": sprintf("charge of %d needs a human", [a])} if {
	a := input.proposal.args.amount
	a > data.limits.max_amount
}

allow if input.proposal.agent != "intern-bot"

obligations contains {"type": "compensate", "tool": "payments.refund"} if input.proposal.tool == "payments.charge"
`;
const LIMITS = { limits: { max_amount: 500 } };

/** What must agree between back ends whose policy hashes and reason locations differ by design. */
function meaning(d: Decision): unknown {
  return { ...d, policy_hash: undefined, reasons: d.reasons.map(({ location: _, ...r }) => r) };
}

describe("an OPA Wasm module", () => {
  // The module reads integers only, and finds fields by their bytes in the input: no history, plain args.
  const wasmInputs = inputArb({
    proposal: proposalArb({
      tool: ["payments.charge", "payments.refund", "crm.lookup"],
      agent: ["billing-bot", "intern-bot"],
      args: z.object({ amount: z.number().int().min(0).max(2000).optional(), customer: z.enum(["c-1", "c-9"]).optional() }),
    }),
  });

  it("decides byte for byte the same on its own back end (reordered, repeated, fresh instance)", async () => {
    const wasm = await loadOpaWasm(await paymentsWasm(), { data: LIMITS });
    const fresh = await loadOpaWasm(await paymentsWasm(), { data: LIMITS });
    checkDeterminism(wasm, wasmInputs, { ...propertySettings(100), others: [fresh] });
  });

  it("means what its Rego means on the interpreter and the compiled back end", async () => {
    const wasm = await loadOpaWasm(await paymentsWasm(), { data: LIMITS });
    const backends = (["interpreter", "compiled"] as const).map((backend) => compile({ modules: [{ file: "payments.rego", source: WASM_REGO }], data: LIMITS, backend }));
    const effects = new Set<string>();
    checkProperty(
      wasm,
      wasmInputs,
      (d, input) => {
        effects.add(d.effect);
        for (const b of backends) expect(meaning(b.decide(input))).toEqual(meaning(d));
      },
      propertySettings(150),
    );
    // All three effects were compared, not only the easy one.
    expect([...effects].sort()).toEqual(["allow", "deny", "escalate"]);
  });
});
