/**
 * Generates the JavaScript of a checked program (or of the part decisions
 * need, `decisionNodes`): one function per rule definition, per complete or
 * set node (memoised, and raw for governed ones), per function, the
 * evaluation of the governed packages (`governed`), and the tables the
 * evaluator reads (`ProgramTables`). The result is the body of
 * `function (K, R)`: `K` the constant pool, `R` the runtime (`runtime.ts`).
 * Identifiers are generated (`d12`, `n4`, `k7`); nothing from the policy is
 * written into the source but comments `comment()` reduced to harmless
 * characters.
 */
import type { Program, RuleDef, RuleNode } from "../check/program.js";
import { GOVERNED_RULES } from "../decision/contract.js";
import { findGovernedPackages } from "../eval/governed.js";
import { findReplaced, Folder, type Replaced } from "./fold.js";
import { emitDefault, emitDefinition, emitFunction, emitNode, Generators, invalidNumberIn, type NodePlan } from "./gen-rule.js";
import { Pool } from "./pool.js";
import { planIndex } from "./rule-index.js";
import { comment, Source } from "./source.js";
import type { Unit } from "./unit.js";

/** Options of code generation. */
export interface GenerateOptions {
  /** Count the runs of each definition in `State.hits` (a debug hook for tests of rule indexing). */
  readonly countDefinitions?: boolean;
  /** Index rules (default true); false tries every definition, to measure what the index buys. */
  readonly ruleIndex?: boolean;
  /**
   * Generate only these nodes (a set closed under reads, such as
   * `decisionNodes`), numbered among themselves: a smaller program, and a
   * smaller memo table for each evaluation. Its node, function and
   * definition numbers are its own (do not count definitions with it).
   */
  readonly only?: ReadonlySet<RuleNode>;
}

/** What the generator made of a program. */
export interface GeneratedProgram {
  /** The body of `function (K, R)`, returning `ProgramTables`. */
  readonly source: string;
  readonly pool: Pool;
  /** Number of every rule-tree node. */
  readonly nodes: ReadonlyMap<RuleNode, number>;
  /** Number of every function node. */
  readonly functions: ReadonlyMap<RuleNode, number>;
  /** Number of every (non-default) definition, as `State.hits` counts them. */
  readonly definitions: ReadonlyMap<RuleDef, number>;
  readonly replaced: Replaced;
  readonly folder: Folder;
  readonly stats: GenerateStats;
}

/** Counts, for tests and benchmarks. */
export interface GenerateStats {
  readonly definitions: number;
  readonly indexedNodes: number;
  /**
   * Rule definitions evaluated by the interpreter instead of generated
   * code. Every construct compiles today, so this is always empty; it is
   * kept so that a construct that cannot be compiled shows up here.
   */
  readonly fallbacks: readonly string[];
}

/** The runtime bindings every generated unit starts with (`$name` = `R.name`). */
export const RUNTIME_NAMES = [
  "iter",
  "get",
  "getPath",
  "overBudget",
  "tooDeep",
  "recursion",
  "ruleConflict",
  "functionConflict",
  "objectComprehensionConflict",
  "invalidNumber",
  "missingOperator",
  "callSite",
  "invoke",
  "replaced",
  "equal",
  "equalSlow",
  "compare",
  "member2",
  "member3",
  "setOf",
  "objectOf",
  "SetBuilder",
  "SetAcc",
  "SetValue",
  "ObjectBuilder",
  "isObjectValue",
  "objectSize",
  "objectGet",
  "print",
  "templatePart",
  "saveDocuments",
  "loadDocuments",
  "applyWith",
  "overridden",
  "inner",
  "innerAt",
  "lookupIn",
  "insert",
  "addElement",
  "makeIndex",
  "callMemo",
  "NONE",
  "IN_PROGRESS",
  "NO_ARGS",
  "toJson",
  "NOTHING",
  "governedElements",
  "completeHits",
  "valueHits",
  "failedVerdict",
] as const;

/** The preamble binding the runtime and the constants to locals. */
export function preamble(pool: Pool): Source {
  const out = new Source();
  out.line('"use strict";');
  out.line("const $hasOwn = Object.hasOwn, $OP = Object.prototype;");
  out.line(`const { ${RUNTIME_NAMES.map((n) => `${n}: $${n}`).join(", ")} } = R;`);
  for (let i = 0; i < pool.entries.length; i += 20) {
    const names = [];
    for (let j = i; j < Math.min(i + 20, pool.entries.length); j++) names.push(`k${j} = K[${j}]`);
    out.line(`const ${names.join(", ")};`);
  }
  return out;
}

/** The numbers of a program's nodes (`n<i>`, memo slots) and functions (`f<i>`): rule-tree order, the same for every generation of one program. */
export interface Numbering {
  readonly nodes: ReadonlyMap<RuleNode, number>;
  readonly functions: ReadonlyMap<RuleNode, number>;
  /** Every node, by number. */
  readonly all: readonly RuleNode[];
}

