import type { BuiltinDef } from "./types.js";

/** The `json-docs` family. */
export const JSON_DOCS: readonly BuiltinDef[] = [];
