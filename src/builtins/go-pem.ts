/**
 * PEM as Go's `encoding/pem` decodes it (OPA reads certificates and keys
 * through it): the first well-formed block anywhere in the input, skipping
 * text before it and malformed blocks; headers are read and dropped; the
 * body is base64 with spaces, tabs and line breaks ignored.
 */
import { Base64Error, decodeBase64 } from "./go-base64.js";

/** One PEM block. */
export interface PemBlock {
  readonly type: string;
  readonly bytes: Uint8Array;
}

const BEGIN = bytesOf("\n-----BEGIN ");
const END = bytesOf("\n-----END ");
const DASHES = bytesOf("-----");

function bytesOf(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** True when `data` starts with `prefix`. */
export function hasPrefix(data: Uint8Array, prefix: Uint8Array | string): boolean {
  const p = typeof prefix === "string" ? bytesOf(prefix) : prefix;
  if (data.length < p.length) return false;
  for (let i = 0; i < p.length; i++) if (data[i] !== p[i]) return false;
  return true;
}

function indexOf(data: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).indexOf(needle);
}

/** Go's `getLine`: the first line without its `\r\n`/`\n` and trailing spaces and tabs, and the rest. */
function getLine(data: Uint8Array): [Uint8Array, Uint8Array] {
  let i = data.indexOf(0x0a);
  let j: number;
  if (i < 0) {
    i = data.length;
    j = i;
  } else {
    j = i + 1;
    if (i > 0 && data[i - 1] === 0x0d) i--;
  }
  let end = i;
  while (end > 0 && (data[end - 1] === 0x20 || data[end - 1] === 0x09)) end--;
  return [data.subarray(0, end), data.subarray(j)];
}

/** The first PEM block of `data` and the bytes after it, or `undefined` when there is none (Go's `pem.Decode`). */
export function pemDecode(data: Uint8Array): { block: PemBlock; rest: Uint8Array } | undefined {
  let rest = data;
  for (;;) {
    if (hasPrefix(rest, BEGIN.subarray(1))) {
      rest = rest.subarray(BEGIN.length - 1);
    } else {
      const at = indexOf(rest, BEGIN);
      if (at < 0) return undefined;
      rest = rest.subarray(at + BEGIN.length);
    }
    let typeLine: Uint8Array;
    [typeLine, rest] = getLine(rest);
    if (!endsWith(typeLine, DASHES)) continue;
    typeLine = typeLine.subarray(0, typeLine.length - DASHES.length);

    let headers = 0;
    for (;;) {
      if (rest.length === 0) return undefined;
      const [line, next] = getLine(rest);
      if (line.indexOf(0x3a) < 0) break; // no colon: the headers are over
      headers++;
      rest = next;
    }

    let endIndex: number;
    let endTrailerIndex: number;
    // Without headers the END line may come at once, without a leading newline.
    if (headers === 0 && hasPrefix(rest, END.subarray(1))) {
      endIndex = 0;
      endTrailerIndex = END.length - 1;
    } else {
      endIndex = indexOf(rest, END);
      endTrailerIndex = endIndex + END.length;
    }
    if (endIndex < 0) continue;

    // After `-----END ` come the same type and five dashes, then only white space on the line.
    let endTrailer = rest.subarray(endTrailerIndex);
    const trailerLength = typeLine.length + DASHES.length;
    if (endTrailer.length < trailerLength) continue;
    const restOfEndLine = endTrailer.subarray(trailerLength);
    endTrailer = endTrailer.subarray(0, trailerLength);
    if (!hasPrefix(endTrailer, typeLine) || !endsWith(endTrailer, DASHES)) continue;
    if (getLine(restOfEndLine)[0].length !== 0) continue;

    const bytes = decodeBody(Buffer.from(rest.subarray(0, endIndex)).toString("latin1"));
    if (bytes === undefined) continue;
    const after = getLine(rest.subarray(endIndex + END.length - 1))[1];
    return { block: { type: Buffer.from(typeLine).toString("utf8"), bytes }, rest: after };
  }
}

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A PEM body's bytes (spaces, tabs and line breaks ignored), or `undefined` when Go's decoder rejects it. */
function decodeBody(text: string): Uint8Array | undefined {
  const compact = text.replace(/[ \t\r\n]/g, "");
  // Well-formed base64 decodes the same everywhere; Go's decoder is the reference for the rest.
  if (CANONICAL_BASE64.test(compact)) return new Uint8Array(Buffer.from(compact, "base64"));
  try {
    return decodeBase64(text.replace(/[ \t]/g, ""), "std");
  } catch (e) {
    if (e instanceof Base64Error) return undefined;
    throw e;
  }
}

function endsWith(data: Uint8Array, suffix: Uint8Array): boolean {
  return data.length >= suffix.length && hasPrefix(data.subarray(data.length - suffix.length), suffix);
}
