import type { BuiltinDef } from "./types.js";

/** The `net` family. */
export const NET: readonly BuiltinDef[] = [];
