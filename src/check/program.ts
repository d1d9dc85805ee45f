/**
 * The checked program: what `checkModules` produces for the interpreter and
 * the compiled back end. The AST stays immutable; everything the checker
 * learned lives in side tables keyed by node id.
 */
import type { Body, Expr, Module, Rule, Stmt } from "../ast/nodes.js";
import type { BuiltinDef } from "../builtins/types.js";
import type { Span } from "../source/span.js";
import type { Value } from "../value/types.js";

/** What a name (a `Var` node, possibly the head of a `Ref`) refers to. */
export type NameTarget =
  /** A local variable: its slot in the frame of the enclosing rule (or query). */
  | { readonly kind: "local"; readonly slot: number }
  /** `input`, or an import of `input.…` (then `path` is the imported path below `input`). */
  | { readonly kind: "input"; readonly path: readonly string[] }
  /** `data`, a rule of the package, or an import of `data.…`: the document at `path` below `data`. */
  | { readonly kind: "data"; readonly path: readonly string[] };

/**
 * A reference resolved against its root: `root` is where it starts, `prefix`
 * the constant string path below the root (import path and constant
 * segments merged), and `rest` the segments left to evaluate.
 * For `lib.x[y].z` with `import data.lib`: root data, prefix `["lib", "x"]`, rest `[y, "z"]`.
 */
export interface ResolvedRef {
  readonly root: "data" | "input" | "local" | "expr";
  /** For `root: "local"`: the slot of the head variable. */
  readonly slot?: number;
  readonly prefix: readonly string[];
  readonly rest: readonly Expr[];
}

/** What a call calls. */
export type CallTarget =
  | { readonly kind: "builtin"; readonly def: BuiltinDef }
  | { readonly kind: "function"; readonly node: RuleNode };

/** What a `with` modifier replaces. */
export type WithTarget =
  | { readonly kind: "input"; readonly path: readonly string[] }
  | { readonly kind: "data"; readonly path: readonly string[] }
  | { readonly kind: "builtin"; readonly def: BuiltinDef }
  | { readonly kind: "function"; readonly node: RuleNode };

/** The kinds of rule definitions (OPA's terms in parentheses). */
export type RuleKind =
  /** `p := v if …` (single-value rule at a constant path). */
  | "complete"
  /** `s contains x if …` (multi-value rule). */
  | "set"
  /**
   * `o[k] := v if …`, `a.b[c] := d` (a rule whose path has variable or non-string keys below its node);
   * `p[k] contains x` too, its `element` then set.
   */
  | "object"
  /** `f(x) := v if …` */
  | "function";

/** One rule definition (one `Rule` node, with its `else` chain). */
export interface RuleDef {
  readonly rule: Rule;
  readonly module: Module;
  readonly kind: RuleKind;
  /** The node of the rule tree this definition contributes to. */
  readonly node: RuleNode;
  /** For `object` rules: the key expressions below `node` (`[k]` for `o[k] := v`). */
  readonly suffix: readonly Expr[];
  /**
   * For `set` rules: the element (`x` of `s contains x`; `"q"` of v0's `p.q { … }`).
   * For `object` rules, present when the rule is multi-value (`p[k] contains x`): the leaf at the keys is a set.
   */
  readonly element?: Expr;
  /** Number of local variable slots the definition's frame needs (args, bodies, comprehensions, `else`s). */
  readonly frameSize: number;
  /** The side tables of the definition's module (node ids are unique within one parse, i.e. one module). */
  readonly analysis: Analysis;
  /** `file:line` of the definition, as decisions and coverage report it. */
  readonly location: string;
  /** What the definition may evaluate, in source order (the edges of the recursion check and of `readsClosure`). */
  readonly reads: readonly DefRead[];
  /** The first number literal of the definition that no value can represent: evaluating the definition fails on it. */
  readonly badNumber?: { readonly raw: string; readonly span: Span };
}

