/**
 * The check stage: from parsed modules to a `Program` (rule tree and side
 * tables), or every diagnostic found, sorted.
 */
import type { Body, Module, Rule } from "../ast/nodes.js";
import { sortDiagnostics, type Diagnostic } from "../source/diagnostic.js";
import type { Value } from "../value/types.js";
import { AnnotationSet } from "./annotations.js";
import { moduleGlobals, packageRuleNames, QUERY_GLOBALS } from "./globals.js";
import type { CheckedQuery, Program, RuleDef, RuleNode } from "./program.js";
import { checkRecursion } from "./recursion.js";
import { Resolver, type ResolveEnv } from "./resolve.js";
import { buildRuleTree, emptyAnalysis } from "./rule-tree.js";
import { scanDefinition } from "./reads.js";
import { SafetyChecker } from "./safety.js";
import { checkTypes } from "./types.js";

/** Options of `checkModules`. */
export interface CheckOptions {
  /** Base documents: a rule at the same path as base data is reported (`data_conflict`). */
  readonly data?: Value;
}

/** The result of checking: a program when there is no error, and every diagnostic, sorted. */
export interface CheckResult {
  readonly program?: Program;
  readonly diagnostics: Diagnostic[];
}

/**
 * Check parsed modules: resolve names, build the rule tree, check safety
 * (reordering bodies), recursion, calls, `with` targets and determinism.
 */
export function checkModules(modules: readonly Module[], options: CheckOptions = {}): CheckResult {
  const diags: Diagnostic[] = [];
  const { root, defs, analyses } = buildRuleTree(modules, options.data, diags);
  let names: string[] | undefined;
  const functionNames = () => (names ??= collectFunctionNames(root));
  const ruleNames = packageRuleNames(modules);
  const annotations = new AnnotationSet(modules, diags);
  for (const module of modules) {
    const globals = moduleGlobals(module, ruleNames.get(module.package.path.join(".")) ?? new Set(), diags);
    const metadata = (rule: Rule) => annotations.forRule(module, rule);
    const env: ResolveEnv = { root, analysis: analyses.get(module)!, diags, functionNames, metadata };
    const resolver = new Resolver(env, globals);
    for (const def of defs) {
      if (def.module !== module) continue;
      const { frameSize, closures } = resolver.resolveRule(def.rule);
      def.frameSize = frameSize;
      def.closures = closures;
    }
  }
  for (const def of defs) {
    new SafetyChecker(def.analysis, diags).checkRule(def.rule, def.closures);
    scanDefinition(def, diags);
  }
  checkRecursion(root, defs as RuleDef[], diags);
  const diagnostics = sortDiagnostics(diags);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { program: { modules, root, defs: defs as RuleDef[], analyses, data: options.data ?? {} }, diagnostics };
}

/** Check a query against a program: resolve it (it sees `input` and `data` only) and plan it. */
export function checkQuery(program: Program, body: Body): { query?: CheckedQuery; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const analysis = emptyAnalysis();
  const env: ResolveEnv = { root: program.root, analysis, diags, functionNames: () => collectFunctionNames(program.root) };
  const { frameSize, vars } = new Resolver(env, QUERY_GLOBALS).resolveQuery(body);
  const plan = new SafetyChecker(analysis, diags).checkQuery(body, QUERY_OWNER);
  for (const s of body) checkTypes(s, analysis, diags);
  const diagnostics = sortDiagnostics(diags);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { query: { body, plan, frameSize, vars, analysis }, diagnostics };
}

/** The owner id under which a query's own plan is stored (no AST node has a negative id). */
export const QUERY_OWNER = -1;

function collectFunctionNames(root: RuleNode): string[] {
  const out: string[] = [];
  const visit = (n: RuleNode) => {
    if (n.kind === "function") out.push(n.path.join("."), n.path[n.path.length - 1]!);
    for (const c of n.children.values()) visit(c);
  };
  visit(root);
  return out;
}
