/**
 * Go's `strings` package semantics over JS strings, where they differ from
 * JS's own: runes rather than UTF-16 units, Go's set of space characters,
 * per-rune (simple) case mapping, and `strings.NewReplacer`'s matching rule.
 * OPA's string built-ins are thin wrappers over these Go functions.
 */
import { isAscii } from "./runes.js";

/** Go `strings.Split`: an empty separator splits into runes (`""` into `[]`). */
export function goSplit(s: string, sep: string): string[] {
  if (sep === "") return Array.from(s);
  return s.split(sep);
}

/** Go `strings.ReplaceAll`: an empty `old` inserts `replacement` before every rune and at the end. */
export function goReplaceAll(s: string, old: string, replacement: string): string {
  if (old === "") {
    const runes = Array.from(s);
    return replacement + runes.map((r) => r + replacement).join("");
  }
  // split/join, not String.replaceAll: that would expand `$&` and friends in `replacement`.
  return s.split(old).join(replacement);
}

/** Go `strings.Count`: non-overlapping occurrences; an empty `sub` counts rune boundaries (runes + 1). */
export function goCount(s: string, sub: string): number {
  if (sub === "") return Array.from(s).length + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

/** Go `unicode.IsSpace`. */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/** Go `strings.TrimSpace` (Go's spaces: JS's `trim` also strips U+FEFF and keeps U+0085). */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  // Every Go space is a single UTF-16 unit, so unit-wise scanning is exact.
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Go `strings.TrimLeft`/`TrimRight`/`Trim`: strip runes found in `cutset` from one or both ends. */
export function goTrim(s: string, cutset: string, left: boolean, right: boolean): string {
  if (s === "" || cutset === "") return s;
  const cut = new Set(Array.from(cutset));
  const runes = Array.from(s);
  let start = 0;
  let end = runes.length;
  if (left) while (start < end && cut.has(runes[start]!)) start++;
  if (right) while (end > start && cut.has(runes[end - 1]!)) end--;
  return start === 0 && end === runes.length ? s : runes.slice(start, end).join("");
}

const SIMPLE_LOWER_DIFFERS = /[\u0130\u03a3]/;

/** Go `strings.ToLower`: each rune through Unicode's simple lowercase mapping. */
export function goToLower(s: string): string {
  const l = s.toLowerCase();
  if (isAscii(s)) return l;
  // JS applies the full mapping, which differs from the simple one only for
  // U+0130 (İ → "i̇") and for the context-dependent final sigma (Σ → ς).
  if (!SIMPLE_LOWER_DIFFERS.test(s)) return l;
  let out = "";
  for (const ch of s) out += ch === "\u0130" ? "i" : ch.toLowerCase();
  return out;
}

/** Go `strings.ToUpper`: each rune through Unicode's simple uppercase mapping. */
export function goToUpper(s: string): string {
  const u = s.toUpperCase();
  if (isAscii(s)) return u;
  // JS applies the full mapping, which only ever expands a rune (ß → SS); with
  // no expansion the two mappings agree.
  if (Array.from(u).length === Array.from(s).length) return u;
  let out = "";
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += Array.from(up).length === 1 ? up : simpleUpper(ch);
  }
  return out;
}

// Runes whose full uppercase mapping expands: those with a simple mapping are the
// Greek letters with ypogegrammeni (ᾳ → ᾼ); the rest (ß, ligatures, …) map to themselves.
function simpleUpper(ch: string): string {
  const c = ch.codePointAt(0)!;
  if ((c >= 0x1f80 && c <= 0x1f87) || (c >= 0x1f90 && c <= 0x1f97) || (c >= 0x1fa0 && c <= 0x1fa7)) {
    return String.fromCodePoint(c + 8);
  }
  if (c === 0x1fb3 || c === 0x1fc3 || c === 0x1ff3) return String.fromCodePoint(c + 9);
  return ch;
}

/**
 * Go `strings.NewReplacer(old1, new1, …).Replace(s)`: scanning left to right,
 * at each position the first pair (in argument order) whose `old` matches
 * there is replaced, and scanning resumes after it; an empty `old` matches
 * between runes but not twice in a row at the same place.
 */
export function goReplacer(pairs: readonly (readonly [string, string])[], s: string): string {
  if (pairs.length === 0) return s;
  let out = "";
  let last = 0;
  let prevMatchEmpty = false;
  for (let i = 0; i <= s.length; ) {
    let matched: readonly [string, string] | undefined;
    for (const p of pairs) {
      if (p[0] === "" ? !prevMatchEmpty : s.startsWith(p[0], i)) {
        matched = p;
        break;
      }
    }
    if (matched) {
      out += s.slice(last, i) + matched[1];
      prevMatchEmpty = matched[0] === "";
      i += matched[0].length;
      last = i;
      continue;
    }
    prevMatchEmpty = false;
    if (i === s.length) break;
    // Step a whole rune so that an empty pattern never splits a surrogate pair.
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return out + s.slice(last);
}
