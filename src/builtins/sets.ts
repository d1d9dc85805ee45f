import type { BuiltinDef } from "./types.js";

/** The `sets` family. */
export const SETS: readonly BuiltinDef[] = [];
