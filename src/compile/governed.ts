/**
 * Generated code behind the decision layer: evaluates `deny`, `escalate`,
 * `allow` and `obligations` of every governed package, exactly as the
 * interpreter's `GovernedInterpreter` does (each `deny`/`escalate` element
 * with the location of the first definition that produced it; an error in
 * a package goes into its verdict and the next package starts from a clean
 * state). Shared by compiled policies and standalone modules, so it reads
 * only a plain description of the packages, not the checked program.
 */
import { type GovernedEvaluator, type PackageVerdict, type RuleHit } from "../decision/contract.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { SetValue } from "../value/set.js";
import { typeOf } from "../value/type-of.js";
import type { Value } from "../value/types.js";
import { stackOverflowAsDepth } from "./runtime.js";
import type { ProgramTables, State } from "./state.js";

/** A governed rule of a package: its node number and kind, and its names for errors. */
export interface GovernedRule {
  readonly node: number;
  readonly kind: "complete" | "set" | "function" | "inner";
  /** `data.agent.payments.deny` */
  readonly name: string;
  /** `deny` */
  readonly rule: string;
}

/** A package that defines at least one governed rule. */
export interface GovernedPackageSpec {
  readonly name: string;
  readonly deny?: GovernedRule;
  readonly escalate?: GovernedRule;
  readonly allow?: GovernedRule;
  readonly obligations?: GovernedRule;
}

/** Generated code behind `decide`. */
export class GovernedCompiled implements GovernedEvaluator {
  readonly governedPackages: readonly string[];

  constructor(
    private readonly tables: ProgramTables,
    private readonly packages: readonly GovernedPackageSpec[],
    /** A fresh evaluation state for an input. */
    private readonly state: (input: Value) => State,
  ) {
    this.governedPackages = packages.map((p) => p.name);
  }

  /** Evaluate every governed package; an error in one is reported in its verdict, never thrown. */
  evaluateGoverned(input: Value): PackageVerdict[] {
    let S = this.state(input);
    const verdicts: PackageVerdict[] = [];
    for (const pkg of this.packages) {
      try {
        verdicts.push(this.verdict(S, pkg));
      } catch (e) {
        verdicts.push({ package: pkg.name, deny: [], escalate: [], allow: false, obligations: [], error: asSnapError(stackOverflowAsDepth(e)) });
        // The failed evaluation may have left memo entries half-done: continue with a clean state.
        S = this.state(input);
      }
    }
    return verdicts;
  }

  private verdict(S: State, pkg: GovernedPackageSpec): PackageVerdict {
    S.depth = 0;
    const { deny, escalate, allow, obligations } = pkg;
    const nodes = this.tables.nodes;
    return {
      package: pkg.name,
      deny: deny ? this.hits(S, deny) : NOTHING,
      escalate: escalate ? this.hits(S, escalate) : NOTHING,
      allow: allow ? nodes[allow.node]!(S) === true : false,
      obligations: obligations ? elements(obligations, nodes[obligations.node]!(S)) : NOTHING,
    };
  }

  private hits(S: State, r: GovernedRule): readonly RuleHit[] {
    if (r.kind !== "set" && r.kind !== "complete") {
      return elements(r, this.tables.nodes[r.node]!(S)).map((value) => ({ value, location: r.name }));
    }
    // The raw evaluation (not the memo), recording the definition that produced each value.
    const origins: Value[] = [];
    this.tables.raw[r.node]!(S, origins);
    if (origins.length === 0) return NOTHING;
    const out: RuleHit[] = [];
    if (r.kind === "set") {
      for (let i = 0; i < origins.length; i += 2) out.push({ value: origins[i]!, location: origins[i + 1] as string });
      return out;
    }
    if (origins.length === 0) return out;
    const location = origins[1] as string;
    return elements(r, origins[0]).map((value) => ({ value, location }));
  }
}

/** No hits, no obligations (one frozen array for every verdict that has none). */
const NOTHING: readonly never[] = Object.freeze([]);

/** The elements of a governed set (an array is accepted too); anything else is an error. */
function elements(r: GovernedRule, v: Value | undefined): readonly Value[] {
  if (v === undefined) return NOTHING;
  if (v instanceof SetValue) return [...v.sorted()];
  if (Array.isArray(v)) return [...v];
  throw SnapError.of("governed_rule_type", `\`${r.name}\` must be a set, but it is ${typeOf(v)}`, undefined, `define it as a set, e.g. \`${r.rule} contains msg if …\``);
}

function asSnapError(e: unknown): SnapError {
  if (isSnapError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return SnapError.of("internal_error", `internal error while evaluating: ${message}`, undefined, "this is a bug in snapspace; please report it");
}
