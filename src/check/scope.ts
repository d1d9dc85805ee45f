/**
 * Lexical scopes of local variables. A rule (or query) has one frame of
 * slots; each body, comprehension and `every` is a scope that allocates its
 * variables from that frame. Closures (comprehensions, `every`) read the
 * variables of enclosing scopes; which ones they read is recorded, because
 * those must be bound before the closure runs.
 */
import type { Body, Expr, Node, Stmt } from "../ast/nodes.js";
import { walk } from "../ast/visit.js";

/** Allocates the slots of one frame. */
export class FrameAllocator {
  size = 0;
  next(): number {
    return this.size++;
  }
}

/** One scope. */
export class Scope {
  /** Name → slot of the variables that belong to this scope. */
  readonly vars = new Map<string, number>();
  /** Names declared here by `some` or `:=` (others are implicit, declared by first use). */
  readonly declared = new Set<string>();
  /** Slots of enclosing scopes read from inside this closure (only for closure scopes). */
  readonly captured = new Set<number>();

  constructor(
    readonly parent: Scope | undefined,
    readonly frame: FrameAllocator,
    /** Id of the comprehension or `every` this scope is the body of; `undefined` for rule and query bodies. */
    readonly closureId: number | undefined,
    /** Names that occur in this scope outside closures and are not declared here: closures inside read them from here. */
    readonly candidates: ReadonlySet<string>,
  ) {}

  /** Allocate a variable in this scope. */
  add(name: string): number {
    const slot = this.frame.next();
    if (name !== "_") this.vars.set(name, slot);
    return slot;
  }

  /**
   * The slot of `name` in this scope or an enclosing one, recording captures
   * on every closure crossed; `undefined` when no scope has it.
   */
  lookup(name: string): number | undefined {
    // A variable that exists already, innermost first (function arguments, earlier uses, declarations)…
    const crossed: Scope[] = [];
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const slot = s.vars.get(name);
      if (slot !== undefined) {
        for (const c of crossed) c.captured.add(slot);
        return slot;
      }
      if (s.closureId !== undefined) crossed.push(s);
    }
    // …else one an enclosing body will declare by using it outside closures.
    crossed.length = 0;
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s !== this && s.candidates.has(name)) {
        const slot = s.add(name);
        for (const c of crossed) c.captured.add(slot);
        return slot;
      }
      if (s.closureId !== undefined) crossed.push(s);
    }
    return undefined;
  }
}

/** True for nodes whose bodies are closures (their variables are local unless read from outside). */
export function isClosure(n: Node): boolean {
  return n.kind === "array-compr" || n.kind === "set-compr" || n.kind === "object-compr";
}

/**
 * Names of variables occurring in `stmts` outside closures (and outside
 * `every` bodies), minus those declared there with `some` or `:=`, minus
 * `isGlobal` names: the variables a closure in this body shares with it.
 * Sets `closures.found` when there is a closure or an `every` (the walk sees them all).
 */
export function candidateNames(stmts: Body, extra: readonly Expr[], isGlobal: (name: string) => boolean, closures?: { found: boolean }): Set<string> {
  const names = new Set<string>();
  const declared = new Set<string>();
  const visit = (n: Node): boolean | void => {
    if (isClosure(n)) {
      if (closures) closures.found = true;
      return false;
    }
    if (n.kind === "var") names.add(n.name);
    if (n.kind === "every") {
      if (closures) closures.found = true;
      walk(n.domain, visit);
      return false;
    }
  };
  for (const s of stmts) {
    collectDeclared(s, declared);
    walk(s, visit);
  }
  for (const e of extra) walk(e, visit);
  const out = new Set<string>();
  for (const n of names) if (n !== "_" && !declared.has(n) && !isGlobal(n)) out.add(n);
  return out;
}

function collectDeclared(s: Stmt, into: Set<string>): void {
  const addPattern = (e: Expr | undefined) => {
    if (!e) return;
    walk(e, (n) => {
      if (isClosure(n)) return false;
      if (n.kind === "var") into.add(n.name);
      if (n.kind === "entry") {
        // Object keys in a pattern are values, not declarations.
        walk(n.value, (m) => {
          if (m.kind === "var") into.add(m.name);
        });
        return false;
      }
      return true;
    });
  };
  switch (s.kind) {
    case "some":
      for (const v of s.vars) into.add(v.name);
      break;
    case "assign":
      addPattern(s.left);
      break;
    case "some-in":
      addPattern(s.key);
      addPattern(s.value);
      break;
    default:
      break;
  }
}
