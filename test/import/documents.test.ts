import { describe, expect, it } from "vitest";
import { importDocument, importLine } from "../../src/import/documents.js";
import type { Diagnostic } from "../../src/source/diagnostic.js";

const call = (id: string, name: string, args: string) => ({
  role: "assistant",
  content: null,
  tool_calls: [{ id, type: "function", function: { name, arguments: args } }],
});
const result = (id: string, content: string) => ({ role: "tool", tool_call_id: id, content });
const conversation = (id: string, args = "{}") => [{ role: "user", content: `ask ${id}` }, call(id, "lookup", args), result(id, "{}")];

/** The source text a diagnostic's span covers. */
const spanned = (text: string, d: Diagnostic) => text.slice(d.span!.start, d.span!.end);

describe("importDocument (openai-chat)", () => {
  it("reads a JSON array of messages as one conversation named after the file", () => {
    const out = importDocument("openai-chat", JSON.stringify(conversation("c1")), "chats/one.json");
    expect(out.diagnostics).toEqual([]);
    expect(out.records.map((r) => [r.proposal.session, r.proposal.agent, r.proposal.id])).toEqual([["chats/one.json", "assistant", "c1"]]);
  });

  it("reads an object with `messages`, and an array of conversations, one session each", () => {
    const single = importDocument("openai-chat", JSON.stringify({ model: "gpt-4o", messages: conversation("c1") }), "a.json", { session: "s" });
    expect(single.records.map((r) => r.proposal.session)).toEqual(["s"]);
    const many = importDocument("openai-chat", JSON.stringify([conversation("c1"), { messages: conversation("c2") }]), "b.json");
    expect(many.records.map((r) => [r.proposal.session, r.proposal.id])).toEqual([
      ["b.json[0]", "c1"],
      ["b.json[1]", "c2"],
    ]);
  });

  it("applies --agent and --now to every record", () => {
    const out = importDocument("openai-chat", JSON.stringify(conversation("c1")), "a.json", { agent: "bot", now: "2026-01-02T10:00:00Z" });
    expect(out.records[0]).toMatchObject({ proposal: { agent: "bot" }, context: { now: "2026-01-02T10:00:00Z" } });
  });

  it("points a malformed-arguments diagnostic at the arguments in the file, line and column", () => {
    const text = JSON.stringify([{ role: "user", content: "go" }, call("c1", "book", '{"seats": 2,')], null, 2);
    const out = importDocument("openai-chat", text, "pretty.json");
    // Only the arguments are reported: the call is left out, so its missing result is not.
    expect(out.diagnostics).toHaveLength(1);
    const d = out.diagnostics.find((x) => x.code === "malformed_tool_arguments")!;
    expect(d.severity).toBe("error");
    expect(spanned(text, d)).toBe(JSON.stringify('{"seats": 2,'));
    const line = text.split("\n").findIndex((l) => l.includes('"arguments"')) + 1;
    expect([d.span!.file, d.span!.line]).toEqual(["pretty.json", line]);
    expect(text.split("\n")[line - 1]!.slice(d.span!.col - 1)).toMatch(/^"\{\\"seats/);
  });

  it("falls back to JSON Lines when the text is not one JSON value, naming sessions FILE:LINE", () => {
    const text = [JSON.stringify(conversation("c1")), "", JSON.stringify({ messages: conversation("c2") }), ""].join("\n");
    const out = importDocument("openai-chat", text, "chats.jsonl");
    expect(out.diagnostics).toEqual([]);
    expect(out.records.map((r) => [r.proposal.session, r.proposal.id])).toEqual([
      ["chats.jsonl:1", "c1"],
      ["chats.jsonl:3", "c2"],
    ]);
  });

  it("reports a malformed line with its line number and still imports the other lines", () => {
    // The result of the call left out is not reported as answering nothing: it belongs to that call.
    const lines = [JSON.stringify(conversation("c1")), '[{"role": "user", "content": ', JSON.stringify(conversation("c3", '{"a": ]}'))];
    const text = lines.join("\n");
    const out = importDocument("openai-chat", text, "chats.jsonl");
    expect(out.records.map((r) => r.proposal.id)).toEqual(["c1"]);
    expect(out.diagnostics.map((d) => [d.code, d.span?.line])).toEqual([
      ["malformed_json", 2],
      ["malformed_tool_arguments", 3],
    ]);
    const args = out.diagnostics[1]!;
    expect(spanned(text, args)).toBe(JSON.stringify('{"a": ]}'));
    expect(lines[2]!.slice(args.span!.col - 1)).toMatch(/^"\{\\"a\\": \]\}"/);
  });

  it("reports a document that is not JSON at the place the parser stopped", () => {
    const text = '[{"role": "user",\n  "content": nope}]';
    const out = importDocument("openai-chat", text, "bad.json");
    expect(out.records).toEqual([]);
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ code: "malformed_json", severity: "error", span: { file: "bad.json", line: 2 } });
    expect(out.diagnostics[0]!.message).toMatch(/^not valid JSON: /);
  });
});

