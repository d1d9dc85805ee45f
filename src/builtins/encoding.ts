import type { BuiltinDef } from "./types.js";

/** The `encoding` family. */
export const ENCODING: readonly BuiltinDef[] = [];
