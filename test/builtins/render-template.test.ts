/**
 * `strings.render_template(value, vars)` as OPA has it: Go's `text/template`
 * parsed as `template.New("template").Parse(value)`, `missingkey=error`,
 * executed with `vars` decoded from JSON with `UseNumber` (so a number is a
 * `json.Number`: a string type that prints as its JSON text). Expected
 * values come from Go's documented `text/template` and `fmt` behaviour
 * (and, for the messages, Go's source); where a result is surprising the
 * comment says which Go rule gives it.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { isSnapError } from "../../src/source/index.js";
import type { Value } from "../../src/value/index.js";
import { call, callError, expectError, obj, set } from "./harness.js";

const NAME = "strings.render_template";

/** The rendered text. */
function render(template: string, vars: Value = {}): string {
  const out = call(NAME, template, vars);
  expect(typeof out, template).toBe("string");
  return out as string;
}

/** The error message, without the `strings.render_template: ` prefix OPA puts on built-in errors. */
function failure(template: string, vars: Value = {}): string {
  const e = callError(NAME, template, vars);
  expect(e.code).toBe("builtin_error");
  expect(e.argIndex).toBe(0);
  expect(e.message.startsWith(`${NAME}: `), e.message).toBe(true);
  return e.message.slice(NAME.length + 2);
}

describe("OPA's own cases", () => {
  it("renders a field", () => {
    expect(render("{{.test}}", { test: "hello world" })).toBe("hello world");
  });

  it("ranges with an index and an if", () => {
    expect(render("{{range $i, $name := .hellonames}}{{if $i}} {{end}}hello {{$name}}{{end}}", { hellonames: ["alice", "bob"] })).toBe("hello alice hello bob");
  });

  it("fails on a missing key instead of printing <no value>", () => {
    expect(failure("{{.testvarnotprovided}}", { test: "hello world" })).toBe(
      'template: template:1:2: executing "template" at <.testvarnotprovided>: map has no entry for key "testvarnotprovided"',
    );
  });
});

describe("text, actions, trimming and comments", () => {
  it("copies text and evaluates actions", () => {
    expect(render("")).toBe("");
    expect(render("no actions at all")).toBe("no actions at all");
    expect(render("{{ .name }} is {{.age}}", { name: "ana", age: 30 })).toBe("ana is 30");
  });

  it("trims the spaces next to {{- and -}}", () => {
    expect(render("a  {{- .x -}}  b", { x: "X" })).toBe("aXb");
    expect(render("line1\n{{- .x}}\nline3", { x: "X" })).toBe("line1X\nline3");
    expect(render("{{.x -}}\n\t  \n y", { x: "X" })).toBe("Xy");
    // Without a space after it, `-` is a sign.
    expect(render("{{-3}}")).toBe("-3");
  });

  it("drops comments, with or without trimming", () => {
    expect(render("a{{/* a comment */}}b")).toBe("ab");
    expect(render("a {{- /* multi\nline */ -}}\n b")).toBe("ab");
  });
});

describe("fields, chains and variables", () => {
  it("follows fields and chains", () => {
    expect(render("{{.a.b.c}}", { a: { b: { c: "deep" } } })).toBe("deep");
    expect(render("{{(index .xs 0).name}}", { xs: [{ name: "n" }] })).toBe("n");
    expect(render("{{(.x).y}}", { x: { y: 1 } })).toBe("1");
  });

  it("reaches the data through $ inside range and with", () => {
    expect(render("{{range .xs}}{{.}}{{$.sep}}{{end}}", { xs: ["a", "b"], sep: "," })).toBe("a,b,");
    expect(render("{{with .user}}{{.name}}@{{$.domain}}{{end}}", { user: { name: "ana" }, domain: "x.org" })).toBe("ana@x.org");
  });

  it("declares with := and assigns with =", () => {
    expect(render('{{$x := .a}}{{$x}}{{$x = "new"}}{{$x}}', { a: "old" })).toBe("oldnew");
    // `=` changes the variable declared outside the if.
    expect(render("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}")).toBe("2");
    expect(failure("{{$a, $b := 1}}")).toBe("template: template:1: too many declarations in command");
  });

  it("ends a variable's scope at the end of its control structure", () => {
    expect(failure("{{if true}}{{$y := 1}}{{end}}{{$y}}")).toBe('template: template:1: undefined variable "$y"');
  });
});

