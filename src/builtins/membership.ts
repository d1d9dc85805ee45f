import type { BuiltinDef } from "./types.js";

/** The `membership` family. */
export const MEMBERSHIP: readonly BuiltinDef[] = [];
