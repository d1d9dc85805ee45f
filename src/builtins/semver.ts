import type { BuiltinDef } from "./types.js";

/** The `semver` family. */
export const SEMVER: readonly BuiltinDef[] = [];
