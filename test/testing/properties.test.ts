// Properties files: `violation` sets evaluated with the input and `input.decision`, against the policy's data;
// checkProperties over the starter library (holds) and the deliberately broken payments policy (caught).
import { beforeAll, describe, expect, it } from "vitest";
import { PolicyError, compile } from "../../src/api/compile.js";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import type { RecordedProposal } from "../../src/decision/schemas.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { checkProperties, mutatedSessionsArb, policyData, PropertyFailure, PropertySet, readRecordsFile } from "../../src/testing/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const POLICY = compile({ modules: [{ file: "p.snap", source: 'package p\n\nallow if input.proposal.tool == "read"\n' }], data: { limits: { max: 3 } } });
const input = (tool: string) => ({ proposal: { id: "p-1", agent: "a", tool, args: { n: 5 } }, history: [] });

describe("PropertySet", () => {
  const properties = PropertySet.compile(
    [
      {
        file: "props.snap",
        source: `package props

violation contains "a write was allowed" if {
	input.decision.effect == "allow"
	input.proposal.tool == "write"
}

violation contains {"msg": "over the configured maximum", "n": input.proposal.args.n} if {
	input.proposal.args.n > data.limits.max
	input.decision.effect == "allow"
}
`,
      },
      { file: "more.snap", source: 'package more.checks\n\nviolation contains "denied" if input.decision.effect == "deny"\n' },
    ],
    { data: policyData(POLICY) },
  );

  it("lists the packages that define `violation`", () => {
    expect(properties.packages).toEqual(["more.checks", "props"]);
  });

  it("evaluates every violation set with input.decision, reading the policy's data; object reasons keep their fields", () => {
    const read = input("read");
    expect(properties.violations(read, POLICY.decide(read))).toEqual([
      { package: "props", msg: "over the configured maximum", location: "props.snap:8", details: { n: 5 } },
    ]);
    const write = input("write");
    // `write` is denied by the policy (no allow): only the deny property fires.
    expect(properties.violations(write, POLICY.decide(write))).toEqual([{ package: "more.checks", msg: "denied", location: "more.snap:3" }]);
    // Judged against a made-up decision, the write property fires.
    expect(properties.violations(write, { ...POLICY.decide(read), effect: "allow" }).map((v) => v.msg)).toEqual(["a write was allowed", "over the configured maximum"]);
  });

  const refused = (modules: { file: string; source: string }[]) => {
    try {
      PropertySet.compile(modules);
    } catch (e) {
      return e;
    }
    throw new Error("compiled");
  };

  it("refuses files without `violation`, a `violation` that is not a set, and files with errors", () => {
    const none = refused([{ file: "x.snap", source: "package x\n\nallow := true\n" }]);
    expect(isSnapError(none) && none.code).toBe("no_properties");
    expect((none as Error).message).toContain("`x.snap`");
    const complete = refused([{ file: "y.snap", source: 'package y\n\nviolation := "no"\n' }]);
    expect(isSnapError(complete) && complete.code).toBe("violation_not_a_set");
    expect((complete as { location?: { line: number } }).location?.line).toBe(3);
    const broken = refused([{ file: "z.snap", source: "package z\n\nviolation contains x if {\n" }]);
    expect(broken).toBeInstanceOf(PolicyError);
  });

  it("reports a property that fails to evaluate as a SnapError", () => {
    const p = PropertySet.compile([{ file: "e.snap", source: 'package e\n\nv := 1 if input.proposal.tool == "read"\nv := 2 if input.proposal.tool == "read"\n\nviolation contains "x" if v\n' }]);
    const read = input("read");
    let error: unknown;
    try {
      p.violations(read, POLICY.decide(read));
    } catch (e) {
      error = e;
    }
    // OPA's error for a complete rule with two values.
    expect(isSnapError(error) && error.code).toBe("eval_conflict");
  });
});

describe("checkProperties with properties/", () => {
  let records: RecordedProposal[];
  let library: CompiledPolicy;
  let properties: PropertySet;
  beforeAll(async () => {
    records = await readRecordsFile(`${ROOT}fixtures/sessions/`);
    library = await loadPolicies([`${ROOT}policies/`]);
    properties = await PropertySet.load([`${ROOT}properties/`], { data: policyData(library) });
  });

  it("the starter library keeps every property", () => {
    expect(properties.packages).toEqual(["properties.freeze", "properties.idempotency", "properties.payments", "properties.tools"]);
    const s = checkProperties(library, properties, mutatedSessionsArb(records), { numRuns: 150, seed: 21 });
    expect(s.effects.allow).toBeGreaterThan(10);
  });

  it("the broken payments policy is caught: a charge in a currency without limits is allowed", async () => {
    const broken = await loadPolicies(
      ["tools.snap", "freeze.snap", "idempotency.snap", "lib"].map((p) => `${ROOT}policies/${p}`).concat(`${ROOT}fixtures/broken/payments.snap`),
      { data: [`${ROOT}policies/data.json`] },
    );
    let failure: PropertyFailure | undefined;
    try {
      checkProperties(broken, properties, mutatedSessionsArb(records), { numRuns: 500, seed: 22 });
    } catch (e) {
      if (!(e instanceof PropertyFailure)) throw e;
      failure = e;
    }
    expect(failure).toBeDefined();
    expect(failure!.violations.join("\n")).toMatch(/a charge in .*, a currency without a hard limit, was allowed \(properties\.payments, .*payments\.snap:\d+\)/);
    const last = JSON.parse(failure!.records.lines[failure!.records.lines.length - 1]!);
    expect(last.proposal.tool).toBe("payments.charge");
    expect(["EUR", "USD", "GBP", "JPY"]).not.toContain(last.proposal.args.currency);
    expect(failure!.counterexample.decision.effect).toBe("allow");
  });
});
