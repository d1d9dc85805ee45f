// Decisions over Wasm entrypoints follow DESIGN.md §3 exactly as `.snap` policies do. The module is
// `wat/payments.wat`; its header gives the Rego it stands for, which is where every expected value
// below comes from.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { loadOpaWasm, type OpaWasmPolicy } from "../../src/opa/index.js";
import { paymentsWasm, proposal, RULE_ENTRYPOINTS } from "./modules.js";

const LIMITS = { limits: { max_amount: 500 } };
const sha256 = (text: string): string => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const COMPENSATE = { tool: "payments.refund", type: "compensate" };

describe("decide over per-rule entrypoints", () => {
  let policy: OpaWasmPolicy;
  beforeAll(async () => {
    policy = await loadOpaWasm(await paymentsWasm(), { data: LIMITS });
  });

  it("escalates a charge over data.limits.max_amount, with the reason object and the obligation", () => {
    const d = policy.decide(proposal("payments.charge", { amount: 740, currency: "EUR" }));
    expect(d).toEqual({
      proposal_id: "p-1",
      effect: "escalate",
      reasons: [
        {
          effect: "escalate",
          package: "agent.payments",
          msg: "charge of 740 needs a human",
          location: "policy.wasm#agent/payments/escalate",
          details: { amount: 740 },
        },
      ],
      obligations: [COMPENSATE],
      policy_hash: policy.policyHash,
      // RFC 8785: keys sorted, no whitespace.
      input_hash: sha256('{"proposal":{"agent":"billing-bot","args":{"amount":740,"currency":"EUR"},"id":"p-1","tool":"payments.charge"}}'),
      errors: [],
    });
  });

  it("denies a refund, and a deny wins over an escalate, listing both reasons (deny first)", () => {
    const d = policy.decide(proposal("payments.refund", { amount: 900 }));
    expect(d.effect).toBe("deny");
    expect(d.reasons).toEqual([
      { effect: "deny", package: "agent.payments", msg: "refunds are disabled", location: "policy.wasm#agent/payments/deny" },
      {
        effect: "escalate",
        package: "agent.payments",
        msg: "charge of 900 needs a human",
        location: "policy.wasm#agent/payments/escalate",
        details: { amount: 900 },
      },
    ]);
    expect(d.obligations).toEqual([]);
  });

  it("allows a small charge, keeping its obligation", () => {
    const d = policy.decide(proposal("payments.charge", { amount: 20 }));
    expect(d.effect).toBe("allow");
    expect(d.reasons).toEqual([]);
    expect(d.obligations).toEqual([COMPENSATE]);
  });

  it("fails closed when allow is undefined and nothing denies or escalates", () => {
    const d = policy.decide(proposal("payments.charge", { amount: 20 }, "intern-bot"));
    expect(d.effect).toBe("deny");
    expect(d.reasons).toEqual([{ effect: "deny", package: "snapspace", msg: "no policy allows this proposal", location: "<default>" }]);
  });

  it("validates the input through the shared decide: a missing tool is a deny naming the field", () => {
    const d = policy.decide({ proposal: { id: "p-9", agent: "billing-bot" } });
    expect(d.effect).toBe("deny");
    expect(d.proposal_id).toBe("p-9");
    expect(d.errors.map((e) => [e.code, e.field])).toEqual([["invalid_input", "proposal.tool"]]);
  });

  it("leaves out input_hash on the hot path", () => {
    const d = policy.decide(proposal("payments.charge", { amount: 20 }), { hashes: false });
    expect(d.effect).toBe("allow");
    expect("input_hash" in d).toBe(false);
  });

  it("gives the same decision whatever the key order of the input", () => {
    const a = policy.decide({ proposal: { id: "p-1", agent: "billing-bot", tool: "payments.charge", args: { amount: 740, currency: "EUR" } } });
    const b = policy.decide({ proposal: { args: { currency: "EUR", amount: 740 }, tool: "payments.charge", agent: "billing-bot", id: "p-1" } });
    expect(b).toEqual(a);
    expect(a.effect).toBe("escalate");
  });
});

describe("decide over one `decision` entrypoint", () => {
  it("decides as the four rule entrypoints do, with the decision entrypoint as location", async () => {
    const wasm = await paymentsWasm({ entrypoints: ["agent/payments/decision"] });
    const viaDecision = await loadOpaWasm(wasm, { data: LIMITS });
    const viaRules = await loadOpaWasm(await paymentsWasm(), { data: LIMITS });
    const inputs = [
      proposal("payments.charge", { amount: 740 }),
      proposal("payments.refund", { amount: 900 }),
      proposal("payments.charge", { amount: 20 }),
      proposal("payments.charge", { amount: 20 }, "intern-bot"),
    ];
    for (const input of inputs) {
      const a = viaDecision.decide(input);
      const b = viaRules.decide(input);
      expect(a.effect).toBe(b.effect);
      expect(a.obligations).toEqual(b.obligations);
      expect(a.reasons).toEqual(
        b.reasons.map((r) => (r.package === "agent.payments" ? { ...r, location: "policy.wasm#agent/payments/decision" } : r)),
      );
    }
    expect(viaDecision.decide(inputs[0]).effect).toBe("escalate");
  });

  it("prefers `decision` when a package has both it and rule entrypoints", async () => {
    const both = await loadOpaWasm(await paymentsWasm({ entrypoints: [...RULE_ENTRYPOINTS, "agent/payments/decision"] }), { data: LIMITS });
    const d = both.decide(proposal("payments.refund"));
    expect(d.reasons.map((r) => r.location)).toEqual(["policy.wasm#agent/payments/decision"]);
  });
});

