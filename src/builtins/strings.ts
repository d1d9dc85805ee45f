import type { BuiltinDef } from "./types.js";

/** The `strings` family. */
export const STRINGS: readonly BuiltinDef[] = [];
