/**
 * The reference interpreter: evaluates a checked program exactly as OPA
 * does. Rule definitions are compiled to closures on first use; rule values
 * are memoised per evaluation (and per `with` state).
 */
import type { Call } from "../ast/nodes.js";
import type { BuiltinDef } from "../builtins/types.js";
import type { Analysis, Program, RuleDef, RuleNode } from "../check/program.js";
import { SnapError } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { equal } from "../value/compare.js";
import { toRegoText } from "../value/print.js";
import { SetBuilder } from "../value/set.js";
import type { Value } from "../value/types.js";
import { BodyCompiler } from "./bodies.js";
import { invokeBuiltin } from "./builtin-call.js";
import { IN_PROGRESS, NONE, type CallMemo, type EvalContext, type FunctionReplacement } from "./context.js";
import { ConflictedDoc, DocBuilder } from "./doc-builder.js";
import type { DocAccessor, Runtime } from "./exprs.js";
import { getKey, getPath } from "./navigate.js";
import { compileRule, type CompiledRule } from "./rules.js";
import { isPrefix, setIn } from "./with.js";

/** The values of a rule node together with the definition that produced each. */
export interface Origins {
  readonly value: Value | undefined;
  /** Element (for sets) or whole value (for single-value rules) → its first producing definition. */
  readonly elements: readonly { readonly value: Value; readonly def: RuleDef }[];
}

/** The key path of a lookup of a whole document. */
const NO_KEYS: readonly Value[] = [];

/** The memo key of a call without arguments. */
const NO_ARGS: Value = "\u0000no-args";

/** Evaluates rule nodes, documents and functions of one program. */
export class Interpreter implements Runtime {
  private readonly compilers = new Map<Analysis, BodyCompiler>();
  private readonly compiled = new Map<RuleDef, CompiledRule>();
  private readonly nodeRules = new Map<RuleNode, readonly CompiledRule[]>();

  constructor(readonly program: Program) {}

  /** The body compiler for a module's (or query's) side tables. */
  compilerFor(a: Analysis): BodyCompiler {
    let bc = this.compilers.get(a);
    if (!bc) this.compilers.set(a, (bc = new BodyCompiler(a, this)));
    return bc;
  }

  /** A rule definition compiled (once, on first use). */
  rule(def: RuleDef): CompiledRule {
    let r = this.compiled.get(def);
    if (!r) {
      r = compileRule(def, this.compilerFor(def.analysis));
      this.compiled.set(def, r);
    }
    return r;
  }

  /** The compiled definitions of a node (not its default), in source order. */
  private rulesOf(node: RuleNode): readonly CompiledRule[] {
    let rs = this.nodeRules.get(node);
    if (!rs) this.nodeRules.set(node, (rs = node.defs.map((d) => this.rule(d))));
    return rs;
  }

  // ───────────────────────────── documents ─────────────────────────────

  /** An accessor for `data.<path>`, resolved against the rule tree once. */
  document(path: readonly string[]): DocAccessor {
    let n = this.program.root;
    let i = 0;
    let inTree = true;
    for (; i < path.length; i++) {
      if (n.kind !== "inner" || n.objectDefs.length > 0) break;
      const child = n.children.get(path[i]!);
      if (!child) {
        inTree = false;
        break;
      }
      n = child;
    }
    const node = n;
    const rest = path.slice(i);
    // Below a node with object rules, the constant keys that follow it are the lookup's key path (see `ConflictedDoc`).
    const fast: (c: EvalContext) => Value | undefined = !inTree
      ? (c) => getPath(c.state.data, path)
      : rest.length === 0
        ? (c) => this.evalNode(c, node)
        : node.objectDefs.length > 0
          ? (c) => getPath(this.evalNodeAt(c, node, rest), rest)
          : (c) => getPath(this.evalNode(c, node), rest);
    const whole = (c: EvalContext): Value | undefined => (c.state.dataOverrides === undefined ? fast(c) : this.overridden(c, path, fast));
    const doc: DocAccessor = (c, key) => {
      if (key === undefined) return whole(c);
      if (c.state.dataOverrides !== undefined) {
        const v = whole(c);
        return v === undefined ? undefined : getKey(v, key);
      }
      return this.lookup(c, node, key);
    };
    if (inTree && rest.length === 0 && node.kind === "inner") doc.keyed = true;
    return doc;
  }