describe("range", () => {
  it("ranges over arrays with one or two variables, and with none", () => {
    expect(render("{{range $i, $v := .xs}}{{$i}}={{$v}};{{end}}", { xs: ["a", "b"] })).toBe("0=a;1=b;");
    expect(render("{{range $v := .xs}}[{{$v}}]{{end}}", { xs: ["a", "b"] })).toBe("[a][b]");
    expect(render("{{range .xs}}<{{.}}>{{end}}", { xs: [1, 2] })).toBe("<1><2>");
  });

  it("visits map keys in sorted (byte) order", () => {
    const m = { b: 2, a: 1, B: 3 };
    expect(render("{{range $k, $v := .m}}{{$k}}:{{$v}} {{end}}", { m })).toBe("B:3 a:1 b:2 ");
    expect(render("{{range .m}}{{.}}{{end}}", { m })).toBe("312");
  });

  it("ranges over an integer (Go 1.22+)", () => {
    expect(render("{{range 3}}{{.}}{{end}}")).toBe("012");
    expect(render("{{range $i := 2}}[{{$i}}]{{end}}")).toBe("[0][1]");
    expect(render("{{range len .xs}}{{.}}{{end}}", { xs: ["a", "b"] })).toBe("01");
    expect(render("{{range 0}}x{{else}}none{{end}}")).toBe("none");
    expect(failure("{{range $i, $v := 3}}{{end}}")).toBe('template: template:1:18: executing "template" at <3>: can\'t use 3 to iterate over more than one variable');
  });

  it("runs the else branch for an empty array, an empty map or null", () => {
    const t = "{{range .v}}x{{else}}empty{{end}}";
    expect(render(t, { v: [] })).toBe("empty");
    expect(render(t, { v: {} })).toBe("empty");
    expect(render(t, { v: null })).toBe("empty");
    expect(render(t, { v: [0] })).toBe("x");
  });

  it("stops at break and skips at continue", () => {
    const xs = ["a", "b", "c"];
    expect(render('{{range .xs}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}', { xs })).toBe("a");
    expect(render('{{range .xs}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}', { xs })).toBe("ac");
  });

  it("cannot range over a string or a number from the variables (a json.Number is a string type)", () => {
    expect(failure("{{range .s}}{{end}}", { s: "abc" })).toBe('template: template:1:8: executing "template" at <.s>: range can\'t iterate over abc');
    expect(failure("{{range .n}}{{end}}", { n: 3 })).toBe('template: template:1:8: executing "template" at <.n>: range can\'t iterate over 3');
  });
});

describe("if, with and else", () => {
  it("chooses with if / else if / else", () => {
    const t = "{{if .a}}A{{else if .b}}B{{else}}C{{end}}";
    expect(render(t, { a: true, b: true })).toBe("A");
    expect(render(t, { a: false, b: true })).toBe("B");
    expect(render(t, { a: false, b: false })).toBe("C");
  });

  it("sets the dot in with, and supports else with", () => {
    expect(render("{{with .user}}{{.name}}{{end}}", { user: { name: "ana" } })).toBe("ana");
    expect(render("{{with .z}}x{{else}}y{{end}}", { z: null })).toBe("y");
    expect(render("{{with $x := .a}}{{$x}}{{end}}", { a: "v" })).toBe("v");
    expect(render("{{with .a}}A{{else with .b}}B:{{.}}{{end}}", { a: "", b: "bee" })).toBe("B:bee");
  });

  it("uses Go's truth: false, 0, nil and empty values are false", () => {
    const truth = (x: string, vars: Value = {}) => render(`{{if ${x}}}T{{else}}F{{end}}`, vars);
    expect([truth("0"), truth("1"), truth('""'), truth('"x"'), truth("0.0"), truth("false"), truth("true")]).toEqual(["F", "T", "F", "T", "F", "F", "T"]);
    const vars = { e: [], m: {}, z: null, f: false, s: "", xs: [0], mm: { a: 0 } };
    expect([truth(".e", vars), truth(".m", vars), truth(".z", vars), truth(".f", vars), truth(".s", vars), truth(".xs", vars), truth(".mm", vars)]).toEqual(["F", "F", "F", "F", "F", "T", "T"]);
  });

  it("finds a number from the variables true even when it is 0 (it is the non-empty json.Number \"0\")", () => {
    expect(render("{{if .n}}T{{else}}F{{end}}", { n: 0 })).toBe("T");
    expect(render("{{not .n}}", { n: 0 })).toBe("false");
  });
});

