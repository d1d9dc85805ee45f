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
  if (visit(node) === false) return;
  for (const c of children(node)) walk(c, visit);
}

/** Visit every statement of a body and everything below it. */
export function walkBody(body: Body, visit: (n: Node) => boolean | void): void {
  for (const s of body) walk(s as Stmt, visit);
}
