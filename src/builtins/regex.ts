import type { BuiltinDef } from "./types.js";

/** The `regex` family. */
export const REGEX: readonly BuiltinDef[] = [];
