/**
 * The governance contract over Wasm entrypoints: a `GovernedEvaluator` whose
 * verdicts come from `<package>/deny`, `/escalate`, `/allow`, `/obligations`
 * (or one `<package>/decision` returning those four keys). The shared
 * `decide` turns them into a `Decision` exactly as for `.snap` policies.
 */
import type { GovernedEvaluator, PackageVerdict, RuleHit } from "../decision/contract.js";
import { SnapError } from "../source/diagnostic.js";
import type { Json } from "../value/json.js";
import type { Value } from "../value/types.js";
import type { Entrypoint, GovernedRule, PackagePlan } from "./entrypoints.js";
import { encodeJson, EvaluationFailure, type WasmRunner } from "./runner.js";

/** Evaluates the governed packages of one module. */
export class WasmGovernedEvaluator implements GovernedEvaluator {
  readonly governedPackages: readonly string[];

  constructor(
    private readonly runner: WasmRunner,
    private readonly plans: readonly PackagePlan[],
    /** Prefix of reason locations: `policy.wasm` gives `policy.wasm#agent/payments/deny`. */
    private readonly name: string,
  ) {
    this.governedPackages = plans.map((p) => p.package);
  }

  evaluateGoverned(input: Value): PackageVerdict[] {
    let text: ArrayBuffer;
    try {
      text = encodeJson(input);
    } catch (e) {
      return this.plans.map((p) => failed(p.package, SnapError.of("invalid_input", `the input cannot be written as JSON: ${(e as Error).message}`)));
    }
    return this.plans.map((plan) => this.verdict(plan, text));
  }

  private verdict(plan: PackagePlan, input: ArrayBuffer): PackageVerdict {
    try {
      if (plan.kind === "decision") return this.fromDecision(plan.package, plan.decision, input);
      const { deny, escalate, allow, obligations } = plan.rules;
      return {
        package: plan.package,
        deny: deny ? this.hits(deny, "deny", this.evaluate(deny, input)) : [],
        escalate: escalate ? this.hits(escalate, "escalate", this.evaluate(escalate, input)) : [],
        allow: allow ? this.evaluate(allow, input) === true : false,
        obligations: obligations ? this.set(obligations, "obligations", this.evaluate(obligations, input)) : [],
      };
    } catch (e) {
      if (e instanceof SnapError) return failed(plan.package, e);
      throw e;
    }
  }

  private fromDecision(pkg: string, ep: Entrypoint, input: ArrayBuffer): PackageVerdict {
    const value = this.evaluate(ep, input);
    if (value === undefined) return { package: pkg, deny: [], escalate: [], allow: false, obligations: [] };
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw this.badResult(ep, `returned ${describe(value)}, not an object with \`deny\`, \`escalate\`, \`allow\` and \`obligations\``);
    }
    const field = (key: GovernedRule): Json | undefined => (Object.hasOwn(value, key) ? (value as Record<string, Json>)[key] : undefined);
    return {
      package: pkg,
      deny: this.hits(ep, "deny", field("deny")),
      escalate: this.hits(ep, "escalate", field("escalate")),
      allow: field("allow") === true,
      obligations: this.set(ep, "obligations", field("obligations")),
    };
  }

  private evaluate(ep: Entrypoint, input: ArrayBuffer): Json | undefined {
    try {
      return this.runner.evaluate(ep, input);
    } catch (e) {
      if (!(e instanceof EvaluationFailure)) throw e;
      throw SnapError.of(
        "opa_wasm_eval_error",
        `evaluating \`${this.location(ep)}\` failed: ${e.message}`,
        undefined,
        "the policy raised an error for this input (e.g. conflicting values or a failing built-in); the decision fails closed",
      );
    }
  }

  private hits(ep: Entrypoint, rule: "deny" | "escalate", value: Json | undefined): RuleHit[] {
    const location = this.location(ep);
    return this.set(ep, rule, value).map((v) => ({ value: v, location }));
  }

  /** A set rule's elements: OPA writes sets as JSON arrays; undefined is the empty set. */
  private set(ep: Entrypoint, rule: "deny" | "escalate" | "obligations", value: Json | undefined): Value[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      const subject = ep.name.endsWith(`/${rule}`) ? "" : `\`${rule}\` `;
      throw this.badResult(ep, `returned ${subject}${describe(value)}, not a set`, `define \`${rule}\` as a set: \`${rule} contains … if {…}\``);
    }
    return value as Value[];
  }

  private badResult(ep: Entrypoint, what: string, help = "return an object whose `deny`, `escalate` and `obligations` are sets and whose `allow` is a boolean"): SnapError {
    return SnapError.of("opa_wasm_bad_result", `\`${this.location(ep)}\` ${what}`, undefined, help);
  }

  private location(ep: Entrypoint): string {
    return `${this.name}#${ep.name}`;
  }
}

function failed(pkg: string, error: SnapError): PackageVerdict {
  return { package: pkg, deny: [], escalate: [], allow: false, obligations: [], error };
}

function describe(value: Json): string {
  if (value === null) return "`null`";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string \`${JSON.stringify(value)}\``;
  return `the ${typeof value === "bigint" ? "number" : typeof value} \`${String(value)}\``;
}
