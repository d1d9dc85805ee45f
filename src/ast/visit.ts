import { unreachable } from "../source/unreachable.js";
import type { Body, Expr, Node, Stmt } from "./nodes.js";

/** The direct children of a node, in source order. */
export function children(node: Node): Node[] {
  switch (node.kind) {
    case "null":
    case "bool":
    case "number":
    case "string":
    case "var":
    case "package":
    case "import":
    case "some":
      return node.kind === "some" ? [...node.vars] : [];
    case "ref":
      return [node.head, ...node.path];
    case "array":
    case "set":
      return [...node.items];
    case "entry":
      return [node.key, node.value];
    case "object":
      return [...node.entries];
    case "array-compr":
    case "set-compr":
      return [node.term, ...node.body];
    case "object-compr":
      return [node.key, node.value, ...node.body];
    case "call":
      return [...node.args];
    case "binary":
      return [node.left, node.right];
    case "unary":
      return [node.arg];
    case "in":
      return node.key ? [node.key, node.value, node.collection] : [node.value, node.collection];
    case "template":
      return node.parts.filter((p): p is Expr => typeof p !== "string");
    case "with":
      return [node.target, node.value];
    case "expr":
      return [node.expr, ...node.with];
    case "unify":
    case "assign":
      return [node.left, node.right, ...node.with];
    case "some-in":
      return [...(node.key ? [node.key] : []), node.value, node.collection, ...node.with];
    case "every":
      return [...(node.key ? [node.key] : []), node.value, node.domain, ...node.body, ...node.with];
    case "head":
      return [
        ...node.path,
        ...(node.args ?? []),
        ...(node.contains ? [node.contains] : []),
        ...(node.value ? [node.value] : []),
      ];
    case "else":
      return [...(node.value ? [node.value] : []), ...node.body];
    case "rule":
      return [node.head, ...node.body, ...node.elses];
    case "module":
      return [node.package, ...node.imports, ...node.rules];
    default:
      return unreachable(node, "node kind");
  }
}

/**
 * Call `f` on each direct child of `node`, in the order of `children(node)`,
 * without making an array (walks run over every node many times while
 * checking).
 */
export function forEachChild(node: Node, f: (n: Node) => void): void {
  // Cases in order of how common the kinds are (before V8 optimises this, a `switch` tries its cases one by one).
  switch (node.kind) {
    case "string":
    case "var":
    case "number":
    case "bool":
    case "null":
    case "package":
    case "import":
      return;
    case "entry":
      f(node.key);
      f(node.value);
      return;
    case "call":
      for (const a of node.args) f(a);
      return;
    case "ref":
      f(node.head);
      for (const p of node.path) f(p);
      return;
    case "expr":
      f(node.expr);
      for (const w of node.with) f(w);
      return;
    case "object":
      for (const e of node.entries) f(e);
      return;
    case "rule":
      f(node.head);
      for (const s of node.body) f(s);
      for (const e of node.elses) f(e);
      return;
    case "head":
      for (const p of node.path) f(p);
      for (const a of node.args ?? []) f(a);
      if (node.contains) f(node.contains);
      if (node.value) f(node.value);
      return;
    case "binary":
      f(node.left);
      f(node.right);
      return;
    case "with":
      f(node.target);
      f(node.value);
      return;
    case "unify":
    case "assign":
      f(node.left);
      f(node.right);
      for (const w of node.with) f(w);
      return;
    case "array":
    case "set":
      for (const x of node.items) f(x);
      return;
    case "some-in":
      if (node.key) f(node.key);
      f(node.value);
      f(node.collection);
      for (const w of node.with) f(w);
      return;
    case "in":
      if (node.key) f(node.key);
      f(node.value);
      f(node.collection);
      return;
    case "template":
      for (const p of node.parts) if (typeof p !== "string") f(p);
      return;
    case "array-compr":
    case "set-compr":
      f(node.term);
      for (const s of node.body) f(s);
      return;
    case "object-compr":
      f(node.key);
      f(node.value);
      for (const s of node.body) f(s);
      return;
    case "every":
      if (node.key) f(node.key);
      f(node.value);
      f(node.domain);
      for (const s of node.body) f(s);
      for (const w of node.with) f(w);
      return;
    case "some":
      for (const v of node.vars) f(v);
      return;
    case "unary":
      f(node.arg);
      return;
    case "else":
      if (node.value) f(node.value);
      for (const s of node.body) f(s);
      return;
    case "module":
      f(node.package);
      for (const i of node.imports) f(i);
      for (const r of node.rules) f(r);
      return;
    default:
      return unreachable(node, "node kind");
  }
}

