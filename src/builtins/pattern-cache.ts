/**
 * Bounded caches of compiled patterns. Policies mostly use constant
 * patterns, so each compiles once; patterns built from input cannot grow a
 * cache without bound. When full, the oldest entry goes: a hit costs one
 * map lookup and nothing else.
 */
import { RE2JS } from "re2js";
import { planForV8 } from "./re2-on-v8.js";

/** A map that keeps at most `limit` entries, dropping the oldest. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  set(key: string, value: V): void {
    // Map iterates in insertion order: the first key is the oldest.
    if (this.map.size >= this.limit && !this.map.has(key)) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }

  get size(): number {
    return this.map.size;
  }
}

/** How many compiled regular expressions are kept. */
export const REGEX_CACHE_LIMIT = 1000;

const regexes = new BoundedCache<RE2JS | Error>(REGEX_CACHE_LIMIT);

/**
 * Compile an RE2 pattern (Go syntax), or return the syntax error (message as
 * Go words it: ``error parsing regexp: missing closing ): `a(` ``).
 */
export function compileRegex(pattern: string): RE2JS | Error {
  let re = regexes.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch (e) {
      re = new Error(e instanceof Error ? e.message : String(e));
    }
    regexes.set(pattern, re);
  }
  return re;
}

/** Whether an RE2 pattern matches a string. */
export interface RegexTester {
  test(s: string): boolean;
}

const testers = new BoundedCache<RegexTester | Error>(REGEX_CACHE_LIMIT);

// `ſ` and `K`: word characters for V8's `\b` under `(?i)`, not for Go's (see `V8Plan.foldedWordBoundary`).
const FOLDED_WORD_CHARS = /[\u017F\u212A]/;

/**
 * Compile an RE2 pattern for `test` only (cached), or return its syntax
 * error. Where `re2-on-v8.ts` finds a V8 RegExp with the same meaning and
 * bounded backtracking, strings within its length bound are tested by V8;
 * everything else by re2js.
 */
export function compileRegexTester(pattern: string): RegexTester | Error {
  let tester = testers.get(pattern);
  if (tester === undefined) {
    const re = compileRegex(pattern);
    tester = re instanceof Error ? re : testerFor(pattern, re);
    testers.set(pattern, tester);
  }
  return tester;
}

function testerFor(pattern: string, re: RE2JS): RegexTester {
  const plan = planForV8(pattern);
  if (plan === undefined) return re;
  const { regexp, maxLength, foldedWordBoundary } = plan;
  return {
    test(s: string): boolean {
      // A lone surrogate is a code point to V8's `u` mode; re2js, the reference, decides those.
      if (s.length > maxLength || !(s as WellFormedString).isWellFormed() || (foldedWordBoundary && FOLDED_WORD_CHARS.test(s))) return re.test(s);
      return regexp.test(s);
    },
  };
}

// ES2024's `String.prototype.isWellFormed` (Node 20 has it; the ES2023 lib does not declare it).
type WellFormedString = string & { isWellFormed(): boolean };
