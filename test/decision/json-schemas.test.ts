import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Decision } from "../../src/decision/contract.js";
import { jsonSchemaFiles } from "../../src/decision/json-schemas.js";
import type { DecisionShape } from "../../src/decision/schemas.js";

const dir = new URL("../../docs/schemas/", import.meta.url);

describe("docs/schemas", () => {
  test("the checked-in JSON Schema files are what the zod schemas generate (run `npm run build && node scripts/generate-schemas.mjs`)", () => {
    const generated = jsonSchemaFiles();
    const onDisk = readdirSync(dir).filter((f) => f.endsWith(".schema.json")).sort();
    expect(onDisk).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) expect(readFileSync(new URL(name, dir), "utf8"), name).toBe(text);
  });

  test("each is a draft 2020-12 schema with an id and a title", () => {
    for (const text of Object.values(jsonSchemaFiles())) {
      const s = JSON.parse(text) as Record<string, unknown>;
      expect(s["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(String(s["$id"])).toMatch(/^urn:snapspace:schema:/);
      expect(typeof s["title"]).toBe("string");
    }
  });

  test("the record schema requires the proposal's id, agent and tool and forbids unknown fields", () => {
    const s = JSON.parse(jsonSchemaFiles()["record.schema.json"]!) as { required: string[]; additionalProperties: boolean; properties: { proposal: { required: string[] } } };
    expect(s.required).toEqual(["proposal"]);
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.proposal.required).toEqual(["id", "agent", "tool"]);
  });
});

test("the zod Decision type is assignable to the contract's Decision", () => {
  // A compile-time check (tsc runs over test/): this assignment fails to type-check if the shapes drift.
  const shape: DecisionShape = { proposal_id: null, effect: "deny", reasons: [], obligations: [], policy_hash: "sha256:x", errors: [] };
  const asContract: Decision = shape;
  expect(asContract.effect).toBe("deny");
});
