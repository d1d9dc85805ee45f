/**
 * Execution of a parsed Go template (`text/template/exec.go`) over the data
 * of `go-template-values.ts`, with `missingkey=error` as OPA sets it:
 * fields and chains, variables and their scopes, `if`/`with`/`range`
 * (arrays, maps in sorted key order, integers) with `else`, `break` and
 * `continue`, `template`/`block`, pipelines and function calls. Errors
 * carry Go's context: `template: template:1:2: executing "template" at
 * <.x>: map has no entry for key "x"`.
 */
import { Printer } from "./go-fmt.js";
import { sortedMapKeys } from "./go-fmt-values.js";
import { goQuote } from "./go-strconv.js";
import { FuncError, TEMPLATE_FUNCS, callError, formatValue, jsonNumberMethod, paramTypeName, type GoFunc, type ParamType } from "./go-template-funcs.js";
import { nodeString, type ArgNode, type BranchNode, type ChainNode, type CommandNode, type FieldNode, type IdentifierNode, type ListNode, type Node, type NumberNode, type PipeNode, type TemplateNode, type VariableNode } from "./go-template-nodes.js";
import { parseTemplate, type ParsedTemplates } from "./go-template-parse.js";
import { NIL, byteLength, fromArg, inIface, indirect, indirectInterface, isTrue, kindOf, toArg, type Concrete, type RValue } from "./go-template-values.js";
import type { GoArg } from "./go-fmt.js";

/** A template that failed while executing; the message is Go's. */
export class TemplateExecError extends Error {}

/** A template that uses what snapspace does not implement (complex constants), or recursion deeper than the stack. */
export class TemplateUnsupportedError extends Error {}

/** Go's limit on nested `{{template}}` calls (`maxExecDepth`, outside wasm). */
const MAX_EXEC_DEPTH = 100000;

// Go's missingVal: "no final value from an earlier command", distinct from every value.
const MISSING = Symbol("missing");
type Final = RValue | typeof MISSING;

// {{break}} and {{continue}} unwind to their range as Go's panics do.
const BREAK = Symbol("break");
const CONTINUE = Symbol("continue");

interface Variable {
  readonly name: string;
  value: RValue;
}

/** What one execution shares: the parsed templates and the output. */
interface Run {
  readonly parseName: string;
  readonly parsed: ParsedTemplates;
  out: string;
}

const isHexInt = (s: string): boolean => s.length > 2 && s[0] === "0" && (s[1] === "x" || s[1] === "X") && !/[pP]/.test(s);

// reflect.Value.String(): the string of a string kind, "<T Value>" otherwise.
function valueString(v: RValue): string {
  if (v === undefined) return "<invalid Value>";
  return v.t === "string" || v.t === "json.Number" ? v.v : `<${v.t} Value>`;
}

/** One template being executed (Go's `state`). */
class State {
  node: Node | undefined;

  constructor(
    private readonly run: Run,
    private readonly tmplName: string,
    private readonly vars: Variable[],
    private readonly depth: number,
  ) {}

  private at(node: Node): void {
    this.node = node;
  }

  private errorf(message: string): never {
    const name = this.tmplName;
    if (this.node === undefined) throw new TemplateExecError(`template: ${name}: ${message}`);
    const before = this.run.parsed.text.slice(0, this.node.pos);
    const lastNewline = before.lastIndexOf("\n");
    const line = 1 + before.split("\n").length - 1;
    const column = byteLength(before.slice(lastNewline + 1));
    const location = `${this.run.parseName}:${line}:${column}`;
    throw new TemplateExecError(`template: ${location}: executing ${goQuote(name, '"', false)} at <${nodeString(this.node)}>: ${message}`);
  }

  // --- variables ---

  private push(name: string, value: RValue): void {
    this.vars.push({ name, value });
  }

  private popTo(mark: number): void {
    this.vars.length = mark;
  }

  private findVar(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!;
    return this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: RValue): void {
    this.vars[this.vars.length - n]!.value = value;
  }

  // --- control ---

