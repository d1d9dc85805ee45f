/**
 * The `crypto` family: digests and HMACs of strings (hex output, as OPA),
 * a constant-time MAC comparison, and the JSON Web Token built-ins of
 * `jwt.ts`.
 *
 * Not here: the certificate and key parsing built-ins (`crypto.x509.parse_*`,
 * `crypto.parse_private_keys`) are in `x509.ts`; certificate chain
 * verification reads the clock (see `impure.ts`).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { utf8 } from "./go-base64.js";
import { JWT } from "./jwt.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

function digest(algorithm: "md5" | "sha1" | "sha256", label: string): BuiltinDef {
  return defineBuiltin({
    name: `crypto.${algorithm}`,
    family: "crypto",
    description: `The ${label} digest of the UTF-8 bytes of \`x\`, as lower-case hex.`,
    args: [{ name: "x", type: "string" }],
    result: "string",
    deterministic: true,
    impl: ([x]) => createHash(algorithm).update(utf8(x as string)).digest("hex"),
  });
}

export const cryptoMd5 = digest("md5", "MD5");
export const cryptoSha1 = digest("sha1", "SHA-1");
export const cryptoSha256 = digest("sha256", "SHA-256");

function hmac(algorithm: "md5" | "sha1" | "sha256" | "sha512", label: string): BuiltinDef {
  return defineBuiltin({
    name: `crypto.hmac.${algorithm}`,
    family: "crypto",
    description: `The HMAC-${label} of \`x\` with \`key\` (both as UTF-8 bytes), as lower-case hex.`,
    args: [
      { name: "x", type: "string" },
      { name: "key", type: "string" },
    ],
    result: "string",
    deterministic: true,
    impl: ([x, key]) => createHmac(algorithm, utf8(key as string)).update(utf8(x as string)).digest("hex"),
  });
}

export const cryptoHmacMd5 = hmac("md5", "MD5");
export const cryptoHmacSha1 = hmac("sha1", "SHA-1");
export const cryptoHmacSha256 = hmac("sha256", "SHA-256");
export const cryptoHmacSha512 = hmac("sha512", "SHA-512");

export const cryptoHmacEqual = defineBuiltin({
  name: "crypto.hmac.equal",
  family: "crypto",
  description: "True when two MACs are equal, compared in constant time (so the comparison leaks no timing).",
  args: [
    { name: "mac1", type: "string" },
    { name: "mac2", type: "string" },
  ],
  result: "boolean",
  deterministic: true,
  impl: ([mac1, mac2]) => {
    const a = utf8(mac1 as string);
    const b = utf8(mac2 as string);
    return a.length === b.length && timingSafeEqual(a, b);
  },
});

/** The `crypto` family. */
export const CRYPTO: readonly BuiltinDef[] = [
  cryptoHmacEqual,
  cryptoHmacMd5,
  cryptoHmacSha1,
  cryptoHmacSha256,
  cryptoHmacSha512,
  cryptoMd5,
  cryptoSha1,
  cryptoSha256,
  ...JWT,
];
