/**
 * `snapspace import` end to end, through the built CLI (CI builds before testing).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/snapspace", import.meta.url));
const TAU = fileURLToPath(new URL("../../../shared/datasets/tau-bench-airline/gpt-4o-airline-even-tasks.json", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "snapspace-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapspace(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (text: string) => text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
const call = (id: string, name: string, args: string) => ({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name, arguments: args } }] });
const answer = (id: string, content: string) => ({ role: "tool", tool_call_id: id, content });

describe("snapspace import", () => {
  it("imports the τ-bench runs to a file: 577 records in 91 sessions, exit 0", () => {
    const r = snapspace("import", "tau-bench", TAU, "-o", "tau.jsonl");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("imported 577 records in 91 sessions from 1 file to tau.jsonl\n");
    const records = lines(readFileSync(join(dir, "tau.jsonl"), "utf8"));
    expect(records).toHaveLength(577);
    expect(Object.keys(records[0]!)).toEqual(["proposal", "context", "result"]);
    expect(records[0]!["proposal"]).toMatchObject({ session: "tau-0-0", agent: "tau-bench-agent", meta: { reward: 0 } });
  });

  it("streams JSON Lines to standard output without -o, one record a line", () => {
    const convo = [{ role: "user", content: "where is my bag?" }, call("c1", "track_bag", '{"tag": "AB12"}'), answer("c1", '{"at": "OSL"}')];
    writeFileSync(join(dir, "chats.jsonl"), [JSON.stringify(convo), JSON.stringify({ messages: convo })].join("\n") + "\n");
    const r = snapspace("import", "openai-chat", "chats.jsonl", "--agent", "bags-bot", "--now", "2026-03-01T09:00:00Z");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(lines(r.stdout)).toEqual(
      [1, 2].map((line) => ({
        proposal: { id: "c1", agent: "bags-bot", tool: "track_bag", args: { tag: "AB12" }, session: `chats.jsonl:${line}` },
        context: { now: "2026-03-01T09:00:00Z", messages: [{ role: "user", content: "where is my bag?" }] },
        result: { at: "OSL" },
      })),
    );
  });

  it("reports malformed arguments and lines with file:line:col, writes every other record, and exits 2", () => {
    const good = [call("g1", "lookup", "{}"), answer("g1", "1")];
    const bad = [call("b1", "lookup", '{"id": 7'), answer("b1", "x"), call("b2", "lookup", '{"id": 8}'), answer("b2", "2")];
    writeFileSync(join(dir, "mixed.jsonl"), [JSON.stringify(good), "{not json", JSON.stringify(bad)].join("\n") + "\n");
    const r = snapspace("import", "openai-chat", "mixed.jsonl", "-o", "mixed-out.jsonl");
    expect(r.code).toBe(2);
    expect(lines(readFileSync(join(dir, "mixed-out.jsonl"), "utf8")).map((x) => x["proposal"].id)).toEqual(["g1", "b2"]);
    expect(r.stderr).toMatch(/^mixed\.jsonl:2:2: error: not valid JSON: .* \[malformed_json\]$/m);
    const col = JSON.stringify(bad).indexOf('"{\\"id\\": 7"') + 1;
    expect(r.stderr).toContain(`mixed.jsonl:3:${col}: error: arguments of tool call \`b1\` (\`lookup\`) in session \`mixed.jsonl:3\` are not valid JSON`);
    expect(r.stderr).toMatch(/\[malformed_tool_arguments\]/);
    expect(r.stderr).toContain("imported 2 records in 2 sessions from 1 file to mixed-out.jsonl (2 errors, 0 warnings)");
  });

  it("shows the offending line of a pretty-printed JSON file with a caret under the arguments", () => {
    const convo = [{ role: "user", content: "book it" }, call("c9", "book", "{seats: 2}")];
    writeFileSync(join(dir, "pretty.json"), JSON.stringify(convo, null, 2));
    const r = snapspace("import", "openai-chat", "pretty.json");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lineNo = JSON.stringify(convo, null, 2).split("\n").findIndex((l) => l.includes('"arguments"')) + 1;
    expect(r.stderr).toMatch(new RegExp(`^pretty\\.json:${lineNo}:\\d+: error: arguments of tool call \`c9\``, "m"));
    expect(r.stderr).toContain(`${lineNo} |           "arguments": "{seats: 2}"`);
    expect(r.stderr).toMatch(/\|\s+\^{12}$/m);
  });

  it("warns about a call without a result and still exits 0", () => {
    writeFileSync(join(dir, "open.json"), JSON.stringify([call("c1", "lookup", "{}")]));
    const r = snapspace("import", "openai-chat", "open.json", "--session", "s-1");
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([{ proposal: { id: "c1", agent: "assistant", tool: "lookup", args: {}, session: "s-1" }, context: { messages: [] } }]);
    expect(r.stderr).toMatch(/open\.json:1:\d+: warning: tool call `c1` \(`lookup`\) has no matching `tool` message \[missing_tool_result\]/);
  });

  it("goes on past a missing file and exits 2", () => {
    writeFileSync(join(dir, "one.json"), JSON.stringify([call("c1", "lookup", "{}"), answer("c1", "1")]));
    const r = snapspace("import", "openai-chat", "nope.json", "one.json");
    expect(r.code).toBe(2);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stderr).toContain("error: no such file `nope.json` [file_not_found]");
  });

  it("rejects an unknown format, with a suggestion, and a --now that is not RFC 3339", () => {
    const format = snapspace("import", "openai", "one.json");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("error: unknown trace format `openai`");
    expect(format.stderr).toContain("did you mean `openai-chat`?");
    const now = snapspace("import", "openai-chat", "one.json", "--now", "yesterday");
    expect(now.code).toBe(2);
    expect(now.stderr).toContain("`--now` is not an RFC 3339 time: `yesterday`");
    expect(now.stdout).toBe("");
  });
});
