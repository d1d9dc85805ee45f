import type { BuiltinDef } from "./types.js";

/** The `aggregates` family. */
export const AGGREGATES: readonly BuiltinDef[] = [];