describe("define, template and block", () => {
  it("calls defined templates with a new dot", () => {
    expect(render('{{define "item"}}[{{.}}]{{end}}{{range .xs}}{{template "item" .}}{{end}}', { xs: ["a", "b"] })).toBe("[a][b]");
    expect(render('{{define "t"}}no dot{{end}}{{template "t"}}')).toBe("no dot");
  });

  it("defines and runs a block in place", () => {
    expect(render('<{{block "b" .x}}({{.}}){{end}}>', { x: 5 })).toBe("<(5)>");
  });

  it("does not pass variables into a template", () => {
    expect(failure('{{define "t"}}{{$x}}{{end}}{{$x := 1}}{{template "t"}}')).toBe('template: template:1: undefined variable "$x"');
  });

  it("fails on an undefined template, a redefinition, and runaway recursion", () => {
    expect(failure('{{template "zz"}}')).toBe('template: template:1:11: executing "template" at <{{template "zz"}}>: template "zz" not defined');
    expect(failure('{{define "x"}}a{{end}}{{define "x"}}b{{end}}')).toBe('template: template:1: template: multiple definition of template "x"');
    expect(failure('{{define "a"}}{{template "a"}}{{end}}{{template "a"}}')).toContain("nest too deeply");
  });

  it("reports an error inside a defined template under that template's name", () => {
    expect(failure('{{define "t"}}{{.nope}}{{end}}{{template "t" .}}', { a: 1 })).toBe('template: template:1:16: executing "t" at <.nope>: map has no entry for key "nope"');
  });
});

describe("pipelines and literals", () => {
  it("passes a value down the pipeline as the last argument", () => {
    expect(render('{{.s | printf "%q"}}', { s: "hi" })).toBe('"hi"');
    expect(render('{{"x" | printf "%s-%s" "a"}}')).toBe("a-x");
    expect(render("{{.xs | len}}", { xs: [1, 2, 3] })).toBe("3");
    expect(render('{{len .xs | printf "%d items"}}', { xs: [1, 2, 3] })).toBe("3 items");
    expect(render('{{printf "%d" (len .xs)}}', { xs: [1, 2, 3] })).toBe("3");
  });

  it("reads Go string literals", () => {
    expect(render('{{"a\\tb\\u00e9\\x41"}}')).toBe("a\tbéA");
    expect(render("{{`raw\\t`}}")).toBe("raw\\t");
    expect(failure('{{"\\q"}}')).toBe("template: template:1: invalid syntax");
  });

  it("reads Go number literals: an integer is an int, a number with . or an exponent a float64", () => {
    expect(render("{{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{+5}} {{-7}}")).toBe("31 15 15 5 1000 5 -7");
    expect(render("{{1.5}} {{1.0}} {{1e6}} {{2.5e-3}}")).toBe("1.5 1 1e+06 0.0025");
    expect(render("{{'a'}} {{'\\n'}}")).toBe("97 10");
    expect(render("{{true}} {{false}}")).toBe("true false");
  });

  it("rejects literals Go rejects", () => {
    expect(failure("{{3k}}")).toBe('template: template:1: bad number syntax: "3k"');
    expect(failure("{{12345678901234567890}}")).toBe('template: template:1:2: executing "template" at <12345678901234567890>: 12345678901234567890 overflows int');
    expect(failure("{{nil}}")).toBe('template: template:1:2: executing "template" at <nil>: nil is not a command');
    expect(failure("{{.x | 1}}", { x: 1 })).toBe("template: template:1: non executable command in pipeline stage 2");
    expect(failure('{{"a".y}}')).toBe('template: template:1: unexpected . after term "\\"a\\""');
  });
});

