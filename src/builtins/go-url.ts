/**
 * URLs as Go's `net/url` parses, resolves and prints them (`url.Parse`,
 * `URL.ResolveReference`, `URL.String`): for the URIs of a certificate's
 * subject alternative names, which OPA returns as Go's `url.URL` structs,
 * and for JSON Schema references and formats.
 */
import { fromUtf8 } from "./go-base64.js";

/** A URL Go's parser rejects; the message is Go's. */
class UrlError extends Error {}

/** Go's `url.URL`, field for field; `user` is null when there is no userinfo. */
export interface GoUrl {
  readonly scheme: string;
  readonly opaque: string;
  readonly user: { readonly username: string; readonly password: string | undefined } | null;
  readonly host: string;
  readonly path: string;
  readonly rawPath: string;
  readonly omitHost: boolean;
  readonly forceQuery: boolean;
  readonly rawQuery: string;
  readonly fragment: string;
  readonly rawFragment: string;
}

type Mode = "path" | "host" | "userPassword" | "fragment";

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** Go's `shouldEscape` for the modes URL parsing uses. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if (mode === "host" && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    switch (mode) {
      case "path":
        return ch === "?";
      case "userPassword":
        return ch === "@" || ch === "/" || ch === "?" || ch === ":";
      case "fragment":
        return false;
      case "host":
        return true;
    }
  }
  if (mode === "fragment" && "!()*".includes(ch)) return false;
  return true;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Go's `unescape`: decode `%XX` (strictly, and never an ASCII byte in a host). */
function unescape(s: string, mode: Mode): string {
  const src = Buffer.from(s, "utf8");
  const out: number[] = [];
  for (let i = 0; i < src.length; ) {
    const c = src[i]!;
    if (c === 0x25) {
      if (i + 2 >= src.length || !isHex(src[i + 1]!) || !isHex(src[i + 2]!)) {
        throw new UrlError(`invalid URL escape ${JSON.stringify(src.subarray(i, i + 3).toString("latin1"))}`);
      }
      const v = parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16);
      if (mode === "host" && v < 0x80 && src.subarray(i, i + 3).toString("latin1") !== "%25") {
        throw new UrlError(`invalid URL escape ${JSON.stringify(src.subarray(i, i + 3).toString("latin1"))}`);
      }
      out.push(v);
      i += 3;
      continue;
    }
    if (mode === "host" && c < 0x80 && shouldEscape(c, mode)) {
      throw new UrlError(`invalid character ${JSON.stringify(String.fromCharCode(c))} in host name`);
    }
    out.push(c);
    i++;
  }
  return fromUtf8(Uint8Array.from(out));
}

/** Go's `escape`: `%XX` (upper-case hex) for every byte the mode does not allow. */
function escape(s: string, mode: Mode): string {
  let out = "";
  for (const c of Buffer.from(s, "utf8")) {
    out += shouldEscape(c, mode) ? "%" + c.toString(16).toUpperCase().padStart(2, "0") : String.fromCharCode(c);
  }
  return out;
}

/** Go's `validEncoded`: may this text stand as the escaped form of a path or fragment? */
function validEncoded(s: string, mode: Mode): boolean {
  for (const c of Buffer.from(s, "utf8")) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(c))) continue;
    if (shouldEscape(c, mode)) return false;
  }
  return true;
}

/** Go's `getScheme`: a leading `[A-Za-z][A-Za-z0-9+-.]*:`, or none. */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new UrlError("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

/** Go's `parseHost`, without IPv6 zones. */
function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(":");
    if (i >= 0) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
    }
  }
  return unescape(host, "host");
}

function parseAuthority(authority: string): Pick<GoUrl, "user" | "host"> {
  const at = authority.lastIndexOf("@");
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { user: null, host };
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError("net/url: invalid userinfo");
  const colon = userinfo.indexOf(":");
  if (colon < 0) return { user: { username: unescape(userinfo, "userPassword"), password: undefined }, host };
  return {
    user: { username: unescape(userinfo.slice(0, colon), "userPassword"), password: unescape(userinfo.slice(colon + 1), "userPassword") },
    host,
  };
}

/** Parse a URL as Go's `url.Parse` does, or Go's error message (`parse "…": …`). */
export function parseGoUrl(raw: string): GoUrl | string {
  try {
    return parseOrThrow(raw);
  } catch (e) {
    if (e instanceof UrlError) return e.message;
    throw e;
  }
}

function parseOrThrow(raw: string): GoUrl {
  const hash = raw.indexOf("#");
  const u = hash < 0 ? raw : raw.slice(0, hash);
  let url: GoUrl;
  try {
    url = parseWithoutFragment(u);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${JSON.stringify(u)}: ${e.message}`);
    throw e;
  }
  if (hash < 0) return url;
  const frag = raw.slice(hash + 1);
  let fragment: string;
  try {
    fragment = unescape(frag, "fragment");
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${JSON.stringify(raw)}: ${e.message}`);
    throw e;
  }
  return { ...url, fragment, rawFragment: escape(fragment, "fragment") === frag ? "" : frag };
}

