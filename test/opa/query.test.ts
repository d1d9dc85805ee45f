// `query` answers refs that name an entrypoint, in the shape of DESIGN.md §6; anything else is a clear error.
import { beforeAll, describe, expect, it } from "vitest";
import { loadOpaWasm, type OpaWasmPolicy } from "../../src/opa/index.js";
import { paymentsWasm, proposal } from "./modules.js";

describe("query", () => {
  let policy: OpaWasmPolicy;
  beforeAll(async () => {
    policy = await loadOpaWasm(await paymentsWasm(), { data: { limits: { max_amount: 500 } } });
  });

  it("answers a ref to an entrypoint as one solution with no bindings; sets come as arrays", () => {
    expect(policy.query("data.agent.payments.deny", { input: proposal("payments.refund") })).toEqual([
      { expressions: [["refunds are disabled"]], bindings: {} },
    ]);
    expect(policy.query("data.agent.payments.escalate", { input: proposal("payments.charge", { amount: 501 }) })).toEqual([
      { expressions: [[{ amount: 501, msg: "charge of 501 needs a human" }]], bindings: {} },
    ]);
  });

  it("answers an undefined ref with no solutions", () => {
    expect(policy.query("data.agent.payments.allow", { input: proposal("payments.charge", {}, "intern-bot") })).toEqual([]);
  });

  it("accepts surrounding whitespace", () => {
    expect(policy.query("  data.agent.payments.allow\n", { input: proposal("payments.charge") })).toEqual([{ expressions: [true], bindings: {} }]);
  });

  it("uses options.data for that query only", () => {
    const input = proposal("payments.charge", { amount: 740 });
    expect(policy.query("data.agent.payments.escalate", { input, data: { limits: { max_amount: 1000 } } })).toEqual([{ expressions: [[]], bindings: {} }]);
    expect(policy.query("data.agent.payments.escalate", { input })).toEqual([
      { expressions: [[{ amount: 740, msg: "charge of 740 needs a human" }]], bindings: {} },
    ]);
    expect(policy.decide(input).effect).toBe("escalate");
  });

  it("refuses a query that is not a ref to an entrypoint, listing what it can answer", () => {
    const err = catchError(() => policy.query("x := 1"));
    expect(err).toMatchObject({ code: "opa_wasm_unsupported_query", message: "`policy.wasm` is compiled OPA Wasm, which answers only refs to its entrypoints, not `x := 1`" });
    expect(err.help).toContain("`data.agent.payments.deny`");
    expect(err.help).toContain("`data.agent.payments.obligations`");
  });

  it("refuses a ref that names no entrypoint", () => {
    expect(catchError(() => policy.query("data.agent.payments"))).toMatchObject({
      code: "opa_wasm_unsupported_query",
      message: "`policy.wasm` has no entrypoint `agent/payments` for `data.agent.payments`",
    });
  });

  it("refuses an input that is not JSON", () => {
    expect(catchError(() => policy.query("data.agent.payments.allow", { input: { when: new Date(0) } }))).toMatchObject({ code: "invalid_input" });
  });
});

function catchError(fn: () => unknown): { code: string; message: string; help?: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; help?: string };
  }
  throw new Error("expected an error");
}