describe("and, or, not", () => {
  it("return the deciding operand", () => {
    expect(render("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} [{{or 0 \"\"}}]")).toBe("0 2 x []");
  });

  it("short-circuit: a missing key after the answer is not evaluated", () => {
    expect(render("{{or .a .missing}}", { a: "yes" })).toBe("yes");
    expect(render("{{and .f .missing}}", { f: false })).toBe("false");
    expect(failure("{{and .a .missing}}", { a: "yes" })).toBe('template: template:1:9: executing "template" at <.missing>: map has no entry for key "missing"');
  });

  it("not negates truth", () => {
    expect(render("{{not 0}} {{not .xs}} {{not .s}}", { xs: [], s: "x" })).toBe("true true false");
  });
});

describe("len, index, slice", () => {
  it("len counts bytes of strings, elements and keys", () => {
    expect(render("{{len .s}} {{len .xs}} {{len .m}}", { s: "héllo", xs: [1, 2, 3], m: { a: 1, b: 2 } })).toBe("6 3 2");
    expect(render("{{len .n}}", { n: 12345 })).toBe("5"); // the characters of the json.Number
    expect(failure("{{len 3}}")).toBe('template: template:1:2: executing "template" at <len 3>: error calling len: len of type int');
    expect(failure("{{len .z}}", { z: null })).toBe('template: template:1:2: executing "template" at <len .z>: error calling len: len of nil pointer');
  });

  it("index reaches into arrays, maps and strings", () => {
    const vars = { xs: ["a", "b", "c"], m: { k: "v", a: [10, 20] } };
    expect(render('{{index .xs 1}} {{index .m "k"}} {{index .m "a" 1}} {{index "abc" 1}}', vars)).toBe("b v 20 98");
    // A missing map key is the zero value (nil), not an error.
    expect(render('{{index .m "zz"}}', vars)).toBe("<no value>");
  });

  it("index fails as Go's does", () => {
    const vars = { xs: ["a", "b", "c"], m: {}, i: 1 };
    const at = (t: string) => `template: template:1:2: executing "template" at <${t}>: error calling index: `;
    expect(failure("{{index .xs 5}}", vars)).toBe(at("index .xs 5") + "index out of range: 5");
    expect(failure("{{index .xs 3}}", vars)).toBe(at("index .xs 3") + "reflect: slice index out of range");
    expect(failure("{{index .m 1}}", vars)).toBe(at("index .m 1") + "value has type int; should be string");
    expect(failure("{{index .xs .i}}", vars)).toBe(at("index .xs .i") + "cannot index slice/array with type json.Number");
    expect(failure("{{index 1 0}}", vars)).toBe(at("index 1 0") + "can't index item of type int");
  });

  it("slice takes byte ranges of strings and element ranges of arrays", () => {
    expect(render('{{slice "abcdef" 1 3}} {{slice "abcdef" 4}}')).toBe("bc ef");
    expect(render("{{slice .xs 1}} {{slice .xs 0 1 2}} {{slice .xs}}", { xs: [1, 2, 3] })).toBe("[2 3] [1] [1 2 3]");
    expect(failure("{{slice .xs 2 1}}", { xs: [1, 2, 3] })).toContain("error calling slice: invalid slice index: 2 > 1");
    expect(failure('{{slice "abc" 0 1 2}}')).toContain("error calling slice: cannot 3-index slice a string");
  });

  it("slice may reach up to the capacity encoding/json leaves a decoded array with", () => {
    // Decoding appends one element at a time: 3 elements have capacity 4, the 4th slot is nil.
    expect(render("{{slice .xs 0 4}}", { xs: [1, 2, 3] })).toBe("[1 2 3 <nil>]");
    expect(failure("{{slice .xs 0 5}}", { xs: [1, 2, 3] })).toContain("error calling slice: index out of range: 5");
  });
});

