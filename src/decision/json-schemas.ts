/**
 * JSON Schema (draft 2020-12) of the contract's documents, generated from the
 * zod schemas, for users who validate recordings outside TypeScript.
 * `scripts/generate-schemas.mjs` writes them to `docs/schemas/`; a test
 * regenerates them and fails when the checked-in files are stale.
 */
import * as z from "zod";
import { DecisionSchema, EvalInputSchema, HistoryEntrySchema, ProposalSchema, ReasonSchema, RecordSchema } from "./schemas.js";

/** Prefix of the schemas' `$id`: a URN, so the ids never suggest a host to fetch them from. */
export const SCHEMA_BASE = "urn:snapspace:schema:";

const DOCUMENTS = {
  "proposal.schema.json": ProposalSchema,
  "history-entry.schema.json": HistoryEntrySchema,
  "eval-input.schema.json": EvalInputSchema,
  "record.schema.json": RecordSchema,
  "reason.schema.json": ReasonSchema,
  "decision.schema.json": DecisionSchema,
} as const;

/** Every schema file: name → its text (pretty JSON with a final newline). */
export function jsonSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(DOCUMENTS)) {
    const json = { $id: SCHEMA_BASE + name.replace(/\.schema\.json$/, ""), ...z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any" }) };
    out[name] = JSON.stringify(json, null, 2) + "\n";
  }
  return out;
}
