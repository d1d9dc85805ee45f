/**
 * The fast structural check of inputs and records: the same rules as the zod
 * schemas in `schemas.ts`, written out by hand so that accepting a
 * well-formed input costs a few property reads instead of a schema walk.
 * It only says yes or no; on no, zod explains (`validate.ts`).
 *
 * INVARIANT: these functions accept exactly what the schemas accept, for
 * JSON documents. Change both together; the agreement test will tell.
 */
import { KeyedObject } from "../value/keyed-object.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";
import { isRfc3339 } from "./schemas.js";

type Obj = Readonly<Record<string, Value>>;

// Deeper documents go through `fromJs`, which also detects cycles.
const MAX_FAST_DEPTH = 100;

/**
 * True when `x` is already a JSON `Value` exactly as `fromJs` would return it
 * (plain objects and arrays, finite numbers with integers within 2^53, no
 * `undefined` properties), so it can be used without `fromJs`'s walk, which
 * builds a path string per key for its error messages. False means "ask
 * `fromJs`", not "invalid".
 */
export function isPlainJsonValue(x: unknown, depth = 0): boolean {
  switch (typeof x) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(x) && (!Number.isInteger(x) || Number.isSafeInteger(x));
    case "object":
      break;
    default:
      return false;
  }
  if (x === null) return true;
  if (depth > MAX_FAST_DEPTH) return false;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (!isPlainJsonValue(x[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    const v = (x as Record<string, unknown>)[k];
    if (v === undefined || !isPlainJsonValue(v, depth + 1)) return false;
  }
  return true;
}

function isPlainObject(v: Value | undefined): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof SetValue) && !(v instanceof KeyedObject);
}

function isOptionalString(o: Obj, k: string): boolean {
  return !Object.hasOwn(o, k) || typeof o[k] === "string";
}

function isOptionalObject(o: Obj, k: string): boolean {
  return !Object.hasOwn(o, k) || isPlainObject(o[k]);
}

function hasOnly(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (Object.hasOwn(o, k) && !allowed.has(k)) return false;
  return true;
}

function isEffect(v: Value | undefined): boolean {
  return v === "allow" || v === "deny" || v === "escalate";
}

const PROPOSAL_FIELDS = new Set(["id", "agent", "tool", "args", "idempotency_key", "session", "meta"]);
const HISTORY_FIELDS = new Set(["proposal", "effect", "result"]);
const INPUT_FIELDS = new Set(["proposal", "context", "history"]);
const RECORD_FIELDS = new Set(["proposal", "context", "result", "expect"]);

/** `ProposalSchema`. */
export function isWellFormedProposal(p: Value | undefined): boolean {
  return (
    isPlainObject(p) &&
    typeof p["id"] === "string" &&
    Object.hasOwn(p, "id") &&
    typeof p["agent"] === "string" &&
    Object.hasOwn(p, "agent") &&
    typeof p["tool"] === "string" &&
    Object.hasOwn(p, "tool") &&
    isOptionalObject(p, "args") &&
    isOptionalString(p, "idempotency_key") &&
    isOptionalString(p, "session") &&
    isOptionalObject(p, "meta") &&
    hasOnly(p, PROPOSAL_FIELDS)
  );
}

/** `ContextSchema` (other fields allowed). */
export function isWellFormedContext(c: Value | undefined): boolean {
  if (!isPlainObject(c)) return false;
  if (Object.hasOwn(c, "now")) {
    const now = c["now"];
    if (typeof now !== "string" || !isRfc3339(now)) return false;
  }
  if (!isOptionalString(c, "env")) return false;
  if (Object.hasOwn(c, "approvals") && !Array.isArray(c["approvals"])) return false;
  if (Object.hasOwn(c, "messages")) {
    const messages = c["messages"];
    if (!Array.isArray(messages)) return false;
    for (const m of messages as readonly Value[]) {
      if (!isPlainObject(m) || typeof m["role"] !== "string" || typeof m["content"] !== "string") return false;
      if (!Object.hasOwn(m, "role") || !Object.hasOwn(m, "content")) return false;
    }
  }
  return true;
}

/** `HistoryEntrySchema`. */
function isWellFormedHistoryEntry(h: Value): boolean {
  return isPlainObject(h) && isWellFormedProposal(h["proposal"]) && Object.hasOwn(h, "effect") && isEffect(h["effect"]) && hasOnly(h, HISTORY_FIELDS);
}

/** `EvalInputSchema`. */
export function isWellFormedInput(x: Value): boolean {
  if (!isPlainObject(x) || !Object.hasOwn(x, "proposal") || !isWellFormedProposal(x["proposal"])) return false;
  if (Object.hasOwn(x, "context") && !isWellFormedContext(x["context"])) return false;
  if (Object.hasOwn(x, "history")) {
    const history = x["history"];
    if (!Array.isArray(history)) return false;
    for (const h of history as readonly Value[]) if (!isWellFormedHistoryEntry(h)) return false;
  }
  return hasOnly(x, INPUT_FIELDS);
}

/** `RecordSchema`. */
export function isWellFormedRecord(x: Value): boolean {
  if (!isPlainObject(x) || !Object.hasOwn(x, "proposal") || !isWellFormedProposal(x["proposal"])) return false;
  if (Object.hasOwn(x, "context") && !isWellFormedContext(x["context"])) return false;
  if (Object.hasOwn(x, "expect") && !isEffect(x["expect"])) return false;
  return hasOnly(x, RECORD_FIELDS);
}
