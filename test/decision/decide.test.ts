import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { DEFAULT_REASON, decide, serializeDecision } from "../../src/decision/decide.js";
import { SnapError } from "../../src/source/diagnostic.js";
import { SetValue } from "../../src/value/set.js";
import { POLICY_HASH, evaluatorDouble, fixedEvaluator, inputFor, verdict } from "./evaluator-double.js";

describe("combination (DESIGN.md §3)", () => {
  test("an allow with nothing else allows", () => {
    const d = decide(fixedEvaluator(verdict("agent.a", { allow: true })), POLICY_HASH, inputFor());
    expect(d.effect).toBe("allow");
    expect(d.reasons).toEqual([]);
    expect(d.errors).toEqual([]);
    expect(d.proposal_id).toBe("p-1");
    expect(d.policy_hash).toBe(POLICY_HASH);
  });

  test("one allow among packages that say nothing is enough", () => {
    const d = decide(fixedEvaluator(verdict("agent.a"), verdict("agent.b", { allow: true }), verdict("agent.c")), POLICY_HASH, inputFor());
    expect(d.effect).toBe("allow");
  });

  test("any deny element anywhere denies, over allow and escalate in other packages", () => {
    const d = decide(
      fixedEvaluator(verdict("agent.a", { allow: true }), verdict("agent.b", { escalate: ["needs a human"] }), verdict("agent.c", { deny: ["frozen"] })),
      POLICY_HASH,
      inputFor(),
    );
    expect(d.effect).toBe("deny");
    // Every element of every set is a reason, escalate ones too.
    expect(d.reasons.map((r) => [r.effect, r.package, r.msg])).toEqual([
      ["deny", "agent.c", "frozen"],
      ["escalate", "agent.b", "needs a human"],
    ]);
  });

  test("a deny in the same package that allows still denies", () => {
    const d = decide(fixedEvaluator(verdict("agent.a", { allow: true, deny: ["no"] })), POLICY_HASH, inputFor());
    expect(d.effect).toBe("deny");
  });

  test("escalate wins over allow", () => {
    const d = decide(fixedEvaluator(verdict("agent.a", { allow: true }), verdict("agent.b", { escalate: ["over 500"] })), POLICY_HASH, inputFor());
    expect(d.effect).toBe("escalate");
    expect(d.reasons).toEqual([{ effect: "escalate", package: "agent.b", msg: "over 500", location: "agent/b.snap:1" }]);
  });

  test("escalate alone (no allow anywhere) escalates, without the default reason", () => {
    const d = decide(fixedEvaluator(verdict("agent.b", { escalate: ["over 500"] })), POLICY_HASH, inputFor());
    expect(d.effect).toBe("escalate");
    expect(d.reasons).toHaveLength(1);
  });

  test("no package allows: deny with the default reason", () => {
    const d = decide(fixedEvaluator(verdict("agent.a"), verdict("agent.b")), POLICY_HASH, inputFor());
    expect(d.effect).toBe("deny");
    expect(d.reasons).toEqual([{ effect: "deny", package: "snapspace", msg: "no policy allows this proposal", location: "<default>" }]);
    expect(DEFAULT_REASON.msg).toBe("no policy allows this proposal");
  });

  test("no governed package at all: deny with the default reason (never allow by default)", () => {
    const d = decide(fixedEvaluator(), POLICY_HASH, inputFor());
    expect(d.effect).toBe("deny");
    expect(d.reasons).toEqual([DEFAULT_REASON]);
  });

  test("a package error fails closed, lists the error and keeps the other packages' reasons", () => {
    const err = SnapError.of("eval_conflict", "complete rule `data.agent.a.limit` has conflicting values", {
      file: "policies/a.snap",
      start: 10,
      end: 15,
      line: 3,
      col: 1,
      endLine: 3,
      endCol: 6,
    });
    const d = decide(
      fixedEvaluator(verdict("agent.a", { error: err }), verdict("agent.b", { allow: true, escalate: ["needs a human"] })),
      POLICY_HASH,
      inputFor(),
    );
    expect(d.effect).toBe("deny");
    expect(d.errors).toEqual([{ code: "eval_conflict", message: "complete rule `data.agent.a.limit` has conflicting values", location: "policies/a.snap:3:1" }]);
    expect(d.reasons.map((r) => r.msg)).toEqual(["needs a human"]);
    // An error is not "no policy allows": the default reason is not added.
    expect(d.reasons.some((r) => r.package === "snapspace")).toBe(false);
  });

  test("an error even with every other package allowing still denies", () => {
    const d = decide(fixedEvaluator(verdict("agent.a", { allow: true }), verdict("agent.b", { allow: true, error: SnapError.of("eval_budget", "step budget exceeded") })), POLICY_HASH, inputFor());
    expect(d.effect).toBe("deny");
    expect(d.errors[0]!.code).toBe("eval_budget");
  });

  test("an evaluator that throws fails closed instead of crashing", () => {
    const d = decide(
      evaluatorDouble(() => {
        throw new RangeError("boom");
      }),
      POLICY_HASH,
      inputFor(),
    );
    expect(d.effect).toBe("deny");
    expect(d.errors).toEqual([{ code: "evaluation_failed", message: "the evaluator failed: boom" }]);
  });

  test("an evaluator that throws a SnapError reports its code", () => {
    const d = decide(
      evaluatorDouble(() => {
        throw SnapError.of("eval_depth", "evaluation went deeper than 1000 calls");
      }),
      POLICY_HASH,
      inputFor(),
    );
    expect(d.effect).toBe("deny");
    expect(d.errors[0]!.code).toBe("eval_depth");
  });
});

