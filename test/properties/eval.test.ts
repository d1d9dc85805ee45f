// Properties of the interpreter: results do not depend on key order, on what was evaluated before, or on
// a fresh vs a reused compiled policy; random queries over random data fail only with SnapError.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { toRegoText, type Value } from "../../src/value/index.js";

const RUNS = Number(process.env["SNAPSPACE_PROPERTY_RUNS"] ?? 100);
const SEED = 20261123;

const POLICY = `package prop

import rego.v1

keys contains k if some k, _ in input.obj
deny contains msg if {
  some k, v in input.obj
  is_number(v)
  v > 3
  msg := sprintf("%s is %v", [k, v])
}
total := sum([v | some v in input.obj; is_number(v)])
pairs := {[k, v] | some k, v in input.obj}
nested contains [k, j] if {
  some k, v in input.obj
  is_object(v)
  some j, _ in v
}
first_key := min(keys) if count(keys) > 0
allow if {
  count(deny) == 0
  every k, _ in input.obj { k != "forbidden" }
}
`;

const QUERIES = ["data.prop.keys", "data.prop.deny", "data.prop.total", "data.prop.pairs", "data.prop.nested", "data.prop.first_key", "data.prop.allow", "data.prop"];

const scalar = fc.oneof(fc.integer({ min: -5, max: 10 }), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null));
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), tie("value"), { maxKeys: 4 })),
})).value;
const input = fc.record({ obj: fc.dictionary(fc.constantFrom("a", "b", "c", "forbidden", "z", "k1"), json, { maxKeys: 5 }) });

/** A deep copy with every object's keys in reverse insertion order. */
function reorder(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(reorder);
  if (x === null || typeof x !== "object") return x;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x).reverse()) Object.defineProperty(out, k, { value: reorder((x as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

function results(p: ReturnType<typeof compile>, inp: unknown): string[] {
  return QUERIES.map((q) => {
    try {
      return p.evaluate(q, { input: inp }).map((s) => s.expressions.map((v) => toRegoText(v as Value)).join(";")).join("|");
    } catch (e) {
      if (isSnapError(e)) return `error ${e.code}`;
      throw e;
    }
  });
}

describe("interpreter properties", () => {
  const shared = compile({ modules: [{ file: "prop.snap", source: POLICY }] });

  test("results do not depend on the key order of input", () => {
    fc.assert(
      fc.property(input, (inp) => {
        expect(results(shared, reorder(inp))).toEqual(results(shared, inp));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  test("results do not depend on the key order of data", () => {
    fc.assert(
      fc.property(input, (inp) => {
        const a = compile({ modules: [{ file: "d.snap", source: "package d\nks := [k | some k, _ in data.base.obj]\nvs := {v | some v in data.base.obj}\n" }], data: { base: inp } });
        const b = compile({ modules: [{ file: "d.snap", source: "package d\nks := [k | some k, _ in data.base.obj]\nvs := {v | some v in data.base.obj}\n" }], data: reorder({ base: inp }) });
        expect(toRegoText(a.evaluatePath("d") as Value)).toBe(toRegoText(b.evaluatePath("d") as Value));
      }),
      { numRuns: Math.max(10, RUNS / 4), seed: SEED },
    );
  });

  test("results do not depend on evaluations before, nor on a fresh vs a reused policy", () => {
    fc.assert(
      fc.property(input, input, (before, inp) => {
        results(shared, before);
        const fresh = compile({ modules: [{ file: "prop.snap", source: POLICY }] });
        expect(results(shared, inp)).toEqual(results(fresh, inp));
      }),
      { numRuns: Math.max(10, RUNS / 2), seed: SEED },
    );
  });

  test("decisions are identical for reordered inputs", () => {
    const gov = compile({ modules: [{ file: "prop.snap", source: POLICY }] });
    fc.assert(
      fc.property(input, (inp) => {
        const withProposal = { proposal: { id: "p", agent: "a", tool: "t", args: {} }, ...inp };
        expect(JSON.stringify(gov.decide(reorder(withProposal)))).toBe(JSON.stringify(gov.decide(withProposal)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  // Queries built from a small grammar of Rego expressions over input: anything may fail, but only with SnapError.
  const path = fc.array(fc.constantFrom("obj", "a", "b", "[0]", "[_]", "[k]", "[x]"), { minLength: 1, maxLength: 3 }).map((segs) => "input" + segs.map((s) => (s.startsWith("[") ? s : `.${s}`)).join(""));
  const term: fc.Arbitrary<string> = fc.letrec((tie) => ({
    t: fc.oneof(
      { depthSize: "small" },
      path,
      fc.constantFrom("1", "0", '"a"', "null", "true", "[1, 2]", '{"a": 1}', "{1, 2}", "x", "k"),
      fc.tuple(tie("t"), fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", "&", "|"), tie("t")).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(fc.constantFrom("count", "sum", "max", "sort", "object.keys", "is_string", "to_number", "abs", "lower", "type_name"), tie("t")).map(([f, a]) => `${f}(${a})`),
      fc.tuple(fc.constantFrom("concat", "split", "startswith", "array.concat", "object.get", "numbers.range"), tie("t"), tie("t")).map(([f, a, b]) => (f === "object.get" ? `${f}(${a}, ${b}, null)` : `${f}(${a}, ${b})`)),
      tie("t").map((a) => `[y | some y in ${a}]`),
      tie("t").map((a) => `{y: 1 | some y in ${a}}`),
    ),
  })).t;
  const query = fc.array(
    fc.oneof(
      term,
      fc.tuple(fc.constantFrom("x", "k"), term).map(([v, t]) => `${v} = ${t}`),
      term.map((t) => `not ${t}`),
      term.map((t) => `every e in ${t} { e != 3 }`),
    ),
    { minLength: 1, maxLength: 3 },
  ).map((stmts) => stmts.join("; "));

  test("random queries over random input fail only with SnapError, strict or not", () => {
    fc.assert(
      fc.property(query, input, fc.boolean(), (q, inp, strict) => {
        try {
          shared.evaluate(q, { input: inp, strictBuiltinErrors: strict, limits: { steps: 100_000 } });
        } catch (e) {
          if (!isSnapError(e)) throw e;
        }
      }),
      { numRuns: RUNS * 3, seed: SEED },
    );
  });
});
