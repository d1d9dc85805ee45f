import type { BuiltinDef } from "./types.js";

/** The `time` family. */
export const TIME: readonly BuiltinDef[] = [];
