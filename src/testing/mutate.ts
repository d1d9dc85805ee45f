/**
 * Arbitraries that mutate recorded sessions: real traffic, changed where
 * policies tend to be wrong (amounts at limits, other currencies, tools and
 * agents, reused idempotency keys, other times, histories with records
 * dropped, repeated or reordered).
 *
 * Every mutation is a fast-check value that shrinks toward "no mutation",
 * and a session shrinks toward fewer earlier records, so a counterexample
 * comes out as close to the recorded traffic as the failure allows.
 */
import fc from "fast-check";
import { EFFECTS, type Context, type HistoryEntry, type Proposal, type RecordedProposal } from "../decision/schemas.js";
import type { Effect } from "../decision/contract.js";
import { SnapError } from "../source/diagnostic.js";
import { formatTimestamp, type GeneratedInput } from "./proposals.js";
import { groupSessions, type Session } from "./session.js";

/**
 * The mutations `mutatedSessionsArb` and `mutatedRecordsArb` can apply (see `Mutation`).
 *
 * @example
 * ```ts
 * // Everything but changes of tool and agent:
 * mutatedSessionsArb(records, { mutations: MUTATIONS.filter((m) => m !== "tool" && m !== "agent") });
 * ```
 */
export const MUTATIONS = ["amount", "currency", "tool", "agent", "idempotency_key", "now", "args", "context", "drop", "duplicate", "reorder", "flip"] as const;

/**
 * One kind of mutation: of a record (`amount`, `currency` in `args`;
 * `tool`, `agent`, `idempotency_key` of the proposal; `now`, shifted in
 * time; `args` and `context` taken from another record), of a session's
 * history (`drop`, `duplicate`, `reorder` earlier records), or of an input's
 * history (`flip` an earlier effect; `mutatedRecordsArb` only).
 */
export type Mutation = (typeof MUTATIONS)[number];

/** Options of the mutating arbitraries. */
export interface MutateOptions {
  /** The mutations to apply. Default: all of them. */
  readonly mutations?: readonly Mutation[];
  /** Tools to try beside those in the records (and variants of them). */
  readonly tools?: readonly string[];
  /** Agents to try beside those in the records. */
  readonly agents?: readonly string[];
  /** Currencies to try beside those in the records and a few common and invalid ones. */
  readonly currencies?: readonly string[];
  /** Idempotency keys to try beside those in the records. */
  readonly idempotencyKeys?: readonly string[];
  /** Amounts to try beside the built-in boundary values (e.g. your limits). */
  readonly amounts?: readonly number[];
}

/** How one record is changed; every field absent is "unchanged". */
interface RecordEdit {
  readonly args?: Readonly<Record<string, unknown>>;
  readonly tool?: string;
  readonly agent?: string;
  /** `null` removes the key. */
  readonly key?: string | null;
  readonly amount?: AmountEdit;
  readonly currency?: string;
  readonly context?: Context;
  /** Seconds added to `context.now`. */
  readonly shift?: number;
}

type AmountEdit = { readonly set: unknown } | { readonly times: number } | { readonly plus: number };

/** What a generated session is made of, before it is assembled. */
interface SessionPlan {
  readonly session: number;
  readonly target: number;
  readonly keep: readonly boolean[];
  readonly duplicate: readonly (readonly [number, number])[];
  readonly swap: readonly (readonly [number, number])[];
  readonly edits: readonly RecordEdit[];
  readonly targetEdit: RecordEdit;
  readonly flips: readonly (readonly [number, Effect])[];
}

const DAY = 86_400;
/** `context.now` for a record that has none, when its time is shifted. */
const DEFAULT_NOW = "2026-01-01T00:00:00Z";

/**
 * An arbitrary of sessions (arrays of records; the last one is under test)
 * made by mutating `records`: a session of the records (grouped by
 * `proposal.session`), a record of it to test, some of the records before it
 * as its history — dropped, duplicated or reordered — and each record
 * possibly changed. Decide one with `replaySession` or pass the arbitrary to
 * the checks, which replay it as `snapspace eval --session` does: the
 * history's effects are what the policy decides, so a failing session
 * printed as JSON Lines reproduces with `snapspace eval --session`.
 * `expect` is removed from the records (a mutated record's recorded
 * expectation no longer applies).
 *
 * @example
 * ```ts
 * const sessions = mutatedSessionsArb(records, { amounts: [500, 10_000] });
 * checkProperty(policy, sessions, (d, input) => !(d.effect === "allow" && isDuplicateCharge(input)));
 * ```
 */