  /**
   * `doc[key]` for the document of an inner node, evaluating only what that
   * key needs, as OPA does: the child rule or package named `key` (or the
   * base data there); below object rules, their document for that key.
   */
  private lookup(c: EvalContext, node: RuleNode, key: Value): Value | undefined {
    if (node.objectDefs.length > 0 || c.state.cache.has(node)) {
      const v = this.evalNodeAt(c, node, [key]);
      return v === undefined ? undefined : getKey(v, key);
    }
    const child = typeof key === "string" ? node.children.get(key) : undefined;
    if (child !== undefined) return this.evalNode(c, child);
    const base = getPath(c.state.data, node.path);
    return base === undefined ? undefined : getKey(base, key);
  }

  /** `data.<path>` while `with data.… as …` replacements are in effect. */
  private overridden(c: EvalContext, path: readonly string[], compute: (c: EvalContext) => Value | undefined): Value | undefined {
    const overrides = c.state.dataOverrides!;
    for (let i = overrides.length - 1; i >= 0; i--) {
      const o = overrides[i]!;
      if (isPrefix(o.path, path)) return getPath(o.value, path, o.path.length);
    }
    let v = compute(c);
    for (const o of overrides) {
      if (o.path.length > path.length && isPrefix(path, o.path)) v = setIn(v, o.path.slice(path.length), o.value);
    }
    return v;
  }

  /** The value of a rule node (memoised per state): a rule's value, or the object of an inner node. */
  evalNode(c: EvalContext, node: RuleNode): Value | undefined {
    return this.evalNodeAt(c, node, NO_KEYS);
  }

  /**
   * The value of a rule node for a lookup of the ground `keys` below it: the
   * same value, but object rules conflicting elsewhere than on that key path
   * are no error (see `ConflictedDoc`).
   */
  evalNodeAt(c: EvalContext, node: RuleNode, keys: readonly Value[]): Value | undefined {
    const cache = c.state.cache;
    const hit = cache.get(node);
    if (hit !== undefined) {
      if (hit === NONE) return undefined;
      if (hit === IN_PROGRESS) throw SnapError.of("recursion", `rule \`${node.name}\` depends on itself`, undefined, "remove the cycle between the rules");
      if (hit instanceof ConflictedDoc) return hit.at(keys);
      return hit as Value;
    }
    cache.set(node, IN_PROGRESS);
    c.enter();
    let v: Value | ConflictedDoc | undefined;
    switch (node.kind) {
      case "complete":
        v = this.complete(c, node).value;
        break;
      case "set":
        v = this.set(c, node).value;
        break;
      case "function":
        v = undefined;
        break;
      case "inner":
        v = this.inner(c, node);
        break;
    }
    c.depth--;
    cache.set(node, v === undefined ? NONE : v);
    return v instanceof ConflictedDoc ? v.at(keys) : v;
  }

  /** The value of a single-value rule and the definition that produced it (conflicting values are an error). */
  complete(c: EvalContext, node: RuleNode): Origins {
    let value: Value | undefined;
    let from: RuleDef | undefined;
    for (const r of this.rulesOf(node)) {
      const def = r.def;
      if (value !== undefined && r.constant && equal(r.constantValue!, value)) continue; // cannot add anything new
      r.run(c, (v) => {
        if (value === undefined) {
          value = v;
          from = def;
        } else if (!equal(value, v)) throw conflict(node, def, value, v);
        return false;
      });
    }
    if (value === undefined && node.defaultDef) {
      value = this.rule(node.defaultDef).defaultValue(c);
      from = node.defaultDef;
    }
    return { value, elements: value !== undefined && from ? [{ value, def: from }] : [] };
  }

  /** The set of a multi-value rule, with the first definition that produced each element. */
  set(c: EvalContext, node: RuleNode): Origins {
    const b = new SetBuilder();
    const elements: { value: Value; def: RuleDef }[] = [];
    for (const r of this.rulesOf(node)) {
      const def = r.def;
      r.run(c, (v) => {
        if (b.add(v)) elements.push({ value: v, def });
        return false;
      });
    }
    return { value: b.build(), elements };
  }

