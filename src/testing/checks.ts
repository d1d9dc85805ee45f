/**
 * Checks for policies, for any test runner: each runs a fast-check property
 * over generated cases and, when it fails, throws a `PropertyFailure` whose
 * message shows the smallest counterexample fast-check could shrink to — as
 * JSON, as JSON Lines records for `snapspace eval`, and with the decision's
 * effect and reasons.
 */
import fc from "fast-check";
import type { Decision, Effect, Policy } from "../decision/contract.js";
import { serializeDecision } from "../decision/decide.js";
import type { HistoryEntry, RecordedProposal } from "../decision/schemas.js";
import { caseRecords, describeDecision } from "./counterexample.js";
import { mutatedSessionsArb, type MutateOptions } from "./mutate.js";
import { decideCase, groupSessions, inputOf, replaySession, type DecidedCase, type Session } from "./session.js";

/** How long to search, and from where. */
export interface CheckOptions {
  /** Generated cases to try (default 100). */
  readonly numRuns?: number;
  /** The random seed; the same seed gives the same cases and the same counterexample. Default: random (printed on failure). */
  readonly seed?: number;
  /** Replay one case of an earlier run: the `path` printed with its failure (needs the same seed). */
  readonly path?: string;
}

/** What a check that passed tried. */
export interface CheckSummary {
  readonly runs: number;
  readonly seed: number;
  /** How many of the cases were decided `allow`, `deny` and `escalate`: shows whether the generator reaches each. */
  readonly effects: Readonly<Record<Effect, number>>;
}

/**
 * A check that failed: the smallest counterexample found, decided. Its
 * message shows everything; the fields are for tools that go further.
 *
 * @example
 * ```ts
 * try {
 *   checkProperty(policy, cases, (d) => d.effect !== "allow");
 * } catch (e) {
 *   if (e instanceof PropertyFailure) writeFileSync("regression.jsonl", e.records.lines.join("\n") + "\n");
 *   throw e;
 * }
 * ```
 */
export class PropertyFailure extends Error {
  override readonly name = "PropertyFailure";

  constructor(
    /** What went wrong with the counterexample (the property's own words). */
    readonly violations: readonly string[],
    /** The counterexample: the input decided, its decision, and its session when it was generated as one. */
    readonly counterexample: DecidedCase,
    /** The counterexample as JSON Lines for `snapspace eval --session`; `reproducible` says whether they decide the same. */
    readonly records: { readonly lines: readonly string[]; readonly reproducible: boolean },
    readonly run: { readonly seed: number; readonly path: string; readonly runs: number; readonly shrinks: number },
  ) {
    super(failureMessage(violations, counterexample, records, run));
  }
}

function failureMessage(violations: readonly string[], c: DecidedCase, records: PropertyFailure["records"], run: PropertyFailure["run"]): string {
  const lines = [
    `property failed after ${run.runs} case${run.runs === 1 ? "" : "s"} (seed ${run.seed}, shrunk ${run.shrinks} time${run.shrinks === 1 ? "" : "s"}; replay with { seed: ${run.seed}, path: "${run.path}" })`,
    ...violations.map((v) => `  ${v}`),
    "the smallest input found:",
    `  ${JSON.stringify(c.input)}`,
    records.lines.length === 1
      ? "as a record for `snapspace eval`:"
      : `as a session for \`snapspace eval --session\` (${records.lines.length} records; the last is the one that fails):`,
    ...records.lines.map((l) => `  ${l}`),
  ];
  if (!records.reproducible) lines.push("  (these records do not reproduce the decision: the input's history holds effects the policy does not decide for those proposals)");
  lines.push("its decision:", describeDecision(c.decision));
  return lines.join("\n");
}

/** What a check says about one generated value: the case it decided (reported on failure) and what was violated. */
interface Checked {
  readonly case: DecidedCase;
  readonly violations: readonly string[];
}

/**
 * Run `check` on values from `arb`; throw `PropertyFailure` with the shrunk
 * counterexample, or return what was tried. `mainOf` picks the case to
 * report from a generated value, for checks that generate several.
 */
