/**
 * The predefined functions of Go's `text/template` (`funcs.go`): `not`,
 * `len`, `index`, `slice`, the comparisons `eq ne lt le gt ge` with Go's
 * basic-kind rules, the escapers `html` `js` `urlquery`, `print` `printf`
 * `println` (Go's `fmt`), and the methods of `json.Number`. `and`, `or` and
 * `call` are evaluated by the executor; their signatures are here.
 * A function fails by throwing `FuncError` with Go's message.
 */
import { unreachable } from "../source/unreachable.js";
import { compareStrings } from "../value/strings.js";
import { Printer, type GoArg } from "./go-fmt.js";
import { fromUtf8, utf8 } from "./go-base64.js";
import { goQuote, isGoPrint } from "./go-strconv.js";
import { parseFloat64, parseInt64 } from "./go-strconv-parse.js";
import { goSprintf } from "./sprintf.js";
import { queryEscape } from "./url-query.js";
import { NIL, indirect, indirectInterface, inIface, isTrue, kindOf, lengthOf, toArg, type Concrete, type RValue } from "./go-template-values.js";

/** A Go function failed (Go returned an error, or reflect panicked); the message is Go's. */
export class FuncError extends Error {}

/** A parameter type: `reflect.Value`, `interface{}` (`any`) or `string`. */
export type ParamType = "value" | "any" | "string";

/** A function's Go signature and body. Arguments arrive already checked against the parameter types. */
export interface GoFunc {
  readonly fixed: readonly ParamType[];
  /** The element type of a final `...T` parameter. */
  readonly rest?: ParamType;
  readonly call: (args: readonly RValue[]) => RValue;
}

/** The Go name of a parameter type, for "invalid value; expected T". */
export function paramTypeName(t: ParamType): string {
  return t === "value" ? "reflect.Value" : t === "any" ? "interface {}" : "string";
}

const str = (v: string): Concrete => ({ t: "string", v });
const bool = (v: boolean): Concrete => ({ t: "bool", v });

