/**
 * The rule tree: every rule definition placed at its path below `data`, with
 * the conflicts OPA reports between kinds of rules, defaults and base data.
 */
import type { Expr, Module, Rule } from "../ast/nodes.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import { isObject } from "../value/type-of.js";
import { objectGet } from "../value/object.js";
import type { Value } from "../value/types.js";
import type { Span } from "../source/span.js";
import { walk } from "../ast/visit.js";
import type { Analysis, DefRead, RuleDef, RuleKind, RuleNode } from "./program.js";
import { hasVar } from "./types.js";

/** Empty side tables. */
export function emptyAnalysis(): Analysis {
  return {
    names: new Map(),
    refs: new Map(),
    calls: new Map(),
    operators: new Map(),
    withTargets: new Map(),
    withFunctions: new Map(),
    plans: new Map(),
    captured: new Map(),
  };
}

/** A new, empty node at `path`. */
export function newNode(path: readonly string[]): RuleNode {
  return {
    path,
    name: path.length === 0 ? "data" : `data.${path.join(".")}`,
    children: new Map(),
    kind: "inner",
    defs: [],
    objectDefs: [],
    isPackage: false,
  };
}

/** The child of `node` named `key`, created when missing. */
function child(node: RuleNode, key: string): RuleNode {
  let c = node.children.get(key);
  if (!c) {
    c = newNode([...node.path, key]);
    node.children.set(key, c);
  }
  return c;
}

/** The node at `path`, or `undefined`. */
export function findNode(root: RuleNode, path: readonly string[]): RuleNode | undefined {
  let n: RuleNode | undefined = root;
  for (const k of path) {
    n = n.children.get(k);
    if (!n) return undefined;
  }
  return n;
}

/** A rule definition waiting for its frame size (set once its scopes are resolved). */
export interface PendingDef {
  readonly rule: Rule;
  readonly module: Module;
  readonly kind: RuleKind;
  readonly node: RuleNode;
  readonly suffix: readonly Expr[];
  element?: Expr;
  readonly location: string;
  frameSize: number;
  /** Whether the definition holds a closure or an `every` (see `Resolver.resolveRule`). */
  closures: boolean;
  analysis: Analysis;
  reads: DefRead[];
  badNumber?: { readonly raw: string; readonly span: Span };
}

/** The head's path split into the constant string prefix and the rest. */
function splitHeadPath(rule: Rule): { statics: string[]; suffix: Expr[] } {
  const statics = [rule.head.name];
  const suffix: Expr[] = [];
  for (const seg of rule.head.path) {
    if (suffix.length === 0 && seg.kind === "string") statics.push(seg.value);
    else suffix.push(seg);
  }
  return { statics, suffix };
}

/** v0 reads `p.q { … }` (a one-segment ref head without value) as the set rule `p contains "q"`, as OPA does. */
function isV0SetHead(module: Module, rule: Rule): boolean {
  const h = rule.head;
  return module.regoVersion === 0 && !rule.isDefault && !h.args && !h.contains && !h.value && h.path.length === 1 && rule.elses.length === 0;
}

/**
 * A multi-value rule with variables in its path (`p[x] contains y`) is an
 * object rule whose leaves are sets: each solution adds `y` to the set at `p[x]`.
 */
function kindOf(rule: Rule, suffix: readonly Expr[]): RuleKind {
  if (rule.head.args) return "function";
  if (suffix.length > 0) return "object";
  return rule.head.contains ? "set" : "complete";
}

const KIND_WORDS: Record<RuleKind, string> = {
  complete: "a single-value rule",
  set: "a multi-value (`contains`) rule",
  object: "an object rule",
  function: "a function",
};

/**
 * Build the rule tree of `modules`, reporting conflicts into `diags`. Returns
 * the root and every definition (frame sizes are filled in later).
 */