describe("print, printf, println", () => {
  it("print puts a space only between operands that are not strings (a json.Number is one)", () => {
    expect(render('{{print 1 2 "a" "b" 3}}')).toBe("1 2ab3");
    expect(render("{{print .a .b}}", { a: 1, b: 2 })).toBe("12");
    expect(render("{{print true false}} {{print nil}} {{print .z}}", { z: null })).toBe("true false <nil> <nil>");
  });

  it("println separates every operand and ends the line", () => {
    expect(render('{{println 1 "a" .n}}', { n: 7 })).toBe("1 a 7\n");
  });

  it("printf is Go's fmt.Sprintf", () => {
    expect(render('{{printf "%d-%s-%v" 3 "x" .n}}', { n: 7 })).toBe("3-x-7");
    expect(render('{{printf "%.2f|%5.1f|%-4d|%x|%05d" 3.14159 2.5 7 255 42}}')).toBe("3.14|  2.5|7   |ff|00042");
    expect(render('{{printf "%v %v %q" .xs .m .ss}}', { xs: [1, 2], m: { b: 2, a: 1 }, ss: ["a", "b"] })).toBe('[1 2] map[a:1 b:2] ["a" "b"]');
    expect(render('{{printf "%T %T %T %T %T" .n 1 1.5 .xs .m}}', { n: 1, xs: [], m: {} })).toBe("json.Number int float64 []interface {} map[string]interface {}");
    expect(render('{{printf .f 3}}', { f: "%03d" })).toBe("003");
  });

  it("printf of a number from the variables: %s and %v print its text, %d and %f are bad verbs", () => {
    expect(render('{{printf "%s %v %d %.1f" .n .n .n .n}}', { n: 3 })).toBe("3 3 %!d(json.Number=3) %!f(json.Number=3)");
    // Converting with the json.Number methods gives fmt an int64 or a float64.
    expect(render('{{printf "%d %.1f" .n.Int64 .f.Float64}}', { n: 3, f: 2.25 })).toBe("3 2.2");
  });

  it("printf marks missing, extra and nil operands", () => {
    expect(render('{{printf "%v %d"}}')).toBe("%!v(MISSING) %!d(MISSING)");
    expect(render('{{printf "x" 1 nil}}')).toBe("x%!(EXTRA int=1, <nil>)");
    expect(render('{{printf "%v %d" nil nil}}')).toBe("<nil> %!d(<nil>)");
  });

  it("printf wants a string format", () => {
    expect(failure("{{printf 5}}")).toBe('template: template:1:9: executing "template" at <5>: expected string; found 5');
    expect(failure("{{printf .f 3}}", { f: 1 })).toBe('template: template:1:9: executing "template" at <.f>: wrong type for value; expected string; got json.Number');
  });
});

describe("comparisons", () => {
  it("eq compares basic kinds, against several operands", () => {
    expect(render('{{eq 1 1}} {{eq "a" "b" "a"}} {{eq 1 2 3}} {{ne 1 2}} {{ne "a" "a"}}')).toBe("true true false true false");
    expect(render('{{eq .s "x"}} {{eq .t true}}', { s: "x", t: true })).toBe("true true");
  });

  it("compares a number from the variables as a string", () => {
    expect(render('{{eq .n "7"}}', { n: 7 })).toBe("true");
    expect(failure("{{eq .n 7}}", { n: 7 })).toBe('template: template:1:2: executing "template" at <eq .n 7>: error calling eq: incompatible types for comparison');
    // "10" < "9" byte-wise.
    expect(render("{{lt .a .b}}", { a: 10, b: 9 })).toBe("true");
  });

  it("eq with nil is true only for nil", () => {
    expect(render("{{eq .z nil}} {{eq .s nil}}", { z: null, s: "" })).toBe("true false");
  });

  it("orders ints, floats and strings", () => {
    expect(render('{{lt 1 2}} {{lt 2.5 1.5}} {{lt "10" "9"}} {{le 2 2}} {{gt 3 2}} {{ge "b" "a"}} {{gt 1 1}}')).toBe("true false true true true true false");
  });

  it("fails as Go does on kinds that do not compare", () => {
    const err = (t: string, vars: Value = {}) => failure(t, vars).replace(/^.*error calling \w+: /, "");
    expect(err("{{eq 1 1.0}}")).toBe("incompatible types for comparison");
    expect(err('{{lt 1 "a"}}')).toBe("incompatible types for comparison");
    expect(err("{{lt true false}}")).toBe("invalid type for comparison");
    expect(err("{{lt 1 .xs}}", { xs: [] })).toBe("invalid type for comparison");
    expect(err("{{eq 1}}")).toBe("missing argument for comparison");
    expect(err("{{eq .xs .xs}}", { xs: [1, 2] })).toBe("non-comparable type [1 2]: []interface {}");
    expect(failure("{{eq}}")).toBe('template: template:1:2: executing "template" at <eq>: wrong number of args for eq: want at least 1 got 0');
    expect(failure("{{lt 1}}")).toBe('template: template:1:2: executing "template" at <lt>: wrong number of args for lt: want 2 got 1');
  });
});

