import type { BuiltinDef } from "./types.js";

/** The `uuid` family. */
export const UUID: readonly BuiltinDef[] = [];