/** Number a program's nodes and functions (only those in `only`, when given). */
export function numberNodes(program: Program, only?: ReadonlySet<RuleNode>): Numbering {
  const nodes = new Map<RuleNode, number>();
  const functions = new Map<RuleNode, number>();
  const all: RuleNode[] = [];
  const visit = (n: RuleNode) => {
    if (only === undefined || only.has(n)) {
      nodes.set(n, all.length);
      all.push(n);
      if (n.kind === "function") functions.set(n, functions.size);
    }
    for (const c of n.children.values()) visit(c);
  };
  visit(program.root);
  return { nodes, functions, all };
}

/**
 * The nodes `decide` can evaluate: the governed rules of every package and
 * everything they read, transitively (rules and functions they refer to,
 * functions a `with` replaces or substitutes, and the whole subtree of a
 * package or prefix read as a document). Test rules and helpers nothing governed reads
 * are left out, so a policy set's decisions need only their code.
 */
export function decisionNodes(program: Program): Set<RuleNode> {
  const roots: RuleNode[] = [];
  for (const p of findGovernedPackages(program.root)) for (const r of GOVERNED_RULES) if (p.nodes[r]) roots.push(p.nodes[r]!);
  return readsClosure(program, roots);
}

/** `roots` and every node generated code may evaluate for them (see `decisionNodes`). */
export function readsClosure(program: Program, roots: Iterable<RuleNode>): Set<RuleNode> {
  const out = new Set<RuleNode>();
  const queue: RuleNode[] = [];
  const add = (n: RuleNode): void => {
    if (out.has(n)) return;
    out.add(n);
    queue.push(n);
  };
  // The node generated code evaluates for a constant path below `data` (see `ExprGen.document`).
  const read = (path: readonly string[]): void => {
    let n = program.root;
    for (let i = 0; i < path.length; i++) {
      if (n.kind !== "inner" || n.objectDefs.length > 0) break;
      const child = n.children.get(path[i]!);
      if (!child) return; // base data only
      n = child;
    }
    add(n);
  };
  for (const n of roots) add(n);
  while (queue.length > 0) {
    const n = queue.pop()!;
    // An inner node's document is built from its children's.
    if (n.kind === "inner") for (const c of n.children.values()) add(c);
    for (const d of [...n.defs, ...n.objectDefs, ...(n.defaultDef ? [n.defaultDef] : [])]) {
      // Calls, and both the function a `with` replaces (its number is in the code) and the one it substitutes.
      for (const r of d.reads) {
        if (r.kind === "data") read(r.prefix);
        else add(r.node);
      }
    }
  }
  return out;
}