export function mutatedSessionsArb(records: readonly RecordedProposal[], options: MutateOptions = {}): fc.Arbitrary<Session> {
  const sessions = sessionsOf(records);
  return planArb(records, sessions, options, false).map((plan) => assemble(sessions, plan).map((s) => s.record));
}

/**
 * An arbitrary of eval inputs made by mutating `records` (as
 * `mutatedSessionsArb` does), with the history given directly: each earlier
 * record's effect is its recorded `expect` (`allow` when it has none), and
 * the `flip` mutation changes some of them. Use it to test what a policy
 * does with any history, including ones it would not have produced itself.
 *
 * @example
 * ```ts
 * checkDeterminism(policy, mutatedRecordsArb(records));
 * ```
 */
export function mutatedRecordsArb(records: readonly RecordedProposal[], options: MutateOptions = {}): fc.Arbitrary<GeneratedInput> {
  const sessions = sessionsOf(records);
  return planArb(records, sessions, options, true).map((plan) => {
    const parts = assemble(sessions, plan);
    const history: HistoryEntry[] = parts.slice(0, -1).map(({ record, effect }) =>
      record.result === undefined ? { proposal: record.proposal, effect } : { proposal: record.proposal, effect, result: record.result },
    );
    for (const [i, effect] of plan.flips) if (history.length > 0) history[i % history.length] = { ...history[i % history.length]!, effect };
    const target = parts[parts.length - 1]!.record;
    return target.context === undefined ? { proposal: target.proposal, history } : { proposal: target.proposal, context: target.context, history };
  });
}

function sessionsOf(records: readonly RecordedProposal[]): Session[] {
  if (records.length === 0) throw SnapError.of("no_records", "there are no records to mutate", undefined, "pass at least one recorded proposal");
  return groupSessions(records);
}

function planArb(records: readonly RecordedProposal[], sessions: readonly Session[], options: MutateOptions, flips: boolean): fc.Arbitrary<SessionPlan> {
  const on = new Set<Mutation>(options.mutations ?? MUTATIONS);
  const longest = Math.max(...sessions.map((s) => s.length));
  const pairs = (enabled: boolean) => (enabled ? fc.array(fc.tuple(fc.nat({ max: longest }), fc.nat({ max: longest })), { maxLength: 2 }) : fc.constant([]));
  const edit = editArb(records, options, on);
  const earlier = Math.max(0, longest - 1);
  return fc.record({
    session: fc.nat({ max: sessions.length - 1 }),
    target: fc.nat({ max: longest - 1 }),
    keep: fc.array(on.has("drop") ? keepBit : fc.constant(true), { minLength: earlier, maxLength: earlier }),
    duplicate: pairs(on.has("duplicate")),
    swap: pairs(on.has("reorder")),
    edits: fc.array(edit, { minLength: earlier, maxLength: earlier }),
    targetEdit: edit,
    flips: flips && on.has("flip") ? fc.array(fc.tuple(fc.nat({ max: longest }), fc.constantFrom(...EFFECTS)), { maxLength: 2 }) : fc.constant([]),
  });
}

/** Mostly true (keep the earlier record), shrinking to false (drop it): counterexamples lose the history they do not need. */
const keepBit = fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(false), weight: 1 }, { arbitrary: fc.constant(true), weight: 5 });

/** `arb` now and then, mostly nothing; shrinks to nothing. */
function sometimes<T>(enabled: boolean, arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  if (!enabled) return fc.constant(undefined);
  return fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(undefined), weight: 7 }, { arbitrary: arb, weight: 1 });
}

