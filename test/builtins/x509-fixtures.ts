/**
 * The X.509 fixtures (`fixtures/x509/`, made by its `generate.sh`) and
 * readers of the OpenSSL text dumps beside them, from which the tests take
 * the expected key material and identifiers.
 */
import { readFileSync } from "node:fs";
import { objectGet, type ObjectValue, type Value } from "../../src/value/index.js";

const DIR = new URL("./fixtures/x509/", import.meta.url);

/** A fixture file's text. */
export function fixture(name: string): string {
  return readFileSync(new URL(name, DIR), "utf8");
}

/** The DER inside a PEM file with one block (its base64 body, by PEM's definition). */
export function pemBody(pem: string): Buffer {
  const lines = pem.trim().split("\n");
  return Buffer.from(lines.slice(1, -1).join(""), "base64");
}

/** The bytes printed as `aa:bb:…` hex on the lines after the dump line starting with `label`. */
export function dumpHex(dump: string, label: string): Buffer {
  const lines = dump.split("\n");
  const at = lines.findIndex((l) => l.trim().startsWith(label));
  if (at < 0) throw new Error(`no ${label} in the dump`);
  let hex = "";
  for (const line of lines.slice(at + 1)) {
    const t = line.trim();
    if (!/^([0-9a-fA-F]{2}:?)+$/.test(t)) break;
    hex += t.replaceAll(":", "");
  }
  return Buffer.from(hex, "hex");
}

/** An unsigned big-endian integer. */
export function bigOf(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt("0x" + bytes.toString("hex"));
}

/** An integer as snapspace holds numbers: `number` when safe, `bigint` beyond. */
export function num(n: bigint): number | bigint {
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

/** Base64url without padding of an integer's minimal bytes (JWK's encoding). */
export function b64urlOf(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = "0" + hex;
  return Buffer.from(hex, "hex").toString("base64url");
}

/** The value at a path of object keys and array indexes (undefined when missing). */
export function at(v: Value | undefined, ...path: (string | number)[]): Value | undefined {
  let cur = v;
  for (const step of path) {
    if (cur === undefined || cur === null || typeof cur !== "object") return undefined;
    if (typeof step === "number") cur = Array.isArray(cur) ? (cur as Value[])[step] : undefined;
    else cur = Array.isArray(cur) ? undefined : objectGet(cur as ObjectValue, step);
  }
  return cur;
}

/** The object keys of a value, sorted. */
export function keysOf(v: Value | undefined): string[] {
  return Object.keys(v as object).sort();
}