describe("reasons and obligations in a decision", () => {
  test("reasons are sorted by effect, package, msg, location and de-duplicated", () => {
    const d = decide(
      fixedEvaluator(
        verdict("agent.z", { deny: [{ value: "b", location: "z.snap:9" }, { value: "a", location: "z.snap:9" }] }),
        verdict("agent.a", { escalate: ["e"], deny: [{ value: "b", location: "a.snap:7" }, { value: "b", location: "a.snap:3" }] }),
        verdict("agent.y", { deny: [{ value: "a", location: "z.snap:9" }] }),
        // The same reason from the same place, found twice (two solutions of one rule).
        verdict("agent.z", { deny: [{ value: "a", location: "z.snap:9" }] }),
      ),
      POLICY_HASH,
      inputFor(),
    );
    expect(d.reasons.map((r) => `${r.effect} ${r.package} ${r.msg} ${r.location}`)).toEqual([
      "deny agent.a b a.snap:3",
      "deny agent.a b a.snap:7",
      "deny agent.y a z.snap:9",
      "deny agent.z a z.snap:9",
      "deny agent.z b z.snap:9",
      "escalate agent.a e agent/a.snap:1",
    ]);
  });

  test("object reasons keep their other fields as details", () => {
    const d = decide(fixedEvaluator(verdict("agent.p", { escalate: [{ msg: "charges over 500 EUR need a human", limit: 500, currency: "EUR" }] })), POLICY_HASH, inputFor());
    expect(d.reasons).toEqual([
      { effect: "escalate", package: "agent.p", msg: "charges over 500 EUR need a human", location: "agent/p.snap:1", details: { currency: "EUR", limit: 500 } },
    ]);
  });

  test("obligations are JSON, sorted by canonical JSON and de-duplicated across packages", () => {
    const refund = { type: "compensate", tool: "payments.refund" };
    const d = decide(
      fixedEvaluator(
        verdict("agent.a", { allow: true, obligations: [{ type: "notify", channel: "#payments" }, refund] }),
        verdict("agent.b", { obligations: [{ tool: "payments.refund", type: "compensate" }, SetValue.from(["b", "a"])] }),
      ),
      POLICY_HASH,
      inputFor(),
    );
    expect(d.effect).toBe("allow");
    // Canonical JSON order: `["a","b"]` < `{"channel"…` < `{"tool"…`.
    expect(d.obligations).toEqual([["a", "b"], { type: "notify", channel: "#payments" }, refund]);
  });

  test("the same verdicts in another package order give the same bytes", () => {
    const a = verdict("agent.a", { deny: ["x", { msg: "y", n: 1 }], obligations: [{ k: 1 }, { k: 2 }] });
    const b = verdict("agent.b", { escalate: ["z"], allow: true, obligations: [{ k: 2 }] });
    const one = serializeDecision(decide(fixedEvaluator(a, b), POLICY_HASH, inputFor()));
    const two = serializeDecision(decide(fixedEvaluator(b, a), POLICY_HASH, inputFor()));
    expect(one).toBe(two);
  });
});

