import type { BuiltinDef } from "./types.js";

/** The `numbers` family. */
export const NUMBERS: readonly BuiltinDef[] = [];
