/**
 * Generates rule definitions and rule nodes, mirroring `src/eval/rules.ts`
 * and the interpreter's node evaluation:
 *
 * - each definition is a function (`d12`) that enumerates the values of its
 *   clauses (main body, then each `else` until one produces a value) into
 *   the node's accumulator: a set builder, the value of a complete rule or
 *   function (conflicts are errors), or the document of object rules;
 * - each complete or set node has a memoised accessor: `n4` returns a memo
 *   hit and is small enough to be inlined at its callers; `u4` evaluates
 *   (recursion guard, depth limit, step count, every definition then the
 *   `default`, or with a rule index only the definitions that can match);
 *   a governed `deny` or `escalate` also has a raw evaluator (`e4`: no
 *   memo, each value recorded with its definition's location);
 * - each function has an entry (`f2`) with `with` replacements, a memo of
 *   results per arguments (except while collecting prints) and the depth
 *   limit.
 */
import type { RuleDef, RuleNode } from "../check/program.js";
import { isConstantExpr } from "../eval/rules.js";
import { BodyGen } from "./gen-body.js";
import { ExprGen } from "./gen-expr.js";
import type { RuleIndex } from "./rule-index.js";
import { comment, Names, Source } from "./source.js";
import { slotVar, topCx, withFail, type Cx, type Unit, type ValueK } from "./unit.js";
import type { Analysis } from "../check/program.js";

/** Generators of one unit, one per module's side tables. */
export class Generators {
  private readonly byAnalysis = new Map<Analysis, BodyGen>();

  constructor(private readonly unit: Unit) {}

  /** The body generator for a module's (or query's) side tables. */
  of(a: Analysis): BodyGen {
    let g = this.byAnalysis.get(a);
    if (!g) this.byAnalysis.set(a, (g = new BodyGen(new ExprGen(this.unit, a))));
    return g;
  }
}

/** The function name of definition `i`. */
export const defName = (i: number): string => `d${i}`;

/** A number literal in a definition that cannot be represented: the interpreter fails when it compiles the rule. */
export function invalidNumberIn(defs: readonly RuleDef[]): { raw: string; span: import("../source/span.js").Span } | undefined {
  for (const d of defs) if (d.badNumber) return d.badNumber;
  return undefined;
}

/** Emit the function of one (non-default) definition, number `index`. */
export function emitDefinition(out: Source, gens: Generators, unit: Unit, def: RuleDef, index: number): void {
  // Complete rules and functions take the node's value so far (`r`) and return it with theirs added.
  const params = def.kind === "complete" ? "S, r" : def.kind === "set" ? "S, B, O" : def.kind === "object" ? "S, D" : `S, r, sp${argNames(def.rule.head.args?.length ?? 0)}`;
  const returns = def.kind === "complete" || def.kind === "function";
  out.line(comment(`${def.location} ${def.node.name}`));
  out.open(`function ${defName(index)}(${params})`);
  emitDefinitionCode(out, gens, unit, def, index, returns ? "return r" : "return", false);
  if (returns) out.line("return r;");
  out.close();
}

/**
 * Emit the code of one definition: where it ends, `exit` leaves it (a
 * `return`, or a `break` when the code is inlined in its node's function,
 * `first` then saying no definition ran before it).
 */
