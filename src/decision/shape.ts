/**
 * The fast structural check of inputs and records: the same rules as the zod
 * schemas in `schemas.ts`, written out by hand so that accepting a
 * well-formed input costs one pass over the keys of the objects the contract
 * defines instead of a schema walk. It only says yes or no; on no, zod
 * explains (`validate.ts`).
 *
 * Each object's known fields are read by name (monomorphic property loads,
 * the cheapest read there is) and checked by type; then its keys are
 * counted, and a count above the fields found means a field the schema does
 * not know. Inherited properties never count (see `hasPlainPrototype`). The free-form values (`args`, `meta`, `result`,
 * `approvals`' elements, other `context` fields) are not looked into here:
 * whether they are JSON is `isPlainJsonValue`'s question (or, in `decide`,
 * the canonical writer's).
 *
 * INVARIANT: these functions accept exactly what the schemas accept, for
 * JSON documents. Change both together; the agreement test will tell.
 */
import { KeyedObject } from "../value/keyed-object.js";
import { SetValue } from "../value/set.js";
import type { Value } from "../value/types.js";
import { isRfc3339 } from "./schemas.js";

// Fields are read with dot syntax (`o.id`): each site is its own property load.
type Obj = { readonly [key: string]: unknown };

// Deeper documents go through `fromJs`, which also detects cycles.
const MAX_FAST_DEPTH = 100;
const OBJECT_PROTO = Object.prototype;

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
      // Finite, and an integer only within 2^53 (every double beyond it is an integer).
      return x >= -Number.MAX_SAFE_INTEGER && x <= Number.MAX_SAFE_INTEGER;
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
  if (proto !== OBJECT_PROTO && proto !== null) return false;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    const v = (x as Obj)[k];
    if (v === undefined || !isPlainJsonValue(v, depth + 1)) return false;
  }
  return true;
}

const PROBE = Object.freeze({});

/** True when nothing enumerable is inherited from `Object.prototype` (no library has added to it). */
function inheritsNothing(): boolean {
  for (const _ in PROBE) return false;
  return true;
}

/*
 * How each object of the contract is checked: its known fields are read by
 * name first (`o.id`: monomorphic property loads, the cheapest read there
 * is), then its prototype is looked at. When the prototype is
 * `Object.prototype` or null and nothing enumerable is inherited (`clean`),
 * neither the reads nor the key count can meet an inherited property, and
 * the values read are checked by type and the keys counted: a count above
 * the fields found means a field the schema does not know. The prototype is
 * looked at *after* the reads, in the same function, on purpose: the loads
 * have told the optimising compiler the object's shapes, so the check folds
 * to nothing (measured: it was a quarter of the check's cost when done
 * first). Any other object (a class instance, or anything while
 * `Object.prototype` has enumerable additions) is checked on a copy of its
 * own enumerable properties on a null prototype (`checkCopy`); an array, a
 * set or an object with non-string keys is not an object in the schemas'
 * sense. Reading the fields of an object that turns out not to be plain is
 * harmless: the values are then not used. INVARIANT: nothing has given
 * `Object.prototype` a non-enumerable property named like a field of the
 * contract (`id`, `tool`, `proposal`…); no standard or sane library does.
 *
 * The reads are written out in each function, not through a helper taking
 * the key: a helper's one property load would see every key and go
 * megamorphic.
 */

/** True when `v`'s prototype is `Object.prototype` or null. Call it after reading `v`'s fields (see above). */
function hasPlainPrototype(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === OBJECT_PROTO || proto === null;
}

/** The answer of `fields` for an object that is not plain (or while `Object.prototype` has enumerable additions). */
function checkCopy(v: object, clean: boolean, fields: (o: Obj, clean: boolean) => boolean): boolean {
  if (Array.isArray(v) || v instanceof SetValue || v instanceof KeyedObject) return false;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(v)) copy[k] = (v as Obj)[k];
  return fields(copy, clean);
}

/** True for what the schemas take for an object: not a primitive, an array, a set or an object with non-string keys. */
function isObjectLike(v: unknown): v is object {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof SetValue) && !(v instanceof KeyedObject);
}

/** The number of enumerable keys (an own key set to `undefined` counts, so such an object never matches the fields read). */
function keyCount(o: Obj): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

function isEffect(v: unknown): boolean {
  return v === "allow" || v === "deny" || v === "escalate";
}

/** `ProposalSchema`. */
export function isWellFormedProposal(p: Value | undefined, clean = inheritsNothing()): boolean {
  if (typeof p !== "object" || p === null) return false;
  const o = p as Obj;
  const id = o.id, agent = o.agent, tool = o.tool, args = o.args, meta = o.meta, key = o.idempotency_key, session = o.session;
  if (!clean || !hasPlainPrototype(p)) return checkCopy(p, clean, proposalFields);
  return proposal(o, id, agent, tool, args, meta, key, session);
}

function proposalFields(o: Obj): boolean {
  return proposal(o, o.id, o.agent, o.tool, o.args, o.meta, o.idempotency_key, o.session);
}

