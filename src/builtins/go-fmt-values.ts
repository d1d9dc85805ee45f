/**
 * Go's `fmt` for the values `text/template` hands it besides numbers and
 * strings: `bool`, the nil interface, and what JSON decodes to,
 * `[]interface{}` and `map[string]interface{}`. `fmt` prints these through
 * reflection: `[a b]`, `map[k1:v1 k2:v2]` (keys sorted), a nil element as
 * `<nil>`, and with `%#v` Go syntax (`[]interface {}{"a", "1"}`).
 *
 * `%p` would print a memory address, which is not deterministic: like
 * `sprintf`, it prints the bad-verb form instead.
 */
import { unreachable } from "../source/unreachable.js";
import { compareStrings } from "../value/strings.js";
import type { GoArg, Printer } from "./go-fmt.js";

/** `[]interface{}`; `spare` holds the elements between its length and capacity (text/template's `slice` can reach them). */
export interface GoSliceArg {
  readonly t: "[]interface {}";
  readonly v: readonly GoArg[];
  readonly spare?: readonly GoArg[];
}

/** `map[string]interface{}`. */
export interface GoMapArg {
  readonly t: "map[string]interface {}";
  readonly v: ReadonlyMap<string, GoArg>;
}

/** The nil interface (`t` is not a type name: Go prints its type as `<nil>`). */
export interface GoNilArg {
  readonly t: "nil";
}

/** The `fmt` arguments this module prints. */
export type GoValueArg = { readonly t: "bool"; readonly v: boolean } | GoNilArg | GoSliceArg | GoMapArg;

/** Whether `a` is printed here rather than by `Printer`'s number and string verbs. */
export function isValueArg(a: GoArg): a is GoValueArg {
  return a.t === "bool" || a.t === "nil" || a.t === "[]interface {}" || a.t === "map[string]interface {}";
}

/** The keys of a Go map in `fmt`'s order (byte order of the UTF-8 text, which is code point order). */
export function sortedMapKeys(m: ReadonlyMap<string, GoArg>): string[] {
  return [...m.keys()].sort(compareStrings);
}

/**
 * Print `a` with `verb`, as Go's `printArg` (depth 0) or, for an element of
 * a slice or map, `printValue` at that depth.
 */
export function printValueArg(p: Printer, a: GoValueArg, verb: string, depth: number): void {
  if (a.t === "nil") {
    printNil(p, verb, depth);
    return;
  }
  if (depth === 0 && verb === "T") {
    p.fmtS(a.t);
    return;
  }
  if (depth === 0 && verb === "p") {
    p.badVerb(a, verb);
    return;
  }
  switch (a.t) {
    case "bool":
      if (verb === "t" || verb === "v") p.pad(a.v ? "true" : "false");
      else p.badVerb(a, verb);
      return;
    case "[]interface {}": {
      const sharpV = p.f.sharpV;
      p.out += sharpV ? "[]interface {}{" : "[";
      a.v.forEach((e, i) => {
        if (i > 0) p.out += sharpV ? ", " : " ";
        printElement(p, e, verb, depth + 1);
      });
      p.out += sharpV ? "}" : "]";
      return;
    }
    case "map[string]interface {}": {
      const sharpV = p.f.sharpV;
      p.out += sharpV ? "map[string]interface {}{" : "map[";
      sortedMapKeys(a.v).forEach((k, i) => {
        if (i > 0) p.out += sharpV ? ", " : " ";
        p.printArg({ t: "string", v: k }, verb);
        p.out += ":";
        printElement(p, a.v.get(k)!, verb, depth + 1);
      });
      p.out += sharpV ? "}" : "]";
      return;
    }
    default:
      unreachable(a);
  }
}

// The nil interface: `<nil>` for %v and %T at the top; an element of a slice
// or map is `<nil>` (unpadded, whatever the verb) or, with %#v, `interface {}(nil)`.
function printNil(p: Printer, verb: string, depth: number): void {
  if (depth > 0) {
    p.out += p.f.sharpV ? "interface {}(nil)" : "<nil>";
  } else if (verb === "T" || verb === "v") {
    p.pad("<nil>");
  } else {
    p.out += "%!" + verb + "(<nil>)";
  }
}

// An element of a slice or map (held in an interface{}): Go's printValue at depth > 0.
function printElement(p: Printer, e: GoArg, verb: string, depth: number): void {
  if (isValueArg(e)) printValueArg(p, e, verb, depth);
  else p.printArg(e, verb);
}
