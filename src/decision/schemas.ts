/**
 * The shapes of the governance contract (DESIGN.md §3–§4) as zod schemas:
 * what a policy sees (`input`), what users record (`record`), and what
 * snapspace answers (`decision`). `docs/schemas/` holds their JSON Schema,
 * generated from these (`json-schemas.ts`), for users outside TypeScript.
 *
 * Strictness is chosen per object, for safety: the input, a record, a
 * proposal and a history entry reject fields they do not know, because a
 * misspelt `contxt` or `idempotencey_key` would otherwise be invisible to
 * every policy and could turn a `deny` into an `allow`. `context` accepts any
 * other field: it is where callers put what their policies need.
 */
import * as z from "zod";
import type { Json } from "../value/json.js";

/** The three effects. */
export const EFFECTS = ["allow", "deny", "escalate"] as const;

/** RFC 3339 as OPA's `time.parse_rfc3339_ns` (Go's `time.RFC3339`) reads it: uppercase `T` and `Z`, no leap second. */
export const RFC3339 = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * True for an RFC 3339 timestamp that names a real day: `RFC3339` plus the
 * length of the month. Written out character by character rather than with
 * the regular expression: it runs on every decision that carries
 * `context.now`, and this is ~5× cheaper (a test checks they agree).
 */
export function isRfc3339(s: string): boolean {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return false;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  const year = century * 100 + yy;
  if (!isClock(s, 11, 23) || !isClock(s, 14, 59) || !isClock(s, 17, 59)) return false;
  let i = 19;
  if (s.charCodeAt(i) === 0x2e) {
    // A fraction of 1 to 9 digits.
    let j = i + 1;
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    if (j === i + 1 || j > i + 10) return false;
    i = j;
  }
  const zone = s.charCodeAt(i);
  if (zone === 0x5a) {
    if (i !== n - 1) return false;
  } else if (zone === 0x2b || zone === 0x2d) {
    if (i !== n - 6 || !isClock(s, i + 1, 23) || s.charCodeAt(i + 3) !== 0x3a || !isClock(s, i + 4, 59)) return false;
  } else return false;
  if (day <= 28) return true;
  if (month !== 2) return day <= DAYS_IN_MONTH[month - 1]!;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (leap ? 29 : 28);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The two digits at `at` as a number, or -1 when they are not two digits. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at);
  const b = s.charCodeAt(at + 1);
  return isDigit(a) && isDigit(b) ? (a - 0x30) * 10 + (b - 0x30) : -1;
}

function isClock(s: string, at: number, max: number): boolean {
  const v = twoDigits(s, at);
  return v >= 0 && v <= max;
}