function run<T>(policy: Policy, arb: fc.Arbitrary<T>, check: (generated: T) => Checked, options: CheckOptions, mainOf: (generated: T) => unknown = (g) => g): CheckSummary {
  const effects: Record<Effect, number> = { allow: 0, deny: 0, escalate: 0 };
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const details = fc.check(
    fc.property(arb, (generated) => {
      const r = check(generated);
      effects[r.case.decision.effect]++;
      if (r.violations.length > 0) throw new CaseFailure(r.violations);
    }),
    { numRuns: options.numRuns ?? 100, seed, ...(options.path !== undefined ? { path: options.path } : {}) },
  );
  if (!details.failed) return { runs: details.numRuns, seed, effects };
  const generated = details.counterexample![0];
  const error = details.errorInstance;
  // Decide the counterexample again to report it (the property threw before its result could be kept).
  let violations: readonly string[];
  let decided: DecidedCase;
  if (error instanceof CaseFailure) {
    const r = check(generated);
    violations = r.violations.length > 0 ? r.violations : error.violations;
    decided = r.case;
  } else {
    violations = [`the check threw: ${error instanceof Error ? error.message : String(error)}`];
    decided = decideCase(policy, mainOf(generated));
  }
  throw new PropertyFailure(violations, decided, caseRecords(policy, decided), {
    seed: details.seed,
    path: details.counterexamplePath ?? "",
    runs: details.numRuns,
    shrinks: details.numShrinks,
  });
}

/** Thrown inside a property to fail it with the property's own messages. */
class CaseFailure extends Error {
  constructor(readonly violations: readonly string[]) {
    super(violations.join("; "));
  }
}

/**
 * Check that `predicate` holds for the decision of every generated case.
 * Cases are eval inputs, or sessions (arrays of records, from
 * `mutatedSessionsArb`) whose last record is decided after the earlier ones,
 * as `snapspace eval --session` does. The predicate fails a case by
 * returning `false`, a string (the message), or by throwing (an `expect`
 * inside it works). Throws `PropertyFailure` with the smallest
 * counterexample; returns what was tried otherwise.
 *
 * @example
 * ```ts
 * checkProperty(policy, inputArb({ proposal: charges }), (d, input) =>
 *   !(d.effect === "allow" && input.proposal.args.amount > 10_000) || "a charge over the hard limit was allowed",
 * { numRuns: 500, seed: 42 });
 * ```
 */
export function checkProperty(
  policy: Policy,
  arb: fc.Arbitrary<unknown>,
  predicate: (decision: Decision, input: any) => boolean | string | void,
  options: CheckOptions = {},
): CheckSummary {
  return run(
    policy,
    arb,
    (generated) => {
      const c = decideCase(policy, generated);
      let verdict: boolean | string | void;
      try {
        verdict = predicate(c.decision, c.input);
      } catch (e) {
        return { case: c, violations: [e instanceof Error ? e.message : String(e)] };
      }
      if (verdict === false) return { case: c, violations: ["the predicate returned false"] };
      if (typeof verdict === "string") return { case: c, violations: [verdict] };
      return { case: c, violations: [] };
    },
    options,
  );
}

/** Options of `checkDeterminism`. */
export interface DeterminismOptions extends CheckOptions {
  /** Other policies that must decide every case byte for byte the same: another back end, a fresh instance. */
  readonly others?: readonly Policy[];
}

/**
 * Check that `policy` decides every generated case byte for byte the same
 * (`serializeDecision`): again, after deciding another case, with every
 * object's keys in another order, from a fresh copy of the input, and by
 * every policy in `options.others`. Cases are inputs or sessions, as for
 * `checkProperty`. Throws `PropertyFailure` naming the variant that differed.
 *
 * @example
 * ```ts
 * checkDeterminism(policy, mutatedRecordsArb(records), { numRuns: 200, seed: 7 });
 * ```
 */
export function checkDeterminism(policy: Policy, arb: fc.Arbitrary<unknown>, options: DeterminismOptions = {}): CheckSummary {
  const others = options.others ?? [];
  return run(
    policy,
    fc.tuple(arb, arb, fc.integer()),
    ([generated, another, order]) => {
      const c = decideCase(policy, generated);
      const bytes = serializeDecision(c.decision);
      const variants: [string, () => Decision][] = [
        ["decided again", () => decideCase(policy, generated).decision],
        ["with object keys in another order", () => decideCase(policy, reorder(generated, order)).decision],
        ["from a fresh copy of the input", () => decideCase(policy, structuredClone(generated)).decision],
        [
          "after deciding another case",
          () => {
            decideCase(policy, another);
            return decideCase(policy, generated).decision;
          },
        ],
        ...others.map((p, i): [string, () => Decision] => [`by the other policy #${i + 1}`, () => decideCase(p, generated).decision]),
      ];
      const violations: string[] = [];
      for (const [name, decideVariant] of variants) {
        const other = serializeDecision(decideVariant());
        if (other !== bytes) violations.push(`the decision differs ${name}:\n    first:  ${bytes}\n    then:   ${other}`);
      }
      return { case: c, violations };
    },
    options,
    ([generated]) => generated,
  );
}