function parseWithoutFragment(raw: string): GoUrl {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError("net/url: invalid control character in URL");
  const base = { opaque: "", user: null, host: "", path: "", rawPath: "", omitHost: false, forceQuery: false, rawQuery: "", fragment: "", rawFragment: "" };
  if (raw === "*") return { ...base, scheme: "", path: "*" };
  const [schemeText, afterScheme] = splitScheme(raw);
  const scheme = schemeText.toLowerCase();
  let rest = afterScheme;
  let forceQuery = false;
  let rawQuery = "";
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) {
    forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) [rest, rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith("/")) {
    if (scheme !== "") return { ...base, scheme, forceQuery, rawQuery, opaque: rest };
    const slash = rest.indexOf("/");
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(":")) throw new UrlError("first path segment in URL cannot contain colon");
  }
  let user: GoUrl["user"] = null;
  let host = "";
  let omitHost = false;
  if ((scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    ({ user, host } = parseAuthority(authority));
  } else if (scheme !== "" && rest.startsWith("/")) {
    omitHost = true;
  }
  return { ...base, scheme, user, host, ...withPath(rest), omitHost, forceQuery, rawQuery };
}

/** Go's `URL.setPath`: the path unescaped, keeping the escaped form only when it is not the default one. */
function withPath(escaped: string): Pick<GoUrl, "path" | "rawPath"> {
  const path = unescape(escaped, "path");
  return { path, rawPath: escape(path, "path") === escaped ? "" : escaped };
}

/** `ref` resolved against `base` (Go's `URL.ResolveReference`, RFC 3986 §5.2). */
export function resolveGoUrl(base: GoUrl, ref: GoUrl): GoUrl {
  const scheme = ref.scheme === "" ? base.scheme : ref.scheme;
  if (ref.scheme !== "" || ref.host !== "" || ref.user !== null) return { ...ref, scheme, ...withPath(resolvePath(escapedPath(ref), "")) };
  if (ref.opaque !== "") return { ...ref, scheme, user: null, host: "", path: "" };
  let url: GoUrl = { ...ref, scheme };
  if (ref.path === "" && !ref.forceQuery && ref.rawQuery === "") {
    url = { ...url, rawQuery: base.rawQuery };
    if (ref.fragment === "") url = { ...url, fragment: base.fragment, rawFragment: base.rawFragment };
  }
  if (ref.path === "" && base.opaque !== "") return { ...url, opaque: base.opaque, user: null, host: "", path: "" };
  return { ...url, host: base.host, user: base.user, ...withPath(resolvePath(escapedPath(base), escapedPath(ref))) };
}

/** Go's `resolvePath`: merge a reference path into a base path and remove dot segments. */
function resolvePath(base: string, ref: string): string {
  const full = ref === "" ? base : ref[0] !== "/" ? base.slice(0, base.lastIndexOf("/") + 1) + ref : ref;
  if (full === "") return "";
  let dst = "/";
  let first = true;
  const elems = full.split("/");
  for (const elem of elems) {
    if (elem === ".") {
      first = false;
      continue;
    }
    if (elem === "..") {
      const str = dst.slice(1);
      const index = str.lastIndexOf("/");
      dst = "/";
      if (index === -1) first = true;
      else dst += str.slice(0, index);
    } else {
      if (!first) dst += "/";
      dst += elem;
      first = false;
    }
  }
  const last = elems[elems.length - 1];
  if (last === "." || last === "..") dst += "/";
  return dst.length > 1 && dst[1] === "/" ? dst.slice(1) : dst;
}

/** Go's `URL.EscapedPath`. */
function escapedPath(u: GoUrl): string {
  if (u.rawPath !== "" && validEncoded(u.rawPath, "path")) {
    try {
      if (unescape(u.rawPath, "path") === u.path) return u.rawPath;
    } catch {
      // fall through to the default encoding, as Go does
    }
  }
  if (u.path === "*") return "*";
  return escape(u.path, "path");
}

/** Go's `URL.EscapedFragment`. */
function escapedFragment(u: GoUrl): string {
  if (u.rawFragment !== "" && validEncoded(u.rawFragment, "fragment")) {
    try {
      if (unescape(u.rawFragment, "fragment") === u.fragment) return u.rawFragment;
    } catch {
      // fall through to the default encoding, as Go does
    }
  }
  return escape(u.fragment, "fragment");
}

/** The URL as text (Go's `URL.String`). */
export function goUrlString(u: GoUrl): string {
  let out = "";
  if (u.scheme !== "") out += u.scheme + ":";
  if (u.opaque !== "") {
    out += u.opaque;
  } else {
    if (u.scheme !== "" || u.host !== "" || u.user !== null) {
      if (!(u.omitHost && u.host === "" && u.user === null)) {
        if (u.host !== "" || u.path !== "" || u.user !== null) out += "//";
        if (u.user !== null) {
          out += escape(u.user.username, "userPassword");
          if (u.user.password !== undefined) out += ":" + escape(u.user.password, "userPassword");
          out += "@";
        }
        if (u.host !== "") out += escape(u.host, "host");
      }
    }
    const path = escapedPath(u);
    if (path !== "" && path[0] !== "/" && u.host !== "") out += "/";
    if (out === "") {
      // A relative path whose first segment has a colon would read as a scheme.
      const slash = path.indexOf("/");
      if ((slash < 0 ? path : path.slice(0, slash)).includes(":")) out += "./";
    }
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== "") out += "?" + u.rawQuery;
  if (u.fragment !== "") out += "#" + escapedFragment(u);
  return out;
}
