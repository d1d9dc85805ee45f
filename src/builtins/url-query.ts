/**
 * URL query components as Go's `net/url` encodes and decodes them (OPA's
 * `urlquery.*` use it): `QueryEscape` keeps only `A–Z a–z 0–9 - _ . ~`,
 * writes a space as `+` and every other byte as `%XX`; `QueryUnescape`
 * reverses it; `ParseQuery` splits `a=1&b=2` and rejects `;`.
 */
import { fromUtf8, utf8 } from "./go-base64.js";

/** Thrown for a malformed query; the message is Go's. */
export class QueryError extends Error {}

const HEX = "0123456789ABCDEF";

/** Go's `url.QueryEscape`. */
export function queryEscape(s: string): string {
  let out = "";
  for (const b of utf8(s)) {
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) {
      out += "+";
    } else {
      out += "%" + HEX[b >> 4] + HEX[b & 15];
    }
  }
  return out;
}

/** Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte. Throws `QueryError`. */
export function queryUnescape(s: string): string {
  if (!s.includes("%") && !s.includes("+")) return s;
  const src = utf8(s);
  const out: number[] = [];
  for (let i = 0; i < src.length; ) {
    const c = src[i]!;
    if (c === 0x25) {
      if (i + 2 >= src.length || !isHex(src[i + 1]!) || !isHex(src[i + 2]!)) {
        throw new QueryError(`invalid URL escape ${JSON.stringify(fromUtf8(src.slice(i, i + 3)))}`);
      }
      out.push(parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16));
      i += 3;
    } else {
      out.push(c === 0x2b ? 0x20 : c);
      i++;
    }
  }
  return fromUtf8(Uint8Array.from(out));
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/**
 * Go's `url.ParseQuery`: each key's values in order. Throws `QueryError`:
 * the first bad escape, unless a `;` separator was seen, whose error Go
 * records over any other.
 */
export function parseQuery(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let error: QueryError | undefined;
  for (const part of query === "" ? [] : query.split("&")) {
    if (part.includes(";")) {
      error = new QueryError("invalid semicolon separator in query");
      continue;
    }
    if (part === "") continue;
    const eq = part.indexOf("=");
    const [rawKey, rawValue] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    try {
      const key = queryUnescape(rawKey);
      const value = queryUnescape(rawValue);
      const values = out.get(key);
      if (values) values.push(value);
      else out.set(key, [value]);
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      error ??= e;
    }
  }
  if (error) throw error;
  return out;
}
