/**
 * Scanning of string templates (`$"Hello {input.name}"`, `` $`raw {x}` ``):
 * finds where a template ends and where its embedded expressions are, so the
 * lexer can take the whole template as one token. The expressions are parsed
 * first, as fragments, by the same parser (see `templates.ts`).
 */

/** A literal text part (`start`/`end` are offsets of the text as written, escapes undecoded) or an embedded expression (offsets inside the braces). */
export interface TemplateSegment {
  readonly kind: "text" | "expr";
  readonly start: number;
  readonly end: number;
}

/** What the scanner found for one template. */
export interface TemplateScan {
  /** Offset just after the template (or where scanning stopped, when not terminated). */
  readonly end: number;
  readonly raw: boolean;
  readonly segments: readonly TemplateSegment[];
  /** False when the closing quote (or an expression's `}`) is missing. */
  readonly terminated: boolean;
  /** True when templates were nested deeper than `MAX_TEMPLATE_NESTING`. */
  readonly tooDeep: boolean;
}

/** Templates inside template expressions inside templates… are legal but rare; past this depth we stop instead of recursing. */
export const MAX_TEMPLATE_NESTING = 8;

/** Scan a template starting at `start` (where `text[start] === "$"` and the next character is `"` or a backtick). */
export function scanTemplate(text: string, start: number, depth = 0): TemplateScan {
  const quote = text[start + 1]!;
  const raw = quote === "`";
  const segments: TemplateSegment[] = [];
  let i = start + 2;
  let textStart = i;
  const stop = (at: number, tooDeep = false): TemplateScan => ({ end: at, raw, segments, terminated: false, tooDeep });
  if (depth > MAX_TEMPLATE_NESTING) return stop(start + 2, true);
  while (i < text.length) {
    const c = text[i]!;
    if (!raw && (c === "\n" || c === "\r")) return stop(i);
    if (c === quote) {
      if (i > textStart) segments.push({ kind: "text", start: textStart, end: i });
      return { end: i + 1, raw, segments, terminated: true, tooDeep: false };
    }
    if (!raw && c === "\\") {
      i += 2;
      continue;
    }
    if (c === "{") {
      if (i > textStart) segments.push({ kind: "text", start: textStart, end: i });
      const close = skipExpression(text, i + 1, depth);
      if (close.at < 0) return stop(text.length, close.tooDeep);
      segments.push({ kind: "expr", start: i + 1, end: close.at });
      i = close.at + 1;
      textStart = i;
      continue;
    }
    i++;
  }
  return stop(text.length);
}

/** Find the `}` that closes an expression starting at `i`, skipping nested braces, strings, comments and templates. */
function skipExpression(text: string, i: number, depth: number): { at: number; tooDeep: boolean } {
  let open = 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "{") open++;
    else if (c === "}") {
      open--;
      if (open === 0) return { at: i, tooDeep: false };
    } else if (c === '"') {
      i = skipQuoted(text, i);
      continue;
    } else if (c === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0) return { at: -1, tooDeep: false };
      i = close + 1;
      continue;
    } else if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    } else if (c === "$" && (text[i + 1] === '"' || text[i + 1] === "`")) {
      const inner = scanTemplate(text, i, depth + 1);
      if (!inner.terminated) return { at: -1, tooDeep: inner.tooDeep };
      i = inner.end;
      continue;
    }
    i++;
  }
  return { at: -1, tooDeep: false };
}

/** Offset after a double-quoted string starting at `i` (or at the end of its line when unterminated). */
function skipQuoted(text: string, i: number): number {
  i++;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else if (c === "\n") return i;
    else i++;
  }
  return i;
}