/** Something a rule definition may evaluate. */
export type DefRead =
  /** The document at a constant path below `data` (a reference's `prefix`). */
  | { readonly kind: "data"; readonly prefix: readonly string[] }
  /** A function it calls. */
  | { readonly kind: "call"; readonly node: RuleNode }
  /** A function a `with` replaces (generated code names it; nothing evaluates it there). */
  | { readonly kind: "replaced"; readonly node: RuleNode }
  /** A function a `with` puts in place of another (`g` of `with f as g`). */
  | { readonly kind: "substitute"; readonly node: RuleNode };

/**
 * A node of the rule tree: one path below `data`. Inner nodes (packages and
 * prefixes of rule paths) have children; rule nodes hold definitions of one kind.
 */
export interface RuleNode {
  /** Path below `data`. */
  readonly path: readonly string[];
  /** `data.a.b`, for messages. */
  readonly name: string;
  readonly children: Map<string, RuleNode>;
  /** Kind of the definitions at this node, or `inner` when it has none (only children / object rules). */
  kind: "inner" | "complete" | "set" | "function";
  /** Complete, set or function definitions at this node (not `default`), in source order. */
  readonly defs: RuleDef[];
  /** Object rules (`o[k] := v`) whose constant path ends at this node. */
  readonly objectDefs: RuleDef[];
  /** The `default` definition of a complete rule or function. */
  defaultDef?: RuleDef;
  /** Number of arguments, for functions. */
  arity?: number;
  /** True when a package declares this path (or a path below it). */
  isPackage: boolean;
}

/** The evaluation plan of one body: statements in safe order, without `some x` declarations. */
export interface BodyPlan {
  readonly order: readonly Stmt[];
  /** For each statement of `order`, the slots bound before it runs. */
  readonly boundBefore: readonly ReadonlySet<number>[];
  /** The slots bound after the whole body. */
  readonly boundAfter: ReadonlySet<number>;
}

/** Side tables: everything the checker found out about one module (or one query), keyed by node id. */
export interface Analysis {
  /** `Var` node id → what it names. */
  readonly names: Map<number, NameTarget>;
  /** `Ref` or `Var` node id → the reference resolved against its root (for every ref and every global name). */
  readonly refs: Map<number, ResolvedRef>;
  /** `Call` node id → callee. */
  readonly calls: Map<number, CallTarget>;
  /** `Binary`, `Unary` or `in` node id → the built-in implementing the operator. */
  readonly operators: Map<number, BuiltinDef>;
  /** `with` node id → what it replaces. */
  readonly withTargets: Map<number, WithTarget>;
  /** `with` node id → the function a `with f as g` substitutes (when the value names a function). */
  readonly withFunctions: Map<number, CallTarget>;
  /** Owner node id (rule, `else`, comprehension, `every`, or a query's first statement) → plan of its body. */
  readonly plans: Map<number, BodyPlan>;
  /** Comprehension or `every` node id → slots of enclosing scopes it reads. */
  readonly captured: Map<number, ReadonlySet<number>>;
}

/** A checked policy set: modules, rule tree and analysis. */
export interface Program {
  readonly modules: readonly Module[];
  /** The root of the rule tree (`data`). */
  readonly root: RuleNode;
  /** Every rule definition, in module then source order. */
  readonly defs: readonly RuleDef[];
  /** Side tables of each module. */
  readonly analyses: ReadonlyMap<Module, Analysis>;
  /** Base documents given at check time (conflicts with rules are reported). */
  readonly data: Value;
}

/** A checked query against a program. */
export interface CheckedQuery {
  readonly body: Body;
  readonly plan: BodyPlan;
  readonly frameSize: number;
  /** The query's named variables in order of first appearance, with their slots (not `_`). */
  readonly vars: readonly { readonly name: string; readonly slot: number }[];
  /** Side tables of the query's nodes. */
  readonly analysis: Analysis;
}
