/**
 * `snapspace prove` end to end, through the built CLI (CI builds before
 * testing; locally run `npm run build` first): the planted bug of
 * fixtures/broken/ is found, its counterexample reproduces with
 * `snapspace eval --session`, the same seed gives the same run, and the
 * starter library keeps every property of properties/.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/snapspace");
const dir = mkdtempSync(join(tmpdir(), "snapspace-prove-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapspace(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The starter library with payments.snap replaced by the broken copy. */
const BROKEN = ["--policy", "policies/tools.snap", "policies/freeze.snap", "policies/idempotency.snap", "policies/lib", "fixtures/broken/payments.snap", "--data", "policies/data.json"];
/** The starter library without its idempotency package. */
const NO_IDEMPOTENCY = ["--policy", "policies/tools.snap", "policies/freeze.snap", "policies/payments.snap", "policies/lib", "--data", "policies/data.json"];
const PROPS = ["--properties", "properties/"];
const FIXTURES = ["--fixtures", "fixtures/sessions/"];

/** The JSON Lines records of a prove report. */
const recordLines = (stdout: string) => stdout.split("\n").filter((l) => l.startsWith('{"proposal"'));

/** Feed records to `snapspace eval --session` and return its decisions, in order. */
function evalSession(lines: readonly string[], policyArgs: readonly string[]) {
  const file = join(dir, `case-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, lines.join("\n") + "\n");
  const r = snapspace(["eval", file, "--session", "--format", "jsonl", ...policyArgs]);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { effect: string; reasons: { msg: string }[] });
}

describe("snapspace prove on the deliberately broken payments policy", () => {
  let first: ReturnType<typeof snapspace>;
  beforeAll(() => {
    first = snapspace(["prove", ...BROKEN, ...PROPS, ...FIXTURES, "--seed", "7"]);
  });

  it("finds the planted currency gap within the default number of runs, and exits 1", () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("prove: up to 500 cases from 56 recorded proposals, seed 7");
    expect(first.stdout).toMatch(/✗ violation found after \d+ cases \(seed 7; shrunk \d+ times\)/);
    expect(first.stdout).toMatch(/a charge in \S+, a currency without a hard limit, was allowed {2}\(properties\.payments, properties\/payments\.snap:\d+\)/);
    expect(first.stdout).toContain("its decision:\n  effect: allow\n  reasons: none");
  });

  it("prints the counterexample as records that `snapspace eval --session` decides the same way, breaking the property", () => {
    const lines = recordLines(first.stdout);
    expect(lines.length).toBeGreaterThan(0);
    const decisions = evalSession(lines, BROKEN);
    expect(decisions).toHaveLength(lines.length);
    const last = JSON.parse(lines[lines.length - 1]!) as { proposal: { tool: string; args: { currency: unknown; amount: unknown } } };
    // What the property says must never happen: an allowed charge in a currency outside the hard-limit table.
    expect(decisions[decisions.length - 1]!.effect).toBe("allow");
    expect(last.proposal.tool).toBe("payments.charge");
    expect(["EUR", "USD", "GBP", "JPY"]).not.toContain(last.proposal.args.currency);
    // The real payments policy denies the very same records.
    const fixed = evalSession(lines, ["--policy", "policies/"]);
    expect(fixed[fixed.length - 1]!.effect).toBe("deny");
  });

  it("prints the same counterexample when run again with the same seed", () => {
    const again = snapspace(["prove", ...BROKEN, ...PROPS, ...FIXTURES, "--seed", "7"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe(first.stdout);
  });

  it("prints the seed it chose when none is given, and that seed repeats the run", () => {
    const r = snapspace(["prove", ...BROKEN, ...PROPS, ...FIXTURES]);
    expect(r.code).toBe(1);
    const m = /seed (-?\d+) \(pass --seed \1 to run the same cases again\)/.exec(r.stdout);
    expect(m).not.toBeNull();
    const again = snapspace(["prove", ...BROKEN, ...PROPS, ...FIXTURES, "--seed", m![1]!]);
    // Everything after the first line (which says whether the seed was chosen) is the same.
    expect(again.stdout.split("\n").slice(1)).toEqual(r.stdout.split("\n").slice(1));
  });

  it("finds it from a JSON Schema of the tool's arguments too", () => {
    const schema = join(dir, "charge.schema.json");
    writeFileSync(
      schema,
      JSON.stringify({
        title: "payments.charge",
        type: "object",
        properties: { amount: { type: "number", minimum: 0, maximum: 50_000 }, currency: { enum: ["EUR", "USD", "GBP", "JPY", "CHF"] } },
        required: ["amount", "currency"],
      }),
    );
    const r = snapspace(["prove", ...BROKEN, ...PROPS, "--schema", schema, "--agent", "billing-bot", "--seed", "3"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("from the schema of payments.charge");
    const lines = recordLines(r.stdout);
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as { proposal: { agent: string; args: { currency: string } } };
    expect(record.proposal.agent).toBe("billing-bot");
    expect(record.proposal.args.currency).toBe("CHF");
    expect(evalSession(lines, BROKEN)[0]!.effect).toBe("allow");
  });
});

describe("snapspace prove on a policy set whose history matters", () => {
  it("prints the earlier records of the session, and eval --session reproduces the duplicate", () => {
    const r = snapspace(["prove", ...NO_IDEMPOTENCY, ...PROPS, ...FIXTURES, "--seed", "1"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/idempotency key \S+ was allowed twice in one session/);
    const lines = recordLines(r.stdout);
    expect(lines.length).toBeGreaterThan(1);
    const records = lines.map((l) => JSON.parse(l) as { proposal: { session: string; idempotency_key?: string } });
    expect(new Set(records.map((x) => x.proposal.session)).size).toBe(1);
    const decisions = evalSession(lines, NO_IDEMPOTENCY);
    const key = records[records.length - 1]!.proposal.idempotency_key;
    expect(decisions[decisions.length - 1]!.effect).toBe("allow");
    // An earlier record with the same key was allowed too: the property's violation, reproduced.
    expect(records.slice(0, -1).some((x, i) => x.proposal.idempotency_key === key && decisions[i]!.effect === "allow")).toBe(true);
  });
});

describe("snapspace prove on the starter library", () => {
  it("keeps every property of properties/ (exit 0) and says how many cases it tried", () => {
    const r = snapspace(["prove", "--policy", "policies/", ...PROPS, ...FIXTURES, "--seed", "20251123"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("properties: properties.freeze, properties.idempotency, properties.payments, properties.tools");
    expect(r.stdout).toMatch(/✓ no violation in 500 cases \(decided: allow \d+, deny \d+, escalate \d+\)/);
  });
});

describe("snapspace prove refuses what it cannot use (exit 2)", () => {
  it("properties without a `violation` rule", () => {
    const r = snapspace(["prove", "--policy", "policies/", "--properties", "policies/payments.snap", ...FIXTURES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: no `violation` rule in `policies/payments.snap`");
  });

  it("nothing to generate from", () => {
    const r = snapspace(["prove", "--policy", "policies/", ...PROPS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("there is nothing to generate cases from");
    expect(r.stderr).toContain("--fixtures");
  });

  it("an invalid fixture, with its file and line", () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"proposal": {"id": "p-1", "agent": "a", "tool": "t"}}\n{"proposal": {"id": 7}}\n');
    const r = snapspace(["prove", "--policy", "policies/", ...PROPS, "--fixtures", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:2:/);
    expect(r.stderr).toContain("1 invalid record in the fixtures");
  });

  it("a schema that does not name its tool", () => {
    const schema = join(dir, "anon.json");
    writeFileSync(schema, JSON.stringify({ type: "object" }));
    const r = snapspace(["prove", "--policy", "policies/", ...PROPS, "--schema", schema]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("does not say which tool it describes");
    expect(r.stderr).toContain("--schema payments.charge=");
  });

  it("a properties file with errors, rendered with a caret", () => {
    const props = join(dir, "broken-props.snap");
    writeFileSync(props, "package p\n\nviolation contains x if {\n  x := \n}\n");
    const r = snapspace(["prove", "--policy", "policies/", "--properties", props, ...FIXTURES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken-props\.snap:\d+:\d+/);
    expect(r.stderr).toContain("^");
    expect(r.stderr).toContain("error: the properties have");
  });

  it("a bad --runs", () => {
    const r = snapspace(["prove", "--policy", "policies/", ...PROPS, ...FIXTURES, "--runs", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("`0` is not a positive whole number for --runs");
  });
});
