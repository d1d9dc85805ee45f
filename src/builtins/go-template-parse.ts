/**
 * The parser of Go's `text/template` (`text/template/parse/parse.go`):
 * tokens from `go-template-lex.ts` to the trees of `go-template-nodes.ts`,
 * one tree per template (the main one and each `define`/`block`), with
 * Go's checks (undefined variables and functions, `break` outside
 * `range`, empty pipelines) and its error messages,
 * `template: NAME:LINE: …`.
 */
import { goQuote } from "./go-strconv.js";
import { unquote } from "./go-strconv-parse.js";
import { isKeyword, lexTemplate, type Item, type ItemType } from "./go-template-lex.js";
import { isEmptyTree, newNumber, nodeString, type ArgNode, type BranchNode, type CommandNode, type ListNode, type Node, type NumberNode, type PipeNode, type VariableNode } from "./go-template-nodes.js";

/** A template that does not parse; the message is Go's. */
export class TemplateParseError extends Error {}

/** The templates of one text: the main one under its name, and each defined one. */
export interface ParsedTemplates {
  readonly text: string;
  readonly trees: ReadonlyMap<string, ListNode>;
}

// Go's item.String(), for "unexpected X in Y".
function itemString(i: Item): string {
  if (i.typ === "eof") return "EOF";
  if (i.typ === "error") return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  if (new TextEncoder().encode(i.val).length > 10) return goQuote([...i.val].slice(0, 10).join(""), '"', false) + "...";
  return goQuote(i.val, '"', false);
}

/** What every tree of one `Parse` call shares: the text, the token stream, the trees so far. */
class ParseRun {
  private next = 0;
  readonly trees = new Map<string, ListNode>();

  constructor(
    readonly parseName: string,
    readonly text: string,
    private readonly items: readonly Item[],
    readonly hasFunction: (name: string) => boolean,
  ) {}

  nextItem(): Item {
    if (this.next < this.items.length) return this.items[this.next++]!;
    const last = this.items[this.items.length - 1];
    return { typ: "eof", pos: this.text.length, val: "", line: last ? last.line : 1 };
  }
}

const NONE: Item = { typ: "eof", pos: 0, val: "", line: 0 };

/** One template being parsed (Go's `parse.Tree`). */
class Tree {
  root: ListNode = { type: "list", pos: 0, nodes: [] };
  private readonly token: Item[] = [NONE, NONE, NONE];
  private peekCount = 0;
  private vars: string[] = ["$"];
  private actionLine = 0;
  private rangeDepth = 0;

  constructor(
    private name: string,
    private readonly run: ParseRun,
  ) {}

  // --- tokens ---