/** `error` option for strict objects: name the fields that are allowed. */
function knownFields(fields: readonly string[]) {
  return (issue: { code?: string }) =>
    issue.code === "unrecognized_keys" ? `unknown field; the fields are ${fields.map((f) => `\`${f}\``).join(", ")}` : undefined;
}

function strict<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape, { error: knownFields(Object.keys(shape)) });
}

// JSON-ness itself is checked before the schemas run (`fromJs` in validate.ts), so these accept any value;
// `z.custom` gives them the `Json` type, and JSON Schema `{}` (any JSON) with `unrepresentable: "any"`.
const anyJson = () => z.custom<Json>(() => true);
const jsonValue = () => anyJson().meta({ description: "any JSON value" });
const jsonObject = () => z.record(z.string(), anyJson());

/** A proposed tool call. */
export const ProposalSchema = strict({
  id: z.string().meta({ description: "unique id of the proposal, echoed as `proposal_id` in the decision" }),
  agent: z.string().meta({ description: "the agent that proposes the call" }),
  tool: z.string().meta({ description: "the tool to call, e.g. `payments.charge`" }),
  args: jsonObject().optional().meta({ description: "the tool's arguments" }),
  idempotency_key: z.string().optional().meta({ description: "the same key on two proposals means the same action" }),
  session: z.string().optional().meta({ description: "the session the proposal belongs to (`eval --session` groups by it)" }),
  meta: jsonObject().optional().meta({ description: "facts about the recording that are not part of the call (importers set it)" }),
}).meta({ title: "Proposal", description: "a tool call an agent proposes (DESIGN.md §3)" });

/** One turn of the conversation since the previous proposal. */
export const MessageSchema = z
  .looseObject({ role: z.string(), content: z.string() })
  .meta({ title: "Message", description: "a conversation turn, e.g. {\"role\": \"user\", \"content\": \"yes, go ahead\"}" });

/** Everything time- or environment-dependent; other fields are allowed. */
export const ContextSchema = z
  .looseObject({
    now: z
      .string()
      .regex(RFC3339, { error: "expected an RFC 3339 timestamp such as `2026-11-02T10:15:00Z`" })
      .refine((s) => !RFC3339.test(s) || isRfc3339(s), { error: "expected an RFC 3339 timestamp of a real day (the month is shorter)" })
      .optional()
      .meta({ description: "the only clock a policy has (RFC 3339)" }),
    env: z.string().optional().meta({ description: "the environment, e.g. `production`" }),
    approvals: z.array(jsonValue()).optional().meta({ description: "approvals granted for this proposal" }),
    messages: z.array(MessageSchema).optional().meta({ description: "the conversation turns since the previous proposal" }),
  })
  .meta({ title: "Context", description: "what a policy needs to know about now and here (DESIGN.md §3)" });

/** One earlier governed proposal of the same session. */
export const HistoryEntrySchema = strict({
  proposal: ProposalSchema,
  effect: z.enum(EFFECTS),
  result: jsonValue().optional().meta({ description: "what the committed tool call returned, when known" }),
}).meta({ title: "HistoryEntry", description: "an earlier governed proposal of the same session, with its effect" });

/** The input document every policy sees. */
export const EvalInputSchema = strict({
  proposal: ProposalSchema,
  context: ContextSchema.optional(),
  history: z.array(HistoryEntrySchema).optional().meta({ description: "earlier proposals of the session, oldest first" }),
}).meta({ title: "EvalInput", description: "the input document of a governance decision (DESIGN.md §3)" });

/** One recorded proposal, a line of a recorded session file. */
export const RecordSchema = strict({
  proposal: ProposalSchema,
  context: ContextSchema.optional(),
  result: jsonValue().optional().meta({ description: "what the tool returned when the recorded action ran" }),
  expect: z.enum(EFFECTS).optional().meta({ description: "the effect the policies should decide" }),
}).meta({ title: "Record", description: "a recorded proposal, one line of a JSON Lines file for `snapspace eval` (DESIGN.md §4)" });

/** A reason in a decision. */
export const ReasonSchema = strict({
  effect: z.enum(["deny", "escalate"]),
  package: z.string().meta({ description: "the package whose rule gave the reason (`snapspace` for the default reason)" }),
  msg: z.string(),
  location: z.string().meta({ description: "`file:line` of the rule definition (`<default>` for the default reason)" }),
  details: jsonObject().optional().meta({ description: "the reason object's fields other than `msg`" }),
}).meta({ title: "Reason", description: "why a proposal was denied or escalated" });

/** An error in a decision. */
export const DecisionErrorSchema = strict({
  code: z.string(),
  message: z.string(),
  location: z.string().optional(),
  field: z.string().optional().meta({ description: "the input field at fault, for input validation errors" }),
}).meta({ title: "DecisionError", description: "why a decision failed closed" });

const HASH = z.string().regex(/^sha256:[0-9a-f]{64}$/);

/** A governance decision. */
export const DecisionSchema = strict({
  proposal_id: z.string().nullable(),
  effect: z.enum(EFFECTS),
  reasons: z.array(ReasonSchema),
  obligations: z.array(jsonValue()),
  policy_hash: z.string(),
  input_hash: HASH.optional(),
  errors: z.array(DecisionErrorSchema),
}).meta({ title: "Decision", description: "allow, deny or escalate, with reasons and obligations (DESIGN.md §3)" });

export type Proposal = z.infer<typeof ProposalSchema>;
export type Context = z.infer<typeof ContextSchema>;
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export type EvalInput = z.infer<typeof EvalInputSchema>;
export type RecordedProposal = z.infer<typeof RecordSchema>;
export type DecisionShape = z.infer<typeof DecisionSchema>;