function editArb(records: readonly RecordedProposal[], options: MutateOptions, on: ReadonlySet<Mutation>): fc.Arbitrary<RecordEdit> {
  const seen = harvest(records);
  const pick = <T>(values: readonly T[]) => (values.length > 0 ? fc.constantFrom(...values) : undefined);
  const tools = unique([...seen.tools, ...(options.tools ?? []), ...seen.tools.flatMap(toolVariants), "unknown.tool"]);
  const agents = unique([...seen.agents, ...(options.agents ?? []), "unknown-bot", ...seen.agents.map((a) => a.toUpperCase())]);
  const currencies = unique([...seen.currencies, ...(options.currencies ?? []), "EUR", "USD", "GBP", "JPY", "CHF", "XYZ", "eur", ""]);
  const keys = unique([...seen.keys, ...(options.idempotencyKeys ?? []), "key-new", ""]);
  const argsArb = pick(seen.args);
  const contextArb = pick(seen.contexts);
  return fc
    .record({
      args: sometimes(on.has("args") && argsArb !== undefined, argsArb ?? fc.constant({})),
      tool: sometimes(on.has("tool"), fc.constantFrom(...tools)),
      agent: sometimes(on.has("agent"), fc.constantFrom(...agents)),
      key: sometimes(on.has("idempotency_key"), fc.oneof(fc.constantFrom(...keys), fc.constant(null))),
      amount: sometimes(on.has("amount"), amountEdit(options.amounts ?? [])),
      currency: sometimes(on.has("currency"), fc.constantFrom(...currencies)),
      context: sometimes(on.has("context") && contextArb !== undefined, contextArb ?? fc.constant({})),
      shift: sometimes(on.has("now"), timeShift),
    })
    .map((e) => {
      // Absent fields, not fields set to undefined: an edit prints and compares as what it changes.
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(e)) if (v !== undefined) out[k] = v;
      return out as RecordEdit;
    });
}

/** Amounts where limits are: powers of ten, halves and multiples, just over and under, and type confusion. */
function amountEdit(extra: readonly number[]): fc.Arbitrary<AmountEdit> {
  const boundaries: number[] = [1, 0, -1, 0.01, -0.01];
  for (let k = 1; k <= 7; k++) {
    const p = 10 ** k;
    boundaries.push(p, p - 1, p + 1, p + 0.01, p / 2, 2 * p, 1.5 * p, 5 * p, 5 * p + 1, 8 * p, 8 * p + 1);
  }
  for (const x of extra) boundaries.push(x, x - 1, x + 1, x + 0.01, x - 0.01);
  return fc.oneof(
    fc.constantFrom(...unique(boundaries)).map((set) => ({ set })),
    fc.constantFrom(0, 0.5, 2, 10, 100, 1000, -1).map((times) => ({ times })),
    fc.constantFrom(1, -1, 0.01, -0.01, 0.5).map((plus) => ({ plus })),
    fc.integer({ min: -1000, max: 20_000_000 }).map((set) => ({ set })),
    fc.double({ min: -100, max: 20_000_000, noNaN: true }).map((v) => ({ set: Object.is(v, -0) ? 0 : v })),
    fc.constantFrom<unknown>("100", null, true, [100], {}).map((set) => ({ set })),
  );
}

/** Seconds: a moment, a minute, the ten minutes of a rate window, an hour, a day, a month, a year; or anything within 400 days. */
const timeShift = fc.oneof(
  fc.constantFrom(1, -1, 60, -60, 600, -600, 3600, -3600, DAY, -DAY, 30 * DAY, -30 * DAY, 365 * DAY),
  fc.integer({ min: -400 * DAY, max: 400 * DAY }),
);

/** A tool name as an agent might misspell or version it. */
function toolVariants(tool: string): string[] {
  const dot = tool.indexOf(".");
  return [tool.toUpperCase(), `${tool}.v2`, ...(dot > 0 ? [`${tool.slice(0, dot)}.*`, `${tool.slice(0, dot)}_${tool.slice(dot + 1)}`] : [])];
}

interface Harvest {
  readonly tools: string[];
  readonly agents: string[];
  readonly currencies: string[];
  readonly keys: string[];
  readonly args: Readonly<Record<string, unknown>>[];
  readonly contexts: Context[];
}