  private nextToken(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.run.nextItem();
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.run.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let t: Item;
    do t = this.nextToken();
    while (t.typ === "space");
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors ---

  private errorf(message: string): never {
    throw new TemplateParseError(`template: ${this.run.parseName}:${this.token[0]!.line}: ${message}`);
  }

  private expect(expected: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === "error") {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.run.parseName}:${this.actionLine}`;
        if (token.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      return this.errorf(token.val + extra);
    }
    return this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // --- structure ---

  /** The main template: text and actions, with `define`s parsed into their own trees. */
  parse(): void {
    this.root = { type: "list", pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== "eof") {
      if (this.peek().typ === "leftDelim") {
        const delim = this.nextToken();
        if (this.nextNonSpace().typ === "define") {
          new Tree("definition", this.run).parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") this.errorf(`unexpected {{${n.type}}}`);
      this.root.nodes.push(n);
    }
    this.add();
  }

  private parseDefinition(): void {
    const context = "define clause";
    const nameTok = this.nextNonSpace();
    if (nameTok.typ !== "string" && nameTok.typ !== "rawString") this.unexpected(nameTok, context);
    this.name = this.unquoteOrFail(nameTok.val);
    this.expect("rightDelim", context);
    const [list, end] = this.itemList();
    if (end.type !== "end") this.errorf(`unexpected {{${end.type}}} in ${context}`);
    this.root = list;
    this.add();
  }

  // Go's Tree.add: a template replaces an earlier one of the same name only if that one is empty.
  private add(): void {
    const existing = this.run.trees.get(this.name);
    if (existing === undefined || isEmptyTree(existing)) {
      this.run.trees.set(this.name, this.root);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${goQuote(this.name, '"', false)}`);
  }

  private itemList(): [ListNode, Node] {
    const list: ListNode = { type: "list", pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== "eof") {
      const n = this.textOrAction();
      if (n.type === "end" || n.type === "else") return [list, n];
      list.nodes.push(n);
    }
    return this.errorf("unexpected EOF");
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case "text":
        return { type: "text", pos: token.pos, text: token.val };
      case "leftDelim":
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        return this.unexpected(token, "input");
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case "block":
        return this.blockControl();
      case "break":
      case "continue":
        return this.loopControl(token);
      case "else":
        return this.elseControl();
      case "end":
        return { type: "end", pos: this.expect("rightDelim", "end").pos };
      case "if":
      case "range":
      case "with":
        return this.branch(token.typ);
      case "template":
        return this.templateControl();
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: "action", pos, pipe: this.pipeline("command", "rightDelim") };
  }

  private loopControl(token: Item): Node {
    const next = this.nextNonSpace();
    if (next.typ !== "rightDelim") this.unexpected(next, `{{${token.val}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${token.val}}} outside {{range}}`);
    return { type: token.typ as "break" | "continue", pos: token.pos };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    // "{{else if …" and "{{else with …" are "{{else}}{{if …": leave the keyword for parseControl.
    if (peek.typ === "if" || peek.typ === "with") return { type: "else", pos: peek.pos };
    return { type: "else", pos: this.expect("rightDelim", "else").pos };
  }

  private branch(context: "if" | "range" | "with"): BranchNode {
    const depth = this.vars.length;
    try {
      const pipe = this.pipeline(context, "rightDelim");
      if (context === "range") this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === "range") this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === "else") {
        const follow = this.peek().typ;
        if ((context === "if" && follow === "if") || (context === "with" && follow === "with")) {
          this.nextToken();
          elseList = { type: "list", pos: next.pos, nodes: [this.branch(context)] };
        } else {
          const [els, end] = this.itemList();
          if (end.type !== "end") this.errorf(`expected end; found {{${end.type}}}`);
          elseList = els;
        }
      }
      return { type: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = depth;
    }
  }

  private blockControl(): Node {
    const context = "block clause";
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, "rightDelim");
    const block = new Tree(name, this.run);
    const [list, end] = block.itemList();
    if (end.type !== "end") this.errorf(`unexpected {{${end.type}}} in ${context}`);
    block.root = list;
    block.add();
    return { type: "template", pos: token.pos, name, pipe };
  }

  private templateControl(): Node {
    const context = "template clause";
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== "rightDelim") {
      this.backup();
      pipe = this.pipeline(context, "rightDelim");
    }
    return { type: "template", pos: token.pos, name, pipe };
  }

  private templateName(token: Item, context: string): string {
    if (token.typ !== "string" && token.typ !== "rawString") this.unexpected(token, context);
    return this.unquoteOrFail(token.val);
  }

  private unquoteOrFail(quoted: string): string {
    const s = unquote(quoted);
    return s === undefined ? this.errorf("invalid syntax") : s;
  }

  // --- pipelines ---

  private pipeline(context: string, end: ItemType): PipeNode {
    const pipe: PipeNode = { type: "pipe", pos: this.peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const token = this.nextNonSpace();
      if (token.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.typ) {
        case "bool": case "charConstant": case "complex": case "dot": case "field": case "identifier":
        case "number": case "nil": case "rawString": case "string": case "variable": case "leftParen":
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  // `$x :=`, `$x =`, and `$i, $v :=` in range.
  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== "variable") return;
      this.nextToken();
      // A space is a token, so "$x foo" needs three tokens of look-ahead.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === "assign" || next.typ === "declare") {
        pipe.isAssign = next.typ === "assign";
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        return;
      }
      if (next.typ === "char" && next.val === ",") {
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === "range" && pipe.decl.length < 2) {
          const after = this.peekNonSpace().typ;
          if (after === "variable" || after === "rightDelim" || after === "rightParen") continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      }
      if (tokenAfterVariable.typ === "space") this.backup3(v, tokenAfterVariable);
      else this.backup2(v);
      return;
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]!.type;
      if (t === "bool" || t === "dot" || t === "nil" || t === "number" || t === "string") this.errorf(`non executable command in pipeline stage ${i + 2}`);
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: "command", pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) cmd.args.push(operand);
      const token = this.nextToken();
      if (token.typ === "space") continue;
      if (token.typ === "rightDelim" || token.typ === "rightParen") this.backup();
      else if (token.typ !== "pipe") this.unexpected(token, "operand");
      break;
    }
    if (cmd.args.length === 0) this.errorf("empty command");
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (node === undefined || this.peek().typ !== "field") return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().typ === "field") fields.push(this.nextToken().val.slice(1));
    // Fields after a field or variable extend it; after a literal they are an error.
    switch (node.type) {
      case "field":
        return { type: "field", pos, ident: [...node.ident, ...fields] };
      case "variable":
        return { type: "variable", pos, ident: [...node.ident, ...fields] };
      case "bool": case "string": case "number": case "nil": case "dot":
        return this.errorf(`unexpected . after term ${goQuote(nodeString(node), '"', false)}`);
      default:
        return { type: "chain", pos, node, field: fields };
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case "identifier":
        if (!this.run.hasFunction(token.val)) this.errorf(`function ${goQuote(token.val, '"', false)} not defined`);
        return { type: "identifier", pos: token.pos, ident: token.val };
      case "dot":
        return { type: "dot", pos: token.pos };
      case "nil":
        return { type: "nil", pos: token.pos };
      case "variable":
        return this.useVar(token.pos, token.val);
      case "field":
        return { type: "field", pos: token.pos, ident: token.val.slice(1).split(".") };
      case "bool":
        return { type: "bool", pos: token.pos, value: token.val === "true" };
      case "charConstant":
      case "complex":
      case "number":
        return this.number(token);
      case "leftParen":
        return this.pipeline("parenthesized pipeline", "rightParen");
      case "string":
      case "rawString":
        return { type: "string", pos: token.pos, quoted: token.val, text: this.unquoteOrFail(token.val) };
    }
    this.backup();
    return undefined;
  }

  private variable(pos: number, name: string): VariableNode {
    return { type: "variable", pos, ident: name.split(".") };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.variable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${goQuote(v.ident[0]!, '"', false)}`);
    return v;
  }

  private number(token: Item): NumberNode {
    const r = newNumber(token.val, token.typ === "charConstant" ? "char" : token.typ === "complex" ? "complex" : "number");
    return typeof r === "string" ? this.errorf(r) : { type: "number", pos: token.pos, ...r };
  }
}

/**
 * Parse `text` as the template `name` (Go's `template.New(name).Parse(text)`
 * with the built-in functions `hasFunction` accepts). Throws `TemplateParseError`.
 */
export function parseTemplate(name: string, text: string, hasFunction: (fn: string) => boolean): ParsedTemplates {
  const run = new ParseRun(name, text, lexTemplate(text), hasFunction);
  new Tree(name, run).parse();
  return { text, trees: run.trees };
}
