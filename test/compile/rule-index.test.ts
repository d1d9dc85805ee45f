/**
 * Rule indexing (src/compile/rule-index.ts): when many definitions of a rule
 * test the same path of `input` against constants, the compiled back end
 * tries only the definitions whose constant matches. Checked here: the
 * shapes people write are indexed (the test read directly, through a local
 * holding part of `input`, through a helper rule, as membership in a
 * constant set), only the matching definitions run (the definition
 * counters of `CompiledProgram`), shapes that cannot be indexed without
 * changing what the policy means are not, and the results are the
 * language's, whatever the input (the reference interpreter agrees, and the
 * expected values below are read off the rules themselves).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { CompiledProgram } from "../../src/compile/evaluator.js";
import { toJson } from "../../src/value/json.js";
import type { Value } from "../../src/value/types.js";

const N = 12;
const tools = Array.from({ length: N }, (_, i) => `tool-${i}`);

/** A package with one `deny` definition per tool, written in one of the shapes people use. */
function manyRules(rule: (i: number) => string, preamble = ""): string {
  let src = `package agent.many\n\ntool := input.proposal.tool\n${preamble}\n`;
  for (let i = 0; i < N; i++) src += `${rule(i)}\n`;
  return src;
}

const SHAPES: Record<string, string> = {
  "the test first, a sprintf message": manyRules(
    (i) => `deny contains msg if {\n\tinput.proposal.tool == "tool-${i}"\n\tinput.proposal.args.amount > ${i}\n\tmsg := sprintf("tool-${i}: %v is over ${i}", [input.proposal.args.amount])\n}`,
  ),
  "the constant on the left": manyRules((i) => `deny contains "tool-${i}" if "tool-${i}" == input.proposal.tool`),
  "unification": manyRules((i) => `deny contains "tool-${i}" if input.proposal.tool = "tool-${i}"`),
  "through a helper rule": manyRules((i) => `deny contains msg if {\n\ttool == "tool-${i}"\n\tmsg := sprintf("%s is denied", [tool])\n}`),
  "through a local holding part of input": manyRules((i) => `deny contains msg if {\n\tp := input.proposal\n\tp.tool == "tool-${i}"\n\tmsg := concat(" ", [p.tool, "is denied"])\n}`),
  "after an inert condition": manyRules((i) => `deny contains "tool-${i}" if {\n\tinput.proposal.agent != ""\n\tinput.proposal.tool == "tool-${i}"\n}`),
  "membership in a constant set": manyRules((i) => `deny contains "tool-${i}" if input.proposal.tool in {"tool-${i}", "alias-${i}"}`),
};

/** What each shape's `deny` is for a proposal, read off the rules above. */
function expectedDeny(shape: string, tool: unknown, amount: unknown, agent: unknown): string[] {
  const i = typeof tool === "string" ? tools.indexOf(tool) : -1;
  const alias = typeof tool === "string" && /^alias-\d+$/.test(tool) ? Number(tool.slice(6)) : -1;
  switch (shape) {
    case "the test first, a sprintf message":
      // In Rego's order every string is greater than every number.
      return i >= 0 && (typeof amount === "string" || (amount as number) > i) ? [`tool-${i}: ${amount} is over ${i}`] : [];
    case "through a helper rule":
    case "through a local holding part of input":
      return i >= 0 ? [`tool-${i} is denied`] : [];
    case "after an inert condition":
      return i >= 0 && agent !== "" ? [`tool-${i}`] : [];
    case "membership in a constant set":
      return i >= 0 ? [`tool-${i}`] : alias >= 0 && alias < N ? [`tool-${alias}`] : [];
    default:
      return i >= 0 ? [`tool-${i}`] : [];
  }
}

function counted(policy: CompiledPolicy): CompiledProgram {
  return new CompiledProgram(policy.program, { countDefinitions: true });
}

/** The definitions of `data.agent.many.deny` that ran for an input, by position. */
function ran(program: CompiledProgram, input: Value): number[] {
  program.resetDefinitionRuns();
  program.evaluate(["agent", "many", "deny"], { input });
  const denyDefs = [...program.generated.definitions].filter(([d]) => d.node.name === "data.agent.many.deny").map(([, n]) => n);
  return denyDefs.flatMap((n, pos) => (program.definitionRuns![n]! > 0 ? [pos] : []));
}

const proposal = (tool: unknown, amount: unknown = 100, agent: unknown = "bot") => ({ proposal: { id: "p", agent, tool, args: { amount } } });

describe("the shapes people write are indexed", () => {
  for (const [shape, source] of Object.entries(SHAPES)) {
    test(shape, () => {
      const policy = compile({ modules: [{ file: "many.snap", source }] });
      expect(policy.compiledStats!.indexedNodes).toBe(1);
      const program = counted(policy);
      expect(ran(program, proposal("tool-7") as Value)).toEqual([7]);
      expect(ran(program, proposal("no-such-tool") as Value)).toEqual([]);
      expect(ran(program, proposal(7) as Value)).toEqual([]);
      expect(ran(program, { proposal: {} } as Value)).toEqual([]);
      expect(toJson(policy.evaluatePath("agent.many.deny", { input: proposal("tool-7") })!)).toEqual(expectedDeny(shape, "tool-7", 100, "bot"));
    });
  }
});

