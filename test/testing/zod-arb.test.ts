// Arbitraries from zod and JSON Schema: every generated value is one the schema accepts, bounds are honoured,
// and what cannot be generated is refused with an error naming the field.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isSnapError } from "../../src/source/diagnostic.js";
import { jsonSchemaArb, zodArb } from "../../src/testing/index.js";

const settings = { numRuns: 100, seed: 7 };

/** Every supported kind at once. */
const everything = z.object({
  amount: z.number().min(0).max(20_000),
  count: z.number().int().gt(-3).lt(3),
  step: z.number().multipleOf(5).min(-20).max(20),
  small: z.int32().min(-1),
  ratio: z.number().gt(0).lt(1),
  currency: z.enum(["EUR", "USD"]),
  kind: z.literal("charge"),
  flag: z.boolean(),
  note: z.string().min(2).max(6),
  code: z.string().regex(/^[A-Z]{3}-\d{2}$/),
  prefixed: z.string().startsWith("inv-").max(10),
  email: z.email(),
  id: z.uuid(),
  when: z.iso.datetime(),
  tags: z.array(z.string().max(3)).min(1).max(3),
  pair: z.tuple([z.string(), z.number().int()]),
  meta: z.record(z.string(), z.boolean()),
  either: z.union([z.string().max(2), z.number().int().min(0).max(9)]),
  shape: z.discriminatedUnion("type", [z.object({ type: z.literal("a"), a: z.boolean() }), z.object({ type: z.literal("b"), b: z.null() })]),
  maybe: z.string().optional(),
  nothing: z.string().nullable(),
  withDefault: z.number().int().default(3),
  anything: z.unknown(),
  even: z.number().int().min(0).max(100).refine((n) => n % 2 === 0),
});

describe("zodArb", () => {
  it("generates only values the schema accepts, for every supported type", () => {
    fc.assert(
      fc.property(zodArb(everything), (v) => {
        const r = everything.safeParse(v);
        expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      }),
      settings,
    );
  });

  it("generates JSON: a value survives JSON.stringify and JSON.parse unchanged", () => {
    fc.assert(
      fc.property(zodArb(everything), (v) => {
        expect(JSON.parse(JSON.stringify(v))).toEqual(v);
      }),
      settings,
    );
  });

  it("honours bounds: inclusive, exclusive, integer and multiple-of", () => {
    const seen = { min: false, max: false };
    fc.assert(
      fc.property(zodArb(z.object({ a: z.number().int().min(1).max(10), b: z.number().gt(0).lt(5), c: z.number().multipleOf(25).min(0).max(100) })), ({ a, b, c }) => {
        expect(Number.isInteger(a) && a >= 1 && a <= 10).toBe(true);
        expect(b > 0 && b < 5).toBe(true);
        expect(c % 25 === 0 && c >= 0 && c <= 100).toBe(true);
        if (a === 1) seen.min = true;
        if (a === 10) seen.max = true;
      }),
      settings,
    );
    // fast-check biases toward bounds; a generator that never reached them would test little.
    expect(seen).toEqual({ min: true, max: true });
  });

  it("leaves optional keys out sometimes and puts them in sometimes", () => {
    const keys = new Set<string>();
    const absent = new Set<string>();
    for (const v of fc.sample(zodArb(z.object({ a: z.string().optional(), b: z.number().int() })), { numRuns: 100, seed: 3 })) {
      if ("a" in v) keys.add("a");
      else absent.add("a");
      expect("b" in v).toBe(true);
    }
    expect([...keys, ...absent]).toEqual(["a", "a"]);
  });

  it("generates plain objects, as parsed JSON has", () => {
    for (const v of fc.sample(zodArb(z.object({ a: z.record(z.string(), z.number()) })), { numRuns: 30, seed: 1 })) {
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(v.a)).toBe(Object.prototype);
    }
  });

  it("shrinks a number to a whole one", () => {
    const r = fc.check(fc.property(zodArb(z.number().min(0).max(1000)), (n) => n <= 0), { seed: 1 });
    expect(r.failed).toBe(true);
    expect(r.counterexample![0]).toBe(1);
  });

  it.each([
    ["a date", z.object({ args: z.object({ when: z.date() }) }), "args.when"],
    ["a bigint", z.object({ n: z.bigint() }), "n"],
    ["a lazy schema", z.object({ tree: z.lazy(() => z.string()) }), "tree"],
    ["a set", z.object({ s: z.set(z.string()) }), "s"],
  ])("refuses %s with unsupported_schema naming the field", (_what, schema, field) => {
    let error: unknown;
    try {
      zodArb(schema);
    } catch (e) {
      error = e;
    }
    expect(isSnapError(error) && error.code).toBe("unsupported_schema");
    expect((error as Error).message).toContain(`\`${field}\``);
  });
});

describe("jsonSchemaArb", () => {
  const schema = {
    type: "object",
    properties: {
      amount: { type: "number", minimum: 0, exclusiveMaximum: 50_000 },
      count: { type: "integer", minimum: 1, maximum: 3 },
      currency: { enum: ["EUR", "USD", "CHF"] },
      customer: { type: "string", pattern: "^c-[0-9]{1,3}$" },
      tags: { type: "array", items: { type: "string", maxLength: 4 }, minItems: 1, maxItems: 2 },
      when: { type: "string", format: "date-time" },
      to: { type: "string", format: "email" },
      flag: { type: "boolean" },
      note: { type: ["string", "null"] },
      kind: { const: "charge" },
      any: { anyOf: [{ type: "string", maxLength: 1 }, { type: "integer" }] },
    },
    required: ["amount", "currency", "customer", "count"],
  };

  it("generates values valid under the schema, with the required keys", () => {
    const check = (v: Record<string, unknown>) => {
      expect(typeof v["amount"] === "number" && v["amount"] >= 0 && v["amount"] < 50_000).toBe(true);
      expect([1, 2, 3]).toContain(v["count"]);
      expect(["EUR", "USD", "CHF"]).toContain(v["currency"]);
      expect(v["customer"]).toMatch(/^c-[0-9]{1,3}$/);
      if ("tags" in v) expect((v["tags"] as string[]).length).toBeGreaterThanOrEqual(1);
      if ("when" in v) expect(Number.isNaN(Date.parse(v["when"] as string))).toBe(false);
      if ("kind" in v) expect(v["kind"]).toBe("charge");
      if ("note" in v) expect(v["note"] === null || typeof v["note"] === "string").toBe(true);
    };
    fc.assert(fc.property(jsonSchemaArb(schema) as fc.Arbitrary<Record<string, unknown>>, check), settings);
  });

  it("refuses a schema it cannot read with unsupported_schema", () => {
    let error: unknown;
    try {
      jsonSchemaArb({ $ref: "#/definitions/missing" });
    } catch (e) {
      error = e;
    }
    expect(isSnapError(error) && error.code).toBe("unsupported_schema");
  });
});