  private inner(c: EvalContext, node: RuleNode): Value | ConflictedDoc {
    const base = getPath(c.state.data, node.path);
    const tolerant = node.objectDefs.length > 0;
    const b = DocBuilder.from(base, tolerant);
    for (const [k, child] of node.children) {
      let v: Value | undefined;
      if (tolerant) {
        // Beside object rules, a child's error concerns only lookups of its key (OPA evaluates them together, by key).
        const depth = c.depth;
        try {
          v = this.evalNode(c, child);
        } catch (e) {
          b.defer(k, e);
          abandon(c, depth);
          continue;
        }
      } else v = this.evalNode(c, child);
      if (v !== undefined) b.set(k, v);
    }
    for (const def of node.objectDefs) {
      const multi = def.element !== undefined;
      this.rule(def).run(c, (v, keys) => {
        if (multi) b.addElement(keys, v, node.name, def.rule.head.span);
        else b.insert(keys, v, node.name, def.rule.head.span);
        return false;
      });
    }
    return b.finish();
  }

  // ───────────────────────────── calls ─────────────────────────────

  /** Call a user function: every definition is tried; they must agree. */
  callFunction(c: EvalContext, node: RuleNode, args: readonly Value[], span: Span): Value | undefined {
    const ov = c.state.fnOverrides?.get(node);
    if (ov) return this.replaced(c, ov, args, span);
    // Memoised per state, except while collecting prints (a cached call would not print again).
    let memo: CallMemo | undefined;
    if (c.prints === undefined) {
      memo = c.state.calls.get(node);
      if (!memo) c.state.calls.set(node, (memo = new Map()));
      for (let i = 0; i < args.length - 1; i++) {
        let next = memo.get(args[i]!) as CallMemo | undefined;
        if (!next) memo.set(args[i]!, (next = new Map()));
        memo = next;
      }
      const hit = args.length === 0 ? memo.get(NO_ARGS) : memo.get(args[args.length - 1]!);
      if (hit !== undefined) return hit === NONE ? undefined : (hit as Value);
    }
    const value = this.callUncached(c, node, args, span);
    if (memo) memo.set(args.length === 0 ? NO_ARGS : args[args.length - 1]!, value === undefined ? NONE : value);
    return value;
  }

  private callUncached(c: EvalContext, node: RuleNode, args: readonly Value[], span: Span): Value | undefined {
    c.enter(span);
    let value: Value | undefined;
    for (const r of this.rulesOf(node)) {
      r.call(c, args, (v) => {
        if (value === undefined) value = v;
        else if (!equal(value, v)) {
          throw SnapError.of(
            "eval_conflict",
            `functions must not produce multiple outputs for same inputs: \`${node.name}\` returned \`${toRegoText(value)}\` and \`${toRegoText(v)}\``,
            span,
            "make the function's definitions exclusive, or use `else`",
          );
        }
        return false;
      });
    }
    if (value === undefined && node.defaultDef) value = this.rule(node.defaultDef).defaultValue(c);
    c.depth--;
    return value;
  }

  /** Call a built-in (or what `with` replaced it by). */
  callBuiltin(c: EvalContext, def: BuiltinDef, args: readonly Value[], call: Call): Value | undefined {
    const ov = c.state.fnOverrides?.get(def);
    if (ov) return this.replaced(c, ov, args, call.span, call);
    return invokeBuiltin(c, def, args, call.args, call.span);
  }

  private replaced(c: EvalContext, r: FunctionReplacement, args: readonly Value[], span: Span, call?: Call): Value | undefined {
    switch (r.kind) {
      case "value":
        return r.value;
      case "builtin":
        return invokeBuiltin(c, r.def, args.slice(0, r.def.variadic ? args.length : r.def.args.length), call?.args ?? [], span);
      case "function":
        return this.callFunction(c, r.node, args, span);
    }
  }
}

/**
 * Undo what an evaluation that threw left behind, once its error is deferred:
 * the depth, and the nodes it left in progress (recursion is ruled out
 * statically, so every node in progress now is below the failed one, or an
 * ancestor that sets its value when it finishes).
 */
function abandon(c: EvalContext, depth: number): void {
  c.depth = depth;
  for (const [n, v] of c.state.cache) if (v === IN_PROGRESS) c.state.cache.delete(n);
}

function conflict(node: RuleNode, def: RuleDef, a: Value, b: Value): SnapError {
  return SnapError.of(
    "eval_conflict",
    `complete rules must not produce multiple outputs: \`${node.name}\` is both \`${toRegoText(a)}\` and \`${toRegoText(b)}\``,
    def.rule.head.span,
    "make the rule's definitions exclusive, or use a set (`contains`) if several values are meant",
  );
}

