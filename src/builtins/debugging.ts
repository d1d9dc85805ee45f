import type { BuiltinDef } from "./types.js";

/** The `debugging` family. */
export const DEBUGGING: readonly BuiltinDef[] = [];