/**
 * Check that replaying recorded sessions gives the same decisions every
 * time: all of `records` replayed twice as `snapspace eval --session` does
 * (every decision byte for byte the same), then mutated sessions of them
 * (see `mutatedSessionsArb`) each replayed twice, once after other
 * evaluations. Throws `PropertyFailure` with the smallest session that
 * replays differently.
 *
 * @example
 * ```ts
 * checkIdempotentReplay(policy, await readRecordsFile("fixtures/sessions/billing.jsonl"), { numRuns: 50, seed: 1 });
 * ```
 */
export function checkIdempotentReplay(policy: Policy, records: readonly RecordedProposal[], options: CheckOptions & { readonly mutate?: MutateOptions } = {}): CheckSummary {
  const first = replayAll(policy, records);
  const second = replayAll(policy, records);
  for (let i = 0; i < records.length; i++) {
    if (first[i]!.bytes === second[i]!.bytes) continue;
    const session = sessionUpTo(records, i);
    const decided: DecidedCase = { input: first[i]!.input, decision: policy.decide(first[i]!.input), session };
    throw new PropertyFailure(
      [`record ${i + 1} is decided differently when the records are replayed again:\n    first:  ${first[i]!.bytes}\n    then:   ${second[i]!.bytes}`],
      decided,
      caseRecords(policy, decided),
      { seed: options.seed ?? 0, path: "", runs: 1, shrinks: 0 },
    );
  }
  return run(
    policy,
    fc.tuple(mutatedSessionsArb(records, options.mutate), mutatedSessionsArb(records, options.mutate)),
    ([session, other]) => {
      const once = replayDecisions(policy, session);
      replayDecisions(policy, other);
      const twice = replayDecisions(policy, session);
      const c = decideCase(policy, session);
      const violations: string[] = [];
      for (let i = 0; i < once.length; i++) {
        if (once[i] !== twice[i]) violations.push(`record ${i + 1} of the session is decided differently on the second replay:\n    first:  ${once[i]}\n    then:   ${twice[i]}`);
      }
      return { case: c, violations };
    },
    options,
    ([session]) => session,
  );
}

/** Every record of a session decided in order with its history; the serialized decisions. */
function replayDecisions(policy: Policy, session: Session): string[] {
  const out: string[] = [];
  for (let i = 1; i <= session.length; i++) out.push(serializeDecision(policy.decide(replaySession(policy, session.slice(0, i)).input)));
  return out;
}

/** All records decided in file order, each session's history kept apart (`snapspace eval --session`). */
function replayAll(policy: Policy, records: readonly RecordedProposal[]): { input: unknown; bytes: string }[] {
  const histories = new Map<string, HistoryEntry[]>();
  return records.map((r) => {
    const id = r.proposal.session;
    const history = id === undefined ? [] : (histories.get(id) ?? []);
    const input = inputOf(r, history.slice());
    const d = policy.decide(input);
    if (id !== undefined) {
      history.push(r.result === undefined ? { proposal: r.proposal, effect: d.effect } : { proposal: r.proposal, effect: d.effect, result: r.result });
      histories.set(id, history);
    }
    return { input, bytes: serializeDecision(d) };
  });
}

/** The records of record `i`'s session up to it. */
function sessionUpTo(records: readonly RecordedProposal[], i: number): Session {
  const target = records[i]!;
  return groupSessions(records.slice(0, i + 1)).find((s) => s[s.length - 1] === target) ?? [target];
}

/**
 * A deep copy of JSON with every object's keys in another order, chosen by
 * `seed` (what `checkDeterminism` decides again).
 *
 * @example
 * ```ts
 * expect(serializeDecision(policy.decide(reorder(input, 3)))).toBe(serializeDecision(policy.decide(input)));
 * ```
 */
export function reorder(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => reorder(x, seed + i + 1));
  if (v === null || typeof v !== "object") return v;
  const keys = Object.keys(v);
  const ranked = keys.map((k, i) => ({ k, r: Math.sin(seed * 12.9898 + i * 78.233) })).sort((a, b) => a.r - b.r);
  const out: Record<string, unknown> = {};
  for (const { k } of ranked) Object.defineProperty(out, k, { value: reorder((v as Record<string, unknown>)[k], seed + 7), enumerable: true, writable: true, configurable: true });
  return out;
}
