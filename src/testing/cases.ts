/**
 * The cases `snapspace prove` searches: mutated recorded sessions, and
 * proposals generated from tool schemas, each proposed after (possibly) a
 * mutated recorded history. Everything is a `Session`, so that a failure
 * prints as records `snapspace eval --session` reproduces.
 */
import fc from "fast-check";
import type { RecordedProposal } from "../decision/schemas.js";
import { SnapError } from "../source/diagnostic.js";
import { mutatedSessionsArb, type MutateOptions } from "./mutate.js";
import type { Session } from "./session.js";

/** A tool whose arguments are generated. */
export interface GeneratedTool {
  readonly tool: string;
  /** Arguments for it, e.g. `zodArb(schema)` or `jsonSchemaArb(schema)`. */
  readonly args: fc.Arbitrary<unknown>;
}

/** What `casesArb` generates from. */
export interface CasesOptions {
  /** Recorded proposals to mutate (see `mutatedSessionsArb`); also the histories, contexts, agents and keys of generated proposals. */
  readonly records?: readonly RecordedProposal[];
  /** Tools whose proposals are generated from their arguments' schema. */
  readonly tools?: readonly GeneratedTool[];
  /** Agents that propose the generated calls. Default: the recorded agents that use the tool, else every recorded agent, else `agent`. */
  readonly agents?: readonly string[];
  readonly mutate?: MutateOptions;
}

/**
 * An arbitrary of sessions to decide: mutated recorded sessions, and, for
 * each tool in `options.tools`, a proposal with generated arguments made by
 * one of `options.agents` (default: an agent that uses the tool in the
 * records, any recorded agent, or `agent` without records), with a
 * recorded context and an idempotency key (recorded, or `key-1`/`key-2`),
 * proposed at the end of a mutated recorded session (or alone).
 *
 * @example
 * ```ts
 * const cases = casesArb({ records, tools: [{ tool: "payments.charge", args: jsonSchemaArb(chargeSchema) }] });
 * checkProperties(policy, properties, cases, { numRuns: 500 });
 * ```
 */
export function casesArb(options: CasesOptions): fc.Arbitrary<Session> {
  const records = options.records ?? [];
  const tools = options.tools ?? [];
  if (records.length === 0 && tools.length === 0) {
    throw SnapError.of("nothing_to_generate", "there is nothing to generate cases from", undefined, "give recorded sessions (`--fixtures`) or a tool's argument schema (`--schema`)");
  }
  const arbs: fc.Arbitrary<Session>[] = [];
  if (records.length > 0) arbs.push(mutatedSessionsArb(records, options.mutate));
  for (const t of tools) arbs.push(generatedToolArb(t, records, options.agents, options.mutate));
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

function generatedToolArb(t: GeneratedTool, records: readonly RecordedProposal[], given: readonly string[] | undefined, mutate: MutateOptions | undefined): fc.Arbitrary<Session> {
  const users = unique(records.filter((r) => r.proposal.tool === t.tool).map((r) => r.proposal.agent));
  const agents = given && given.length > 0 ? given : users.length > 0 ? users : records.length > 0 ? unique(records.map((r) => r.proposal.agent)) : ["agent"];
  // Recorded keys make repeats of recorded actions; two fresh keys make repeats among generated ones.
  const keys = unique([...records.flatMap((r) => (r.proposal.idempotency_key !== undefined ? [r.proposal.idempotency_key] : [])), "key-1", "key-2"]);
  const contexts = records.flatMap((r) => (r.context !== undefined ? [r.context] : []));
  // The history: a mutated recorded session (all of it), shrinking to none.
  const history = records.length > 0 ? fc.option(mutatedSessionsArb(records, mutate), { nil: undefined, freq: 3 }) : fc.constant(undefined);
  return fc
    .record({
      n: fc.nat({ max: 999 }),
      agent: fc.constantFrom(...agents),
      args: t.args,
      key: fc.option(fc.constantFrom(...keys), { nil: undefined }),
      context: contexts.length > 0 ? fc.option(fc.constantFrom(...contexts), { nil: undefined }) : fc.constant(undefined),
      history,
    })
    .map(({ n, agent, args, key, context, history }) => {
      const session = history?.[0]?.proposal.session;
      const proposal = {
        id: `p-gen-${n}`,
        agent,
        tool: t.tool,
        args: (typeof args === "object" && args !== null && !Array.isArray(args) ? args : { value: args }) as Record<string, never>,
        ...(key !== undefined ? { idempotency_key: key } : {}),
        ...(session !== undefined ? { session } : {}),
      };
      const target: RecordedProposal = context !== undefined ? { proposal, context } : { proposal };
      // A history only where the recorded session has an id to group by; else the proposal stands alone.
      return session !== undefined && history ? [...history, target] : [target];
    });
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