describe("data", () => {
  it("takes the limit from options.data; without data the escalate rule is undefined", async () => {
    const wasm = await paymentsWasm();
    const input = proposal("payments.charge", { amount: 740 });
    expect((await loadOpaWasm(wasm)).decide(input).effect).toBe("allow");
    expect((await loadOpaWasm(wasm, { data: { limits: { max_amount: 1000 } } })).decide(input).effect).toBe("allow");
    expect((await loadOpaWasm(wasm, { data: { limits: { max_amount: 739 } } })).decide(input).effect).toBe("escalate");
  });

  it("writes integers beyond 2^53 into the module exactly (input and data)", async () => {
    const policy = await loadOpaWasm(await paymentsWasm(), { data: { limits: { max_amount: 9007199254740992n } } });
    // 2^53 + 1 > 2^53 only if neither side was rounded to a double on the way in.
    expect(policy.decide(proposal("payments.charge", { amount: 9007199254740993n })).effect).toBe("escalate");
    expect(policy.decide(proposal("payments.charge", { amount: 9007199254740992n })).effect).toBe("allow");
  });
});

describe("one evaluation cannot influence the next", () => {
  for (const abiMinor of [1, 2]) {
    it(`resets the heap between evaluations (ABI 1.${abiMinor}): 5,000 decisions in a row all equal the first`, async () => {
      // Each decision allocates > 16 KiB in the module, whose heap aborts past 256 KiB instead of growing.
      const policy = await loadOpaWasm(await paymentsWasm({ abiMinor }), { data: LIMITS });
      expect(policy.abiVersion).toBe(`1.${abiMinor}`);
      const input = proposal("payments.charge", { amount: 740 });
      const first = policy.decide(input);
      expect(first.effect).toBe("escalate");
      for (let i = 0; i < 5000; i++) {
        const d = policy.decide(input);
        if (d.effect !== first.effect || d.errors.length > 0) expect(d).toEqual(first);
      }
      expect(policy.decide(input)).toEqual(first);
    });
  }

  it("gives interleaved inputs the decisions each gets in a fresh policy", async () => {
    const wasm = await paymentsWasm();
    const inputs = [
      proposal("payments.charge", { amount: 99999 }),
      proposal("payments.refund"),
      proposal("payments.charge", { amount: 20 }),
      proposal("payments.charge", { amount: 20 }, "intern-bot"),
    ];
    const order = [0, 1, 2, 3, 3, 2, 1, 0, 2, 0];
    const reused = await loadOpaWasm(wasm, { data: LIMITS });
    const got = order.map((i) => reused.decide(inputs[i]));
    const fresh = await Promise.all(order.map(async (i) => (await loadOpaWasm(wasm, { data: LIMITS })).decide(inputs[i])));
    expect(got).toEqual(fresh);
    expect(got.map((d) => d.effect)).toEqual(["escalate", "deny", "allow", "deny", "deny", "allow", "deny", "escalate", "allow", "escalate"]);
  });

  it("fails closed on an evaluation error, naming the entrypoint, and keeps the other packages' reasons", async () => {
    const policy = await loadOpaWasm(await paymentsWasm({ entrypoints: [...RULE_ENTRYPOINTS, "agent/chaos/deny"] }), { data: LIMITS });
    expect(policy.governedPackages).toEqual(["agent.chaos", "agent.payments"]);
    const d = policy.decide(proposal("payments.refund"));
    expect(d.effect).toBe("deny");
    expect(d.errors).toEqual([
      { code: "opa_wasm_eval_error", message: "evaluating `policy.wasm#agent/chaos/deny` failed: chaos: aborted on purpose" },
    ]);
    expect(d.reasons.map((r) => r.msg)).toEqual(["refunds are disabled"]);
  });

  it("does not reuse an instance after a failed evaluation", async () => {
    // `agent/chaos/deny` corrupts the instance's state before aborting; a reused instance would then deny everything.
    const policy = await loadOpaWasm(await paymentsWasm({ entrypoints: [...RULE_ENTRYPOINTS, "agent/chaos/deny"] }), {
      data: LIMITS,
      packages: ["agent.payments"],
    });
    const input = proposal("payments.charge", { amount: 20 });
    expect(policy.decide(input).effect).toBe("allow");
    expect(() => policy.query("data.agent.chaos.deny", { input })).toThrow(expect.objectContaining({ code: "opa_wasm_eval_error" }));
    const after = policy.decide(input);
    expect(after.effect).toBe("allow");
    expect(after.reasons).toEqual([]);
    // And the fresh instance still has the data: the limit applies.
    expect(policy.decide(proposal("payments.charge", { amount: 740 })).effect).toBe("escalate");
  });

  it("fails closed when a rule entrypoint returns something that is not a set", async () => {
    // Entrypoint names mapped onto other ids: `deny` evaluates the `allow` rule (a boolean).
    const policy = await loadOpaWasm(await paymentsWasm({ entrypoints: { "agent/payments/deny": 2, "agent/payments/allow": 2 } }));
    const d = policy.decide(proposal("payments.charge"));
    expect(d.effect).toBe("deny");
    expect(d.errors).toEqual([
      { code: "opa_wasm_bad_result", message: "`policy.wasm#agent/payments/deny` returned the boolean `true`, not a set" },
    ]);
  });

  it("fails closed when a `decision` entrypoint does not return an object", async () => {
    const policy = await loadOpaWasm(await paymentsWasm({ entrypoints: { "agent/payments/decision": 0 } }));
    const d = policy.decide(proposal("payments.refund"));
    expect(d.effect).toBe("deny");
    expect(d.reasons).toEqual([]);
    expect(d.errors.map((e) => e.code)).toEqual(["opa_wasm_bad_result"]);
    expect(d.errors[0]!.message).toContain("returned an array, not an object with `deny`");
  });
});
