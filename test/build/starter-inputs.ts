/**
 * Generated inputs for every governed package of the starter library
 * (`policies/`): for each, proposals of the tools it governs, with the
 * contexts and histories its rules read, so that its deny, escalate, allow
 * and obligation rules are each reached (the tests count what was reached).
 */
import fc from "fast-check";
import { z } from "zod";
import type { HistoryEntry, Proposal } from "../../src/decision/schemas.js";
import { inputArb, proposalArb, timestampArb } from "../../src/testing/index.js";
import type { Json } from "../../src/value/json.js";

const NOW = () => timestampArb("2026-11-02T09:00:00Z", "2026-11-02T11:00:00Z");
const ids = ["p-1", "p-2"];

/** `context.approvals` that sometimes approve the proposal (ids are `p-N`, so `p-1`/`p-2` match some). */
const approvals = fc.array(
  fc.oneof(
    fc.record({ proposal_id: fc.constantFrom(...ids), by: fc.constantFrom("dana@acme.example", "billing-bot", "ops-bot", "") }),
    fc.record({ proposal_id: fc.constantFrom(...ids), by: fc.constantFrom(7, null) }),
  ),
  { maxLength: 2 },
);

const context = (extra: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc.record({ now: NOW(), env: fc.constantFrom("production", "staging"), approvals, ...extra }, { requiredKeys: ["env"] });

/** Proposal ids drawn from a small set, so that approvals match them. */
const withSmallIds = <T extends { id: string }>(arb: fc.Arbitrary<T>) => fc.tuple(arb, fc.constantFrom(...ids, "p-3")).map(([p, id]) => ({ ...p, id }));

/** History entries: earlier proposals of the session with their effects and results. */
const history = (proposal: fc.Arbitrary<Proposal>, result: fc.Arbitrary<Json> = fc.constant({ status: "ok" })): fc.Arbitrary<HistoryEntry[]> =>
  fc.array(fc.record({ proposal, effect: fc.constantFrom("allow" as const, "allow" as const, "escalate" as const, "deny" as const), result }, { requiredKeys: ["proposal", "effect"] }), { maxLength: 5 });

const chargeArgs = z.object({
  amount: z.number().min(-5).max(1_600_000),
  currency: z.enum(["EUR", "USD", "GBP", "JPY", "CHF"]).optional(),
});

/** agent.payments, agent.idempotency and agent.budgets: charges and refunds, keys, earlier charges. */
const payments = inputArb({
  proposal: withSmallIds(
    proposalArb({ tool: ["payments.charge", "payments.refund"], agent: ["billing-bot", "support-bot"], args: chargeArgs, idempotencyKeys: ["k-1", "k-2", ""], session: "s-1" }),
  ),
  context: context(),
  history: history(
    proposalArb({ tool: ["payments.charge", "crm.lookup"], agent: "billing-bot", args: chargeArgs, idempotencyKeys: ["k-1", "k-3"], session: "s-1" }),
    fc.oneof(fc.record({ created: timestampArb("2026-11-02T08:30:00Z", "2026-11-02T11:00:00Z") }), fc.constant({ status: "ok" })),
  ),
});

const secretPaths = ["README.md", "/srv/app/.env", "config/.env.production", "~/.ssh/id_rsa", "certs/server.pem", "secrets/db.txt", "/home/a/.aws/credentials", "src/main.ts"];

/** agent.exfiltration: outbound calls after reading (or not) a secret. */
const exfiltration = inputArb({
  proposal: withSmallIds(
    proposalArb({
      tool: ["email.send", "slack.post", "http.request", "files.read"],
      agent: "research-bot",
      args: fc.record({ to: fc.constant("a@acme.example"), url: fc.constant("https://api.acme.example/x"), path: fc.constantFrom(...secretPaths) }),
    }),
  ),
  context: context(),
  history: history(
    proposalArb({ tool: ["files.read", "vault.read", "secrets.get", "http.request"], agent: "research-bot", args: fc.record({ path: fc.constantFrom(...secretPaths) }) }),
  ),
});

const statements = [
  "SELECT 1",
  "DELETE FROM customers",
  "delete from t where id = 1",
  "UPDATE a SET b = 1",
  "UPDATE a SET b = 1 WHERE c = 2; TRUNCATE x",
  "drop table users",
  "ALTER TABLE t DROP COLUMN c",
  "INSERT INTO t VALUES (1)",
  "  ;  ",
];

/** agent.freeze: SQL and releases, frozen or not, in production or not. */
const freeze = inputArb({
  proposal: withSmallIds(
    proposalArb({
      tool: ["sql.execute", "sql.query", "deploy.release", "deploy.rollback"],
      agent: "ops-bot",
      args: fc.record({ query: fc.constantFrom(...statements), sql: fc.constantFrom(...statements), service: fc.constant("api"), environment: fc.constantFrom("production", "staging") }, { requiredKeys: [] }),
    }),
  ),
  context: context({
    freeze: fc.oneof(fc.boolean(), fc.constant({ reason: "Q4" }), fc.record({ until: timestampArb("2026-11-02T08:00:00Z", "2026-11-02T12:00:00Z") })),
  }),
});

/** agent.irreversible: permanent tools (approved or not) and tools with compensations. */
const irreversible = inputArb({
  proposal: withSmallIds(
    proposalArb({
      tool: ["files.delete", "users.delete", "crm.delete", "payments.charge", "deploy.release", "tickets.create", "crm.update", "crm.lookup"],
      agent: ["ops-bot", "support-bot"],
      args: fc.record({ id: fc.constant("x-1") }),
    }),
  ),
  context: context(),
});

/** agent.outbound: emails (inside and outside our domains, in every field shape), HTTP hosts, Slack workspaces. */
const outbound = inputArb({
  proposal: withSmallIds(
    proposalArb({
      tool: ["email.send", "http.request", "slack.post"],
      agent: ["support-bot", "research-bot"],
      args: fc.record(
        {
          to: fc.oneof(fc.constantFrom("Bob@acme.example", "eve@evil.example", "x@eu.acme.example", "not-an-address", ""), fc.constant(["a@acme.example", "b@other.example"]), fc.constant(7)),
          cc: fc.constantFrom("c@acme.example", "d@partner.example"),
          bcc: fc.constant(["e@acme.example"]),
          url: fc.constantFrom("https://api.acme.example/v1", "http://status.acme.example:8080/x", "https://evil.example/?q=1", "ftp://api.acme.example", "https://user@api.acme.example/"),
          workspace: fc.constantFrom("acme", "partner"),
        },
        { requiredKeys: [] },
      ),
    }),
  ),
  context: context(),
});

/** agent.tools: agents with and without allow-lists, tools in and out of them. */
const tools = inputArb({
  proposal: withSmallIds(
    proposalArb({
      tool: ["payments.charge", "crm.lookup", "crm.lookup.deep", "tickets.close", "sql.query", "files.read", "deploy.release", "email.send", "admin.shutdown"],
      agent: ["billing-bot", "ops-bot", "support-bot", "research-bot", "intern-bot"],
    }),
  ),
  context: context(),
});

/** Generated inputs for each governed package of `policies/`, by package. */
export const STARTER_INPUTS: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  "agent.payments": payments,
  "agent.idempotency": payments,
  "agent.budgets": payments,
  "agent.exfiltration": exfiltration,
  "agent.freeze": freeze,
  "agent.irreversible": irreversible,
  "agent.outbound": outbound,
  "agent.tools": tools,
};
