/**
 * Properties files (DESIGN.md §7): `.snap` modules whose `violation` sets
 * say what must never happen. Each is evaluated with the input of a
 * decision plus `input.decision`, the decision under test as JSON; any
 * element of any package's `violation` set is a violation, written as a deny
 * reason is (a string, or an object with `msg`).
 *
 * ```rego
 * package properties.payments
 *
 * violation contains "a charge over 10000 EUR was allowed" if {
 *   input.decision.effect == "allow"
 *   input.proposal.tool == "payments.charge"
 *   input.proposal.args.amount > 10000
 * }
 * ```
 *
 * Properties are compiled on their own, not with the policy (so that they
 * state the rule independently of how the policy implements it), against
 * the policy's `data` (so that they can read its configuration).
 */
import { readFile } from "node:fs/promises";
import type fc from "fast-check";
import type { RegoVersion } from "../ast/nodes.js";
import { compileSources } from "../api/compile.js";
import type { CompiledPolicy } from "../api/policy.js";
import type { RuleNode } from "../check/program.js";
import type { Decision, Policy, Reason } from "../decision/contract.js";
import { serializeDecision } from "../decision/decide.js";
import { toReason } from "../decision/reasons.js";
import { Evaluator, guard } from "../eval/evaluator.js";
import { isSnapError, SnapError } from "../source/diagnostic.js";
import { discoverFiles, displayPath } from "../source/discover.js";
import { SourceFile } from "../source/source-file.js";
import { fromJs } from "../value/json.js";
import { checkProperty, type CheckOptions, type CheckSummary } from "./checks.js";

/** One element of a `violation` set: what was violated, by which package, where the rule is. */
export type PropertyViolation = Omit<Reason, "effect">;

/** Options of `PropertySet.load` and `PropertySet.compile`. */
export interface PropertySetOptions {
  /** The `data` the properties see: usually the policy's (`policyData(policy)`). */
  readonly data?: unknown;
  readonly regoVersion?: RegoVersion;
}

interface PropertyPackage {
  readonly name: string;
  readonly node: RuleNode;
}

/**
 * Compiled properties files, ready to judge decisions.
 *
 * @example
 * ```ts
 * const properties = await PropertySet.load(["properties/"], { data: policyData(policy) });
 * properties.violations(input, policy.decide(input)); // [{ package, msg, location }] or []
 * ```
 */
export class PropertySet {
  /** The packages that define `violation`, sorted. */
  readonly packages: readonly string[];
  private readonly evaluator: Evaluator;

  private constructor(
    /** The compiled properties (for diagnostics rendering: `sources`). */
    readonly compiled: CompiledPolicy,
    private readonly found: readonly PropertyPackage[],
  ) {
    this.packages = found.map((p) => p.name);
    this.evaluator = new Evaluator(compiled.program, compiled.settings.limits ? { limits: compiled.settings.limits } : {});
  }

  /**
   * Read and compile the `.snap` / `.rego` files under `paths` (files and
   * folders). Throws `SnapError`: `PolicyError` for errors in the files,
   * `no_properties` when none defines `violation`, `violation_not_a_set`
   * when one is not a set.
   *
   * @example
   * ```ts
   * const properties = await PropertySet.load(["properties/"], { data: policyData(policy) });
   * ```
   */
  static async load(paths: readonly string[], options: PropertySetOptions = {}): Promise<PropertySet> {
    const files: SourceFile[] = [];
    for (const p of await discoverFiles(paths, { kind: "properties" })) {
      let text: string;
      try {
        text = await readFile(p, "utf8");
      } catch (e) {
        throw SnapError.of("file_unreadable", `cannot read \`${displayPath(p)}\`: ${e instanceof Error ? e.message : String(e)}`, undefined, "check that the file exists and is readable");
      }
      files.push(new SourceFile(displayPath(p), text));
    }
    return PropertySet.fromFiles(files, options, paths.join(", "));
  }

  /**
   * Compile properties from source texts (see `load`).
   *
   * @example
   * ```ts
   * const properties = PropertySet.compile([{ file: "p.snap", source: 'package p\n\nviolation contains "allowed" if input.decision.effect == "allow"\n' }]);
   * ```
   */
  static compile(modules: readonly { readonly file: string; readonly source: string }[], options: PropertySetOptions = {}): PropertySet {
    return PropertySet.fromFiles(
      modules.map((m) => new SourceFile(m.file, m.source)),
      options,
      modules.map((m) => m.file).join(", "),
    );
  }

