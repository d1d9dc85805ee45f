import { describe, expect, test } from "vitest";
import { decide } from "../../src/decision/decide.js";
import { formatPath, validateInput, validateRecord } from "../../src/decision/validate.js";
import { isRfc3339 } from "../../src/decision/schemas.js";
import { POLICY_HASH, fixedEvaluator, verdict } from "./evaluator-double.js";

const proposal = { id: "p-1", agent: "billing-bot", tool: "payments.charge", args: { amount: 740, currency: "EUR" } };
const allowAll = () => fixedEvaluator(verdict("agent.a", { allow: true }));

/** Each bad input, the field that must be named and (part of) the message. */
const BAD_INPUTS: [string, unknown, string, string][] = [
  ["not an object", "hello", "", "expected an object, got string"],
  ["null", null, "", "expected an object, got null"],
  ["an array", [proposal], "", "expected an object, got array"],
  ["no proposal", { context: {} }, "proposal", "required field is missing (expected an object)"],
  ["proposal not an object", { proposal: "p-1" }, "proposal", "expected an object, got string"],
  ["id missing", { proposal: { agent: "a", tool: "t" } }, "proposal.id", "required field is missing (expected a string)"],
  ["id a number", { proposal: { ...proposal, id: 42 } }, "proposal.id", "expected a string, got number"],
  ["agent null", { proposal: { ...proposal, agent: null } }, "proposal.agent", "expected a string, got null"],
  ["tool a number", { proposal: { ...proposal, tool: 7 } }, "proposal.tool", "expected a string, got number"],
  ["args an array", { proposal: { ...proposal, args: [1] } }, "proposal.args", "expected an object, got array"],
  ["args a string", { proposal: { ...proposal, args: "{}" } }, "proposal.args", "expected an object, got string"],
  ["idempotency_key a number", { proposal: { ...proposal, idempotency_key: 5 } }, "proposal.idempotency_key", "expected a string, got number"],
  ["session a boolean", { proposal: { ...proposal, session: true } }, "proposal.session", "expected a string, got boolean"],
  ["unknown proposal field", { proposal: { ...proposal, idempotencey_key: "k" } }, "proposal.idempotencey_key", "unknown field; the fields are `id`"],
  ["unknown top-level field", { proposal, contxt: {} }, "contxt", "unknown field; the fields are `proposal`, `context`, `history`"],
  ["context an array", { proposal, context: [] }, "context", "expected an object, got array"],
  ["now not RFC 3339", { proposal, context: { now: "yesterday" } }, "context.now", "expected an RFC 3339 timestamp"],
  ["now a number", { proposal, context: { now: 1700000000 } }, "context.now", "expected a string, got number"],
  ["now on a day that does not exist", { proposal, context: { now: "2026-02-30T10:00:00Z" } }, "context.now", "real day"],
  ["env a number", { proposal, context: { env: 1 } }, "context.env", "expected a string, got number"],
  ["approvals an object", { proposal, context: { approvals: {} } }, "context.approvals", "expected an array, got object"],
  ["messages a string", { proposal, context: { messages: "hi" } }, "context.messages", "expected an array, got string"],
  ["message without content", { proposal, context: { messages: [{ role: "user" }] } }, "context.messages[0].content", "required field is missing"],
  ["message role a number", { proposal, context: { messages: [{ role: 1, content: "x" }] } }, "context.messages[0].role", "expected a string, got number"],
  ["history an object", { proposal, history: {} }, "history", "expected an array, got object"],
  ["history entry without effect", { proposal, history: [{ proposal }] }, "history[0].effect", "required field is missing"],
  ["history entry with a bad effect", { proposal, history: [{ proposal, effect: "permit" }] }, "history[0].effect", 'expected one of "allow", "deny", "escalate", got "permit"'],
  ["history proposal without tool", { proposal, history: [{ proposal: { id: "a", agent: "b" }, effect: "allow" }] }, "history[0].proposal.tool", "required field is missing"],
  ["history entry with an unknown field", { proposal, history: [{ proposal, effect: "allow", when: 1 }] }, "history[0].when", "unknown field"],
  ["a function in args", { proposal: { ...proposal, args: { f: () => 1 } } }, "proposal.args.f", "expected a JSON value, got function"],
  ["NaN in args", { proposal: { ...proposal, args: { n: Number.NaN } } }, "proposal.args.n", "expected a JSON value, got NaN"],
];