export function emitDefinitionCode(out: Source, gens: Generators, unit: Unit, def: RuleDef, index: number, exit: string, first: boolean): void {
  const bodies = gens.of(def.analysis);
  const x = bodies.x;
  const rule = def.rule;
  const names = new Names();
  if (def.frameSize > 0) out.line(`let ${Array.from({ length: def.frameSize }, (_, i) => slotVar(i)).join(", ")};`);
  if (unit.countDefinitions) out.line(`if (S.hits !== undefined) S.hits[${index}]++;`);
  const headValue = def.element ?? rule.head.value;
  const plans = def.analysis.plans;
  const after = (id: number) => plans.get(id)?.boundAfter ?? new Set<number>();
  const mainConstant = (!headValue || isConstantExpr(headValue)) && def.suffix.every(isConstantExpr);
  const isConstant = mainConstant && rule.elses.length === 0 && def.kind === "complete";
  if (isConstant && !first) {
    // Cannot add anything new once the node has this value (the interpreter skips it then too).
    const value = headValue ? x.constOf(headValue) : true;
    if (value !== undefined) out.line(`if (r !== undefined && $equal(r, ${x.k(value)})) ${exit};`);
  }
  const location = unit.pool.json(def.location);
  const nodeName = unit.pool.json(def.node.name);
  const headSpan = x.span(rule.head.span);
  // How a governed element is recorded (`RawFn`): with the producing definition's location and, for an object
  // literal with a `msg`, the reason's `msg` and `details` built from the literal's parts, which are at hand.
  const origins = unit.governed?.has(def.node) === true;
  const origin = (v: string): string => {
    const literal = origins ? x.literals.get(v) : undefined;
    const m = literal ? literal.keys.indexOf("msg") : -1;
    const plain = `O.push({ value: ${v}, location: ${location} });`;
    if (!literal || m < 0) return plain;
    const fields: string[] = [];
    literal.keys.forEach((_, i) => {
      if (i === m) return;
      const value = literal.values[i]!;
      const c = unit.pool.valueOf(value);
      // `toReason` copies composite values as JSON; scalars are used as they are.
      const json = c !== undefined && (c === null || typeof c !== "object") ? value : `(typeof ${value} === "object" && ${value} !== null ? $toJson(${value}) : ${value})`;
      fields.push(`[${literal.keyLocals[i]}]: ${json}`);
    });
    const msg = literal.values[m]!;
    const push = `O.push({ value: ${v}, location: ${location}, msg: ${msg}, details: ${fields.length > 0 ? `{${fields.join(", ")}}` : "null"} });`;
    if (typeof unit.pool.valueOf(msg) === "string") return push;
    return `{ if (typeof ${msg} === "string") ${push} else ${plain} }`;
  };
  const produce = (v: string, cx: Cx, keys?: string): void => {
    switch (def.kind) {
      case "complete":
        cx.out.line(`if (r === undefined) r = ${v}; else if (!$equal(r, ${v})) throw $ruleConflict(${nodeName}, ${headSpan}, r, ${v});`);
        return;
      case "set":
        cx.out.line(`if (B.add(${v}) && O !== null) ${origin(v)}`);
        return;
      case "object":
        cx.out.line(`$${def.element ? "addElement" : "insert"}(D, ${keys}, ${v}, ${nodeName}, ${headSpan});`);
        return;
      case "function":
        cx.out.line(`if (r === undefined) r = ${v}; else if (!$equal(r, ${v})) throw $functionConflict(${nodeName}, sp, r, ${v});`);
        return;
    }
  };
  const clauses = [
    { owner: rule.id, value: headValue, constant: mainConstant, keys: def.kind === "object" ? def.suffix : undefined },
    // `p[1] := … else := …`: a ground path below the node, the same for every clause.
    ...rule.elses.map((el) => ({ owner: el.id, value: el.value, constant: !el.value || isConstantExpr(el.value), keys: def.kind === "object" ? def.suffix : undefined })),
  ];
  const runClauses = (cx: Cx): void => {
    clauses.forEach((cl, ci) => {
      // Whether a clause produced a value matters only when an `else` follows it.
      const found = ci < clauses.length - 1 ? names.fresh("found") : undefined;
      const label = names.fresh("C");
      if (found) cx.out.line(`let ${found} = false;`);
      cx.out.open(`${label}:`);
      bodies.body(cl.owner, withFail(cx, `break ${label}`), (c) => {
        const emitValue: ValueK = (v, c2) => {
          if (found) c2.out.line(`${found} = true;`);
          produce(v, c2, keysLocal);
          // Every solution gives the same output: the first one is enough (OPA's early exit).
          if (cl.constant) c2.out.line(`break ${label};`);
        };
        let keysLocal: string | undefined;
        const value = (c2: Cx) => (cl.value ? x.expr(cl.value, after(cl.owner), c2, emitValue) : emitValue(x.k(true), c2));
        if (cl.keys) {
          return x.all(cl.keys, after(cl.owner), c, (ks, c2) => {
            keysLocal = x.temp(c2, `[${ks.join(", ")}]`);
            value(c2);
          });
        }
        value(c);
      });
      cx.out.close();
      if (found) cx.out.line(`if (${found}) ${exit};`);
    });
  };
  const args = rule.head.args ?? [];
  if (args.length > 0) {
    // Arguments are matched against the parameters' patterns first; no match, no value.
    const label = names.fresh("A");
    out.open(`${label}:`);
    const go = (i: number, c: Cx): void => {
      if (i === args.length) return runClauses(c);
      bodies.unifier(args[i]!, `a${i}`, new Set(), c, (c2) => go(i + 1, c2));
    };
    go(0, topCx(out, names, `break ${label}`));
    out.close();
  } else {
    runClauses(topCx(out, names, exit));
  }
}