/** Visit `node` and all its descendants depth-first, pre-order. Return `false` from `visit` to skip a node's children. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  // A loop over a stack, not recursion through `forEachChild`: there, with the walker called back from forty
  // sites, V8's optimising compiler inlined the walkers of every caller into each site and took 130–420 ms of
  // a background thread per attempt (`--trace-opt`), so walks ran unoptimised through the first dozen loads
  // of a process. Here `visit` is called from one site.
  const stack: Node[] = [node];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (visit(n) !== false) pushChildren(n, stack);
  }
}

/** Push the children of `node` onto `stack` last first, so that they are popped in the order of `children(node)`. */
function pushChildren(node: Node, stack: Node[]): void {
  // Cases in order of how common the kinds are, as in `forEachChild`.
  switch (node.kind) {
    case "string":
    case "var":
    case "number":
    case "bool":
    case "null":
    case "package":
    case "import":
      return;
    case "entry":
      stack.push(node.value, node.key);
      return;
    case "call":
      pushAll(node.args, stack);
      return;
    case "ref":
      pushAll(node.path, stack);
      stack.push(node.head);
      return;
    case "expr":
      pushAll(node.with, stack);
      stack.push(node.expr);
      return;
    case "object":
      pushAll(node.entries, stack);
      return;
    case "rule":
      pushAll(node.elses, stack);
      pushAll(node.body, stack);
      stack.push(node.head);
      return;
    case "head":
      if (node.value) stack.push(node.value);
      if (node.contains) stack.push(node.contains);
      if (node.args) pushAll(node.args, stack);
      pushAll(node.path, stack);
      return;
    case "binary":
      stack.push(node.right, node.left);
      return;
    case "with":
      stack.push(node.value, node.target);
      return;
    case "unify":
    case "assign":
      pushAll(node.with, stack);
      stack.push(node.right, node.left);
      return;
    case "array":
    case "set":
      pushAll(node.items, stack);
      return;
    case "some-in":
      pushAll(node.with, stack);
      stack.push(node.collection, node.value);
      if (node.key) stack.push(node.key);
      return;
    case "in":
      stack.push(node.collection, node.value);
      if (node.key) stack.push(node.key);
      return;
    case "template":
      for (let i = node.parts.length - 1; i >= 0; i--) {
        const p = node.parts[i]!;
        if (typeof p !== "string") stack.push(p);
      }
      return;
    case "array-compr":
    case "set-compr":
      pushAll(node.body, stack);
      stack.push(node.term);
      return;
    case "object-compr":
      pushAll(node.body, stack);
      stack.push(node.value, node.key);
      return;
    case "every":
      pushAll(node.with, stack);
      pushAll(node.body, stack);
      stack.push(node.domain, node.value);
      if (node.key) stack.push(node.key);
      return;
    case "some":
      pushAll(node.vars, stack);
      return;
    case "unary":
      stack.push(node.arg);
      return;
    case "else":
      pushAll(node.body, stack);
      if (node.value) stack.push(node.value);
      return;
    case "module":
      pushAll(node.rules, stack);
      pushAll(node.imports, stack);
      stack.push(node.package);
      return;
    default:
      return unreachable(node, "node kind");
  }
}

function pushAll(nodes: readonly Node[], stack: Node[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]!);
}

/** Visit every statement of a body and everything below it. */
export function walkBody(body: Body, visit: (n: Node) => boolean | void): void {
  for (const s of body) walk(s as Stmt, visit);
}