export function buildRuleTree(
  modules: readonly Module[],
  data: Value | undefined,
  diags: Diagnostic[],
): { root: RuleNode; defs: PendingDef[]; analyses: Map<Module, Analysis> } {
  const analyses = new Map<Module, Analysis>();
  const root = newNode([]);
  root.isPackage = true;
  const defs: PendingDef[] = [];
  for (const module of modules) {
    const analysis = emptyAnalysis();
    analyses.set(module, analysis);
    let pkg = root;
    pkg.isPackage = true;
    for (const seg of module.package.path) {
      pkg = child(pkg, seg);
      pkg.isPackage = true;
    }
    for (const rule of module.rules) {
      const v0Set = isV0SetHead(module, rule);
      const { statics, suffix } = v0Set ? { statics: [rule.head.name], suffix: [] } : splitHeadPath(rule);
      let node = pkg;
      for (const s of statics) node = child(node, s);
      const kind = v0Set ? "set" : kindOf(rule, suffix);
      const element = v0Set ? rule.head.path[0] : rule.head.contains;
      // Not `...(element ? { element } : {})` in the literal: a spread amid properties makes V8 build the object property by property.
      const def: PendingDef = { rule, module, kind, node, suffix, location: `${rule.head.span.file}:${rule.head.span.line}`, frameSize: 0, closures: true, analysis, reads: [] };
      if (element) def.element = element;
      defs.push(def);
      place(def, diags);
    }
  }
  checkTree(root, diags);
  checkBaseData(root, data, [], diags);
  return { root, defs, analyses };
}

function place(def: PendingDef, diags: Diagnostic[]): void {
  const { node, rule, kind } = def;
  if (rule.isDefault && rule.head.value) {
    const bad = nonConstantPart(rule.head.value);
    if (bad) {
      diags.push(
        diagnostic(
          "invalid_default",
          `illegal default rule: its value cannot contain ${bad.what}`,
          bad.span,
          "give the default a constant value (literals, or comprehensions); compute other values in a rule",
        ),
      );
      return;
    }
  }
  if (rule.elses.length > 0 && (kind === "set" || (kind === "object" && def.suffix.some(hasVar)))) {
    // OPA's parser: `else` is for single-value rules and functions whose head has no variables.
    diags.push(
      diagnostic(
        "invalid_else",
        kind === "set" ? "`else` cannot be used on multi-value rules" : "`else` cannot be used on rules with variables in their head",
        rule.elses[0]!.span,
        "use `else` only on single-value rules (`p := 1 if … else := 2`) and functions",
      ),
    );
    return;
  }
  if (kind === "object") {
    if (rule.isDefault) {
      diags.push(diagnostic("invalid_default", `\`default\` cannot be used with ${KIND_WORDS[kind]}`, rule.head.nameSpan, "give defaults only to single-value rules and functions"));
      return;
    }
    // As in OPA, the rules whose paths start with the same constant prefix are all single-value or all multi-value.
    const other = node.objectDefs[0];
    if (other && (other.element === undefined) !== (def.element === undefined)) {
      const words = (d: { element?: unknown }) => (d.element === undefined ? "a single-value rule" : "a multi-value (`contains`) rule");
      diags.push(
        diagnostic(
          "rule_conflict",
          `\`${node.name.slice(5)}[…]\` is defined as ${words(def)} here and as ${words(other)} elsewhere`,
          rule.head.nameSpan,
          `use one kind of rule below \`${node.name.slice(5)}\` (see ${other.location})`,
        ),
      );
      return;
    }
    node.objectDefs.push(def as RuleDef);
    return;
  }
  if (rule.isDefault) {
    if (kind === "set") {
      diags.push(diagnostic("invalid_default", `\`default\` cannot be used with ${KIND_WORDS[kind]}`, rule.head.nameSpan, "give defaults only to single-value rules and functions"));
      return;
    }
    if (node.defaultDef) {
      diags.push(
        diagnostic(
          "multiple_defaults",
          `multiple default rules \`${node.name.slice(5)}\` found`,
          rule.head.nameSpan,
          `keep one \`default\` rule for \`${node.name.slice(5)}\` (the other is at ${node.defaultDef.location})`,
        ),
      );
      return;
    }
  }
  // The first definition (default or not) fixes the node's kind.
  if (node.kind === "inner") node.kind = kind;
  else if (node.kind !== kind) {
    const first = node.defs[0] ?? node.defaultDef;
    diags.push(
      diagnostic(
        "rule_conflict",
        `\`${node.name.slice(5)}\` is defined as ${KIND_WORDS[kind]} here and as ${KIND_WORDS[first?.kind ?? "complete"]} elsewhere`,
        rule.head.nameSpan,
        `use one kind of rule for \`${node.name.slice(5)}\`${first ? ` (see ${first.location})` : ""}`,
      ),
    );
    return;
  }
  if (kind === "function") {
    const arity = rule.head.args?.length ?? 0;
    if (node.arity === undefined) node.arity = arity;
    else if (node.arity !== arity) {
      diags.push(
        diagnostic(
          "rule_conflict",
          `function \`${node.name.slice(5)}\` is defined with ${arity} argument${arity === 1 ? "" : "s"} here and ${node.arity} elsewhere`,
          rule.head.nameSpan,
          "give every definition of a function the same number of arguments",
        ),
      );
      return;
    }
  }
  if (rule.isDefault) node.defaultDef = def as RuleDef;
  else node.defs.push(def as RuleDef);
}