/** Emit the function of a `default` definition: it returns the default value. */
export function emitDefault(out: Source, gens: Generators, def: RuleDef, name: string): void {
  const bodies = gens.of(def.analysis);
  const x = bodies.x;
  const names = new Names();
  out.line(comment(`${def.location} default`));
  out.open(`function ${name}(S)`);
  if (def.frameSize > 0) out.line(`let ${Array.from({ length: def.frameSize }, (_, i) => slotVar(i)).join(", ")};`);
  const value = def.rule.head.value;
  if (!value) out.line("return true;");
  else {
    const after = def.analysis.plans.get(def.rule.id)?.boundAfter ?? new Set<number>();
    x.expr(value, after, topCx(out, names, "return undefined"), (v, c) => c.out.line(`return ${v};`));
  }
  out.close();
}

/** `, a0, a1` for `n` arguments. */
export function argNames(n: number): string {
  return Array.from({ length: n }, (_, i) => `, a${i}`).join("");
}

/** What the node generator needs to know about one node. */
export interface NodePlan {
  readonly node: RuleNode;
  readonly number: number;
  /** Definition numbers of `node.defs`, in order. */
  readonly defs: readonly number[];
  readonly defaultName?: string;
  readonly index?: RuleIndex;
  /** Set when a number literal of the node cannot be represented. */
  readonly invalid?: { raw: string; span: import("../source/span.js").Span };
  /** A package's `deny` or `escalate`: `decide` evaluates it raw, with origins. */
  readonly governed?: boolean;
}

/**
 * Emit the memoised accessor (`n<n>`) of a complete or set node and, for a
 * governed `deny` or `escalate`, its raw evaluator (`e<n>`: no memo, the
 * producing definition of each value recorded in `O`). Otherwise the
 * evaluation is inlined in the accessor, and so is a lone definition.
 */
