/**
 * The parse tree of a Go template (`text/template/parse/node.go`), and
 * each node's `String()`, which Go's execution errors quote
 * (`executing "template" at <.a.b>: …`). Positions are indexes into the
 * template text.
 */
import { unreachable } from "../source/unreachable.js";
import { goQuote } from "./go-strconv.js";
import { parseFloat64, parseInt64, parseUint64, unquoteChar } from "./go-strconv-parse.js";

/** A sequence of nodes. */
export interface ListNode {
  readonly type: "list";
  readonly pos: number;
  readonly nodes: Node[];
}

/** Plain text. */
export interface TextNode {
  readonly type: "text";
  readonly pos: number;
  readonly text: string;
}

/** `{{pipeline}}`. */
export interface ActionNode {
  readonly type: "action";
  readonly pos: number;
  readonly pipe: PipeNode;
}

/** `$x := cmd | cmd …`, or with `=` (`isAssign`). */
export interface PipeNode {
  readonly type: "pipe";
  readonly pos: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

/** One command of a pipeline: a function or value and its arguments. */
export interface CommandNode {
  readonly type: "command";
  readonly pos: number;
  readonly args: ArgNode[];
}

/** A function name. */
export interface IdentifierNode {
  readonly type: "identifier";
  readonly pos: number;
  readonly ident: string;
}

/** `$x` or `$x.a.b` (`ident` is `["$x", "a", "b"]`). */
export interface VariableNode {
  readonly type: "variable";
  readonly pos: number;
  readonly ident: string[];
}

/** `.a.b` (`ident` is `["a", "b"]`). */
export interface FieldNode {
  readonly type: "field";
  readonly pos: number;
  readonly ident: string[];
}

/** `(pipeline).a.b` and other terms followed by fields. */
export interface ChainNode {
  readonly type: "chain";
  readonly pos: number;
  readonly node: ArgNode;
  readonly field: string[];
}

/** A number, character or complex constant, with what Go's parser could read it as. */
export interface NumberNode {
  readonly type: "number";
  readonly pos: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly int64: bigint;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly float64: number;
  readonly isComplex: boolean;
}

/** The literal nodes and `.`. */
export type LiteralNode =
  | { readonly type: "dot"; readonly pos: number }
  | { readonly type: "nil"; readonly pos: number }
  | { readonly type: "bool"; readonly pos: number; readonly value: boolean }
  | { readonly type: "string"; readonly pos: number; readonly quoted: string; readonly text: string };

/** `if`, `range` and `with`. */
export interface BranchNode {
  readonly type: "if" | "range" | "with";
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}

/** `{{template "name" pipeline}}` (also what `block` leaves in place). */
export interface TemplateNode {
  readonly type: "template";
  readonly pos: number;
  readonly name: string;
  readonly pipe: PipeNode | undefined;
}

/** What can be an argument of a command. */
export type ArgNode = IdentifierNode | VariableNode | FieldNode | ChainNode | NumberNode | LiteralNode | PipeNode;

/** Every node; `end` and `else` exist only while parsing. */
export type Node =
  | ListNode | TextNode | ActionNode | PipeNode | CommandNode | ArgNode | BranchNode | TemplateNode
  | { readonly type: "break" | "continue" | "end" | "else"; readonly pos: number };

/** Go's `Node.String()`. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case "list":
      return n.nodes.map(nodeString).join("");
    case "text":
      return n.text;
    case "action":
      return `{{${nodeString(n.pipe)}}}`;
    case "pipe": {
      const decl = n.decl.length > 0 ? n.decl.map(nodeString).join(", ") + (n.isAssign ? " = " : " := ") : "";
      return decl + n.cmds.map(nodeString).join(" | ");
    }
    case "command":
      return n.args.map((a) => (a.type === "pipe" ? `(${nodeString(a)})` : nodeString(a))).join(" ");
    case "identifier":
      return n.ident;
    case "variable":
      return n.ident.join(".");
    case "field":
      return n.ident.map((id) => "." + id).join("");
    case "chain":
      return (n.node.type === "pipe" ? `(${nodeString(n.node)})` : nodeString(n.node)) + n.field.map((f) => "." + f).join("");
    case "number":
      return n.text;
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return n.value ? "true" : "false";
    case "string":
      return n.quoted;
    case "if":
    case "range":
    case "with":
      return `{{${n.type} ${nodeString(n.pipe)}}}${nodeString(n.list)}${n.elseList ? "{{else}}" + nodeString(n.elseList) : ""}{{end}}`;
    case "template":
      return `{{template ${goQuote(n.name, '"', false)}${n.pipe ? " " + nodeString(n.pipe) : ""}}}`;
    case "break":
    case "continue":
    case "end":
    case "else":
      return `{{${n.type}}}`;
    default:
      return unreachable(n);
  }
}

// Go's unicode.IsSpace characters (bytes.TrimSpace).
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Go's `IsEmptyTree`: only blank text (so a `define` may replace it). */
export function isEmptyTree(n: Node): boolean {
  switch (n.type) {
    case "list":
      return n.nodes.every(isEmptyTree);
    case "text":
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}

/** What a number token reads as: its text and the interpretations Go's parser found. */
export type NumberFields = Omit<NumberNode, "type" | "pos">;

/**
 * Go's `newNumber`: a number, character (`'a'`) or complex constant as an
 * int, uint and/or float, or Go's error message.
 */
export function newNumber(text: string, kind: "number" | "char" | "complex"): NumberFields | string {
  const none: NumberFields = { text, isInt: false, int64: 0n, isUint: false, isFloat: false, float64: 0, isComplex: false };
  if (kind === "char") {
    const r = unquoteChar(text, 1, text[0]!);
    if (r === undefined) return "invalid syntax";
    if (text.slice(r.next) !== "'") return `malformed character constant: ${text}`;
    return { ...none, isInt: true, int64: BigInt(r.value), isUint: true, isFloat: true, float64: r.value };
  }
  // Complex constants are read but not evaluated (see go-template-exec.ts).
  if (kind === "complex" || (text.endsWith("i") && parseFloat64(text.slice(0, -1)).ok)) return { ...none, isComplex: true };
  // Integers first, so that 0x123 is one.
  const u = parseUint64(text);
  const i = parseInt64(text);
  if (i.ok) return { ...none, isInt: true, int64: i.v, isUint: u.ok || i.v === 0n, isFloat: true, float64: Number(i.v) };
  if (u.ok) return { ...none, isUint: true, isFloat: true, float64: Number(u.v) };
  const f = parseFloat64(text);
  if (!f.ok) return `illegal number syntax: ${goQuote(text, '"', false)}`;
  // A float that looks like an integer is an integer too big for 64 bits.
  if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text, '"', false)}`;
  const integral = Number.isInteger(f.v) && f.v >= -(2 ** 63) && f.v < 2 ** 63;
  return { ...none, isFloat: true, float64: f.v, isInt: integral, int64: integral ? BigInt(f.v) : 0n, isUint: integral && f.v >= 0 };
}
