/**
 * A hand-written `Policy` for the ledger tests: the ledger and the governor
 * only use `policyHash` and `decide`, so a small double keeps these tests
 * independent of the compiler. Its rules, by `version`:
 *
 * - `proposal.tool` of `shell.rm` → deny ("no deletions");
 * - `args.amount` over `limit` (500 in v1, 100 in v2) → escalate;
 * - a second `payments.charge` in the session's history that was allowed → escalate ("one charge per session");
 * - otherwise allow.
 */
import { createHash } from "node:crypto";
import type { Decision, Policy, Reason } from "../../src/decision/contract.js";

export interface DoublePolicy extends Policy {
  /** How many times `decide` ran. */
  readonly calls: () => number;
}

/** A policy double; `version` changes its `policyHash` and its limit. */
export function policyDouble(version: "v1" | "v2" = "v1"): DoublePolicy {
  const policyHash = `sha256:${createHash("sha256").update(`ledger-test-policy-${version}`).digest("hex")}`;
  const limit = version === "v1" ? 500 : 100;
  let calls = 0;
  return {
    policyHash,
    calls: () => calls,
    decide(input: unknown): Decision {
      calls++;
      const inp = (input ?? {}) as { proposal?: Record<string, unknown>; history?: { proposal: Record<string, unknown>; effect: string }[] };
      const p = inp.proposal ?? {};
      const args = (p["args"] ?? {}) as Record<string, unknown>;
      const reasons: Reason[] = [];
      let effect: Decision["effect"] = "allow";
      const reason = (e: "deny" | "escalate", msg: string): Reason => ({ effect: e, package: "test.double", msg, location: "double.snap:1" });
      if (p["tool"] === "shell.rm") {
        effect = "deny";
        reasons.push(reason("deny", "no deletions"));
      } else if (typeof args["amount"] === "number" && args["amount"] > limit) {
        effect = "escalate";
        reasons.push(reason("escalate", `amounts over ${limit} need a human`));
      } else if (p["tool"] === "payments.charge" && (inp.history ?? []).some((h) => h.proposal["tool"] === "payments.charge" && h.effect === "allow")) {
        effect = "escalate";
        reasons.push(reason("escalate", "one charge per session"));
      }
      return {
        proposal_id: typeof p["id"] === "string" ? p["id"] : null,
        effect,
        reasons,
        obligations: effect === "allow" && p["tool"] === "payments.charge" ? [{ type: "compensate", tool: "payments.refund" }] : [],
        policy_hash: policyHash,
        errors: [],
      };
    },
    query() {
      throw new Error("the ledger tests never query");
    },
  };
}

/** A proposal for the tests. */
export function proposal(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `p-${n}`, agent: "test-bot", tool: "files.read", args: { path: `/tmp/f${n}` }, ...extra };
}