describe("validation names the field and never allows", () => {
  for (const [name, input, field, message] of BAD_INPUTS) {
    test(name, () => {
      const d = decide(allowAll(), POLICY_HASH, input);
      expect(d.effect).toBe("deny");
      const fields = d.errors.map((e) => e.field);
      expect(fields).toContain(field);
      const err = d.errors.find((e) => e.field === field)!;
      expect(err.code).toBe("invalid_input");
      expect(err.message).toContain(message);
      // The message starts with the field, so it reads on its own.
      if (field) expect(err.message.startsWith(`${field}: `)).toBe(true);
      expect(d.reasons).toEqual([]);
    });
  }

  test("every problem is reported, not only the first", () => {
    const d = decide(allowAll(), POLICY_HASH, { proposal: { id: 1, agent: 2, tool: "t" }, context: { now: "x" } });
    expect(d.errors.map((e) => e.field).sort()).toEqual(["context.now", "proposal.agent", "proposal.id"]);
  });

  test("proposal_id is the id when it can be read, else null", () => {
    expect(decide(allowAll(), POLICY_HASH, { proposal: { id: "p-9", agent: 3, tool: "t" } }).proposal_id).toBe("p-9");
    expect(decide(allowAll(), POLICY_HASH, { proposal: { id: 9, agent: "a", tool: "t" } }).proposal_id).toBeNull();
    expect(decide(allowAll(), POLICY_HASH, 17).proposal_id).toBeNull();
    expect(decide(allowAll(), POLICY_HASH, undefined).proposal_id).toBeNull();
  });

  test("an inherited `id` (from Object.prototype) is not read as the proposal's", () => {
    const sneaky = Object.create({ id: "inherited" }) as Record<string, unknown>;
    sneaky["agent"] = "a";
    sneaky["tool"] = "t";
    const d = decide(allowAll(), POLICY_HASH, { proposal: sneaky });
    expect(d.effect).toBe("deny");
    expect(d.proposal_id).toBeNull();
  });

  test("an invalid JSON input still gets an input_hash (it identifies what was refused)", () => {
    const d = decide(allowAll(), POLICY_HASH, { proposal: { id: 1 } });
    expect(d.input_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(decide(allowAll(), POLICY_HASH, { proposal: { id: 1 } }, { hashes: false })).not.toHaveProperty("input_hash");
  });
});

describe("what is accepted", () => {
  test("the example input of DESIGN.md §3", () => {
    const input = {
      proposal: { id: "p-0042", agent: "billing-bot", tool: "payments.charge", args: { customer: "c-9", amount: 740, currency: "EUR" }, idempotency_key: "inv-2231", session: "s-17" },
      context: { now: "2026-11-02T10:15:00Z", env: "production", approvals: [], messages: [{ role: "user", content: "yes, go ahead" }] },
      history: [{ proposal: { id: "p-0041", agent: "billing-bot", tool: "crm.lookup", args: {} }, effect: "allow", result: { found: true } }],
    };
    expect(validateInput(input).ok).toBe(true);
    expect(decide(allowAll(), POLICY_HASH, input).effect).toBe("allow");
  });

  test("only the proposal is required; args may be absent", () => {
    expect(validateInput({ proposal: { id: "p", agent: "a", tool: "t" } }).ok).toBe(true);
  });

  test("context takes any other field", () => {
    expect(validateInput({ proposal, context: { freeze: true, budget: { EUR: 100 } } }).ok).toBe(true);
  });

  test("messages may carry other fields (a tool name, a timestamp)", () => {
    expect(validateInput({ proposal, context: { messages: [{ role: "tool", content: "ok", name: "x" }] } }).ok).toBe(true);
  });

  test("a proposal with importer metadata", () => {
    expect(validateInput({ proposal: { ...proposal, meta: { reward: 1 } } }).ok).toBe(true);
  });

  test("big integers are JSON", () => {
    expect(validateInput({ proposal: { ...proposal, args: { amount: 12345678901234567890n } } }).ok).toBe(true);
  });

  test("a field whose value is undefined counts as absent (as JSON.stringify would drop it)", () => {
    expect(validateInput({ proposal: { ...proposal, session: undefined } }).ok).toBe(true);
  });
});

describe("records", () => {
  test("a full record", () => {
    const r = validateRecord({ proposal, context: { now: "2026-11-02T10:15:00+01:00" }, result: { charged: true }, expect: "escalate" });
    expect(r.ok).toBe(true);
  });

  test("a bad expect is named", () => {
    const r = validateRecord({ proposal, expect: "allowed" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toMatchObject([{ field: "expect", path: ["expect"], message: 'expected one of "allow", "deny", "escalate", got "allowed"' }]);
  });

  test("a record may not carry history (it is built by --session)", () => {
    const r = validateRecord({ proposal, history: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.field).toBe("history");
  });

  test("a misspelt `expected` is caught instead of silently ignored", () => {
    const r = validateRecord({ proposal, expected: "deny" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ field: "expected" });
  });
});

describe("paths and timestamps", () => {
  test("paths use dots for names and brackets for indexes and other keys", () => {
    expect(formatPath(["proposal", "args", "x-y", 0, "z"])).toBe('proposal.args["x-y"][0].z');
    expect(formatPath([])).toBe("");
    expect(formatPath([3])).toBe("[3]");
  });

  test("RFC 3339 as OPA's time.parse_rfc3339_ns reads it", () => {
    for (const ok of ["2026-11-02T10:15:00Z", "2026-11-02T10:15:00.123456789+05:30", "2024-02-29T00:00:00-00:00"]) expect(isRfc3339(ok), ok).toBe(true);
    for (const bad of ["2026-11-02", "2026-11-02 10:15:00Z", "2026-11-02t10:15:00z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-02T24:00:00Z", "2026-11-02T10:15:60Z", "2026-11-02T10:15:00"])
      expect(isRfc3339(bad), bad).toBe(false);
  });
});