  private static fromFiles(files: readonly SourceFile[], options: PropertySetOptions, shown: string): PropertySet {
    // The interpreter: properties are evaluated through it (below), so no code needs generating.
    const compiled = compileSources(files, {
      backend: "interpreter",
      ...(options.data !== undefined ? { data: options.data } : {}),
      ...(options.regoVersion !== undefined ? { regoVersion: options.regoVersion } : {}),
    });
    const found: PropertyPackage[] = [];
    const visit = (n: RuleNode) => {
      const v = n.isPackage && n.path.length > 0 ? n.children.get("violation") : undefined;
      if (v) {
        if (v.kind !== "set") {
          const def = v.defs[0] ?? v.defaultDef ?? v.objectDefs[0];
          throw SnapError.of(
            "violation_not_a_set",
            `\`${v.name}\` must be a set of reasons`,
            def?.rule.head.span,
            "define it as `violation contains msg if { … }`",
          );
        }
        found.push({ name: n.path.join("."), node: v });
      }
      for (const c of n.children.values()) visit(c);
    };
    visit(compiled.program.root);
    if (found.length === 0) {
      throw SnapError.of("no_properties", `no \`violation\` rule in \`${shown}\``, undefined, "a properties file defines `violation contains msg if { … }` in some package");
    }
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return new PropertySet(compiled, found);
  }

  /**
   * The violations of `decision` for `input`: every element of every
   * `violation` set, evaluated with `input.decision` set to the decision.
   * Sorted by package, message and location. Throws `SnapError` when a
   * property fails to evaluate.
   *
   * @example
   * ```ts
   * properties.violations(input, policy.decide(input)); // [] when every property holds
   * ```
   */
  violations(input: unknown, decision: Decision): PropertyViolation[] {
    const base = typeof input === "object" && input !== null && !Array.isArray(input) ? input : {};
    const doc = fromJs({ ...base, decision: JSON.parse(serializeDecision(decision)) as unknown });
    const c = this.evaluator.context({ input: doc });
    const out: PropertyViolation[] = [];
    for (const pkg of this.found) {
      c.depth = 0;
      const origins = guard(() => this.evaluator.interp.set(c, pkg.node));
      for (const e of origins.elements) {
        const { effect: _, ...reason } = toReason("deny", pkg.name, { value: e.value, location: e.def.location });
        out.push(reason);
      }
    }
    return out.sort((a, b) => cmp(a.package, b.package) || cmp(a.msg, b.msg) || cmp(a.location, b.location));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A violation as one line: its message, package and location. */
export function describeViolation(v: PropertyViolation): string {
  return `${v.msg} (${v.package}, ${v.location})`;
}

/**
 * The `data` document of a compiled policy, for properties that read the
 * policy's configuration; `undefined` for other back ends.
 *
 * @example
 * ```ts
 * PropertySet.load(["properties/"], { data: policyData(await loadPolicies(["policies/"])) });
 * ```
 */
export function policyData(policy: Policy): unknown {
  const program = (policy as Partial<CompiledPolicy>).program;
  return program?.data;
}

/**
 * Check that no generated case violates `properties`: each case is decided
 * by `policy`, then every `violation` set is evaluated with the input and
 * `input.decision`. Throws `PropertyFailure` with the smallest
 * counterexample and the violations; a property that fails to evaluate is
 * reported the same way.
 *
 * @example
 * ```ts
 * checkProperties(policy, properties, mutatedSessionsArb(records), { numRuns: 500, seed: 1 });
 * ```
 */
export function checkProperties(policy: Policy, properties: PropertySet, arb: fc.Arbitrary<unknown>, options: CheckOptions = {}): CheckSummary {
  return checkProperty(
    policy,
    arb,
    (decision, input) => {
      let found: PropertyViolation[];
      try {
        found = properties.violations(input, decision);
      } catch (e) {
        if (!isSnapError(e)) throw e;
        throw new Error(`the properties failed to evaluate: ${e.message}${e.location ? ` (${e.location.file}:${e.location.line})` : ""}`);
      }
      if (found.length === 0) return true;
      throw new Error(found.map(describeViolation).join("\n  "));
    },
    options,
  );
}
