/**
 * Structural comparison of ASTs without positions: spans and ids never take
 * part in equality (`parse(fmt(x))` must equal `parse(x)` up to spans).
 */

const POSITION_KEYS = new Set(["id", "span", "nameSpan", "opSpan", "file"]);

/** A deep copy of an AST (or any part of it) without `id`, spans and file names, for comparison in tests. */
export function stripSpans<T>(node: T): unknown {
  if (Array.isArray(node)) return node.map((n) => stripSpans(n));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (POSITION_KEYS.has(k) || v === undefined) continue;
    out[k] = stripSpans(v);
  }
  return out;
}