describe("html, js, urlquery, call", () => {
  it("escape as Go's template escapers do", () => {
    expect(render('{{html .s}}', { s: `<a href="x">'&'</a>` })).toBe("&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(render("{{html .z}}", { z: null })).toBe("&lt;no value&gt;");
    expect(render("{{html 1 2}}")).toBe("1 2");
    expect(render("{{js .s}}", { s: `it's "q" <b> & = \\ \n` })).toBe(`it\\'s \\"q\\" \\u003Cb\\u003E \\u0026 \\u003D \\\\ \\u000A`);
    expect(render('{{urlquery "a b&c=d/é"}}')).toBe("a+b%26c%3Dd%2F%C3%A9");
  });

  it("call fails: no value is a function", () => {
    expect(failure("{{call .z}}", { z: null })).toBe('template: template:1:2: executing "template" at <call .z>: error calling call: call of nil');
    expect(failure("{{call .f}}", { f: "x" })).toMatch(/error calling call: non-function .* of type string$/);
  });
});

describe("how values print", () => {
  it("prints Go's fmt.Print of the decoded value", () => {
    const vars = { s: "text", t: true, f: false, xs: ["a", 1, null, true], m: { b: [1, { c: null }], a: "x" }, e: [], em: {} };
    expect(render("{{.s}}|{{.t}}|{{.f}}|{{.xs}}|{{.m}}|{{.e}}|{{.em}}", vars)).toBe("text|true|false|[a 1 <nil> true]|map[a:x b:[1 map[c:<nil>]]]|[]|map[]");
  });

  it("prints a null value on its own as <no value> (the pipeline turns nil into no value)", () => {
    expect(render("{{.z}}", { z: null })).toBe("<no value>");
    expect(render("{{range .xs}}{{.}},{{end}}", { xs: [null, 1] })).toBe("<no value>,1,");
  });

  it("prints numbers as their JSON text", () => {
    expect(render("{{.i}} {{.neg}} {{.f}} {{.big}} {{.big2}}", { i: 42, neg: -7, f: 0.5, big: 12345678901234567890n, big2: 2n ** 53n + 1n })).toBe("42 -7 0.5 12345678901234567890 9007199254740993");
    expect(render("{{.n.Int64}} {{.f.Float64}} {{.f.String}}", { n: 42, f: 1.5 })).toBe("42 1.5 1.5");
    expect(failure("{{.f.Int64}}", { f: 1.5 })).toBe('template: template:1:4: executing "template" at <.f.Int64>: error calling Int64: strconv.ParseInt: parsing "1.5": invalid syntax');
  });

  it("refuses variables without JSON text, as OPA's decoding of their Rego text does", () => {
    for (const vars of [{ s: set("b", "a") }, obj([1, "one"]), { a: [{ deep: set() }] }]) {
      expect(callError("strings.render_template", "{{.}}", vars as Value)).toMatchObject({ argIndex: 1 });
    }
    expect(render("{{index .a 0}}", { a: ["x"] })).toBe("x");
  });
});

describe("missing keys and nil data", () => {
  it("fails on a missing key at any depth, with the position of the field", () => {
    expect(failure("{{.a.b}}", { a: {} })).toBe('template: template:1:4: executing "template" at <.a.b>: map has no entry for key "b"');
    expect(failure("x\n  {{.missing}}")).toBe('template: template:2:4: executing "template" at <.missing>: map has no entry for key "missing"');
    // Columns count bytes: "é" is two.
    expect(failure("é{{.missing}}")).toBe('template: template:1:4: executing "template" at <.missing>: map has no entry for key "missing"');
  });

  it("fails on a field of null, of a string, of nil data, and on arguments to a field", () => {
    expect(failure("{{.a.b}}", { a: null })).toBe('template: template:1:4: executing "template" at <.a.b>: nil pointer evaluating interface {}.b');
    expect(failure("{{.a.b}}", { a: "s" })).toBe('template: template:1:4: executing "template" at <.a.b>: can\'t evaluate field b in type interface {}');
    expect(failure("{{$x := .z}}{{$x.a}}", { z: null })).toBe('template: template:1:16: executing "template" at <$x.a>: nil data; no entry for key "a"');
    expect(failure("{{.x 1}}", { x: 1 })).toBe('template: template:1:2: executing "template" at <.x>: x is not a method but has arguments');
  });
});

describe("parse errors", () => {
  it.each([
    ["{{.x", "template: template:1: unclosed action"],
    ["line1\n{{if .x}}\nno end", "template: template:3: unexpected EOF"],
    ["{{end}}", "template: template:1: unexpected {{end}}"],
    ["{{else}}", "template: template:1: unexpected {{else}}"],
    ["{{}}", "template: template:1: missing value for command"],
    ["{{if}}{{end}}", "template: template:1: missing value for if"],
    ["{{nosuch 1}}", 'template: template:1: function "nosuch" not defined'],
    ["{{$y}}", 'template: template:1: undefined variable "$y"'],
    ["{{break}}", "template: template:1: {{break}} outside {{range}}"],
    ['{{"open}}', "template: template:1: unterminated quoted string"],
    ["{{/* x", "template: template:1: unclosed comment"],
    ["{{/* x */ }}", "template: template:1: comment ends before closing delimiter"],
    ["{{.a ,}}", 'template: template:1: unexpected "," in operand'],
    ["a\n{{ .x\n\n", "template: template:4: unclosed action started at template:2"],
    ['{{define "x"}}{{else}}{{end}}', "template: template:1: unexpected {{else}} in define clause"],
  ])("%j", (template, message) => {
    expect(failure(template)).toBe(message);
  });
});

describe("arguments", () => {
  it("wants a string template and an object of variables", () => {
    expectError(NAME, [1, {}], { code: "type_error", argIndex: 0 });
    expectError(NAME, ["x", ["a"]], { code: "type_error", argIndex: 1 });
  });
});

describe("through a policy, on both back ends", () => {
  const source = `package t

msg := strings.render_template("{{.user}} may {{range $i, $a := .actions}}{{if $i}}, {{end}}{{$a}}{{end}} (limit {{.limit}})", {"user": input.user, "actions": input.actions, "limit": input.limit})

missing := strings.render_template("{{.nope}}", {"user": input.user})

# Constant arguments: the compiled back end folds these when the policy is compiled.
constant := strings.render_template("{{range .xs}}<{{.}}>{{end}}", {"xs": [1, 2.5]})

constant_missing := strings.render_template("{{.nope}}", {})
`;
  const input = { user: "ana", actions: ["read", "write"], limit: 1500 };
  const expected = "ana may read, write (limit 1500)";

  for (const backend of ["interpreter", "compiled"] as const) {
    it(`renders, and a missing key is an error (${backend})`, () => {
      const modules = [{ file: "t.snap", source }];
      const p = compile({ modules, backend });
      expect(p.query("data.t.msg", { input })).toEqual([{ expressions: [expected], bindings: {} }]);
      // A built-in error makes the rule undefined (OPA's default) or, strictly, fails the evaluation.
      expect(p.query("data.t.missing", { input })).toEqual([]);
      expect(p.query("data.t.constant")).toEqual([{ expressions: ["<1><2.5>"], bindings: {} }]);
      expect(p.query("data.t.constant_missing")).toEqual([]);
      let error: unknown;
      try {
        compile({ modules, backend, strictBuiltinErrors: true }).query("data.t.missing", { input });
      } catch (e) {
        error = e;
      }
      expect(isSnapError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain('map has no entry for key "nope"');
    });
  }
});
