// Inputs shared by the benchmarks that compare against the hand-written baseline (30-decide, 40-compiled),
// so that every figure of the same table is measured on the same documents.

/** Inputs for the payment and idempotency policies: charges and refunds across the bands, with and without approvals and histories. */
export function paymentInputs() {
  const inputs = [];
  const currencies = ["EUR", "USD", "GBP", "JPY"];
  for (let i = 0; i < 64; i++) {
    const tool = i % 4 === 3 ? "payments.refund" : "payments.charge";
    const currency = currencies[i % 4];
    const amount = [35, 120, 740, 4200, 12000, 80000][i % 6];
    const id = `p-${1000 + i}`;
    const proposal = { id, agent: "billing-bot", tool, args: { customer: `c-${i % 9}`, invoice: `inv-${2200 + (i % 5)}`, amount, currency }, idempotency_key: `inv-${2200 + (i % 5)}`, session: `s-${i % 3}` };
    const history = [];
    for (let h = 0; h < i % 4; h++) {
      history.push({ proposal: { ...proposal, id: `p-${900 + h}`, idempotency_key: `inv-${2201 + h}` }, effect: h % 2 ? "allow" : "escalate", result: { charge: `ch_${h}`, status: "succeeded" } });
    }
    const approvals = i % 5 === 0 ? [{ proposal_id: id, by: "dana@acme.example" }] : [];
    inputs.push({ proposal, context: { now: "2026-11-02T10:15:00Z", env: "production", approvals }, history });
  }
  return inputs;
}

/** A realistic input of about 2 KB: a charge with a conversation and five earlier proposals. */
export function twoKilobyteInput() {
  const p = (i) => ({ id: `p-${i}`, agent: "billing-bot", tool: "payments.charge", args: { customer: "c-9", invoice: `inv-22${i}`, amount: 120 + i, currency: "EUR" }, idempotency_key: `inv-22${i}`, session: "s-17" });
  return JSON.parse(
    JSON.stringify({
      proposal: p(9),
      context: { now: "2026-11-02T10:15:00Z", env: "production", approvals: [], messages: [{ role: "user", content: "Please settle my open invoices and send me the receipts when you are done, thanks." }] },
      history: [1, 2, 3, 4, 5].map((i) => ({ proposal: p(i), effect: "allow", result: { charge: `ch_8Kd${i}`, status: "succeeded", created: `2026-11-02T10:0${i}:00Z` } })),
    }),
  );
}
