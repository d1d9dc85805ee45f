// Types of the shared benchmark inputs (inputs.mjs), for the TypeScript tests that import them.

/** Inputs for the payment and idempotency policies: charges and refunds across the bands, with and without approvals and histories. */
export function paymentInputs(): Record<string, unknown>[];
/** A realistic input of about 2 KB: a charge with a conversation and five earlier proposals. */
export function twoKilobyteInput(): Record<string, unknown>;
