/**
 * Places where an earlier version of a built-in differed from OPA, each with
 * the OPA (Go) behaviour it now follows. Expected values come from OPA's
 * topdown code and the Go standard library it calls, named in each test.
 * The last block runs a policy on both back ends, since they share built-ins
 * but each does its own argument handling before calling them.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { isSnapError, type SnapError } from "../../src/source/diagnostic.js";
import { ObjectBuilder, type Value } from "../../src/value/index.js";
import { call, expectError } from "./call.js";

function keyed(...entries: [Value, Value][]): Value {
  const b = new ObjectBuilder();
  for (const [k, v] of entries) b.set(k, v);
  return b.build();
}

describe("encoding", () => {
  it("json.is_valid and yaml.is_valid answer false for a value that is not a string (builtinJSONIsValid, builtinYAMLIsValid)", () => {
    for (const x of [1, null, true, ["{}"], { a: 1 }]) {
      expect(call("json.is_valid", x)).toBe(false);
      expect(call("yaml.is_valid", x)).toBe(false);
    }
  });

  it("json.is_valid checks syntax only, as Go's json.Valid", () => {
    expect(call("json.is_valid", "1e400")).toBe(true);
    expect(call("json.is_valid", '{"a": 1, "a": 2}')).toBe(true);
    expect(call("json.is_valid", "[1,]")).toBe(false);
  });

  it("json.unmarshal reads a lone surrogate escape as U+FFFD, as Go's decoder", () => {
    expect(call("json.unmarshal", '"a\\ud800b"')).toBe("a\ufffdb");
    expect(call("json.unmarshal", '{"\\udc00": ["\\ud83d\\ude00"]}')).toEqual({ "\ufffd": ["😀"] });
  });

  it("json.marshal writes a key that is not a string as its compact JSON text (ast.JSON)", () => {
    expect(call("json.marshal", keyed([[1, "a"], 1], [true, 2], [null, 3]))).toBe('{"[1,\\"a\\"]":1,"null":3,"true":2}');
    // The key's text is `{"\u003c":1}` (Go escapes `<`), and that text is then escaped as a JSON string.
    expect(call("json.marshal", keyed([{ "<": 1 }, 0]))).toBe('{"{\\"\\\\u003c\\":1}":0}');
  });

  it("json.marshal_with_options reports bad options as OPA's operand errors word them", () => {
    const doc = { a: 1 };
    expectError("json.marshal_with_options", [doc, { indent: 2 }], {
      code: "type_error",
      argIndex: 1,
      message: "json.marshal_with_options: operand 2 key indent failed cast to string: operand 0 must be string but got number",
    });
    expectError("json.marshal_with_options", [doc, { indent: "", pretty: "yes" }], {
      code: "type_error",
      argIndex: 1,
      message: "operand 2 key pretty failed cast to bool: operand 1 must be boolean but got string",
    });
    expectError("json.marshal_with_options", [doc, keyed([1, true])], { code: "type_error", argIndex: 1, message: "failed to stringify key 1 at index 0" });
  });

  it("base64url.decode restores padding by the text's length in bytes", () => {
    // "é" is two bytes: Go pads it to "é==" and then fails at its first byte.
    expectError("base64url.decode", ["é"], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 0" });
    expectError("base64url.decode", ["abcde"], { code: "builtin_error", argIndex: 0, message: "illegal base64url string: abcde" });
    expect(call("base64url.decode", "YWI")).toBe("ab");
  });

  it("urlquery.encode_object takes a key that is not a string as its JSON text", () => {
    expect(call("urlquery.encode_object", keyed([1, "a"], ["b", ["x y", "&"]]))).toBe("1=a&b=x+y&b=%26");
  });

  it("urlquery.decode_object reports a `;` separator over an earlier bad escape (Go's parseQuery)", () => {
    expectError("urlquery.decode_object", ["a=%zz&b;c"], { code: "builtin_error", argIndex: 0, message: "invalid semicolon separator in query" });
    expectError("urlquery.decode_object", ["a=%zz&b=%yy"], { code: "builtin_error", argIndex: 0, message: 'invalid URL escape "%zz"' });
  });
});

describe("strings", () => {
  it("format_int truncates what a 64-bit-mantissa big.Float holds, printing every digit", () => {
    expect(call("format_int", 1e21, 10)).toBe("1000000000000000000000");
    expect(call("format_int", -1.5e21, 16)).toBe("-5150ae84a8cdf00000");
    // The float nearest 1.2345678901234567e19 prints as its shortest text reads: OPA keeps a number's text.
    expect(call("format_int", 12345678901234567000, 10)).toBe("12345678901234567000");
    expect(call("format_int", 18446744073709551615n, 10)).toBe("18446744073709551615");
    // 2^64 + 1 needs 65 bits: rounded to even, 2^64.
    expect(call("format_int", 18446744073709551617n, 10)).toBe("18446744073709551616");
    expect(call("format_int", 12345678901234567890123n, 10)).toBe("12345678901234567889920");
  });
});

describe("integer operands (builtins.IntOperand: any Go int, i.e. 64 bits)", () => {
  it("take integers beyond 2^53 as counts and indexes", () => {
    expect(call("substring", "abc", 2n ** 60n, 1)).toBe("");
    expect(call("substring", "abc", 1, 2n ** 60n)).toBe("bc");
    expect(call("regex.find_n", "a", "banana", 2n ** 62n)).toEqual(["a", "a", "a"]);
  });

  it("reject integers beyond 64 bits as OPA does, as floating-point numbers", () => {
    const message = "operand 2 must be integer number but got floating-point number";
    expectError("substring", ["abc", 2n ** 63n, 1], { code: "type_error", argIndex: 1, message });
    expectError("substring", ["abc", 0, -(2n ** 64n)], { code: "type_error", argIndex: 2, message: "operand 3 must be integer number" });
    expectError("substring", ["abc", 1e20, 1], { code: "type_error", argIndex: 1, message });
  });
});

describe("net", () => {
  it("net.cidr_is_valid answers false for a value that is not a string (builtinNetCIDRIsValid)", () => {
    expect(call("net.cidr_is_valid", 10)).toBe(false);
    expect(call("net.cidr_is_valid", ["10.0.0.0/8"])).toBe(false);
    expect(call("net.cidr_is_valid", "10.0.0.0/8")).toBe(true);
  });
});

describe("through a policy, on both back ends", () => {
  const source = `package p

checks := {
	"json": json.is_valid(input.x),
	"yaml": yaml.is_valid(input.x),
	"cidr": net.cidr_is_valid(input.x),
}

doc := yaml.marshal({"item-10": "yes", "item-9": ["a: b", 1.5e-7], "x": input.x})

template := regex.template_match("a/{}", "a/", "{", "}")
`;

  it("still rejects a literal of the wrong type at compile time, as OPA's type checker does", () => {
    for (const call of ['json.is_valid(1)', 'yaml.is_valid(true)', 'net.cidr_is_valid(["10.0.0.0/8"])', 'regex.is_valid(null)']) {
      let error: unknown;
      try {
        compile({ modules: [{ file: "q.snap", source: `package q\n\nx := ${call}\n` }] });
      } catch (e) {
        error = e;
      }
      expect(isSnapError(error), call).toBe(true);
      expect((error as SnapError).diagnostics.some((d) => d.code === "type_error"), call).toBe(true);
    }
  });

  for (const backend of ["compiled", "interpreter"] as const) {
    it(`evaluates the OPA behaviours on the ${backend} back end`, () => {
      const policy = compile({ modules: [{ file: "p.snap", source }], backend });
      const [result] = policy.query("data.p", { input: { x: 7 } });
      expect(result?.expressions[0]).toEqual({
        checks: { json: false, yaml: false, cidr: false },
        doc: 'item-9:\n- \'a: b\'\n- 1.5e-07\nitem-10: "yes"\nx: 7\n',
        template: true,
      });
    });
  }
});