function proposal(o: Obj, id: unknown, agent: unknown, tool: unknown, args: unknown, meta: unknown, key: unknown, session: unknown): boolean {
  if (typeof id !== "string" || typeof agent !== "string" || typeof tool !== "string") return false;
  // Every field present is counted; any key left over is one the schema does not know.
  let fields = 3;
  if (args !== undefined) {
    if (!isObjectLike(args)) return false;
    fields++;
  }
  if (meta !== undefined) {
    if (!isObjectLike(meta)) return false;
    fields++;
  }
  if (key !== undefined) {
    if (typeof key !== "string") return false;
    fields++;
  }
  if (session !== undefined) {
    if (typeof session !== "string") return false;
    fields++;
  }
  return keyCount(o) === fields;
}

/** `ContextSchema`. Other fields are allowed, so nothing is counted; an own field set to `undefined` is left to the slow path. */
export function isWellFormedContext(c: Value | undefined, clean = inheritsNothing()): boolean {
  if (typeof c !== "object" || c === null) return false;
  const o = c as Obj;
  const now = o.now, env = o.env, approvals = o.approvals, messages = o.messages;
  if (!clean || !hasPlainPrototype(c)) return checkCopy(c, clean, contextFields);
  return context(o, now, env, approvals, messages, clean);
}

function contextFields(o: Obj, clean: boolean): boolean {
  return context(o, o.now, o.env, o.approvals, o.messages, clean);
}

function context(o: Obj, now: unknown, env: unknown, approvals: unknown, messages: unknown, clean: boolean): boolean {
  if (now !== undefined ? typeof now !== "string" || !isRfc3339(now) : "now" in o) return false;
  if (env !== undefined ? typeof env !== "string" : "env" in o) return false;
  if (approvals !== undefined ? !Array.isArray(approvals) : "approvals" in o) return false;
  if (messages === undefined) return !("messages" in o);
  if (!Array.isArray(messages)) return false;
  for (let i = 0; i < messages.length; i++) if (!isMessage(messages[i], clean)) return false;
  return true;
}

/** `MessageSchema`: a string `role` and `content`, other fields allowed. */
function isMessage(m: unknown, clean: boolean): boolean {
  if (typeof m !== "object" || m === null) return false;
  const o = m as Obj;
  const ok = typeof o.role === "string" && typeof o.content === "string";
  if (!clean || !hasPlainPrototype(m)) return checkCopy(m, clean, messageFields);
  return ok;
}

function messageFields(o: Obj): boolean {
  return typeof o.role === "string" && typeof o.content === "string";
}

/** `HistoryEntrySchema`. */
function isWellFormedHistoryEntry(h: unknown, clean: boolean): boolean {
  if (typeof h !== "object" || h === null) return false;
  const o = h as Obj;
  const effect = o.effect, proposal = o.proposal, result = o.result;
  if (!clean || !hasPlainPrototype(h)) return checkCopy(h, clean, historyEntryFields);
  return historyEntry(o, effect, proposal, result, clean);
}

function historyEntryFields(o: Obj, clean: boolean): boolean {
  return historyEntry(o, o.effect, o.proposal, o.result, clean);
}

function historyEntry(o: Obj, effect: unknown, proposal: unknown, result: unknown, clean: boolean): boolean {
  if (!isEffect(effect) || !isWellFormedProposal(proposal as Value, clean)) return false;
  return keyCount(o) === (result === undefined ? 2 : 3);
}

/** `EvalInputSchema`. */
export function isWellFormedInput(x: Value): boolean {
  if (typeof x !== "object" || x === null) return false;
  const clean = inheritsNothing();
  const o = x as Obj;
  const proposal = o.proposal, context = o.context, history = o.history;
  if (!clean || !hasPlainPrototype(x)) return checkCopy(x, clean, inputFields);
  return input(o, proposal, context, history, clean);
}

function inputFields(o: Obj, clean: boolean): boolean {
  return input(o, o.proposal, o.context, o.history, clean);
}

function input(o: Obj, proposal: unknown, context: unknown, history: unknown, clean: boolean): boolean {
  if (!isWellFormedProposal(proposal as Value, clean)) return false;
  let fields = 1;
  if (context !== undefined) {
    if (!isWellFormedContext(context as Value, clean)) return false;
    fields++;
  }
  if (history !== undefined) {
    if (!Array.isArray(history)) return false;
    for (let i = 0; i < history.length; i++) if (!isWellFormedHistoryEntry(history[i], clean)) return false;
    fields++;
  }
  return keyCount(o) === fields;
}

/** `RecordSchema`. */
export function isWellFormedRecord(x: Value): boolean {
  if (typeof x !== "object" || x === null) return false;
  const clean = inheritsNothing();
  const o = x as Obj;
  const proposal = o.proposal, context = o.context, expect = o.expect, result = o.result;
  if (!clean || !hasPlainPrototype(x)) return checkCopy(x, clean, recordFields);
  return record(o, proposal, context, expect, result, clean);
}

function recordFields(o: Obj, clean: boolean): boolean {
  return record(o, o.proposal, o.context, o.expect, o.result, clean);
}

function record(o: Obj, proposal: unknown, context: unknown, expect: unknown, result: unknown, clean: boolean): boolean {
  if (!isWellFormedProposal(proposal as Value, clean)) return false;
  let fields = 1;
  if (context !== undefined) {
    if (!isWellFormedContext(context as Value, clean)) return false;
    fields++;
  }
  if (expect !== undefined) {
    if (!isEffect(expect)) return false;
    fields++;
  }
  if (result !== undefined) fields++;
  return keyCount(o) === fields;
}
