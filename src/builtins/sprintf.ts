import type { BuiltinDef } from "./types.js";

/** The `sprintf` family. */
export const SPRINTF: readonly BuiltinDef[] = [];