/** Go's `fmt.Sprint`: a space between operands when neither is a string. */
export function goSprint(args: readonly GoArg[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((a, i) => {
    const isString = a.t === "string" || a.t === "json.Number";
    if (i > 0 && !isString && !prevString) p.out += " ";
    p.printArg(a, "v");
    prevString = isString;
  });
  return p.out;
}

/** Go's `fmt.Sprintln`: operands separated by spaces, then a newline. */
export function goSprintln(args: readonly GoArg[]): string {
  const p = new Printer();
  args.forEach((a, i) => {
    if (i > 0) p.out += " ";
    p.printArg(a, "v");
  });
  return p.out + "\n";
}

/** `fmt.Sprintf("%<verb>", v)` of a `reflect.Value`, for error messages. */
export function formatValue(v: RValue, verb: "v" | "s"): string {
  if (v === undefined) return "<invalid reflect.Value>";
  const p = new Printer();
  p.printArg(toArg(v), verb);
  return p.out;
}

/** The Go type of a valid value, for error messages. */
export function typeName(v: Exclude<RValue, undefined>): string {
  return v.t;
}

// The escapers' evalArgs: one string as is, else fmt.Sprint with nil as "<no value>".
function evalArgs(args: readonly RValue[]): string {
  const xs = args.map(toArg);
  if (xs.length === 1 && xs[0]!.t === "string") return xs[0]!.v as string;
  return goSprint(xs.map((x) => (x.t === "nil" ? str("<no value>") : x)));
}

/** Go's `template.HTMLEscapeString`. */
export function htmlEscape(s: string): string {
  const table: Record<string, string> = { "\0": "\uFFFD", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;" };
  return s.replace(/["'&<>\0]/g, (c) => table[c]!);
}

/** Go's `template.JSEscapeString`. */
export function jsEscape(s: string): string {
  const table: Record<string, string> = { "\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D" };
  let out = "";
  for (const ch of s) {
    let r = ch.codePointAt(0)!;
    if (Object.hasOwn(table, ch)) out += table[ch];
    else if (r < 0x20) out += "\\u00" + r.toString(16).toUpperCase().padStart(2, "0");
    else if (r < 0x80) out += ch;
    else {
      if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd; // a lone surrogate is invalid UTF-8, which Go reads as U+FFFD
      out += isGoPrint(r) ? String.fromCodePoint(r) : "\\u" + r.toString(16).toUpperCase().padStart(4, "0");
    }
  }
  return out;
}

// Go's indexArg: an integer index in [0, cap].
function indexArg(index: RValue, cap: number): number {
  const k = kindOf(index);
  if (k === "invalid") throw new FuncError("cannot index slice/array with nil");
  if (k !== "int" && k !== "uint") throw new FuncError(`cannot index slice/array with type ${typeName(index!)}`);
  const x = (index as { v: bigint }).v;
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

function index(args: readonly RValue[]): RValue {
  let item = indirectInterface(args[0]);
  if (item === undefined) throw new FuncError("index of untyped nil");
  for (const raw of args.slice(1)) {
    const ix = indirectInterface(raw);
    const ind = indirect(item);
    if (ind.isNil) throw new FuncError("index of nil pointer");
    const it = ind.v as Concrete;
    switch (it.t) {
      case "[]interface {}": {
        const x = indexArg(ix, it.v.length);
        if (x === it.v.length) throw new FuncError("reflect: slice index out of range");
        item = inIface(it.v[x]!);
        break;
      }
      case "string":
      case "json.Number": {
        const bytes = utf8(it.v);
        const x = indexArg(ix, bytes.length);
        if (x === bytes.length) throw new FuncError("reflect: string index out of range");
        item = { t: "uint8", v: BigInt(bytes[x]!) };
        break;
      }
      case "map[string]interface {}": {
        if (ix === undefined) throw new FuncError("value is nil; should be of type string");
        if (ix.t !== "string") throw new FuncError(`value has type ${typeName(ix)}; should be string`);
        item = inIface(it.v.get(ix.v) ?? NIL);
        break;
      }
      default:
        throw new FuncError(`can't index item of type ${typeName(it)}`);
    }
  }
  return item;
}

function slice(args: readonly RValue[]): RValue {
  const item = indirectInterface(args[0]);
  if (item === undefined) throw new FuncError("slice of untyped nil");
  const indexes = args.slice(1);
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  let len: number;
  if (item.t === "string" || item.t === "json.Number") {
    if (indexes.length === 3) throw new FuncError("cannot 3-index slice a string");
    cap = len = lengthOf(item);
  } else if (item.t === "[]interface {}") {
    len = item.v.length;
    cap = len + (item.spare?.length ?? 0);
  } else {
    throw new FuncError(`can't slice item of type ${typeName(item)}`);
  }
  const idx = [0, len, 0];
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, cap))); // Go does not unwrap interfaces here
  const [i, j, k] = idx as [number, number, number];
  if (i > j) throw new FuncError(`invalid slice index: ${i} > ${j}`);
  if (item.t === "string" || item.t === "json.Number") return { t: item.t, v: fromUtf8(utf8(item.v).subarray(i, j)) };
  if (item.t !== "[]interface {}") throw new FuncError(`can't slice item of type ${typeName(item)}`);
  const all = [...item.v, ...(item.spare ?? [])];
  if (indexes.length < 3) return { t: "[]interface {}", v: all.slice(i, j), spare: all.slice(j, cap) };
  if (j > k) throw new FuncError(`invalid slice index: ${j} > ${k}`);
  return { t: "[]interface {}", v: all.slice(i, j), spare: all.slice(j, k) };
}

function len(args: readonly RValue[]): RValue {
  const { v, isNil } = indirect(args[0]);
  if (isNil) throw new FuncError("len of nil pointer");
  if (v === undefined) throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
  if (v.t === "string" || v.t === "json.Number" || v.t === "[]interface {}" || v.t === "map[string]interface {}") return { t: "int", v: BigInt(lengthOf(v)) };
  throw new FuncError(`len of type ${typeName(v)}`);
}

// --- comparisons ---

type BasicKind = "bool" | "int" | "uint" | "float" | "string";

function basicKind(v: RValue): BasicKind | undefined {
  const k = kindOf(v);
  return k === "bool" || k === "int" || k === "uint" || k === "float" || k === "string" ? k : undefined;
}

const BAD_TYPE = "invalid type for comparison";
const INCOMPATIBLE = "incompatible types for comparison";
const num = (v: RValue): bigint => (v as { v: bigint }).v;
const scalar = (v: RValue): boolean | number | string => (v as { v: boolean | number | string }).v;
const isNilValue = (v: RValue): boolean => v === undefined;

function eq(args: readonly RValue[]): RValue {
  const a = indirectInterface(args[0]);
  if (args.length === 1) throw new FuncError("missing argument for comparison");
  const k1 = basicKind(a);
  for (const raw of args.slice(1)) {
    const b = indirectInterface(raw);
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      // Integers compare across signedness.
      if (k1 === "int" && k2 === "uint") truth = num(a) >= 0n && num(a) === num(b);
      else if (k1 === "uint" && k2 === "int") truth = num(b) >= 0n && num(a) === num(b);
      else if (a !== undefined && b !== undefined) throw new FuncError(INCOMPATIBLE);
    } else if (k1 === "int" || k1 === "uint") {
      truth = num(a) === num(b);
    } else if (k1 !== undefined) {
      truth = scalar(a) === scalar(b);
    } else {
      // Neither is a basic kind: slices, maps, or nil.
      const sameKind = kindOf(a) === kindOf(b) || a === undefined || b === undefined;
      if (!sameKind) throw new FuncError(`non-comparable types ${formatValue(a, "s")}: ${typeName(a!)}, ${typeName(b!)}: ${formatValue(b, "v")}`);
      if (isNilValue(a) || isNilValue(b)) truth = isNilValue(a) === isNilValue(b);
      else throw new FuncError(`non-comparable type ${formatValue(b, "s")}: ${typeName(b!)}`);
    }
    if (truth) return bool(true);
  }
  return bool(false);
}

function lt(args: readonly RValue[]): boolean {
  const a = indirectInterface(args[0]);
  const k1 = basicKind(a);
  if (k1 === undefined) throw new FuncError(BAD_TYPE);
  const b = indirectInterface(args[1]);
  const k2 = basicKind(b);
  if (k2 === undefined) throw new FuncError(BAD_TYPE);
  if (k1 !== k2) {
    if (k1 === "int" && k2 === "uint") return num(a) < 0n || num(a) < num(b);
    if (k1 === "uint" && k2 === "int") return num(b) >= 0n && num(a) < num(b);
    throw new FuncError(INCOMPATIBLE);
  }
  switch (k1) {
    case "bool":
      throw new FuncError(BAD_TYPE);
    case "int":
    case "uint":
      return num(a) < num(b);
    case "float":
      return (scalar(a) as number) < (scalar(b) as number);
    case "string":
      return compareStrings(scalar(a) as string, scalar(b) as string) < 0;
    default:
      return unreachable(k1);
  }
}

const le = (args: readonly RValue[]): boolean => lt(args) || (eq(args) as { v: boolean }).v;

// --- json.Number's methods ---

function parseError(fn: string, s: string, err: string): FuncError {
  return new FuncError(`strconv.${fn}: parsing ${goQuote(s, '"', false)}: ${err}`);
}

/** The methods of `json.Number` a template can call: `.String`, `.Int64`, `.Float64`. */
export function jsonNumberMethod(name: string, n: string): GoFunc | undefined {
  switch (name) {
    case "String":
      return { fixed: [], call: () => str(n) };
    case "Int64":
      return {
        fixed: [],
        call: () => {
          const r = parseInt64(n, 10);
          if (!r.ok) throw parseError("ParseInt", n, r.err);
          return { t: "int64", v: r.v };
        },
      };
    case "Float64":
      return {
        fixed: [],
        call: () => {
          const r = parseFloat64(n);
          if (!r.ok) throw parseError("ParseFloat", n, r.err);
          return { t: "float64", v: r.v };
        },
      };
    default:
      return undefined;
  }
}

const anyArgs = (args: readonly RValue[]): GoArg[] => args.map(toArg);
const unevaluated = (): RValue => {
  throw new Error("and, or and call are evaluated by the executor");
};

/** The predefined functions, by name. */
export const TEMPLATE_FUNCS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  ["and", { fixed: ["value"], rest: "value", call: unevaluated }],
  ["or", { fixed: ["value"], rest: "value", call: unevaluated }],
  ["call", { fixed: ["value"], rest: "value", call: unevaluated }],
  ["not", { fixed: ["value"], call: (a) => bool(!isTrue(indirectInterface(a[0]))) }],
  ["len", { fixed: ["value"], call: len }],
  ["index", { fixed: ["value"], rest: "value", call: index }],
  ["slice", { fixed: ["value"], rest: "value", call: slice }],
  ["eq", { fixed: ["value"], rest: "value", call: eq }],
  ["ne", { fixed: ["value", "value"], call: (a) => bool(!(eq(a) as { v: boolean }).v) }],
  ["lt", { fixed: ["value", "value"], call: (a) => bool(lt(a)) }],
  ["le", { fixed: ["value", "value"], call: (a) => bool(le(a)) }],
  ["gt", { fixed: ["value", "value"], call: (a) => bool(!le(a)) }],
  ["ge", { fixed: ["value", "value"], call: (a) => bool(!lt(a)) }],
  ["html", { fixed: [], rest: "any", call: (a) => str(htmlEscape(evalArgs(a))) }],
  ["js", { fixed: [], rest: "any", call: (a) => str(jsEscape(evalArgs(a))) }],
  ["urlquery", { fixed: [], rest: "any", call: (a) => str(queryEscape(evalArgs(a))) }],
  ["print", { fixed: [], rest: "any", call: (a) => str(goSprint(anyArgs(a))) }],
  ["println", { fixed: [], rest: "any", call: (a) => str(goSprintln(anyArgs(a))) }],
  ["printf", { fixed: ["string"], rest: "any", call: (a) => str(goSprintf((a[0] as { v: string }).v, anyArgs(a.slice(1)))) }],
]);

/** Go's `call` with no function to call: the callee is nil or not a function. */
export function callError(callee: string, fn: RValue): FuncError {
  const f = indirectInterface(fn);
  return new FuncError(f === undefined ? "call of nil" : `non-function ${callee} of type ${typeName(f)}`);
}

