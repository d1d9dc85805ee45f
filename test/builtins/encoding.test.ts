import { describe, expect, it } from "vitest";
import { ObjectBuilder, SetValue } from "../../src/value/index.js";
import { call, expectError } from "./call.js";

// Expected text is what Go's encoding/json, encoding/base64, encoding/hex, net/url and
// sigs.k8s.io/yaml produce (OPA calls them), worked out from their documented rules.

describe("json.marshal", () => {
  it("writes compact JSON with keys sorted and sets as sorted arrays", () => {
    expect(call("json.marshal", { b: 1, a: [true, null, "x"] })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(call("json.marshal", SetValue.from([3, 1, 2]))).toBe("[1,2,3]");
    expect(call("json.marshal", [])).toBe("[]");
    expect(call("json.marshal", {})).toBe("{}");
    expect(call("json.marshal", 2.5)).toBe("2.5");
    expect(call("json.marshal", 12345678901234567890n)).toBe("12345678901234567890");
  });

  it("escapes as Go does: HTML characters, U+2028/2029 and control characters, not other unicode", () => {
    expect(call("json.marshal", "<a&b>")).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(call("json.marshal", "\u2028\u2029")).toBe('"\\u2028\\u2029"');
    expect(call("json.marshal", "\u0001\n\t\"\\")).toBe('"\\u0001\\n\\t\\"\\\\"');
    expect(call("json.marshal", "é😀")).toBe('"é😀"');
    expect(call("json.marshal", "\ud800")).toBe('"\\ufffd"');
  });

  it("writes non-string keys as text", () => {
    const b = new ObjectBuilder();
    b.set(1, "a");
    expect(call("json.marshal", b.build())).toBe('{"1":"a"}');
  });
});

describe("json.marshal_with_options", () => {
  const doc = { b: [1, 2], a: {} };

  it("indents with a tab when pretty", () => {
    expect(call("json.marshal_with_options", { foo: "bar" }, { pretty: true })).toBe('{\n\t"foo": "bar"\n}');
  });

  it("puts the prefix before every line and uses the indent given", () => {
    expect(call("json.marshal_with_options", doc, { indent: "  ", prefix: "--" })).toBe('--{\n--  "a": {},\n--  "b": [\n--    1,\n--    2\n--  ]\n--}');
  });

  it("stays compact when pretty is false, whatever else is set", () => {
    expect(call("json.marshal_with_options", doc, { pretty: false, indent: "  " })).toBe('{"a":{},"b":[1,2]}');
    expect(call("json.marshal_with_options", doc, {})).toBe('{"a":{},"b":[1,2]}');
  });

  it("rejects unknown keys and mistyped options", () => {
    expectError("json.marshal_with_options", [doc, { pretty: "yes" }], { code: "type_error", argIndex: 1, message: "pretty" });
    expectError("json.marshal_with_options", [doc, { indent: 2 }], { code: "type_error", argIndex: 1, message: "indent" });
    expectError("json.marshal_with_options", [doc, { width: 2 }], { code: "type_error", argIndex: 1, message: "operand 2 object contained unknown key width" });
    expectError("json.marshal_with_options", [doc, "pretty"], { code: "type_error", argIndex: 1 });
  });
});

describe("json.unmarshal and json.is_valid", () => {
  it("reads JSON, keeping big integers exact", () => {
    expect(call("json.unmarshal", '{"a": [1, 2.5, "x", null, true]}')).toEqual({ a: [1, 2.5, "x", null, true] });
    expect(call("json.unmarshal", '{"n": 12345678901234567890}')).toEqual({ n: 12345678901234567890n });
    expect(call("json.unmarshal", '"\\u00e9"')).toBe("é");
  });

  it("keeps a __proto__ key as data", () => {
    const v = call("json.unmarshal", '{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.hasOwn(v, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it("rejects text that is not JSON", () => {
    expectError("json.unmarshal", ["{"], { code: "builtin_error", argIndex: 0 });
    expectError("json.unmarshal", ["[1] 2"], { code: "builtin_error", argIndex: 0 });
    expectError("json.unmarshal", [1], { code: "type_error", argIndex: 0 });
    expect(call("json.is_valid", '{"a": 1}')).toBe(true);
    expect(call("json.is_valid", "{'a': 1}")).toBe(false);
    expect(call("json.is_valid", "")).toBe(false);
  });
});

describe("base64", () => {
  it("encodes UTF-8 bytes with the standard alphabet and padding", () => {
    expect(call("base64.encode", "hello")).toBe("aGVsbG8=");
    expect(call("base64.encode", "é")).toBe("w6k=");
    expect(call("base64.encode", "??>")).toBe("Pz8+");
    expect(call("base64.encode", "")).toBe("");
  });

  it("decodes, ignoring line breaks", () => {
    expect(call("base64.decode", "aGVsbG8=")).toBe("hello");
    expect(call("base64.decode", "aGVs\r\nbG8=")).toBe("hello");
    expect(call("base64.decode", "w6k=")).toBe("é");
    expect(call("base64.decode", "")).toBe("");
  });

  it("reports the byte where Go's decoder stops", () => {
    expectError("base64.decode", ["aGVsbG8"], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 4" });
    expectError("base64.decode", ["aGV$bG8="], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 3" });
    expectError("base64.decode", ["a==="], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 1" });
    expectError("base64.decode", ["aGVsbG8=x"], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 8" });
    expectError("base64.decode", ["Pz8-"], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 3" });
  });

  it("validates", () => {
    expect(call("base64.is_valid", "aGVsbG8=")).toBe(true);
    expect(call("base64.is_valid", "")).toBe(true);
    expect(call("base64.is_valid", "aGVsbG8")).toBe(false);
    expect(call("base64.is_valid", "not base64!")).toBe(false);
  });
});

describe("base64url", () => {
  it("encodes with the URL alphabet, with and without padding", () => {
    expect(call("base64url.encode", "??>")).toBe("Pz8-");
    expect(call("base64url.encode", "a")).toBe("YQ==");
    expect(call("base64url.encode_no_pad", "a")).toBe("YQ");
    expect(call("base64url.encode_no_pad", "héllo wörld")).toBe("aMOpbGxvIHfDtnJsZA");
  });

  it("decodes with or without padding", () => {
    expect(call("base64url.decode", "YQ")).toBe("a");
    expect(call("base64url.decode", "YQ==")).toBe("a");
    expect(call("base64url.decode", "Pz8-")).toBe("??>");
    expect(call("base64url.decode", "aMOpbGxvIHfDtnJsZA")).toBe("héllo wörld");
  });

  it("rejects impossible lengths and the standard alphabet's characters", () => {
    expectError("base64url.decode", ["Y"], { code: "builtin_error", argIndex: 0, message: "illegal base64url string: Y" });
    expectError("base64url.decode", ["Pz8+"], { code: "builtin_error", argIndex: 0, message: "illegal base64 data at input byte 3" });
  });
});

describe("hex", () => {
  it("encodes and decodes UTF-8 bytes", () => {
    expect(call("hex.encode", "hello")).toBe("68656c6c6f");
    expect(call("hex.encode", "é")).toBe("c3a9");
    expect(call("hex.decode", "68656c6c6f")).toBe("hello");
    expect(call("hex.decode", "6F4B")).toBe("oK");
    expect(call("hex.decode", "")).toBe("");
  });

  it("reports Go's errors, an invalid byte before an odd length", () => {
    expectError("hex.decode", ["6g"], { code: "builtin_error", argIndex: 0, message: "encoding/hex: invalid byte: U+0067 'g'" });
    expectError("hex.decode", ["686"], { code: "builtin_error", argIndex: 0, message: "encoding/hex: odd length hex string" });
    expectError("hex.decode", ["686g6"], { code: "builtin_error", argIndex: 0, message: "invalid byte: U+0067 'g'" });
  });
});

describe("urlquery", () => {
  it("escapes everything but unreserved characters, a space as +", () => {
    expect(call("urlquery.encode", "a b&c=d/é~-_.")).toBe("a+b%26c%3Dd%2F%C3%A9~-_.");
    expect(call("urlquery.encode", "!'()*")).toBe("%21%27%28%29%2A");
    expect(call("urlquery.encode", "")).toBe("");
  });

  it("unescapes, and reports malformed escapes as Go does", () => {
    expect(call("urlquery.decode", "a+b%26c%3dd%2F%C3%A9")).toBe("a b&c=d/é");
    expectError("urlquery.decode", ["%zz"], { code: "builtin_error", argIndex: 0, message: 'invalid URL escape "%zz"' });
    expectError("urlquery.decode", ["ab%4"], { code: "builtin_error", argIndex: 0, message: 'invalid URL escape "%4"' });
  });

  it("encodes objects: keys sorted, one pair per array or set element", () => {
    expect(call("urlquery.encode_object", { b: ["1", "2"], a: "x y", c: SetValue.from(["z"]) })).toBe("a=x+y&b=1&b=2&c=z");
    expect(call("urlquery.encode_object", { "k&": "v=" })).toBe("k%26=v%3D");
    expect(call("urlquery.encode_object", {})).toBe("");
    expectError("urlquery.encode_object", [{ a: 1 }], { code: "type_error", argIndex: 0 });
    expectError("urlquery.encode_object", [{ a: ["x", 1] }], { code: "type_error", argIndex: 0 });
  });

  it("decodes query strings into arrays of values", () => {
    expect(call("urlquery.decode_object", "a=1&b=2&a=3")).toEqual({ a: ["1", "3"], b: ["2"] });
    expect(call("urlquery.decode_object", "")).toEqual({});
    expect(call("urlquery.decode_object", "a")).toEqual({ a: [""] });
    expect(call("urlquery.decode_object", "&&x+y=%41&")).toEqual({ "x y": ["A"] });
    expectError("urlquery.decode_object", ["a=1;b=2"], { code: "builtin_error", argIndex: 0, message: "invalid semicolon separator in query" });
    expectError("urlquery.decode_object", ["a=%zz"], { code: "builtin_error", argIndex: 0, message: "invalid URL escape" });
  });
});

describe("yaml", () => {
  it("marshals with sorted keys, unindented sequences and quoted look-alikes", () => {
    expect(call("yaml.marshal", { b: [1, 2], a: { c: "yes", d: "1.5", e: "plain" } })).toBe('a:\n  c: "yes"\n  d: "1.5"\n  e: plain\nb:\n- 1\n- 2\n');
    expect(call("yaml.marshal", null)).toBe("null\n");
    expect(call("yaml.marshal", SetValue.from(["b", "a"]))).toBe("- a\n- b\n");
    expect(call("yaml.marshal", { num: 12345678901234567890n })).toBe("num: 12345678901234567890\n");
    // `n` and `y` are YAML 1.1 booleans to go-yaml, so as keys they are quoted too.
    expect(call("yaml.marshal", { n: 1, y: 2 })).toBe('"n": 1\n"y": 2\n');
  });

  it("unmarshals the first document with YAML 1.1 booleans and timestamps as strings", () => {
    expect(call("yaml.unmarshal", "a: yes\nb: [1, 2.5]\nc: 2001-12-14\nd: ~\ne: off")).toEqual({ a: true, b: [1, 2.5], c: "2001-12-14", d: null, e: false });
    expect(call("yaml.unmarshal", "num: 12345678901234567890")).toEqual({ num: 12345678901234567890n });
    // go-yaml v2 reads an unquoted `n`/`y` key as a boolean, which sigs.k8s.io/yaml writes back as text.
    expect(call("yaml.unmarshal", 'n: 1\n"y": 2')).toEqual({ false: 1, y: 2 });
    expect(call("yaml.unmarshal", "base: &b {x: 1}\nderived:\n  <<: *b\n  z: 2")).toEqual({ base: { x: 1 }, derived: { x: 1, z: 2 } });
    expect(call("yaml.unmarshal", "a: 1\n---\nb: 2")).toEqual({ a: 1 });
    expect(call("yaml.unmarshal", "")).toBe(null);
  });

  it("reads back what it writes", () => {
    const doc = { list: ["yes", "no", "on", "~", "", "0x10", "1e3", "a: b"], n: -3, f: 0.25, t: true };
    expect(call("yaml.unmarshal", call("yaml.marshal", doc) as string)).toEqual(doc);
  });

  it("rejects invalid YAML and values JSON cannot hold", () => {
    expectError("yaml.unmarshal", ["a: [1"], { code: "builtin_error", argIndex: 0 });
    expectError("yaml.unmarshal", ["x: .inf"], { code: "builtin_error", argIndex: 0 });
    expect(call("yaml.is_valid", "a: [1")).toBe(false);
    expect(call("yaml.is_valid", "x: .nan")).toBe(false);
    expect(call("yaml.is_valid", "a: [1]")).toBe(true);
    // OPA's builtinYAMLIsValid answers false for a value that is not a string.
    expect(call("yaml.is_valid", 1)).toBe(false);
  });
});