describe("importLine", () => {
  it("gives spans on the line's own number, offset into the file", () => {
    const line = JSON.stringify(conversation("c1", "{oops"));
    const out = importLine("openai-chat", line, 7, "x.jsonl", {}, 1000);
    const d = out.diagnostics.find((x) => x.code === "malformed_tool_arguments")!;
    expect(d.span).toMatchObject({ file: "x.jsonl", line: 7, endLine: 7 });
    expect(line.slice(d.span!.start - 1000, d.span!.end - 1000)).toBe('"{oops"');
    expect(d.span!.col).toBe(d.span!.start - 1000 + 1);
  });

  it("skips blank lines", () => {
    expect(importLine("openai-chat", "   ", 1, "x.jsonl")).toEqual({ records: [], diagnostics: [] });
  });

  it("uses --session as the base of FILE:LINE names", () => {
    const out = importLine("openai-chat", JSON.stringify(conversation("c1")), 4, "x.jsonl", { session: "support" });
    expect(out.records[0]!.proposal.session).toBe("support:4");
  });
});

describe("importDocument (tau-bench)", () => {
  const run = (task_id: unknown, trial: unknown, reward: unknown, traj: unknown) => ({ task_id, trial, reward, info: {}, traj });

  it("makes one session per run, tau-<task_id>-<trial>, with the τ-bench clock and the reward in meta", () => {
    const text = JSON.stringify([run(4, 2, 1.0, conversation("call_a")), run(5, 0, 0.0, conversation("call_b"))]);
    const out = importDocument("tau-bench", text, "runs.json");
    expect(out.diagnostics).toEqual([]);
    expect(out.records.map((r) => [r.proposal.session, r.proposal.id, r.proposal.agent, r.proposal.meta, r.context.now])).toEqual([
      ["tau-4-2", "call_a", "tau-bench-agent", { reward: 1 }, "2024-05-15T15:00:00-05:00"],
      ["tau-5-0", "call_b", "tau-bench-agent", { reward: 0 }, "2024-05-15T15:00:00-05:00"],
    ]);
  });

  it("lets --now, --agent and --session (the prefix) override the defaults", () => {
    const out = importDocument("tau-bench", JSON.stringify([run(1, 0, 1, conversation("c"))]), "r.json", { now: "2026-01-01T00:00:00Z", agent: "gpt", session: "retail" });
    expect(out.records[0]).toMatchObject({ proposal: { session: "retail-1-0", agent: "gpt" }, context: { now: "2026-01-01T00:00:00Z" } });
  });

  it("reports a run without a task id or trajectory, pointing into the file, and imports the rest", () => {
    const text = JSON.stringify([run(1, 0, 1, conversation("c")), { trial: 0, traj: [] }, run(3, 1, 0, "not messages")], null, 1);
    const out = importDocument("tau-bench", text, "r.json");
    expect(out.records.map((r) => r.proposal.session)).toEqual(["tau-1-0"]);
    expect(out.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["malformed_run", "τ-bench run 1 has no valid `task_id`"],
      ["malformed_run", "τ-bench run 2 has no valid `traj`"],
    ]);
    expect(spanned(text, out.diagnostics[1]!)).toBe('"not messages"');
  });

  it("reads JSON Lines of runs", () => {
    const text = [JSON.stringify(run(1, 0, 1, conversation("c"))), JSON.stringify(run(2, 3, 0, conversation("d")))].join("\n");
    expect(importDocument("tau-bench", text, "r.jsonl").records.map((r) => r.proposal.session)).toEqual(["tau-1-0", "tau-2-3"]);
  });
});
