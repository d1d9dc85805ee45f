/**
 * The compiled back end prints simple `sprintf` formats (`%v`, `%s`, `%d`)
 * by concatenation; the built-in is the definition. The two must agree on
 * every value, including the ones the fast path hands over (floats, big
 * integers, composites) and unsafe integers that arrive as JS numbers.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";

const source = `package f

v := sprintf("a %v b", [input.x])
s := sprintf("%s!", [input.x])
d := sprintf("n=%d%%", [input.x])
three := sprintf("%v-%s-%d", [input.x, input.y, input.z])
`;
const modules = [{ file: "f.snap", source }];
const compiled = compile({ modules, backend: "compiled" });
const interpreted = compile({ modules, backend: "interpreter" });

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e21, -1e21, 2 ** 53, 2 ** 53 + 2, 1.5e300, 0.1, -0, 1e-7),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.constantFrom(null, true, false),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 2 }));

test("the fast path prints what the sprintf built-in prints", () => {
  fc.assert(
    fc.property(value, value, value, (x, y, z) => {
      const input = { x, y, z };
      expect(compiled.query("data.f", { input })).toEqual(interpreted.query("data.f", { input }));
    }),
    { numRuns: 1500 },
  );
});

test("an unsafe integer given as a JS number prints as digits, not with an exponent", () => {
  // decide(hashes: false) hands input to the back end as it is, so 1e21 can reach the fast path as a number.
  const governed = `package g

amount := input.proposal.args.amount

deny contains msg if {
	amount > 0
	msg := sprintf("a charge of %v %s", [amount, input.proposal.args.currency])
}
`;
  for (const backend of ["compiled", "interpreter"] as const) {
    const policy = compile({ modules: [{ file: "g.snap", source: governed }], backend });
    const input = { proposal: { id: "p", agent: "a", tool: "t", args: { amount: 1e21, currency: "EUR" } } };
    expect(policy.decide(input, { hashes: false }).reasons[0]?.msg).toBe("a charge of 1000000000000000000000 EUR");
  }
});