/** The values the records use, each once, in order of first appearance. */
function harvest(records: readonly RecordedProposal[]): Harvest {
  const tools: string[] = [];
  const agents: string[] = [];
  const currencies: string[] = [];
  const keys: string[] = [];
  const args: Readonly<Record<string, unknown>>[] = [];
  const contexts: Context[] = [];
  const seenArgs = new Set<string>();
  const seenContexts = new Set<string>();
  for (const r of records) {
    const p = r.proposal;
    tools.push(p.tool);
    agents.push(p.agent);
    if (p.idempotency_key !== undefined) keys.push(p.idempotency_key);
    if (p.args && typeof p.args["currency"] === "string") currencies.push(p.args["currency"]);
    if (p.args && !seenArgs.has(JSON.stringify(p.args))) {
      seenArgs.add(JSON.stringify(p.args));
      args.push(p.args);
    }
    if (r.context && !seenContexts.has(JSON.stringify(r.context))) {
      seenContexts.add(JSON.stringify(r.context));
      contexts.push(r.context);
    }
  }
  return { tools: unique(tools), agents: unique(agents), currencies: unique(currencies), keys: unique(keys), args, contexts };
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The session a plan describes: its records with the effects they were recorded with (`expect`, else `allow`). */
function assemble(sessions: readonly Session[], plan: SessionPlan): { record: RecordedProposal; effect: Effect }[] {
  const session = sessions[plan.session % sessions.length]!;
  const target = plan.target % session.length;
  let earlier = session.slice(0, target).filter((_, i) => plan.keep[i] !== false);
  for (const [from, at] of plan.duplicate) {
    if (earlier.length === 0) break;
    const copy = earlier[from % earlier.length]!;
    const i = at % (earlier.length + 1);
    earlier = [...earlier.slice(0, i), copy, ...earlier.slice(i)];
  }
  for (const [a, b] of plan.swap) {
    if (earlier.length < 2) break;
    const i = a % earlier.length;
    const j = b % earlier.length;
    earlier = earlier.slice();
    [earlier[i], earlier[j]] = [earlier[j]!, earlier[i]!];
  }
  const out = earlier.map((r, i) => ({ record: applyEdit(r, plan.edits[i % Math.max(1, plan.edits.length)] ?? {}), effect: r.expect ?? "allow" }));
  out.push({ record: applyEdit(session[target]!, plan.targetEdit), effect: session[target]!.expect ?? "allow" });
  return out;
}

/** A record with an edit applied; `expect` removed. Never changes the record it is given. */
function applyEdit(record: RecordedProposal, e: RecordEdit): RecordedProposal {
  const p: Record<string, unknown> = { ...record.proposal };
  let args: Record<string, unknown> | undefined = record.proposal.args;
  if (e.args !== undefined) args = { ...e.args };
  if (e.amount !== undefined) args = { ...args, amount: editAmount(args?.["amount"], e.amount) };
  if (e.currency !== undefined) args = { ...args, currency: e.currency };
  if (args !== undefined) p["args"] = args;
  if (e.tool !== undefined) p["tool"] = e.tool;
  if (e.agent !== undefined) p["agent"] = e.agent;
  if (e.key === null) delete p["idempotency_key"];
  else if (e.key !== undefined) p["idempotency_key"] = e.key;
  let context = e.context ?? record.context;
  if (e.shift !== undefined) context = { ...context, now: shiftTime(typeof context?.now === "string" ? context.now : DEFAULT_NOW, e.shift) };
  const proposal = p as Proposal;
  const out: RecordedProposal = { proposal };
  if (context !== undefined) out.context = context;
  if (record.result !== undefined) out.result = record.result;
  return out;
}

function editAmount(old: unknown, e: AmountEdit): unknown {
  const base = typeof old === "number" ? old : 100;
  if ("set" in e) return e.set;
  const v = "times" in e ? base * e.times : base + e.plus;
  // Keep amounts readable (100.01, not 100.00999999999999): two decimals, as money has.
  const rounded = Math.round(v * 100) / 100;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** `now` moved by `seconds`, as RFC 3339 in UTC. */
function shiftTime(now: string, seconds: number): string {
  const ms = Date.parse(now);
  const base = Number.isNaN(ms) ? Date.parse(DEFAULT_NOW) : ms;
  return formatTimestamp(Math.floor(base / 1000) + seconds);
}
