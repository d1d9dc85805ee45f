/**
 * Generated code behind the decision layer: evaluates `deny`, `escalate`,
 * `allow` and `obligations` of every governed package, exactly as the
 * interpreter's `GovernedInterpreter` does (each `deny`/`escalate` element
 * with the location of the first definition that produced it; an error in
 * a package goes into its verdict and the next package starts from a clean
 * state). The evaluation itself is generated with the program
 * (`governed` in `ProgramTables`, see `emitGoverned`), so that it calls each
 * package's rules directly; this class is its face to the decision layer.
 * Shared by compiled policies and standalone modules, so it reads only a
 * plain description of the packages, not the checked program.
 */
import { type GovernedEvaluator, type PackageVerdict } from "../decision/contract.js";
import type { Value } from "../value/types.js";
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
    packages: readonly GovernedPackageSpec[],
    /** A fresh evaluation state for an input. */
    private readonly state: (input: Value) => State,
  ) {
    this.governedPackages = packages.map((p) => p.name);
  }

  /** Evaluate every governed package; an error in one is reported in its verdict, never thrown. */
  evaluateGoverned(input: Value): PackageVerdict[] {
    return this.tables.governed(input, this.state);
  }
}
