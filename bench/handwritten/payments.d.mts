// Types of the hand-written baseline (payments.mjs), for the TypeScript tests that import it.
import type { Decision } from "../../src/decision/contract.js";

/** The policy files the function stands for, as loaded from the repository's root. */
export const HANDWRITTEN_POLICY_FILES: readonly string[];
/** `policy_hash` of those files. */
export const HANDWRITTEN_POLICY_HASH: string;
/** Decide a valid input under policies/payments.snap and policies/idempotency.snap, by hand. */
export function decideHandwritten(input: unknown): Decision;
