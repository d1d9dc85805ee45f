import type { BuiltinDef } from "./types.js";

/** The `glob` family. */
export const GLOB: readonly BuiltinDef[] = [];
