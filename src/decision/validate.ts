/**
 * Validation of inputs and records against the schemas, with errors that
 * name the field (`proposal.tool: expected a string, got number`).
 *
 * `decide` runs on every agent action, so a well-formed input must be cheap
 * to accept: a hand-written structural check (`shape.ts`) accepts it without
 * zod, and zod runs only on the failure path, to say what is wrong. The two
 * must agree; `test/decision/validate.test.ts` checks that they do.
 */
import type { z } from "zod";
import { MAX_JSON_DEPTH, NotJsonError, TooDeepError, fromJs } from "../value/json.js";
import type { Value } from "../value/types.js";
import { EvalInputSchema, RecordSchema, type EvalInput, type RecordedProposal } from "./schemas.js";
import { isPlainJsonValue, isWellFormedInput, isWellFormedRecord } from "./shape.js";

/** A problem at one field of an input or record. */
export interface FieldIssue {
  /** Path of the field, `proposal.args.amount`, `history[2].effect`; empty for the whole document. */
  readonly field: string;
  /** The same path as keys and indexes, to locate the field in the recorded text. */
  readonly path: readonly (string | number)[];
  /** What is wrong, without the path: `expected a string, got number`. */
  readonly message: string;
}

/** The outcome of validating a document. */
export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly FieldIssue[]; /** The document as a value, when it is JSON at all. */ readonly document?: Value };

/** `field: message`, or the message alone for the whole document. */
export function formatIssue(issue: FieldIssue): string {
  return issue.field ? `${issue.field}: ${issue.message}` : issue.message;
}

/**
 * Validate an input document (`{proposal, context?, history?}`). The value
 * returned is the input itself, normalised by `fromJs` (which copies only
 * where it must: an unsafe integer becomes a `bigint`).
 */
export function validateInput(input: unknown): Validated<EvalInput & Value> {
  return validate(input, isWellFormedInput, EvalInputSchema) as Validated<EvalInput & Value>;
}

/** Validate a recorded proposal (`{proposal, context?, result?, expect?}`). */
export function validateRecord(record: unknown): Validated<RecordedProposal & Value> {
  return validate(record, isWellFormedRecord, RecordSchema) as Validated<RecordedProposal & Value>;
}

function validate(x: unknown, fast: (v: Value) => boolean, schema: z.ZodType): Validated<Value> {
  let value: Value;
  try {
    value = isPlainJsonValue(x) ? (x as Value) : fromJs(x);
  } catch (e) {
    if (e instanceof NotJsonError) return { ok: false, issues: [{ field: e.path, path: parsePath(e.path), message: notJsonMessage(e) }] };
    throw e;
  }
  if (fast(value)) return { ok: true, value };
  const parsed = schema.safeParse(value);
  const issues = parsed.success ? [] : parsed.error.issues.flatMap((i) => toFieldIssues(i, value));
  // INVARIANT: the fast check and the schema agree on JSON documents; if they ever do not, still refuse.
  if (issues.length === 0) issues.push({ field: "", path: [], message: "the document does not have the shape of DESIGN.md §3 (an object, a set or a class instance where JSON was expected)" });
  return { ok: false, issues, document: value };
}

function notJsonMessage(e: NotJsonError): string {
  if (e instanceof TooDeepError) return `nested more than ${MAX_JSON_DEPTH} levels deep; flatten the document (deeper ones are refused, not evaluated)`;
  const what = /is (.*), which is not a JSON value$/.exec(e.message)?.[1];
  return what ? `expected a JSON value, got ${what}` : e.message;
}

/** Turn one zod issue into field issues (one per unknown key). */
function toFieldIssues(issue: z.core.$ZodIssue, root: unknown): FieldIssue[] {
  const path = issue.path.map((k) => (typeof k === "number" ? k : String(k)));
  switch (issue.code) {
    case "invalid_type": {
      const got = valueAt(root, path);
      const expected = describeType(issue.expected === "record" ? "object" : issue.expected);
      const message = got.found ? `expected ${expected}, got ${typeName(got.value)}` : `required field is missing (expected ${expected})`;
      return [{ field: formatPath(path), path, message }];
    }
    case "invalid_value": {
      const got = valueAt(root, path);
      const options = issue.values.map((v) => JSON.stringify(v)).join(", ");
      const message = got.found ? `expected one of ${options}, got ${shortJson(got.value)}` : `required field is missing (expected one of ${options})`;
      return [{ field: formatPath(path), path, message }];
    }
    case "unrecognized_keys":
      return issue.keys.map((k) => ({ field: formatPath([...path, k]), path: [...path, k], message: issue.message }));
    default:
      return [{ field: formatPath(path), path, message: issue.message }];
  }
}

/** The steps of a `fromJs` path (`proposal.args.f`, `history[2].x`); keys containing dots are split, which only blurs a location. */
function parsePath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `proposal.args["x-y"][0]`: dots for identifiers, brackets for the rest. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (typeof step === "string" && IDENTIFIER.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(String(step))}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let v: unknown = root;
  for (const step of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, step)) return { found: false };
    v = (v as Record<PropertyKey, unknown>)[step];
  }
  return { found: true, value: v };
}

function describeType(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "bigint") return "number";
  return typeof v;
}

function shortJson(v: unknown): string {
  let text: string;
  try {
    text = typeof v === "bigint" ? v.toString() : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