describe("input_hash", () => {
  test("is sha256 of the RFC 8785 canonical JSON of the input, computed independently here", () => {
    const input = { proposal: { tool: "t", id: "p-1", agent: "a", args: { b: 2, a: [1, "x"] } } };
    // Canonical JSON by hand: keys sorted, no whitespace.
    const canonical = '{"proposal":{"agent":"a","args":{"a":[1,"x"],"b":2},"id":"p-1","tool":"t"}}';
    const expected = "sha256:" + createHash("sha256").update(canonical, "utf8").digest("hex");
    expect(decide(fixedEvaluator(verdict("agent.a", { allow: true })), POLICY_HASH, input).input_hash).toBe(expected);
  });

  test("does not depend on key order or on whitespace of the recorded text", () => {
    const a = JSON.parse('{"proposal": {"id": "p-1", "agent": "a", "tool": "t", "args": {"x": 1, "y": [true, null]}}, "context": {"env": "prod"}}');
    const b = JSON.parse('{"context":{"env":"prod"},"proposal":{"args":{"y":[true,null],"x":1},"tool":"t","agent":"a","id":"p-1"}}');
    const ev = fixedEvaluator(verdict("agent.a", { allow: true }));
    expect(decide(ev, POLICY_HASH, a).input_hash).toBe(decide(ev, POLICY_HASH, b).input_hash);
  });

  test("changes when any value changes", () => {
    const ev = fixedEvaluator(verdict("agent.a", { allow: true }));
    const h1 = decide(ev, POLICY_HASH, inputFor("t", { context: { env: "prod" } })).input_hash;
    const h2 = decide(ev, POLICY_HASH, inputFor("t", { context: { env: "staging" } })).input_hash;
    expect(h1).not.toBe(h2);
  });

  test("is skipped with hashes: false", () => {
    const d = decide(fixedEvaluator(verdict("agent.a", { allow: true })), POLICY_HASH, inputFor(), { hashes: false });
    expect(d).not.toHaveProperty("input_hash");
    expect(d.effect).toBe("allow");
  });

  test("big integers are hashed by their exact digits", () => {
    const ev = fixedEvaluator(verdict("agent.a", { allow: true }));
    const a = decide(ev, POLICY_HASH, inputFor("t", { context: { n: 9007199254740993n } })).input_hash;
    const b = decide(ev, POLICY_HASH, inputFor("t", { context: { n: 9007199254740992n } })).input_hash;
    expect(a).not.toBe(b);
    const canonical = '{"context":{"n":9007199254740993},"proposal":{"agent":"billing-bot","args":{"amount":20,"currency":"EUR"},"id":"p-1","tool":"t"}}';
    expect(a).toBe("sha256:" + createHash("sha256").update(canonical).digest("hex"));
  });
});

describe("the evaluator sees the input", () => {
  test("the input document is passed as it is (no copy for plain JSON)", () => {
    const ev = evaluatorDouble(() => [verdict("agent.a", { allow: true })]);
    const input = inputFor();
    decide(ev, POLICY_HASH, input);
    expect(ev.lastInput).toBe(input);
  });

  test("an invalid input never reaches the evaluator", () => {
    const ev = evaluatorDouble(() => [verdict("agent.a", { allow: true })]);
    decide(ev, POLICY_HASH, { proposal: { id: "p", agent: "a" } });
    expect(ev.calls).toBe(0);
  });
});

describe("obligations by effect", () => {
  const obligation = { type: "compensate", tool: "payments.refund" };
  test("an escalated proposal keeps its obligations (it may be committed once approved)", () => {
    const d = decide(fixedEvaluator(verdict("agent.a", { allow: true, obligations: [obligation] }), verdict("agent.b", { escalate: ["over 500"] })), POLICY_HASH, inputFor());
    expect(d.obligations).toEqual([obligation]);
  });

  test("a denied proposal has none: it is never committed", () => {
    const d = decide(fixedEvaluator(verdict("agent.a", { allow: true, obligations: [obligation] }), verdict("agent.b", { deny: ["no"] })), POLICY_HASH, inputFor());
    expect(d.effect).toBe("deny");
    expect(d.obligations).toEqual([]);
  });
});