/**
 * The first part of a default value that is not constant, as OPA's parser
 * finds it (`validateDefaultRuleValue`): a ref, a variable or a call
 * (operators are calls; a template is checked by its parts); comprehensions
 * are not looked into.
 */
function nonConstantPart(e: Expr): { what: string; span: Span } | undefined {
  let found: { what: string; span: Span } | undefined;
  walk(e, (n) => {
    if (found) return false;
    switch (n.kind) {
      case "array-compr":
      case "set-compr":
      case "object-compr":
        return false;
      case "ref":
        found = { what: "a reference", span: n.span };
        return false;
      case "var":
        found = { what: `the variable \`${n.name}\``, span: n.span };
        return false;
      case "call":
      case "binary":
      case "unary":
      case "in":
        found = { what: "a call", span: n.span };
        return false;
      default:
        return true;
    }
  });
  return found;
}

/** Rule nodes must be leaves (a rule and rules or packages below it conflict). */
function checkTree(node: RuleNode, diags: Diagnostic[]): void {
  const isRule = node.kind !== "inner";
  if (isRule && (node.children.size > 0 || node.objectDefs.length > 0)) {
    const def = node.defs[0] ?? node.defaultDef!;
    const below = firstDefBelow(node);
    diags.push(
      diagnostic(
        "rule_conflict",
        `rule \`${node.name.slice(5)}\` conflicts with ${below ? `the rule at ${below.location}` : "a package"} defined below its path`,
        def.rule.head.nameSpan,
        "rename one of them: a rule's value cannot also have rules or packages inside it",
      ),
    );
    return;
  }
  for (const c of node.children.values()) checkTree(c, diags);
}

function firstDefBelow(node: RuleNode): RuleDef | undefined {
  if (node.objectDefs[0]) return node.objectDefs[0];
  for (const c of node.children.values()) {
    const d = c.defs[0] ?? c.defaultDef ?? firstDefBelow(c);
    if (d) return d;
  }
  return undefined;
}

/** Base documents may not sit where a rule is, and must be objects where rules are below them. */
function checkBaseData(node: RuleNode, data: Value | undefined, path: readonly string[], diags: Diagnostic[]): void {
  if (data === undefined) return;
  // OPA places an object rule (`p[k] := v`, `p.q[k] contains v`) at its constant prefix: base data there conflicts too.
  if (node.kind !== "inner" || node.objectDefs.length > 0) {
    const def = node.defs[0] ?? node.defaultDef ?? node.objectDefs[0]!;
    diags.push(
      diagnostic(
        "data_conflict",
        `rule \`${node.name.slice(5)}\` conflicts with base data at the same path`,
        def.rule.head.nameSpan,
        `remove \`${node.name}\` from the data files or rename the rule`,
      ),
    );
    return;
  }
  if (!isObject(data)) {
    if (path.length === 0) return;
    const def = firstDefBelow(node);
    diags.push(
      diagnostic(
        "data_conflict",
        `base data at \`${node.name}\` is not an object, but rules are defined below it`,
        def?.rule.head.nameSpan,
        `remove \`${node.name}\` from the data files or move the rules`,
      ),
    );
    return;
  }
  for (const [k, c] of node.children) checkBaseData(c, objectGet(data, k), [...path, k], diags);
}