/** Generate the code of a checked program. */
export function generateProgram(program: Program, options: GenerateOptions = {}): GeneratedProgram {
  const { nodes, functions, all } = numberNodes(program, options.only);
  // A node outside `only` reached by generation would be a bug in `decisionNodes`: fail now, not when deciding.
  const numberOf = (map: ReadonlyMap<RuleNode, number>, n: RuleNode): number => {
    const i = map.get(n);
    if (i === undefined) throw new Error(`internal error: \`${n.name}\` is not part of the generated program`);
    return i;
  };
  const replaced = findReplaced(program.analyses.values());
  // The nodes `decide` evaluates raw (with the definition that produced each value).
  const governed = new Set<RuleNode>();
  for (const p of findGovernedPackages(program.root)) for (const r of ["deny", "escalate"] as const) if (p.nodes[r]) governed.add(p.nodes[r]!);
  const folder = new Folder(program, replaced);
  const pool = new Pool();
  const unit: Unit = {
    program,
    pool,
    folder,
    replaced,
    countDefinitions: options.countDefinitions === true,
    governed,
    nodeNumber: (n) => numberOf(nodes, n),
    fnNumber: (n) => numberOf(functions, n),
    nodeRef: (n) => `n${numberOf(nodes, n)}`,
    fnRef: (n) => `f${numberOf(functions, n)}`,
  };
  const gens = new Generators(unit);
  const body = new Source();
  const definitions = new Map<RuleDef, number>();
  let defaults = 0;
  let indexedNodes = 0;
  const emitDefs = (defs: readonly RuleDef[], inlined = false): number[] =>
    defs.map((d) => {
      const i = definitions.size;
      definitions.set(d, i);
      if (!inlined) emitDefinition(body, gens, unit, d, i);
      return i;
    });
  const defaultOf = (n: RuleNode): string | undefined => {
    if (!n.defaultDef) return undefined;
    const name = `dd${defaults++}`;
    emitDefault(body, gens, n.defaultDef, name);
    return name;
  };
  const inner: string[] = [];
  const fns: string[] = [];
  for (const n of all) {
    const num = nodes.get(n)!;
    const invalid = invalidNumberIn(n.defs);
    switch (n.kind) {
      case "complete":
      case "set": {
        const index = options.ruleIndex === false ? undefined : planIndex(n, folder);
        if (index) indexedNodes++;
        const isGoverned = governed.has(n);
        // A lone definition of a node evaluated only through its memo is inlined in the node's function.
        const defs = emitDefs(n.defs, n.defs.length === 1 && !index && !isGoverned);
        const plan: NodePlan = { node: n, number: num, defs, governed: isGoverned, ...(index ? { index } : {}), ...(invalid ? { invalid } : {}) };
        const defaultName = defaultOf(n);
        emitNode(body, gens, unit, defaultName ? { ...plan, defaultName } : plan);
        break;
      }
      case "function": {
        const defs = emitDefs(n.defs);
        const fn = functions.get(n)!;
        emitFunction(body, unit, n, fn, defs, defaultOf(n), invalid);
        body.line(`function n${num}(S) { return undefined; }`);
        fns[fn] = `f${fn}`;
        break;
      }
      case "inner": {
        const objectDefs = emitDefs(n.objectDefs);
        const children = [...n.children].map(([k, c]) => [k, numberOf(nodes, c)]);
        body.line(`function n${num}(S) { return $inner(S, ${num}); }`);
        inner.push(`inner[${num}] = { path: ${pool.json(n.path)}, name: ${pool.json(n.name)}, children: ${pool.json(children)}, objectDefs: [${objectDefs.map((d) => `d${d}`).join(", ")}] };`);
        break;
      }
    }
  }
  body.line("const inner = [];");
  for (const l of inner) body.line(l);
  emitGoverned(body, pool, program, nodes);
  body.line(
    `return { nodeCount: ${all.length}, fnCount: ${functions.size}, nodes: [${all.map((_, i) => `n${i}`).join(", ")}], fns: [${fns.join(", ")}], inner, governed };`,
  );
  const source = preamble(pool);
  source.append(body);
  return {
    source: source.toString(),
    pool,
    nodes,
    functions,
    definitions,
    replaced,
    folder,
    stats: { definitions: definitions.size, indexedNodes, fallbacks: [] },
  };
}

/**
 * Emit `governed(input, mk)`, the program's `GovernedEvaluator.evaluateGoverned`:
 * for each governed package, in name order, its `deny` and `escalate` hits
 * (a set or complete rule evaluated raw, with origins), `allow` and
 * `obligations`, in that order, into one verdict; an error makes the
 * package's verdict a failed one and the next package starts from a fresh
 * state (`mk`), as in the interpreter's `GovernedInterpreter`.
 */
function emitGoverned(body: Source, pool: Pool, program: Program, nodes: ReadonlyMap<RuleNode, number>): void {
  body.open("function governed(input, mk)");
  body.line("let S = mk(input);");
  body.line("const out = [];");
  for (const p of findGovernedPackages(program.root)) {
    const name = pool.json(p.name);
    const rule = (n: RuleNode) => pool.json({ name: n.name, rule: n.path[n.path.length - 1]! });
    const hits = (n: RuleNode | undefined, local: string): void => {
      if (!n) return body.line(`const ${local} = $NOTHING;`);
      const num = nodes.get(n)!;
      if (n.kind !== "set" && n.kind !== "complete") return body.line(`const ${local} = $valueHits(${rule(n)}, n${num}(S));`);
      body.line(`let ${local} = $NOTHING;`);
      body.open("");
      // The raw evaluation (not the memo), recording the definition that produced each value.
      body.line("const O = [];");
      body.line(`e${num}(S, O);`);
      body.line(`if (O.length !== 0) ${local} = ${n.kind === "set" ? "O" : `$completeHits(${rule(n)}, O[0])`};`);
      body.close();
    };
    body.line(comment(p.name));
    body.open("try");
    body.line("S.depth = 0;");
    hits(p.nodes.deny, "deny");
    hits(p.nodes.escalate, "escalate");
    const allow = p.nodes.allow;
    body.line(`const allow = ${allow ? `n${nodes.get(allow)!}(S) === true` : "false"};`);
    const obligations = p.nodes.obligations;
    body.line(`const obligations = ${obligations ? `$governedElements(${rule(obligations)}, n${nodes.get(obligations)!}(S))` : "$NOTHING"};`);
    body.line(`out.push({ package: ${name}, deny, escalate, allow, obligations });`);
    body.close();
    body.open("catch (e)");
    body.line(`out.push($failedVerdict(${name}, e));`);
    // The failed evaluation may have left memo entries half-done: continue with a clean state.
    body.line("S = mk(input);");
    body.close();
  }
  body.line("return out;");
  body.close();
}
