import type { BuiltinDef } from "./types.js";

/** The `arrays` family. */
export const ARRAYS: readonly BuiltinDef[] = [];
