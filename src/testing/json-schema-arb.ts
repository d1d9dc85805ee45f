/**
 * Arbitraries from JSON Schema, for tools described outside TypeScript (an
 * MCP server's `inputSchema`, an OpenAI function's `parameters`): zod reads
 * the schema (`z.fromJSONSchema`), and `zodArb` generates from the result.
 * Supported: `object` (`properties`, `required`), `string` (`minLength`,
 * `maxLength`, `pattern`, `format` date-time/date/email/uuid/uri), `number`
 * and `integer` (`minimum`, `maximum`, `exclusiveMinimum`,
 * `exclusiveMaximum`, `multipleOf`), `boolean`, `null`, `array` (`items`,
 * `minItems`, `maxItems`), `enum`, `const`, `anyOf`/`oneOf`, and type lists
 * such as `["string", "null"]`. `additionalProperties` is accepted but no
 * extra properties are generated.
 */
import type fc from "fast-check";
import * as z from "zod";
import { SnapError } from "../source/diagnostic.js";
import { zodArb } from "./zod-arb.js";

/**
 * An arbitrary of the values a JSON Schema accepts (see the module comment).
 * Throws `SnapError` `unsupported_schema` for a schema it cannot generate from.
 *
 * @example
 * ```ts
 * const args = jsonSchemaArb({ type: "object", properties: { amount: { type: "integer", minimum: 1 } }, required: ["amount"] });
 * ```
 */
export function jsonSchemaArb(schema: unknown): fc.Arbitrary<unknown> {
  let zod: z.ZodType;
  try {
    zod = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]) as z.ZodType;
  } catch (e) {
    throw SnapError.of("unsupported_schema", `cannot read the JSON Schema: ${e instanceof Error ? e.message : String(e)}`, undefined, "use the JSON Schema keywords listed in docs/testing.md");
  }
  return zodArb(zod);
}
