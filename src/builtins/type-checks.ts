import type { BuiltinDef } from "./types.js";

/** The `type-checks` family. */
export const TYPE_CHECKS: readonly BuiltinDef[] = [];
