// How a diagnostic shows its source line: whole when short, a window around the spot when long.
import { describe, expect, test } from "vitest";
import { diagnostic } from "../../src/source/diagnostic.js";
import { MAX_SHOWN_COLUMNS, renderDiagnostic } from "../../src/source/render.js";
import { SourceFile } from "../../src/source/source-file.js";

/** Render a diagnostic spanning [start, end) of `text`'s first line. */
function render(text: string, start: number, end: number): string[] {
  const file = new SourceFile("f.snap", text);
  return renderDiagnostic(diagnostic("x", "msg", file.span(start, end), "fix it"), () => file).split("\n");
}

describe("the source line under a diagnostic", () => {
  test("a short line is shown whole, with the caret under the span", () => {
    expect(render("x := 1 + true", 9, 13)).toEqual(["f.snap:1:10: error: msg [x]", "  1 | x := 1 + true", "    |          ^^^^", "  help: fix it"]);
  });

  test("a long line is cut to a window around the spot, marked with … on both sides, the caret still under it", () => {
    const text = `${"a".repeat(5000)}BAD${"b".repeat(5000)}`;
    const [, line, caret] = render(text, 5000, 5003);
    const shown = line!.slice("  1 | ".length);
    // 60 characters of context before the spot, then the window, cut at both ends.
    expect(shown).toBe(`…${"a".repeat(60)}BAD${"b".repeat(MAX_SHOWN_COLUMNS - 63)}…`);
    expect(caret!.slice("    | ".length)).toBe(`${" ".repeat(61)}^^^`);
    expect(line!.indexOf("BAD")).toBe(caret!.indexOf("^"));
  });

  test("near the start of a long line only the end is cut", () => {
    const text = `x := ${"1 + ".repeat(1000)}true`;
    const [, line, caret] = render(text, 5, 6);
    expect(line).toBe(`  1 | ${text.slice(0, MAX_SHOWN_COLUMNS)}…`);
    expect(caret).toBe(`    |      ^`);
  });

  test("a span running past the window is underlined to the window's end only", () => {
    const text = "y".repeat(10_000);
    const [, line, caret] = render(text, 100, 9_000);
    expect(line!.length).toBe("  1 | ".length + MAX_SHOWN_COLUMNS + 2);
    expect(caret).toBe(`    | ${" ".repeat(61)}${"^".repeat(MAX_SHOWN_COLUMNS - 60)}`);
  });
});
