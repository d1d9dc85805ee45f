import type { BuiltinDef } from "./types.js";

/** The `bits` family. */
export const BITS: readonly BuiltinDef[] = [];
