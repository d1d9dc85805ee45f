import { describe, expect, it } from "vitest";
import { validateRecord } from "../../src/decision/validate.js";
import { importConversation, type ConversationLabels } from "../../src/import/openai-chat.js";

const labels: ConversationLabels = { session: "s-1", agent: "support-bot", now: "2026-01-02T10:00:00Z" };

/** An assistant message making tool calls; `args` is the raw `arguments` string. */
function calls(...list: [id: string, name: string, args: string][]) {
  return {
    role: "assistant",
    content: null,
    tool_calls: list.map(([id, name, args]) => ({ id, type: "function", function: { name, arguments: args } })),
  };
}
const tool = (id: string, content: string) => ({ role: "tool", tool_call_id: id, content });

describe("importConversation", () => {
  it("makes one record per tool call with parsed arguments, the matching result, and the labels", () => {
    const out = importConversation(
      [
        { role: "system", content: "You are an airline agent." },
        { role: "user", content: "Cancel ABC123 please" },
        calls(["call_1", "get_reservation_details", '{"reservation_id": "ABC123"}']),
        tool("call_1", '{"reservation_id": "ABC123", "cabin": "business"}'),
        { role: "assistant", content: "It is business class. Cancel it?" },
        { role: "user", content: "Yes" },
        calls(["call_2", "cancel_reservation", '{"reservation_id":"ABC123"}']),
        tool("call_2", "Error: reservation already cancelled"),
      ],
      labels,
    );
    expect(out.issues).toEqual([]);
    expect(out.records).toEqual([
      {
        proposal: { id: "call_1", agent: "support-bot", tool: "get_reservation_details", args: { reservation_id: "ABC123" }, session: "s-1" },
        context: { now: "2026-01-02T10:00:00Z", messages: [{ role: "user", content: "Cancel ABC123 please" }] },
        result: { reservation_id: "ABC123", cabin: "business" },
      },
      {
        proposal: { id: "call_2", agent: "support-bot", tool: "cancel_reservation", args: { reservation_id: "ABC123" }, session: "s-1" },
        context: {
          now: "2026-01-02T10:00:00Z",
          messages: [
            { role: "assistant", content: "It is business class. Cancel it?" },
            { role: "user", content: "Yes" },
          ],
        },
        result: "Error: reservation already cancelled",
      },
    ]);
    expect(out.records.map((r) => validateRecord(r).ok)).toEqual([true, true]);
  });

  it("collects only user and assistant turns since the previous tool call, including text spoken with the call", () => {
    const out = importConversation(
      [
        { role: "system", content: "policy" },
        { role: "developer", content: "be terse" },
        { role: "user", content: "hi" },
        { role: "assistant", content: "Looking it up.", tool_calls: calls(["a", "lookup", "{}"]).tool_calls },
        tool("a", "{}"),
        calls(["b", "think", '{"thought": "..."}']),
        tool("b", ""),
        { role: "user", content: [{ type: "text", text: "part one" }, { type: "text", text: "part two" }] },
        { role: "assistant", content: "" },
        calls(["c", "write", "{}"]),
        tool("c", "ok"),
      ],
      labels,
    );
    expect(out.records.map((r) => r.context.messages)).toEqual([
      [
        { role: "user", content: "hi" },
        { role: "assistant", content: "Looking it up." },
      ],
      [],
      [{ role: "user", content: "part one\npart two" }],
    ]);
  });

  it("gives each of several tool calls in one message its own record and matches results by id in any order", () => {
    const out = importConversation(
      [
        { role: "user", content: "both please" },
        calls(["x", "get_user_details", '{"user_id": "u1"}'], ["y", "get_reservation_details", '{"reservation_id": "R1"}']),
        tool("y", '{"reservation_id": "R1"}'),
        tool("x", '{"user_id": "u1"}'),
      ],
      labels,
    );
    expect(out.issues).toEqual([]);
    expect(out.records.map((r) => [r.proposal.id, r.proposal.tool, r.result])).toEqual([
      ["x", "get_user_details", { user_id: "u1" }],
      ["y", "get_reservation_details", { reservation_id: "R1" }],
    ]);
    // The turns belong to the first call of the message; the second call has heard nothing new.
    expect(out.records.map((r) => r.context.messages.length)).toEqual([1, 0]);
  });

  it("reports malformed arguments at their path, leaves that call out, and keeps the others", () => {
    const out = importConversation(
      [
        { role: "user", content: "go" },
        calls(["ok1", "a", '{"n": 1}'], ["bad", "book_reservation", '{"user_id": "u1",'], ["ok2", "c", "{}"]),
        tool("ok1", "1"),
        tool("bad", "Error: invalid arguments"),
        tool("ok2", "3"),
      ],
      labels,
    );
    expect(out.records.map((r) => [r.proposal.id, r.result])).toEqual([
      ["ok1", 1],
      ["ok2", 3],
    ]);
    expect(out.issues).toHaveLength(1);
    const [issue] = out.issues;
    expect(issue).toMatchObject({ code: "malformed_tool_arguments", severity: "error", path: [1, "tool_calls", 1, "function", "arguments"] });
    expect(issue!.message).toContain("`bad`");
    expect(issue!.message).toContain("`book_reservation`");
    expect(issue!.message).toMatch(/^arguments of tool call .* are not valid JSON: /);
  });

  it("rejects arguments that are JSON but not an object", () => {
    const out = importConversation([calls(["a", "f", "[1, 2]"], ["b", "g", '"text"'])], labels);
    expect(out.records).toEqual([]);
    expect(out.issues.map((i) => [i.code, i.message.endsWith("are not a JSON object")])).toEqual([
      ["malformed_tool_arguments", true],
      ["malformed_tool_arguments", true],
    ]);
  });

  it("takes empty or missing arguments as no arguments", () => {
    const out = importConversation([calls(["a", "list_all_airports", ""]), tool("a", "[]")], labels);
    expect(out.records[0]!.proposal.args).toEqual({});
  });

  it("keeps a call without a result, without `result`, and warns", () => {
    const out = importConversation([{ role: "user", content: "go" }, calls(["a", "f", "{}"], ["b", "g", "{}"]), tool("a", "done")], labels);
    expect(out.records.map((r) => Object.hasOwn(r, "result"))).toEqual([true, false]);
    expect(out.issues).toEqual([
      expect.objectContaining({ code: "missing_tool_result", severity: "warning", path: [1, "tool_calls", 1] }),
    ]);
  });

  it("warns about a tool message that answers no call", () => {
    const out = importConversation([calls(["a", "f", "{}"]), tool("a", "1"), tool("zzz", "2")], labels);
    expect(out.records[0]!.result).toBe(1);
    expect(out.issues).toEqual([expect.objectContaining({ code: "unmatched_tool_result", severity: "warning", path: [2] })]);
  });

  it("keeps proposal ids distinct when a transcript repeats a call id, matching each result to its own call", () => {
    const out = importConversation([calls(["dup", "f", '{"i": 1}']), tool("dup", "1"), calls(["dup", "f", '{"i": 2}']), tool("dup", "2")], labels);
    expect(out.records.map((r) => [r.proposal.id, r.proposal.args, r.result])).toEqual([
      ["dup", { i: 1 }, 1],
      ["dup#2", { i: 2 }, 2],
    ]);
  });

  it("names calls without an id after the session and their position", () => {
    const out = importConversation([{ role: "assistant", content: null, tool_calls: [{ type: "function", function: { name: "f", arguments: "{}" } }] }], labels);
    expect(out.records[0]!.proposal.id).toBe("s-1/call-1");
  });

  it("parses results that are JSON and keeps other text as it is", () => {
    const out = importConversation(
      [calls(["a", "f", "{}"], ["b", "f", "{}"], ["c", "f", "{}"], ["d", "f", "{}"]), tool("a", '{"k": [1]}'), tool("b", "255.0"), tool("c", "Transfer successful"), tool("d", "")],
      labels,
    );
    expect(out.records.map((r) => r.result)).toEqual([{ k: [1] }, 255, "Transfer successful", ""]);
  });

  it("keeps integers beyond 2^53 exact in arguments", () => {
    const out = importConversation([calls(["a", "pay", '{"amount": 12345678901234567890}'])], labels);
    expect(out.records[0]!.proposal.args["amount"]).toBe(12345678901234567890n);
  });

  it("reads the legacy `function_call` form, answered by the next `function` message", () => {
    const out = importConversation(
      [{ role: "assistant", content: null, function_call: { name: "get_weather", arguments: '{"city": "Oslo"}' } }, { role: "function", name: "get_weather", content: '{"c": 3}' }],
      labels,
    );
    expect(out.records.map((r) => [r.proposal.tool, r.proposal.args, r.result])).toEqual([["get_weather", { city: "Oslo" }, { c: 3 }]]);
  });

  it("reports messages without a role and tool calls without a name, and goes on", () => {
    const out = importConversation(
      ["hello", { content: "no role" }, { role: "assistant", tool_calls: [{ id: "q", function: {} }, { id: "r", function: { name: "ok", arguments: "{}" } }] }],
      labels,
    );
    expect(out.issues.map((i) => [i.code, i.path])).toEqual([
      ["malformed_message", [0]],
      ["malformed_message", [1]],
      ["malformed_tool_call", [2, "tool_calls", 0]],
      ["missing_tool_result", [2, "tool_calls", 1]],
    ]);
    expect(out.records.map((r) => r.proposal.id)).toEqual(["r"]);
  });

  it("rejects a conversation that is not an array", () => {
    expect(importConversation({ role: "user" }, labels).issues).toEqual([expect.objectContaining({ code: "malformed_conversation", path: [] })]);
  });

  it("carries meta and leaves `now` out when it is not given", () => {
    const out = importConversation([calls(["a", "f", "{}"]), tool("a", "1")], { session: "t", agent: "x", meta: { reward: 0 } });
    expect(out.records[0]!.proposal.meta).toEqual({ reward: 0 });
    expect(out.records[0]!.context).toEqual({ messages: [] });
  });

  it("never reads keys inherited from Object.prototype", () => {
    const out = importConversation([{ role: "assistant", content: null, tool_calls: [{ id: "a", function: { name: "constructor" } }] }], labels);
    expect(out.records[0]!.proposal).toMatchObject({ tool: "constructor", args: {} });
  });
});