describe("indexed or not, a rule means what the language says", () => {
  const toolArb = fc.oneof(fc.constantFrom(...tools, "alias-3", "alias-40", "", "tool-"), fc.integer({ min: -1, max: 20 }), fc.constant(null), fc.constant(undefined), fc.constant({ t: "tool-1" }));
  const amountArb = fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constant("12"));
  const agentArb = fc.constantFrom("bot", "");
  for (const [shape, source] of Object.entries(SHAPES)) {
    test(shape, () => {
      const compiled = compile({ modules: [{ file: "many.snap", source }] });
      const interpreted = compile({ modules: [{ file: "many.snap", source }], backend: "interpreter" });
      fc.assert(
        fc.property(toolArb, amountArb, agentArb, (tool, amount, agent) => {
          const input = tool === undefined ? { proposal: { id: "p", agent, args: { amount } } } : proposal(tool, amount, agent);
          const got = toJson(compiled.evaluatePath("agent.many.deny", { input }) ?? null);
          expect(got).toEqual(expectedDeny(shape, tool, amount, agent));
          expect(got).toEqual(toJson(interpreted.evaluatePath("agent.many.deny", { input }) ?? null));
        }),
        { numRuns: 150 },
      );
    });
  }

  test("a helper rule with a default selects by its value, default included", () => {
    const source = manyRules((i) => `deny contains "tool-${i}" if tool2 == "tool-${i}"`, '\ndefault tool2 := "tool-3"\n\ntool2 := input.proposal.tool\n').replace(
      "\ndeny",
      '\ndeny contains "none" if tool2 == "tool-3"\n\ndeny',
    );
    const policy = compile({ modules: [{ file: "many.snap", source }] });
    expect(policy.compiledStats!.indexedNodes).toBe(1);
    // Without a tool the helper is its default, "tool-3": both rules that test for it hold.
    expect(toJson(policy.evaluatePath("agent.many.deny", { input: { proposal: {} } })!)).toEqual(["none", "tool-3"]);
    expect(toJson(policy.evaluatePath("agent.many.deny", { input: proposal("tool-5") })!)).toEqual(["tool-5"]);
  });

  test("a complete rule and `with input` in a query select from the input in effect", () => {
    const source = manyRules((i) => `limit := ${i * 10} if input.proposal.tool == "tool-${i}"`).replace("package agent.many", "package agent.many\n\ndefault limit := -1");
    const policy = compile({ modules: [{ file: "many.snap", source }] });
    expect(policy.compiledStats!.indexedNodes).toBe(1);
    expect(policy.evaluatePath("agent.many.limit", { input: proposal("tool-4") })).toBe(40);
    expect(policy.evaluatePath("agent.many.limit", { input: proposal("other") })).toBe(-1);
    const [s] = policy.evaluate('data.agent.many.limit with input as {"proposal": {"tool": "tool-9"}}', { input: proposal("tool-4") });
    expect(s!.expressions[0]).toBe(90);
  });
});

describe("shapes that cannot be indexed without changing the meaning are tried in order", () => {
  const NOT_INDEXED: Record<string, string> = {
    // A built-in before the test could fail (strict built-in errors): the interpreter would report it.
    "a call before the test": manyRules((i) => `deny contains msg if {\n\tmsg := sprintf("%v", [input.proposal.args.amount])\n\tinput.proposal.tool == "tool-${i}"\n}`),
    "a negated test": manyRules((i) => `deny contains "not tool-${i}" if not input.proposal.tool == "tool-${i}"`),
    "a helper rule with a body": manyRules((i) => `deny contains "tool-${i}" if guarded == "tool-${i}"`, "\nguarded := input.proposal.tool if input.proposal.agent != \"\"\n"),
    "a helper rule that a `with` replaces": manyRules(
      (i) => `deny contains "tool-${i}" if tool == "tool-${i}"`,
      '\nreplaced contains x if {\n\tsome x in data.agent.many.deny with data.agent.many.tool as "tool-1"\n}\n',
    ),
  };
  for (const [shape, source] of Object.entries(NOT_INDEXED)) {
    test(shape, () => {
      const policy = compile({ modules: [{ file: "many.snap", source }] });
      expect(policy.compiledStats!.indexedNodes).toBe(0);
      const interpreted = compile({ modules: [{ file: "many.snap", source }], backend: "interpreter" });
      for (const input of [proposal("tool-7"), proposal("x"), { proposal: {} }]) {
        expect(toJson(policy.evaluatePath("agent.many", { input })!)).toEqual(toJson(interpreted.evaluatePath("agent.many", { input })!));
      }
    });
  }

  test("`with` replacing the helper rule still changes what is denied", () => {
    const source = NOT_INDEXED["a helper rule that a `with` replaces"]!;
    const policy = compile({ modules: [{ file: "many.snap", source }] });
    expect(toJson(policy.evaluatePath("agent.many.replaced", { input: proposal("tool-7") })!)).toEqual(["tool-1"]);
  });
});