export function emitNode(out: Source, gens: Generators, unit: Unit, p: NodePlan): void {
  const { node } = p;
  const n = p.number;
  const pool = unit.pool;
  out.line(comment(node.name));
  if (p.index) {
    // The index maps each constant to the positions of its candidate definitions; built once, when the program is instantiated.
    const ix = p.index;
    const table = pool.value(ix.entries.map(([k, list]) => [k, [...list]]));
    out.line(`const ds${n} = [${p.defs.map(defName).join(", ")}];`);
    out.line(`const ix${n} = $makeIndex(${table});`);
    out.line(`const mx${n} = ${pool.json(ix.miss)};`);
  }
  const evaluation = (inline: boolean): void => {
    if (p.invalid) out.line(`throw $invalidNumber(${pool.json(p.invalid.raw)}, ${pool.span(p.invalid.span)});`);
    if (node.kind === "set") out.line("const B = new $SetAcc();");
    else out.line("let r, f = -1;");
    // `f`: the position of the first definition that produced the value, for the governed path's origins.
    const track = (pos: string) => (node.kind === "set" || inline ? "" : ` if (f < 0 && r !== undefined) f = ${pos};`);
    if (p.index) {
      const key = p.index.key;
      const base = key.kind === "input" ? "S.i" : `${unit.nodeRef(key.node)}(S)`;
      out.line(`const t = ${key.path.length === 0 ? base : `$getPath(${base}, ${pool.json(key.path)})`};`);
      out.line(`const L = t !== undefined && (t === null || typeof t !== "object") ? (ix${n}.get(t) ?? mx${n}) : mx${n};`);
      out.open("for (let j = 0; j < L.length; j++)");
      out.line(node.kind === "set" ? `ds${n}[L[j]](S, B, O);` : `r = ds${n}[L[j]](S, r);${track("L[j]")}`);
      out.close();
    } else if (inline && p.defs.length === 1) {
      out.open("D:");
      emitDefinitionCode(out, gens, unit, node.defs[0]!, p.defs[0]!, "break D", true);
      out.close();
    } else {
      p.defs.forEach((d, pos) => out.line(node.kind === "set" ? `${defName(d)}(S, B, O);` : `r = ${defName(d)}(S, r);${track(String(pos))}`));
    }
    if (node.kind !== "set" && p.defaultName) out.line(`if (r === undefined) { r = ${p.defaultName}(S); f = ${node.defs.length}; }`);
  };
  const governed = p.governed === true;
  if (governed) {
    out.open(`function e${n}(S, O)`);
    evaluation(false);
    // With origins (the governed path), the caller reads the elements from them: no set to build.
    if (node.kind === "set") out.line("return O === null ? B.build() : undefined;");
    else {
      const locations = [...node.defs.map((d) => d.location), node.defaultDef?.location ?? ""];
      out.line(`if (O !== null && r !== undefined) O.push({ value: r, location: ${pool.json(locations)}[f] });`);
      out.line("return r;");
    }
    out.close();
  }
  const name = pool.json(node.name);
  // The accessor is small enough for the optimising compiler to inline at its callers: a memo hit costs no call.
  out.open(`function n${n}(S)`);
  out.line(`const h = S.m[${n}];`);
  out.line(`return h === undefined || h === $IN_PROGRESS ? u${n}(S) : h === $NONE ? undefined : h;`);
  out.close();
  out.open(`function u${n}(S)`);
  out.line(`if (S.m[${n}] === $IN_PROGRESS) throw $recursion(${name});`);
  out.line(`S.m[${n}] = $IN_PROGRESS;`);
  out.line("if (++S.steps > S.budget) $overBudget(S, undefined);");
  out.line("if (++S.depth > S.maxDepth) $tooDeep(S, undefined);");
  if (governed) out.line(`const v = e${n}(S, null);`);
  else {
    if (node.kind === "set") out.line("const O = null;");
    evaluation(true);
    out.line(node.kind === "set" ? "const v = B.build();" : "const v = r;");
  }
  out.line("S.depth--;");
  out.line(`S.m[${n}] = v === undefined ? $NONE : v;`);
  out.line("return v;");
  out.close();
}

/** Emit the entry (`f<n>`) of a function node. */
export function emitFunction(out: Source, unit: Unit, node: RuleNode, fnNumber: number, defs: readonly number[], defaultName: string | undefined, invalid: NodePlan["invalid"]): void {
  const pool = unit.pool;
  const arity = node.arity ?? 0;
  const args = argNames(arity);
  const list = Array.from({ length: arity }, (_, i) => `a${i}`);
  out.line(comment(node.name));
  out.open(`function f${fnNumber}(S, sp${args})`);
  if (invalid) out.line(`throw $invalidNumber(${pool.json(invalid.raw)}, ${pool.span(invalid.span)});`);
  if (unit.replaced.functions.has(node)) {
    out.open("if (S.fo !== undefined)");
    out.line(`const r = S.fo.get(${fnNumber});`);
    out.line(`if (r !== undefined) return $replaced(S, r, [${list.join(", ")}], { span: sp });`);
    out.close();
  }
  // Results are memoised per documents, except while collecting prints (a cached call would not print again).
  const last = arity === 0 ? "$NO_ARGS" : `a${arity - 1}`;
  out.line("let m;");
  out.open("if (S.prints === undefined)");
  if (arity <= 1) {
    out.line(`m = S.fm[${fnNumber}];`);
    out.line(`if (m === undefined) S.fm[${fnNumber}] = m = new Map();`);
  } else {
    out.line(`m = $callMemo(S, ${fnNumber}, [${list.join(", ")}]);`);
  }
  out.line(`const h = m.get(${last});`);
  out.line("if (h !== undefined) return h === $NONE ? undefined : h;");
  out.close();
  out.line("if (++S.steps > S.budget) $overBudget(S, sp);");
  out.line("if (++S.depth > S.maxDepth) $tooDeep(S, sp);");
  out.line("let r;");
  for (const d of defs) out.line(`r = ${defName(d)}(S, r, sp${args});`);
  if (defaultName) out.line(`if (r === undefined) r = ${defaultName}(S);`);
  out.line("S.depth--;");
  out.line(`if (m !== undefined) m.set(${last}, r === undefined ? $NONE : r);`);
  out.line("return r;");
  out.close();
}
