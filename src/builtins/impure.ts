import type { BuiltinDef } from "./types.js";

/** The `impure` family. */
export const IMPURE: readonly BuiltinDef[] = [];