  walk(dot: RValue, node: Node): void {
    this.at(node);
    switch (node.type) {
      case "action": {
        // A declaration prints nothing.
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case "break":
        throw BREAK;
      case "continue":
        throw CONTINUE;
      case "if":
      case "with":
        this.walkIfOrWith(node, dot);
        return;
      case "list":
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case "range":
        this.walkRange(node, dot);
        return;
      case "template":
        this.walkTemplate(node, dot);
        return;
      case "text":
        this.run.out += node.text;
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkIfOrWith(node: BranchNode, dot: RValue): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(indirectInterface(val))) this.walk(node.type === "with" ? val : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.popTo(mark);
    }
  }

  private walkRange(r: BranchNode, dot: RValue): void {
    this.at(r);
    const outer = this.vars.length;
    try {
      const val = indirect(this.evalPipeline(dot, r.pipe)).v;
      const decl = r.pipe.decl;
      const oneIteration = (index: RValue, elem: RValue): void => {
        if (decl.length > 0) {
          // With two variables the index comes first; with one, it is the element.
          if (r.pipe.isAssign) this.findVar(decl[0]!.ident[0]!).value = decl.length > 1 ? index : elem;
          else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.findVar(decl[1]!.ident[0]!).value = elem;
          else this.setTopVar(2, index);
        }
        const mark = this.vars.length;
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.popTo(mark);
        }
      };
      switch (kindOf(val)) {
        case "slice": {
          const items = (val as Concrete & { t: "[]interface {}" }).v;
          if (items.length === 0) break;
          items.forEach((x, i) => oneIteration({ t: "int", v: BigInt(i) }, inIface(x)));
          return;
        }
        case "int":
        case "uint": {
          if (decl.length > 1) this.errorf(`can't use ${formatValue(val, "v")} to iterate over more than one variable`);
          const n = val as Concrete & { t: "int" | "int64" | "uint8" };
          if (n.v <= 0n) break;
          for (let i = 0n; i < n.v; i++) oneIteration(undefined, { t: n.t, v: i });
          return;
        }
        case "map": {
          const m = (val as Concrete & { t: "map[string]interface {}" }).v;
          if (m.size === 0) break;
          for (const k of sortedMapKeys(m)) oneIteration({ t: "string", v: k }, inIface(m.get(k)!));
          return;
        }
        case "invalid":
          break; // a nil value is not an error: it ranges over nothing
        default:
          this.errorf(`range can't iterate over ${formatValue(val, "v")}`);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } catch (e) {
      if (e !== BREAK) throw e;
    } finally {
      this.popTo(outer);
    }
  }

  private walkTemplate(t: TemplateNode, dot: RValue): void {
    this.at(t);
    const tree = this.run.parsed.trees.get(t.name);
    if (tree === undefined) this.errorf(`template ${goQuote(t.name, '"', false)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    // Variables declared by the pipeline persist; the template itself sees only `$`.
    const newDot = this.evalPipeline(dot, t.pipe);
    const inner = new State(this.run, t.name, [{ name: "$", value: newDot }], this.depth + 1);
    inner.node = this.node;
    inner.walk(newDot, tree);
  }

  private printValue(n: Node, v: RValue): void {
    this.at(n);
    if (v === undefined) {
      this.run.out += "<no value>";
      return;
    }
    const p = new Printer();
    p.printArg(toArg(v), "v");
    this.run.out += p.out;
  }

  // --- pipelines and commands ---

  private evalPipeline(dot: RValue, pipe: PipeNode | undefined): RValue {
    if (pipe === undefined) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      let v = this.evalCommand(dot, cmd, value);
      // An interface{} result is replaced by what it holds (nil by the zero Value).
      if (v !== undefined && v.t === "interface {}") v = fromArg(v.x);
      value = v;
    }
    const result = value === MISSING ? undefined : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.findVar(variable.ident[0]!).value = result;
      else this.push(variable.ident[0]!, result);
    }
    return result;
  }

  private notAFunction(args: readonly ArgNode[] | undefined, final: Final): void {
    if ((args?.length ?? 0) > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
  }

  private evalCommand(dot: RValue, cmd: CommandNode, final: Final): RValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case "field":
        return this.evalFieldNode(dot, first, cmd.args, final);
      case "chain":
        return this.evalChainNode(dot, first, cmd.args, final);
      case "identifier":
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case "pipe":
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case "bool":
        return { t: "bool", v: first.value };
      case "dot":
        return dot;
      case "nil":
        return this.errorf("nil is not a command");
      case "number":
        return this.idealConstant(first);
      case "string":
        return { t: "string", v: first.text };
    }
  }

  private idealConstant(c: NumberNode): RValue {
    this.at(c);
    if (c.isComplex) throw new TemplateUnsupportedError(`complex constant \`${c.text}\` is not supported`);
    if (c.isFloat && !isHexInt(c.text) && c.text[0] !== "'" && /[.eEpP]/.test(c.text)) return { t: "float64", v: c.float64 };
    if (c.isInt) return { t: "int", v: c.int64 };
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  // --- fields ---

  private evalFieldNode(dot: RValue, field: FieldNode, args: readonly ArgNode[] | undefined, final: Final): RValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChainNode(dot: RValue, chain: ChainNode, args: readonly ArgNode[] | undefined, final: Final): RValue {
    this.at(chain);
    if (chain.field.length === 0) this.errorf("internal error: no fields in evalChainNode");
    if (chain.node.type === "nil") this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: RValue, variable: VariableNode, args: readonly ArgNode[] | undefined, final: Final): RValue {
    this.at(variable);
    const value = this.findVar(variable.ident[0]!).value;
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: RValue, receiver: RValue, node: Node, ident: readonly string[], args: readonly ArgNode[] | undefined, final: Final): RValue {
    for (const name of ident.slice(0, -1)) receiver = this.evalField(dot, name, node, undefined, MISSING, receiver);
    return this.evalField(dot, ident[ident.length - 1]!, node, args, final, receiver);
  }

  private evalField(dot: RValue, fieldName: string, node: Node, args: readonly ArgNode[] | undefined, final: Final, receiver: RValue): RValue {
    if (receiver === undefined) this.errorf(`nil data; no entry for key ${goQuote(fieldName, '"', false)}`);
    const typ = receiver.t;
    const { v, isNil } = indirect(receiver);
    if (isNil) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    if (v !== undefined && v.t === "json.Number") {
      const method = jsonNumberMethod(fieldName, v.v);
      if (method !== undefined) return this.evalCall(dot, method, false, node, fieldName, args, final);
    }
    if (v !== undefined && v.t === "map[string]interface {}") {
      if ((args?.length ?? 0) > 1 || final !== MISSING) this.errorf(`${fieldName} is not a method but has arguments`);
      const x = v.v.get(fieldName);
      if (x === undefined) this.errorf(`map has no entry for key ${goQuote(fieldName, '"', false)}`);
      return inIface(x);
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  // --- functions ---

  private evalFunction(dot: RValue, node: IdentifierNode, cmd: Node, args: readonly ArgNode[] | undefined, final: Final): RValue {
    this.at(node);
    const fn = TEMPLATE_FUNCS.get(node.ident);
    if (fn === undefined) this.errorf(`${goQuote(node.ident, '"', false)} is not a defined function`);
    return this.evalCall(dot, fn, true, cmd, node.ident, args, final);
  }

  private evalCall(dot: RValue, fn: GoFunc, isBuiltin: boolean, node: Node, name: string, args: readonly ArgNode[] | undefined, final: Final): RValue {
    const rest = args ? args.slice(1) : [];
    const numIn = rest.length + (final !== MISSING ? 1 : 0);
    const numParams = fn.fixed.length + (fn.rest ? 1 : 0);
    let numFixed = rest.length;
    if (fn.rest) {
      numFixed = fn.fixed.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${rest.length}`);
    } else if (numIn !== numParams) {
      this.errorf(`wrong number of args for ${name}: want ${numParams} got ${numIn}`);
    }

    // and/or evaluate their arguments only until the answer is known, and return that operand.
    if (isBuiltin && (name === "and" || name === "or")) {
      let v: RValue;
      for (const arg of rest) {
        v = this.evalArg(dot, "value", arg);
        if (isTrue(indirectInterface(v)) === (name === "or")) return v;
      }
      if (final !== MISSING) v = this.validateType(final, "value");
      return v;
    }

    const argv: RValue[] = [];
    let i = 0;
    for (; i < numFixed && i < rest.length; i++) argv.push(this.evalArg(dot, fn.fixed[i]!, rest[i]!));
    if (fn.rest) for (; i < rest.length; i++) argv.push(this.evalArg(dot, fn.rest, rest[i]!));
    if (final !== MISSING) {
      let t: ParamType = fn.rest ?? fn.fixed[fn.fixed.length - 1]!;
      if (fn.rest && numIn - 1 < numFixed) t = fn.fixed[numIn - 1]!;
      argv.push(this.validateType(final, t));
    }

    try {
      // No function values exist, so `call` always fails, naming its callee.
      if (isBuiltin && name === "call") throw callError(rest.length === 0 ? valueString(final as RValue) : nodeString(rest[0]!), argv[0]);
      return fn.call(argv);
    } catch (e) {
      if (!(e instanceof FuncError)) throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${e.message}`);
    }
  }

  // Go's validateType for the parameter types functions have (`undefined`: no type, from a chain).
  private validateType(value: RValue, typ: ParamType | undefined): RValue {
    if (value === undefined) {
      if (typ === undefined || typ === "value") return undefined;
      if (typ === "any") return inIface(NIL);
      this.errorf(`invalid value; expected ${paramTypeName(typ)}`);
    }
    if (typ !== "string" || value.t === "string") return value;
    let v: RValue = value;
    if (v.t === "interface {}" && v.x.t !== "nil") {
      v = fromArg(v.x)!;
      if (v.t === "string") return v;
    }
    return this.errorf(`wrong type for value; expected string; got ${v.t}`);
  }

  private evalArg(dot: RValue, typ: ParamType | undefined, n: ArgNode): RValue {
    this.at(n);
    switch (n.type) {
      case "dot":
        return this.validateType(dot, typ);
      case "nil":
        if (typ === "value") return undefined;
        if (typ === "any") return inIface(NIL);
        return this.errorf(`cannot assign nil to ${typ === undefined ? "<nil>" : paramTypeName(typ)}`);
      case "field":
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case "variable":
        return this.validateType(this.evalVariableNode(dot, n, undefined, MISSING), typ);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, n), typ);
      case "identifier":
        return this.validateType(this.evalFunction(dot, n, n, undefined, MISSING), typ);
      case "chain":
        return this.validateType(this.evalChainNode(dot, n, undefined, MISSING), typ);
    }
    if (typ === "string") {
      if (n.type === "string") return { t: "string", v: n.text };
      return this.errorf(`expected string; found ${nodeString(n)}`);
    }
    return this.evalEmptyInterface(dot, n);
  }

  private evalEmptyInterface(dot: RValue, n: ArgNode): RValue {
    this.at(n);
    switch (n.type) {
      case "bool":
        return { t: "bool", v: n.value };
      case "number":
        return this.idealConstant(n);
      case "string":
        return { t: "string", v: n.text };
      default:
        return this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
    }
  }
}

/**
 * Parse and execute a template as OPA's `strings.render_template` does:
 * `template.New("template").Parse(text)`, `missingkey=error`, executed
 * with `data`. Throws `TemplateParseError`, `TemplateExecError` or
 * `TemplateUnsupportedError`.
 */
export function renderGoTemplate(text: string, data: GoArg): string {
  const name = "template";
  const parsed = parseTemplate(name, text, (fn) => TEMPLATE_FUNCS.has(fn));
  const run: Run = { parseName: name, parsed, out: "" };
  const dot = fromArg(data);
  try {
    new State(run, name, [{ name: "$", value: dot }], 0).walk(dot, parsed.trees.get(name)!);
  } catch (e) {
    if (e instanceof RangeError) {
      // Go allows 100000 nested templates; a JS stack gives out sooner.
      if (/call stack/i.test(e.message)) throw new TemplateUnsupportedError("templates nest too deeply (recursive `template` calls)");
      if (/string length/i.test(e.message)) throw new TemplateUnsupportedError("the rendered text is too long");
    }
    throw e;
  }
  return run.out;
}
