import type { BuiltinDef } from "./types.js";

/** The `crypto` family. */
export const CRYPTO: readonly BuiltinDef[] = [];
