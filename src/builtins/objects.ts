import type { BuiltinDef } from "./types.js";

/** The `objects` family. */
export const OBJECTS: readonly BuiltinDef[] = [];
