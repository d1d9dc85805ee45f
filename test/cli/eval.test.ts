/**
 * `snapspace eval` end to end, through the built CLI (CI builds before testing;
 * locally run `npx tsc -p tsconfig.build.json` first).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/snapspace");
const dir = mkdtempSync(join(tmpdir(), "snapspace-eval-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapspace(args: string[], options: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? dir, encoding: "utf8", input: options.input ?? "", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const jsonLines = (text: string) => text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

// A small policy set: charges up to 500 allowed, above escalate, over 10,000 denied;
// a duplicate of an allowed idempotency key denied; refunds not allowed at all (default deny).
const POLICY = `package agent.pay

allow if input.proposal.tool == "payments.charge"

escalate contains "over 500" if input.proposal.args.amount > 500

deny contains "over the hard limit" if input.proposal.args.amount > 10000

deny contains "duplicate" if {
	some h in input.history
	h.effect == "allow"
	h.proposal.idempotency_key == input.proposal.idempotency_key
}

obligations contains {"type": "compensate", "tool": "payments.refund"} if input.proposal.tool == "payments.charge"
`;
// The baseline: the old limit was 1,000 instead of 500.
const BASELINE = POLICY.replace("> 500", "> 1000").replace("over 500", "over 1000");

function charge(id: string, amount: number, extra: Record<string, unknown> = {}, expect?: string, session?: string, key?: string) {
  return JSON.stringify({
    proposal: { id, agent: "billing-bot", tool: "payments.charge", args: { amount, currency: "EUR" }, ...(session ? { session } : {}), ...(key ? { idempotency_key: key } : {}) },
    ...extra,
    ...(expect ? { expect } : {}),
  });
}

beforeAll(() => {
  write("pay.snap", POLICY);
  write("baseline.snap", BASELINE);
  write("good.jsonl", [charge("p-1", 20, {}, "allow"), charge("p-2", 740, {}, "escalate"), charge("p-3", 20000, {}, "deny")].join("\n") + "\n");
  write("wrong.jsonl", [charge("p-1", 20, {}, "allow"), charge("p-2", 740, {}, "allow")].join("\n") + "\n");
});

describe("exit codes", () => {
  it("0 when every expectation is met", () => {
    const r = snapspace(["eval", "good.jsonl", "--policy", "pay.snap"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("1 when an expectation is not met, and the mismatch is reported", () => {
    const r = snapspace(["eval", "wrong.jsonl", "--policy", "pay.snap"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("wrong.jsonl:2  p-2  payments.charge  expected allow, got escalate");
    expect(r.stdout).toContain("expectations: 1 of 2 met");
  });

  it("1 with --fail-on when a decision has that effect, 0 when none has", () => {
    expect(snapspace(["eval", "good.jsonl", "--policy", "pay.snap", "--fail-on", "deny"]).code).toBe(1);
    expect(snapspace(["eval", "good.jsonl", "--policy", "pay.snap", "--fail-on", "escalate"]).code).toBe(1);
    write("small.jsonl", charge("p-1", 20) + "\n");
    expect(snapspace(["eval", "small.jsonl", "--policy", "pay.snap", "--fail-on", "deny,escalate"]).code).toBe(0);
  });

  it("2 for a bad --fail-on value, a missing records file, a policy error", () => {
    const bad = snapspace(["eval", "good.jsonl", "--policy", "pay.snap", "--fail-on", "allow"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("`allow` is not an effect to fail on");
    const missing = snapspace(["eval", "nope.jsonl", "--policy", "pay.snap"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or folder `nope.jsonl`");
    write("broken.snap", "package agent.broken\n\nallow if {\n");
    const policy = snapspace(["eval", "good.jsonl", "--policy", "broken.snap"]);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain("broken.snap:");
  });

  it("2 without --policy (usage)", () => {
    expect(snapspace(["eval", "good.jsonl"]).code).toBe(2);
  });

  it("2 for a folder with no records or no policies in it: a wrong path must not pass CI by checking nothing", () => {
    mkdirSync(join(dir, "no-records"), { recursive: true });
    write("no-records/notes.txt", "not a records file\n");
    const records = snapspace(["eval", "no-records", "--policy", "pay.snap"]);
    expect(records.code).toBe(2);
    expect(records.stderr).toContain("no records files in `no-records`");
    expect(records.stdout).not.toContain("0 records decided");
    mkdirSync(join(dir, "no-policies"), { recursive: true });
    const policies = snapspace(["eval", "good.jsonl", "--policy", "no-policies"]);
    expect(policies.code).toBe(2);
    expect(policies.stderr).toContain("no policy or data files in `no-policies`");
    // An empty records file named explicitly is a file with no records, not a mistake in the path.
    write("empty.jsonl", "");
    expect(snapspace(["eval", "empty.jsonl", "--policy", "pay.snap"]).code).toBe(0);
  });
});

describe("a malformed line in the middle", () => {
  beforeAll(() => {
    write(
      "mixed.jsonl",
      [
        charge("p-1", 20, {}, "allow"),
        '{"proposal": {"id": "p-2", "agent": "billing-bot", "tool": 42}, "expect": "allow"}',
        "{not json",
        "",
        charge("p-5", 740, {}, "escalate"),
      ].join("\n") + "\n",
    );
  });

  it("is reported with file:line and field, the others are decided, exit 2", () => {
    const r = snapspace(["eval", "mixed.jsonl", "--policy", "pay.snap", "--format", "jsonl"]);
    expect(r.code).toBe(2);
    // Both problems, located: the field's value (`42`) is at column 60 of line 2.
    expect(r.stderr).toContain("mixed.jsonl:2:60: error: proposal.tool: expected a string, got number [invalid_record]");
    expect(r.stderr).toMatch(/mixed\.jsonl:3:\d+: error: line is not JSON/);
    // The valid records before and after are decided.
    expect(jsonLines(r.stdout).map((d) => [d["proposal_id"], d["effect"]])).toEqual([
      ["p-1", "allow"],
      ["p-5", "escalate"],
    ]);
  });

  it("pretty output marks the invalid lines and counts them", () => {
    const r = snapspace(["eval", "mixed.jsonl", "--policy", "pay.snap"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^\s+2\s+invalid record/m);
    expect(r.stdout).toContain("2 invalid records");
  });

  it("json output carries the errors with their locations", () => {
    const r = snapspace(["eval", "mixed.jsonl", "--policy", "pay.snap", "--format", "json"]);
    const doc = JSON.parse(r.stdout) as { records: Record<string, any>[]; summary: Record<string, any> };
    expect(doc.records.map((e) => e["line"])).toEqual([1, 2, 3, 5]);
    expect(doc.records[1]!["errors"]).toEqual([{ code: "invalid_record", message: "proposal.tool: expected a string, got number", location: "mixed.jsonl:2:60" }]);
    expect(doc.summary["invalid_records"]).toBe(2);
    expect(doc.summary["exit_code"]).toBe(2);
  });
});

describe("a line nested too deeply for the stack, between good ones", () => {
  it("is that line's error; the lines after it are still decided", () => {
    const deep = `{"proposal": {"id": "p-2", "agent": "billing-bot", "tool": "payments.charge", "args": {"x": ${"[".repeat(20_000)}${"]".repeat(20_000)}}}}`;
    write("deep.jsonl", [charge("p-1", 20), deep, charge("p-3", 740)].join("\n") + "\n");
    const r = snapspace(["eval", "deep.jsonl", "--policy", "pay.snap", "--format", "jsonl"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deep\.jsonl:2:\d+: error: proposal\.args\.x\[0\]\[0\].*: nested more than 1000 levels deep.* \[invalid_record\]/);
    expect(r.stderr).not.toContain("cannot read");
    expect(jsonLines(r.stdout).map((d) => [d["proposal_id"], d["effect"]])).toEqual([
      ["p-1", "allow"],
      ["p-3", "escalate"],
    ]);
  });
});

describe("formats", () => {
  it("jsonl: one canonical decision a line, with hashes", () => {
    const r = snapspace(["eval", "good.jsonl", "--policy", "pay.snap", "--format", "jsonl"]);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const d = JSON.parse(line) as Record<string, unknown>;
      // Canonical: keys sorted, no whitespace.
      expect(Object.keys(d)).toEqual([...Object.keys(d)].sort());
      expect(line).not.toMatch(/": /);
      expect(d["input_hash"]).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(d["policy_hash"]).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    expect(JSON.parse(lines[1]!)).toMatchObject({
      proposal_id: "p-2",
      effect: "escalate",
      reasons: [{ effect: "escalate", package: "agent.pay", msg: "over 500", location: "pay.snap:5" }],
      obligations: [{ type: "compensate", tool: "payments.refund" }],
      errors: [],
    });
  });

  it("json: one document with every decision and a summary", () => {
    const r = snapspace(["eval", "good.jsonl", "--policy", "pay.snap", "--format", "json"]);
    const doc = JSON.parse(r.stdout) as { records: Record<string, any>[]; summary: Record<string, any> };
    expect(doc.records.map((e) => [e["file"], e["line"], e["expect"], e["decision"]["effect"]])).toEqual([
      ["good.jsonl", 1, "allow", "allow"],
      ["good.jsonl", 2, "escalate", "escalate"],
      ["good.jsonl", 3, "deny", "deny"],
    ]);
    expect(doc.summary).toMatchObject({ records: 3, effects: { allow: 1, deny: 1, escalate: 1 }, expectations: { checked: 3, met: 3, mismatched: 0 }, exit_code: 0 });
  });

  it("junit: valid XML, one testcase per record with an expect, a failure on mismatch", () => {
    write("partly.jsonl", [charge("p-1", 20, {}, "allow"), charge("p-2", 740, {}, "allow"), charge("p-3", 30), "{oops"].join("\n") + "\n");
    const r = snapspace(["eval", "partly.jsonl", "good.jsonl", "--policy", "pay.snap", "--format", "junit"]);
    expect(r.code).toBe(2);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase"].includes(name) }).parse(r.stdout) as {
      testsuites: { testsuite: { name: string; tests: string; failures: string; errors: string; testcase: Record<string, any>[] }[] };
    };
    const [partly, good] = xml.testsuites.testsuite;
    expect(partly!.name).toBe("partly.jsonl");
    // p-1 and p-2 have an expect, p-3 does not; the bad line is an errored case.
    expect([partly!.tests, partly!.failures, partly!.errors]).toEqual(["3", "1", "1"]);
    const failed = partly!.testcase.find((t) => t["failure"]);
    expect(failed!["name"]).toBe("p-2 payments.charge (line 2)");
    expect(failed!["failure"]["message"]).toBe("expected allow, got escalate");
    expect(failed!["failure"]["#text"]).toContain("escalate agent.pay: over 500 (pay.snap:5)");
    expect(partly!.testcase.find((t) => t["error"])!["error"]["type"]).toBe("malformed_record");
    expect([good!.tests, good!.failures, good!.errors]).toEqual(["3", "0", "0"]);
  });

  it("junit escapes what XML cannot hold", () => {
    write("odd.jsonl", JSON.stringify({ proposal: { id: 'p-<&"\u0001>', agent: "a", tool: "payments.charge", args: { amount: 1 } }, expect: "deny" }) + "\n");
    const r = snapspace(["eval", "odd.jsonl", "--policy", "pay.snap", "--format", "junit"]);
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
  });

  it("machine formats have no colour even when forced", () => {
    const r = spawnSync(process.execPath, [BIN, "eval", "good.jsonl", "--policy", "pay.snap", "--format", "jsonl"], { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "1" } });
    expect(r.stdout).not.toContain("\x1b[");
  });

  it("a .json array of records works too, with each record's line", () => {
    write("array.json", `[\n  ${charge("p-1", 20, {}, "allow")},\n\n  ${charge("p-2", 740, {}, "escalate")}\n]\n`);
    const r = snapspace(["eval", "array.json", "--policy", "pay.snap", "--format", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { records: Record<string, any>[] };
    expect(doc.records.map((e) => e["line"])).toEqual([2, 4]);
  });

  it("records can come from standard input", () => {
    const r = snapspace(["eval", "-", "--policy", "pay.snap", "--format", "jsonl"], { input: charge("p-1", 20) + "\n" });
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)[0]!["effect"]).toBe("allow");
  });
});

describe("--session", () => {
  beforeAll(() => {
    // Two sessions interleaved; each retries a charge with the same idempotency key.
    write(
      "sessions.jsonl",
      [
        charge("a-1", 20, {}, "allow", "s-a", "k-1"),
        charge("b-1", 30, {}, "allow", "s-b", "k-1"),
        charge("a-2", 20, {}, "deny", "s-a", "k-1"),
        charge("b-2", 30, { result: { charge: "ch_1" } }, "deny", "s-b", "k-1"),
        // No session: no history, so not a duplicate.
        charge("n-1", 20, {}, "allow", undefined, "k-1"),
      ].join("\n") + "\n",
    );
  });

  it("builds each record's history from the earlier records of its session only", () => {
    const r = snapspace(["eval", "sessions.jsonl", "--policy", "pay.snap", "--session", "--format", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { records: Record<string, any>[] };
    expect(doc.records.map((e) => [e["decision"]["proposal_id"], e["decision"]["effect"]])).toEqual([
      ["a-1", "allow"],
      ["b-1", "allow"],
      ["a-2", "deny"],
      ["b-2", "deny"],
      ["n-1", "allow"],
    ]);
  });

  it("without --session no record sees another: the retries are allowed (and the expectations fail)", () => {
    const r = snapspace(["eval", "sessions.jsonl", "--policy", "pay.snap", "--format", "jsonl"]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((d) => d["effect"])).toEqual(["allow", "allow", "allow", "allow", "allow"]);
  });
});

describe("--ledger", () => {
  it("appends every decision, in order, to a chain that verifies and replays without drift", () => {
    const ledger = join(dir, "eval-ledger.jsonl");
    const r = snapspace(["eval", "sessions.jsonl", "--policy", "pay.snap", "--session", "--format", "jsonl", "--ledger", ledger]);
    expect(r.code).toBe(0);
    const records = jsonLines(readFileSync(ledger, "utf8"));
    expect(records.map((x) => [x["seq"], x["decision"]["proposal_id"], x["decision"]["effect"]])).toEqual([
      [1, "a-1", "allow"],
      [2, "b-1", "allow"],
      [3, "a-2", "deny"],
      [4, "b-2", "deny"],
      [5, "n-1", "allow"],
    ]);
    // The session's history is recorded with the input it was decided on.
    expect(records[2]!["input"]["history"]).toHaveLength(1);
    expect(snapspace(["ledger", "verify", ledger]).code).toBe(0);
    expect(snapspace(["replay", ledger, "--policy", "pay.snap"]).code).toBe(0);
    // A second run continues the same chain.
    expect(snapspace(["eval", "sessions.jsonl", "--policy", "pay.snap", "--session", "--format", "jsonl", "--ledger", ledger]).code).toBe(0);
    expect(jsonLines(readFileSync(ledger, "utf8")).map((x) => x["seq"])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(snapspace(["ledger", "verify", ledger]).code).toBe(0);
  });
});

describe("--baseline", () => {
  it("reports every record whose effect changes, with counts by transition", () => {
    write("amounts.jsonl", [charge("p-1", 20), charge("p-2", 740), charge("p-3", 900), charge("p-4", 1500)].join("\n") + "\n");
    const r = snapspace(["eval", "amounts.jsonl", "--policy", "pay.snap", "--baseline", "baseline.snap"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("against the baseline: 2 records changed effect");
    expect(r.stdout).toContain("allow → escalate: 2");
    expect(r.stdout).toContain("amounts.jsonl:2  p-2  payments.charge  allow → escalate");
    const json = JSON.parse(snapspace(["eval", "amounts.jsonl", "--policy", "pay.snap", "--baseline", "baseline.snap", "--format", "json"]).stdout) as { summary: Record<string, any>; records: Record<string, any>[] };
    expect(json.summary["baseline"]).toMatchObject({ changed: 2, transitions: { "allow → escalate": 2 } });
    expect(json.records[1]!["baseline"]["effect"]).toBe("allow");
    // In jsonl, stdout stays decisions only; the changes go to stderr.
    const jsonl = snapspace(["eval", "amounts.jsonl", "--policy", "pay.snap", "--baseline", "baseline.snap", "--format", "jsonl"]);
    expect(jsonLines(jsonl.stdout)).toHaveLength(4);
    expect(jsonl.stderr).toContain("allow → escalate: 2");
  });
});

describe("--data", () => {
  it("merges a YAML file into data", () => {
    write("limit.snap", 'package agent.limit\n\nallow if input.proposal.args.amount <= data.limits.max\n');
    write("limits.yaml", "limits:\n  max: 25\n");
    write("two.jsonl", [charge("p-1", 20, {}, "allow"), charge("p-2", 30, {}, "deny")].join("\n") + "\n");
    expect(snapspace(["eval", "two.jsonl", "--policy", "limit.snap", "--data", "limits.yaml"]).code).toBe(0);
  });
});

describe("--v0-compatible", () => {
  it("reads Rego v0 policies", () => {
    write("v0.rego", 'package agent.old\n\nallow { input.proposal.tool == "payments.charge" }\n\ndeny["too much"] { input.proposal.args.amount > 500 }\n');
    write("v0.jsonl", [charge("p-1", 20, {}, "allow"), charge("p-2", 740, {}, "deny")].join("\n") + "\n");
    expect(snapspace(["eval", "v0.jsonl", "--policy", "v0.rego", "--v0-compatible"]).code).toBe(0);
    expect(snapspace(["eval", "v0.jsonl", "--policy", "v0.rego"]).code).toBe(2);
  });
});

describe("the recorded fixtures over the starter library", () => {
  it("meet every expectation with --session (the README's command)", () => {
    const r = snapspace(["eval", "fixtures/sessions/", "--session", "--policy", "policies/"], { cwd: ROOT });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/expectations: (\d+) of \1 met/);
    expect(r.code).toBe(0);
  });
});

describe("--workers", () => {
  /** Run with 1, 2 and 3 workers; every run must give the same exit code, standard output and standard error. */
  function sameWithWorkers(args: string[], options: { cwd?: string; input?: string } = {}) {
    const one = snapspace([...args, "--workers", "1"], options);
    for (const n of ["2", "3"]) {
      const many = snapspace([...args, "--workers", n], options);
      expect({ code: many.code, stderr: many.stderr }, `--workers ${n}`).toEqual({ code: one.code, stderr: one.stderr });
      // Compared as text, not parsed: byte for byte, in the same order.
      expect(many.stdout === one.stdout, `--workers ${n}: stdout differs`).toBe(true);
    }
    return one;
  }

  beforeAll(() => {
    // 640 records in 40 interleaved sessions (so every batch mixes sessions), each retrying keys, some
    // records without a session, invalid lines scattered through, and a result on some records.
    const lines: string[] = [];
    for (let i = 0; i < 640; i++) {
      const session = i % 11 === 0 ? undefined : `s-${(i * 7) % 40}`;
      const key = `k-${i % 3}`;
      const amount = [20, 740, 20000, 130][i % 4]!;
      lines.push(charge(`p-${i}`, amount, i % 5 === 0 ? { result: { charge: `ch_${i}` } } : {}, undefined, session, key));
      if (i % 97 === 13) lines.push('{"proposal": {"id": "bad", "agent": "billing-bot", "tool": 1}}');
      if (i % 151 === 7) lines.push("{not json");
    }
    write("many.jsonl", lines.join("\n") + "\n");
  });

  for (const format of ["pretty", "json", "jsonl", "junit"]) {
    it(`${format}: the same output with 1, 2 and 3 workers on interleaved sessions with invalid lines`, () => {
      const r = sameWithWorkers(["eval", "many.jsonl", "good.jsonl", "--policy", "pay.snap", "--session", "--format", format]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("many.jsonl:");
    });
  }

  it("the same without --session, and with --baseline (changes on stderr in jsonl, in the document in json)", () => {
    sameWithWorkers(["eval", "many.jsonl", "--policy", "pay.snap", "--format", "jsonl"]);
    const jsonl = sameWithWorkers(["eval", "many.jsonl", "--policy", "pay.snap", "--baseline", "baseline.snap", "--session", "--format", "jsonl"]);
    expect(jsonl.stderr).toContain("against the baseline:");
    sameWithWorkers(["eval", "many.jsonl", "--policy", "pay.snap", "--baseline", "baseline.snap", "--format", "json"]);
  });

  it("session histories stay exact: a retry in a session is a duplicate whatever worker decides it", () => {
    const r = snapspace(["eval", "sessions.jsonl", "--policy", "pay.snap", "--session", "--format", "jsonl", "--workers", "2"]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).map((d) => [d["proposal_id"], d["effect"]])).toEqual([
      ["a-1", "allow"],
      ["b-1", "allow"],
      ["a-2", "deny"],
      ["b-2", "deny"],
      ["n-1", "allow"],
    ]);
  });

  it("the recorded fixtures over the starter library, and standard input", () => {
    sameWithWorkers(["eval", "fixtures/sessions/", "--session", "--policy", "policies/", "--format", "json"], { cwd: ROOT });
    sameWithWorkers(["eval", "-", "--policy", "pay.snap", "--format", "jsonl"], { input: readFileSync(join(dir, "many.jsonl"), "utf8") });
  });

  it("--ledger receives the decisions in record order: the same chain as with one worker, and it replays", () => {
    const ledgers = ["1", "2", "3"].map((n) => {
      const ledger = join(dir, `workers-${n}.ledger.jsonl`);
      const r = snapspace(["eval", "many.jsonl", "--policy", "pay.snap", "--session", "--format", "jsonl", "--ledger", ledger, "--workers", n]);
      expect(r.code).toBe(2);
      return ledger;
    });
    const one = readFileSync(ledgers[0]!, "utf8");
    expect(one.split("\n").filter(Boolean).length).toBe(640);
    for (const other of ledgers.slice(1)) expect(readFileSync(other, "utf8") === one).toBe(true);
    expect(snapspace(["ledger", "verify", ledgers[1]!]).code).toBe(0);
    expect(snapspace(["replay", ledgers[1]!, "--policy", "pay.snap"]).code).toBe(0);
  });

  it("policy errors are reported as with one worker", () => {
    const r = sameWithWorkers(["eval", "good.jsonl", "--policy", "broken.snap"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("broken.snap:");
  });

  it("a number of workers that is not a whole number from 1 is a usage error", () => {
    for (const bad of ["0", "-1", "two", "1.5"]) {
      const r = snapspace(["eval", "good.jsonl", "--policy", "pay.snap", "--workers", bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain("is not a number of workers");
    }
  });
});
