/**
 * Bounded caches of compiled patterns. Policies mostly use constant
 * patterns, so each compiles once; patterns built from input cannot grow a
 * cache without bound. When full, the oldest entry goes: a hit costs one
 * map lookup and nothing else.
 */
import { RE2JS } from "re2js";

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
