/**
 * `regex.globs_match`: whether two restricted regular expressions have a
 * non-empty string in common, as OPA's yashtewari/glob-intersection decides.
 * Only `.` (any character), `[…]` (characters and `a-z` ranges), the
 * quantifiers `*` and `+`, and `\` (escape) are special; every other
 * character stands for itself, and each pattern must match whole strings.
 *
 * Each pattern becomes a small automaton (one state per token); a
 * breadth-first search of the product of the two automata finds a common
 * non-empty string, in time proportional to the product of their sizes.
 */

/** A set of code points as sorted, inclusive ranges. */
type CharSet = readonly (readonly [number, number])[];

interface Token {
  readonly chars: CharSet;
  /** `*`: zero or more (a `+` is expanded to one token and a starred copy). */
  readonly star: boolean;
}

const ANY: CharSet = [[0, 0x10ffff]];

/** The largest product automaton searched (about 8 MB of state flags). */
const MAX_PRODUCT_STATES = 4_000_000;

/** A pattern error, naming the argument (0 or 1) at fault. */
export class GlobSyntaxError extends Error {
  constructor(
    message: string,
    readonly argIndex: number,
  ) {
    super(message);
  }
}

function tokenize(glob: string, argIndex: number): Token[] {
  const cps = Array.from(glob, (c) => c.codePointAt(0)!);
  const tokens: { chars: CharSet; star: boolean; plus: boolean }[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === 0x2a /* * */ || c === 0x2b /* + */) {
      const last = tokens[tokens.length - 1];
      if (!last) throw new GlobSyntaxError(`quantifier ${String.fromCodePoint(c)} without a preceding character in ${JSON.stringify(glob)}`, argIndex);
      if (c === 0x2a) last.star = true;
      else last.plus = true;
      continue;
    }
    if (c === 0x2e /* . */) {
      tokens.push({ chars: ANY, star: false, plus: false });
    } else if (c === 0x5b /* [ */) {
      const ranges: [number, number][] = [];
      let j = i + 1;
      for (; j < cps.length && cps[j] !== 0x5d; j++) {
        let lo = cps[j]!;
        if (lo === 0x5c) {
          if (++j >= cps.length) break;
          lo = cps[j]!;
        }
        let hi = lo;
        if (cps[j + 1] === 0x2d /* - */ && j + 2 < cps.length && cps[j + 2] !== 0x5d) {
          j += 2;
          hi = cps[j] === 0x5c && j + 1 < cps.length ? cps[++j]! : cps[j]!;
          if (hi < lo) throw new GlobSyntaxError(`invalid range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)} in ${JSON.stringify(glob)}`, argIndex);
        }
        ranges.push([lo, hi]);
      }
      if (j >= cps.length) throw new GlobSyntaxError(`unclosed [ in ${JSON.stringify(glob)}`, argIndex);
      if (ranges.length === 0) throw new GlobSyntaxError(`empty [] in ${JSON.stringify(glob)}`, argIndex);
      tokens.push({ chars: normalize(ranges), star: false, plus: false });
      i = j;
    } else if (c === 0x5c /* \ */) {
      if (i + 1 >= cps.length) throw new GlobSyntaxError(`trailing \\ in ${JSON.stringify(glob)}`, argIndex);
      const e = cps[++i]!;
      tokens.push({ chars: [[e, e]], star: false, plus: false });
    } else {
      tokens.push({ chars: [[c, c]], star: false, plus: false });
    }
  }
  const out: Token[] = [];
  for (const t of tokens) {
    if (t.star) out.push({ chars: t.chars, star: true });
    else if (t.plus) out.push({ chars: t.chars, star: false }, { chars: t.chars, star: true });
    else out.push({ chars: t.chars, star: false });
  }
  return out;
}

function normalize(ranges: [number, number][]): CharSet {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    if (alo <= bhi && blo <= ahi) return true;
    if (ahi < bhi) i++;
    else j++;
  }
  return false;
}

/** Whether some non-empty string matches both patterns; a `GlobSyntaxError` for a malformed one. */
export function globsMatch(glob1: string, glob2: string): boolean | GlobSyntaxError {
  let a: Token[];
  let b: Token[];
  try {
    a = tokenize(glob1, 0);
    b = tokenize(glob2, 1);
  } catch (e) {
    if (e instanceof GlobSyntaxError) return e;
    throw e;
  }
  // State: (position in a, position in b, whether a character was consumed).
  const width = b.length + 1;
  if ((a.length + 1) * width > MAX_PRODUCT_STATES) return new GlobSyntaxError("patterns are too long to intersect", 0);
  const seen = new Uint8Array((a.length + 1) * width * 2);
  const queue: number[] = [];
  const push = (i: number, j: number, consumed: number): void => {
    const k = (i * width + j) * 2 + consumed;
    if (!seen[k]) {
      seen[k] = 1;
      queue.push(k);
    }
  };
  push(0, 0, 0);
  while (queue.length > 0) {
    const k = queue.pop()!;
    const consumed = k & 1;
    const pair = Math.floor(k / 2);
    const i = Math.floor(pair / width);
    const j = pair % width;
    if (i === a.length && j === b.length && consumed) return true;
    const ta = a[i];
    const tb = b[j];
    // A starred token may be skipped.
    if (ta?.star) push(i + 1, j, consumed);
    if (tb?.star) push(i, j + 1, consumed);
    if (ta && tb && overlaps(ta.chars, tb.chars)) push(ta.star ? i : i + 1, tb.star ? j : j + 1, 1);
  }
  return false;
}
