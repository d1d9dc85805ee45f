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
 * not know. Inherited properties never count (`readsDirectly`). The free-form values (`args`, `meta`, `result`,
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

// Fields are read with dot syntax (`o.id`): each site is its own property load (see `ownFields`).
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

// What `objectKind` says: not an object in the schemas' sense (a primitive, an array, a set, an object with
// non-string keys); an object whose prototype is `Object.prototype` or null; any other object (a class instance).
const NOT_OBJECT = 0;
const PLAIN = 1;
const OTHER = 2;

function objectKind(v: unknown): number {
  if (typeof v !== "object" || v === null) return NOT_OBJECT;
  const proto = Object.getPrototypeOf(v);
  if (proto === OBJECT_PROTO || proto === null) return PLAIN;
  return Array.isArray(v) || v instanceof SetValue || v instanceof KeyedObject ? NOT_OBJECT : OTHER;
}

const PROBE = Object.freeze({});

/** True when nothing enumerable is inherited from `Object.prototype` (no library has added to it). */
function inheritsNothing(): boolean {
  for (const _ in PROBE) return false;
  return true;
}

/**
 * The object to read an object's fields from (`o.id`) and count its keys
 * in (`for…in`): itself when neither can meet an inherited property (it is
 * plain and `Object.prototype` has nothing enumerable), else a copy of its
 * own enumerable properties on a null prototype. INVARIANT: nothing has
 * given `Object.prototype` a non-enumerable property named like a field of
 * the contract (`id`, `tool`, `proposal`…); no standard or sane library does.
 *
 * The reads are written out at each site, not through a helper taking the
 * key: a helper's one property load would see every key and go megamorphic.
 */
function ownFields(o: object, kind: number, clean: boolean): Obj {
  if (clean && kind === PLAIN) return o as Obj;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(o)) copy[k] = (o as Obj)[k];
  return copy;
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
  const kind = objectKind(p);
  if (kind === NOT_OBJECT) return false;
  const o = ownFields(p as object, kind, clean);
  if (typeof o.id !== "string" || typeof o.agent !== "string" || typeof o.tool !== "string") return false;
  // Every field present is counted; any key left over is one the schema does not know.
  let fields = 3;
  const args = o.args;
  if (args !== undefined) {
    if (objectKind(args) === NOT_OBJECT) return false;
    fields++;
  }
  const meta = o.meta;
  if (meta !== undefined) {
    if (objectKind(meta) === NOT_OBJECT) return false;
    fields++;
  }
  const key = o.idempotency_key;
  if (key !== undefined) {
    if (typeof key !== "string") return false;
    fields++;
  }
  const session = o.session;
  if (session !== undefined) {
    if (typeof session !== "string") return false;
    fields++;
  }
  return keyCount(o) === fields;
}

/** `ContextSchema`. Other fields are allowed, so nothing is counted; an own field set to `undefined` is left to the slow path. */
export function isWellFormedContext(c: Value | undefined, clean = inheritsNothing()): boolean {
  const kind = objectKind(c);
  if (kind === NOT_OBJECT) return false;
  const o = ownFields(c as object, kind, clean);
  const now = o.now;
  if (now !== undefined ? typeof now !== "string" || !isRfc3339(now) : "now" in o) return false;
  const env = o.env;
  if (env !== undefined ? typeof env !== "string" : "env" in o) return false;
  const approvals = o.approvals;
  if (approvals !== undefined ? !Array.isArray(approvals) : "approvals" in o) return false;
  const messages = o.messages;
  if (messages === undefined) return !("messages" in o);
  if (!Array.isArray(messages)) return false;
  for (let i = 0; i < messages.length; i++) if (!isMessage(messages[i], clean)) return false;
  return true;
}

/** `MessageSchema`: a string `role` and `content`, other fields allowed. */
function isMessage(m: unknown, clean: boolean): boolean {
  const kind = objectKind(m);
  if (kind === NOT_OBJECT) return false;
  const o = ownFields(m as object, kind, clean);
  return typeof o.role === "string" && typeof o.content === "string";
}

/** `HistoryEntrySchema`. */
function isWellFormedHistoryEntry(h: unknown, clean: boolean): boolean {
  const kind = objectKind(h);
  if (kind === NOT_OBJECT) return false;
  const o = ownFields(h as object, kind, clean);
  if (!isEffect(o.effect) || !isWellFormedProposal(o.proposal as Value, clean)) return false;
  return keyCount(o) === (o.result === undefined ? 2 : 3);
}

/** `EvalInputSchema`. */
export function isWellFormedInput(x: Value): boolean {
  const kind = objectKind(x);
  if (kind === NOT_OBJECT) return false;
  const clean = inheritsNothing();
  const o = ownFields(x as object, kind, clean);
  if (!isWellFormedProposal(o.proposal as Value, clean)) return false;
  let fields = 1;
  const context = o.context;
  if (context !== undefined) {
    if (!isWellFormedContext(context as Value, clean)) return false;
    fields++;
  }
  const history = o.history;
  if (history !== undefined) {
    if (!Array.isArray(history)) return false;
    for (let i = 0; i < history.length; i++) if (!isWellFormedHistoryEntry(history[i], clean)) return false;
    fields++;
  }
  return keyCount(o) === fields;
}

/** `RecordSchema`. */
export function isWellFormedRecord(x: Value): boolean {
  const kind = objectKind(x);
  if (kind === NOT_OBJECT) return false;
  const clean = inheritsNothing();
  const o = ownFields(x as object, kind, clean);
  if (!isWellFormedProposal(o.proposal as Value, clean)) return false;
  let fields = 1;
  const context = o.context;
  if (context !== undefined) {
    if (!isWellFormedContext(context as Value, clean)) return false;
    fields++;
  }
  const expect = o.expect;
  if (expect !== undefined) {
    if (!isEffect(expect)) return false;
    fields++;
  }
  if (o.result !== undefined) fields++;
  return keyCount(o) === fields;
}
