import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/source/source-file.js";
import { SpanMaker } from "../../src/syntax/spans.js";

// `SpanMaker` is the parser's fast path to spans; `SourceFile.span` is the definition it must match.
const TEXTS = [
  "",
  "x",
  "package a\n\nallow if input.ok\n",
  "a\r\nb\r\n\r\nc",
  "lone\rcarriage\r\rreturns\n\r\nmixed\r",
  "\n\n\n",
  "no newline at the end",
];

describe("spans of the parser", () => {
  it("are `SourceFile.span`'s for every pair of offsets, asked in any order", () => {
    for (const text of TEXTS) {
      const file = new SourceFile("t.rego", text);
      const spans = new SpanMaker(file);
      const offsets = [-2, -1, ...Array.from({ length: text.length + 1 }, (_, i) => i), text.length + 1, text.length + 5];
      // Forwards, backwards, and jumping about, so that the cursor moves every way.
      const order = [...offsets, ...[...offsets].reverse(), ...offsets.map((_, i) => offsets[(i * 7) % offsets.length]!)];
      for (const start of order) {
        for (const end of [start, start + 1, start + 3, text.length]) {
          expect(spans.span(start, end), `${JSON.stringify(text)} ${start}..${end}`).toEqual(file.span(start, end));
        }
      }
    }
  });

  it("a second maker of the same file (which reuses its line table) answers the same", () => {
    const file = new SourceFile("t.rego", "a\nbb\nccc\n");
    const first = new SpanMaker(file);
    const second = new SpanMaker(file);
    for (let i = 0; i <= file.text.length; i++) expect(second.span(i, i + 1)).toEqual(first.span(i, i + 1));
  });
});
