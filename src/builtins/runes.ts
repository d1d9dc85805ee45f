/**
 * Strings as Go sees them: sequences of Unicode code points ("runes"), not
 * of UTF-16 code units. Built-ins count, index and slice in runes, so
 * `count("héllo") == 5` and an emoji is one character. The ASCII fast paths
 * matter: most policy strings are ASCII, where units and runes coincide.
 */

/** True when every UTF-16 unit of `s` is below U+0080 (units and runes coincide). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** True when `s` has no surrogate pairs (each UTF-16 unit is one rune). */
export function isBmpOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** Number of runes in `s`. */
export function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single rune.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The rune index of UTF-16 offset `unit` in `s` (the number of runes before it). */
export function runeIndexOf(s: string, unit: number): number {
  if (isBmpOnly(s)) return unit;
  return runeCount(s.slice(0, unit));
}
