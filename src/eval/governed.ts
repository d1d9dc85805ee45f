/**
 * The interpreter as a `GovernedEvaluator`: evaluates `deny`, `escalate`,
 * `allow` and `obligations` of every package that defines any of them.
 */
import type { RuleNode } from "../check/program.js";
import { GOVERNED_RULES, type GovernedEvaluator, type PackageVerdict, type RuleHit } from "../decision/contract.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { SetValue } from "../value/set.js";
import { typeOf } from "../value/type-of.js";
import type { Value } from "../value/types.js";
import type { EvalContext } from "./context.js";
import type { Evaluator, EvalOptions } from "./evaluator.js";
import { guard } from "./evaluator.js";
import type { Origins } from "./interpreter.js";

interface GovernedPackage {
  readonly name: string;
  readonly nodes: Partial<Record<(typeof GOVERNED_RULES)[number], RuleNode>>;
}

/** Packages that define at least one governed rule, sorted by name. */
export function findGovernedPackages(root: RuleNode): GovernedPackage[] {
  const out: GovernedPackage[] = [];
  const visit = (n: RuleNode) => {
    if (n.isPackage && n.path.length > 0) {
      const nodes: GovernedPackage["nodes"] = {};
      let any = false;
      for (const name of GOVERNED_RULES) {
        const c = n.children.get(name);
        if (c && (c.kind !== "inner" || c.objectDefs.length > 0)) {
          nodes[name] = c;
          any = true;
        }
      }
      if (any) out.push({ name: n.path.join("."), nodes });
    }
    for (const c of n.children.values()) visit(c);
  };
  visit(root);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The interpreter behind the decision layer. */
export class GovernedInterpreter implements GovernedEvaluator {
  private readonly packages: readonly GovernedPackage[];
  readonly governedPackages: readonly string[];

  constructor(
    private readonly evaluator: Evaluator,
    private readonly options: Omit<EvalOptions, "input"> = {},
  ) {
    this.packages = findGovernedPackages(evaluator.program.root);
    this.governedPackages = this.packages.map((p) => p.name);
  }

  /** Evaluate every governed package; an error in one is reported in its verdict, never thrown. */
  evaluateGoverned(input: Value): PackageVerdict[] {
    let c = this.evaluator.context({ ...this.options, input });
    const verdicts: PackageVerdict[] = [];
    for (const pkg of this.packages) {
      try {
        verdicts.push(guard(() => this.verdict(c, pkg)));
      } catch (e) {
        verdicts.push({ package: pkg.name, deny: [], escalate: [], allow: false, obligations: [], error: asSnapError(e) });
        // The failed evaluation may have left memo entries half-done: continue with a clean state.
        c = this.evaluator.context({ ...this.options, input });
      }
    }
    return verdicts;
  }

  private verdict(c: EvalContext, pkg: GovernedPackage): PackageVerdict {
    c.depth = 0;
    const { deny, escalate, allow, obligations } = pkg.nodes;
    const interp = this.evaluator.interp;
    return {
      package: pkg.name,
      deny: deny ? this.hits(c, deny) : [],
      escalate: escalate ? this.hits(c, escalate) : [],
      allow: allow ? interp.evalNode(c, allow) === true : false,
      obligations: obligations ? elements(obligations, interp.evalNode(c, obligations)) : [],
    };
  }

  private hits(c: EvalContext, node: RuleNode): RuleHit[] {
    const interp = this.evaluator.interp;
    let origins: Origins;
    if (node.kind === "set") origins = interp.set(c, node);
    else if (node.kind === "complete") origins = interp.complete(c, node);
    else return elements(node, interp.evalNode(c, node)).map((value) => ({ value, location: node.name }));
    if (node.kind === "set") {
      return origins.elements.map((e) => ({ value: e.value, location: e.def.location }));
    }
    const only = origins.elements[0];
    if (!only) return [];
    return elements(node, only.value).map((value) => ({ value, location: only.def.location }));
  }
}

/** The elements of a governed set (an array is accepted too); anything else is an error. */
function elements(node: RuleNode, v: Value | undefined): Value[] {
  if (v === undefined) return [];
  if (v instanceof SetValue) return [...v.sorted()];
  if (Array.isArray(v)) return [...v];
  throw SnapError.of(
    "governed_rule_type",
    `\`${node.name}\` must be a set, but it is ${typeOf(v)}`,
    undefined,
    `define it as a set, e.g. \`${node.path[node.path.length - 1]} contains msg if …\``,
  );
}

function asSnapError(e: unknown): SnapError {
  if (isSnapError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return SnapError.of("internal_error", `internal error while evaluating: ${message}`, undefined, "this is a bug in snapspace; please report it");
}
