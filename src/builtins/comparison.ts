import type { BuiltinDef } from "./types.js";

/** The `comparison` family. */
export const COMPARISON: readonly BuiltinDef[] = [];
