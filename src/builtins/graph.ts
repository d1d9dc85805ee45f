import type { BuiltinDef } from "./types.js";

/** The `graph` family. */
export const GRAPH: readonly BuiltinDef[] = [];
