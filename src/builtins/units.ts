import type { BuiltinDef } from "./types.js";

/** The `units` family. */
export const UNITS: readonly BuiltinDef[] = [];
