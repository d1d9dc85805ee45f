/**
 * Generates the JavaScript of a whole checked program: one function per
 * rule definition, per complete or set node (raw and memoised), per
 * function, and the tables the evaluator reads (`ProgramTables`). The
 * result is the body of `function (K, R)`: `K` the constant pool, `R` the
 * runtime (`runtime.ts`). Identifiers are generated (`d12`, `n4`, `k7`);
 * nothing from the policy is written into the source but comments
 * `comment()` reduced to harmless characters.
 */
import type { Program, RuleDef, RuleNode } from "../check/program.js";
import { findGovernedPackages } from "../eval/governed.js";
import { findReplaced, Folder, type Replaced } from "./fold.js";
import { emitDefault, emitDefinition, emitFunction, emitNode, Generators, invalidNumberIn, type NodePlan } from "./gen-rule.js";
import { Pool } from "./pool.js";
import { planIndex } from "./rule-index.js";
import { Source } from "./source.js";
import type { Unit } from "./unit.js";

/** Options of code generation. */
export interface GenerateOptions {
  /** Count the runs of each definition in `State.hits` (a debug hook for tests of rule indexing). */
  readonly countDefinitions?: boolean;
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
  "insert",
  "makeIndex",
  "callMemo",
  "NONE",
  "IN_PROGRESS",
  "NO_ARGS",
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

/** Generate the code of a checked program. */
export function generateProgram(program: Program, options: GenerateOptions = {}): GeneratedProgram {
  const nodes = new Map<RuleNode, number>();
  const functions = new Map<RuleNode, number>();
  const all: RuleNode[] = [];
  const visit = (n: RuleNode) => {
    nodes.set(n, all.length);
    all.push(n);
    if (n.kind === "function") functions.set(n, functions.size);
    for (const c of n.children.values()) visit(c);
  };
  visit(program.root);
  const replaced = findReplaced(program.analyses.values());
  const folder = new Folder(program, replaced);
  const pool = new Pool();
  const unit: Unit = {
    program,
    pool,
    folder,
    replaced,
    countDefinitions: options.countDefinitions === true,
    nodeNumber: (n) => nodes.get(n)!,
    fnNumber: (n) => functions.get(n)!,
    nodeRef: (n) => `n${nodes.get(n)!}`,
    fnRef: (n) => `f${functions.get(n)!}`,
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
  // The nodes `decide` evaluates raw (with the definition that produced each value).
  const governed = new Set<RuleNode>();
  for (const p of findGovernedPackages(program.root)) for (const r of ["deny", "escalate"] as const) if (p.nodes[r]) governed.add(p.nodes[r]!);
  const defaultOf = (n: RuleNode): string | undefined => {
    if (!n.defaultDef) return undefined;
    const name = `dd${defaults++}`;
    emitDefault(body, gens, n.defaultDef, name);
    return name;
  };
  const inner: string[] = [];
  const raw: string[] = [];
  const fns: string[] = [];
  for (const n of all) {
    const num = nodes.get(n)!;
    const invalid = invalidNumberIn(n.defs);
    raw.push((n.kind === "complete" || n.kind === "set") && governed.has(n) ? `e${num}` : "undefined");
    switch (n.kind) {
      case "complete":
      case "set": {
        const index = planIndex(n, folder);
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
        const children = [...n.children].map(([k, c]) => [k, nodes.get(c)!]);
        body.line(`function n${num}(S) { return $inner(S, ${num}); }`);
        inner.push(`inner[${num}] = { path: ${pool.json(n.path)}, name: ${pool.json(n.name)}, children: ${pool.json(children)}, objectDefs: [${objectDefs.map((d) => `d${d}`).join(", ")}] };`);
        break;
      }
    }
  }
  body.line("const inner = [];");
  for (const l of inner) body.line(l);
  body.line(
    `return { nodeCount: ${all.length}, fnCount: ${functions.size}, nodes: [${all.map((_, i) => `n${i}`).join(", ")}], raw: [${raw.join(", ")}], fns: [${fns.join(", ")}], inner };`,
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
