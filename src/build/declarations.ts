/**
 * The type declarations of a built module (`FILE.d.mts` next to
 * `FILE.mjs`). Self-contained: a service that vendors the module has no
 * snapspace to import types from, so the contract's types are written out
 * here. test/build/declarations.test.ts type-checks them against the
 * library's own (`Decision`, `QueryResult`, … in both directions).
 */

/** The `.d.mts` text of every built module (the exports do not depend on the policy). */
export function moduleDeclarations(): string {
  return `// Types of a policy module built by \`snapspace build\`. Do not edit: rebuild instead.

/** A JSON value, as decisions and query results carry them (integers beyond 2^53 as \`bigint\`). */
export type Json = null | boolean | number | bigint | string | readonly Json[] | { readonly [k: string]: Json };

/** The three effects. */
export type Effect = "allow" | "deny" | "escalate";

/** A reason in a decision. */
export interface Reason {
  readonly effect: "deny" | "escalate";
  readonly package: string;
  readonly msg: string;
  /** \`file:line\` of the rule definition that produced it. */
  readonly location: string;
  /** When the policy's reason was an object, its other fields. */
  readonly details?: Readonly<Record<string, Json>>;
}

/** An error in a decision (the effect is then \`deny\`). */
export interface DecisionError {
  readonly code: string;
  readonly message: string;
  readonly location?: string;
  /** The input field at fault, for input validation errors (\`proposal.tool\`). */
  readonly field?: string;
}

/** A governance decision. */
export interface Decision {
  readonly proposal_id: string | null;
  readonly effect: Effect;
  readonly reasons: readonly Reason[];
  readonly obligations: readonly Json[];
  readonly policy_hash: string;
  /** Absent with \`{ hashes: false }\`. */
  readonly input_hash?: string;
  readonly errors: readonly DecisionError[];
}

/** Options of \`decide\`. */
export interface DecideOptions {
  /** Compute \`input_hash\` (default true). \`false\` is the hot path for callers that log elsewhere. */
  readonly hashes?: boolean;
}

/** One solution of a query, as OPA's API prints it. */
export interface QueryResult {
  readonly expressions: readonly Json[];
  readonly bindings: Readonly<Record<string, Json>>;
}

/** One line of \`print\` output, with the \`file:line\` of the call. */
export interface PrintLine {
  readonly location: string;
  readonly message: string;
}

/** Options of \`query\`. */
export interface QueryOptions {
  /** Collect \`print\` output here. */
  readonly prints?: PrintLine[];
}

/**
 * Decide one proposal (\`{proposal, context?, history?}\`): synchronous and
 * pure. Never throws for bad input: it is a \`deny\` with errors.
 */
export declare function decide(input: unknown, options?: DecideOptions): Decision;

/**
 * The value of a \`data.…\` path (a rule, a package, base data), or of a query
 * built in with \`--query\`, as \`policy.query(name, { input })\` gives it: one
 * entry per solution, none when undefined. Throws (an error with \`code\` and
 * \`message\`) on an evaluation error or a query that was not built in.
 */
export declare function query(name: string, input?: unknown, options?: QueryOptions): QueryResult[];

/** \`sha256:…\` of the policy set, as \`loadPolicies\` computes it for the same files and data. */
export declare const policy_hash: string;
`;
}
