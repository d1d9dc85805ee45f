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

/** Visit `node` and all its descendants depth-first, pre-order. Return `false` from `visit` to skip a node's children. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  // A loop over a stack, not recursion through a per-child callback: there, with the walker called back from forty
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
