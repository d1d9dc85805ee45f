import { describe, expect, it } from "vitest";
import { locateJsonPath } from "../../src/import/json-locate.js";

/** The text of the value found at `path`. */
function at(text: string, path: (string | number)[]): string | undefined {
  const r = locateJsonPath(text, path);
  return r && text.slice(r.start, r.end);
}

describe("locateJsonPath", () => {
  const pretty = `[
  {"role": "user", "content": "a \\"quoted\\" ] } text"},
  {
    "role": "assistant",
    "tool_calls": [ { "id": "c1", "function": { "name": "f", "arguments": "{\\"x\\": 1" } } ]
  }
]`;

  it("finds values by keys and indexes, past strings holding brackets and escapes", () => {
    expect(at(pretty, [1, "tool_calls", 0, "function", "arguments"])).toBe('"{\\"x\\": 1"');
    expect(at(pretty, [1, "tool_calls", 0, "id"])).toBe('"c1"');
    expect(at(pretty, [0, "content"])).toBe('"a \\"quoted\\" ] } text"');
  });

  it("returns whole containers, and the whole document for the empty path", () => {
    expect(at(pretty, [1, "tool_calls", 0, "function"])).toBe('{ "name": "f", "arguments": "{\\"x\\": 1" }');
    expect(at(pretty, [])).toBe(pretty);
  });

  it("skips numbers, literals and nested containers on the way", () => {
    const text = '{"a": [1, -2.5e3, true, null, {"b": [[]]}], "c": {"d": false}}';
    expect(at(text, ["c", "d"])).toBe("false");
    expect(at(text, ["a", 4, "b", 0])).toBe("[]");
    expect(at(text, ["a", 1])).toBe("-2.5e3");
  });

  it("matches keys written with escapes by their value", () => {
    expect(at('{"a\\u0062": 7}', ["ab"])).toBe("7");
  });

  it("gives undefined for paths that are not there or text that is not JSON", () => {
    expect(locateJsonPath(pretty, [5])).toBeUndefined();
    expect(locateJsonPath(pretty, [0, "nope"])).toBeUndefined();
    expect(locateJsonPath(pretty, ["key-of-an-array"])).toBeUndefined();
    expect(locateJsonPath('{"a": [1, 2', ["a", 3])).toBeUndefined();
  });

  it("starts at an offset, for a value inside a larger text", () => {
    const text = 'xx{"k": "v"}';
    const r = locateJsonPath(text, ["k"], 2);
    expect(r && text.slice(r.start, r.end)).toBe('"v"');
  });
});
