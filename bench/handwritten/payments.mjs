// The hand-written baseline of the benchmarks (DESIGN.md §8): the starter library's payment limits
// (policies/payments.snap, with lib/approvals.snap) and duplicate-execution guard
// (policies/idempotency.snap), coded by hand the way a careful engineer would write them in
// JavaScript, producing the same decision as `decide` with those three files loaded
// (`HANDWRITTEN_POLICY_FILES`, from the repository's root): effect, reasons (msg, package,
// location, details, in canonical order), obligations (none) and policy_hash.
// test/decision/handwritten-baseline.test.ts checks it on every fixture record and on generated inputs.
//
// Like `decide(input, { hashes: false })`, it returns no input_hash. Unlike `decide`, it does not
// validate the input against the contract: it expects a valid input (what `validateInput` accepts)
// and reads only what the two policies read, checking the type of each value it uses.

/** The policy files this function stands for, as loaded from the repository's root. */
export const HANDWRITTEN_POLICY_FILES = ["policies/payments.snap", "policies/idempotency.snap", "policies/lib/approvals.snap"];

/** `policy_hash` of those three files (a test checks it against `loadPolicies`: a change of the policies must change this file too). */
export const HANDWRITTEN_POLICY_HASH = "sha256:b3a1c24afaa8bc9746ec7e8d5fced26e90f094a9e36c0cf8ba30170f5afc658b";

const PAYMENTS = "agent.payments";
const IDEMPOTENCY = "agent.idempotency";

// Reason locations: the `file:line` of each rule definition.
const AT = {
  duplicate: "policies/idempotency.snap:19",
  keyMissing: "policies/idempotency.snap:30",
  noAmount: "policies/payments.snap:42",
  noCurrency: "policies/payments.snap:47",
  unsupported: "policies/payments.snap:52",
  overHard: "policies/payments.snap:61",
  chargeNeedsHuman: "policies/payments.snap:73",
  refundNeedsHuman: "policies/payments.snap:102",
};

/** Automatic and hard limits per currency, in the currency's major unit. */
const LIMITS = new Map([
  ["EUR", { auto: 500, hard: 10000 }],
  ["USD", { auto: 500, hard: 10000 }],
  ["GBP", { auto: 400, hard: 8000 }],
  ["JPY", { auto: 75000, hard: 1500000 }],
]);

const CHARGE = "payments.charge";
const REFUND = "payments.refund";

const NO_POLICY_ALLOWS = Object.freeze({ effect: "deny", package: "snapspace", msg: "no policy allows this proposal", location: "<default>" });

const hasOwn = Object.hasOwn;

/**
 * Decide a proposal under the payment and idempotency policies.
 * @param {{proposal: Record<string, unknown>, context?: Record<string, unknown>, history?: readonly Record<string, unknown>[]}} input
 */
export function decideHandwritten(input) {
  const proposal = input.proposal;
  const tool = proposal.tool;
  const moneyTool = tool === CHARGE || tool === REFUND;

  // Reasons are built in their canonical order: deny before escalate, agent.idempotency before
  // agent.payments, and within a package by msg (each rule's msg sorts in a fixed place).
  const reasons = [];
  idempotencyReasons(input, proposal, tool, moneyTool, reasons);

  let escalation;
  let allowed = false;
  if (moneyTool && hasOwn(proposal, "args")) {
    const args = proposal.args;
    const amount = hasOwn(args, "amount") ? args.amount : undefined;
    const hasCurrency = hasOwn(args, "currency");
    const currency = hasCurrency ? args.currency : undefined;
    const limit = typeof currency === "string" ? LIMITS.get(currency) : undefined;
    const validAmount = (typeof amount === "number" || typeof amount === "bigint") && amount > 0;
    // In Rego, `not currency` holds when it is undefined or false.
    const namesCurrency = hasCurrency && currency !== false;

    if (!namesCurrency) reasons.push({ effect: "deny", package: PAYMENTS, msg: "a payment must name its currency", location: AT.noCurrency });
    if (!validAmount) reasons.push({ effect: "deny", package: PAYMENTS, msg: "a payment needs a positive amount", location: AT.noAmount });
    if (namesCurrency && limit === undefined) {
      reasons.push({ effect: "deny", package: PAYMENTS, msg: `payments in ${goValue(currency)} are not supported`, location: AT.unsupported, details: { currency } });
    }

    if (validAmount && limit !== undefined) {
      const granted = isApproved(input, proposal);
      if (tool === CHARGE) {
        if (amount > limit.hard) {
          reasons.push({
            effect: "deny",
            package: PAYMENTS,
            msg: `a charge of ${goNumber(amount)} ${currency} is over the hard limit of ${limit.hard} ${currency}`,
            location: AT.overHard,
            details: { amount, currency, limit: limit.hard },
          });
        } else if (amount > limit.auto && !granted) {
          escalation = {
            effect: "escalate",
            package: PAYMENTS,
            msg: `charges over ${limit.auto} ${currency} need a human to approve them`,
            location: AT.chargeNeedsHuman,
            details: { amount, currency, limit: limit.auto },
          };
        }
        allowed = amount <= limit.auto || (amount <= limit.hard && granted);
      } else {
        if (amount > limit.auto && !granted) {
          escalation = {
            effect: "escalate",
            package: PAYMENTS,
            msg: `refunds over ${limit.auto} ${currency} need a human to approve them`,
            location: AT.refundNeedsHuman,
            details: { amount, currency },
          };
        }
        allowed = true;
      }
    }
  }

  let effect;
  if (reasons.length > 0) effect = "deny";
  else if (escalation !== undefined) effect = "escalate";
  else if (allowed) effect = "allow";
  else {
    effect = "deny";
    reasons.push(NO_POLICY_ALLOWS);
  }
  if (escalation !== undefined) reasons.push(escalation);
  return { proposal_id: proposal.id, effect, reasons, obligations: [], policy_hash: HANDWRITTEN_POLICY_HASH, errors: [] };
}

/** agent.idempotency's denials, in canonical order: a missing key (msg starts with the tool's name), then repeats ("this action…"). */
function idempotencyReasons(input, proposal, tool, moneyTool, reasons) {
  const hasKey = hasOwn(proposal, "idempotency_key");
  const key = hasKey ? proposal.idempotency_key : undefined;
  if (moneyTool && !(typeof key === "string" && key !== "")) {
    reasons.push({ effect: "deny", package: IDEMPOTENCY, msg: `${tool} needs an idempotency key, so that a retry cannot run it twice`, location: AT.keyMissing });
  }
  if (!hasKey || !hasOwn(input, "history")) return;
  let earlierIds;
  for (const earlier of input.history) {
    if (earlier.effect !== "allow") continue;
    const p = earlier.proposal;
    if (hasOwn(p, "idempotency_key") && p.idempotency_key === key) (earlierIds ??= []).push(p.id);
  }
  if (earlierIds === undefined) return;
  // One reason per distinct earlier proposal, ordered as their canonical JSON orders them.
  if (earlierIds.length > 1) earlierIds = [...new Set(earlierIds)].sort((a, b) => compareCodePoints(JSON.stringify(a), JSON.stringify(b)));
  for (const id of earlierIds) {
    reasons.push({
      effect: "deny",
      package: IDEMPOTENCY,
      msg: "this action already ran: an earlier proposal with the same idempotency key was allowed",
      location: AT.duplicate,
      details: { earlier_proposal: id, idempotency_key: key },
    });
  }
}

/** lib.approvals: a person other than the agent approved this very proposal. */
function isApproved(input, proposal) {
  if (!hasOwn(input, "context")) return false;
  const context = input.context;
  if (!hasOwn(context, "approvals")) return false;
  for (const approval of context.approvals) {
    if (typeof approval !== "object" || approval === null || Array.isArray(approval)) continue;
    if (!hasOwn(approval, "proposal_id") || approval.proposal_id !== proposal.id) continue;
    const by = hasOwn(approval, "by") ? approval.by : undefined;
    if (typeof by === "string" && by !== "" && by !== proposal.agent) return true;
  }
  return false;
}

/** A number as OPA's `sprintf("%v")` prints it: Go's fmt prints an integer's digits and a float's shortest `%g`. */
function goNumber(x) {
  if (typeof x === "bigint") return x.toString();
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
  const [mantissa, e] = x.toExponential().split("e");
  const exp = Number(e);
  // Go's %g uses an exponent below 1e-4 and from 1e+06 on, with at least two digits.
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(x);
}

/** Any JSON value as `sprintf("%v")` prints it: a string as it is, a number as `goNumber`, anything else as its Rego text. */
function goValue(v) {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint") return goNumber(v);
  return regoText(v);
}

/** Rego's text of a JSON value: `[1, "a"]`, `{"k": null}` (keys in code point order), numbers as JSON writes them. */
function regoText(v) {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return String(v);
    case "bigint":
      return v.toString();
    case "number":
      return Number.isSafeInteger(v) || !Number.isInteger(v) ? String(v === 0 ? 0 : v) : BigInt(v).toString();
    case "string":
      return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(regoText).join(", ")}]`;
  const keys = Object.keys(v).sort(compareCodePoints);
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${regoText(v[k])}`).join(", ")}}`;
}

/** Strings in Unicode code point order (Rego's), not JS's UTF-16 order. */
function compareCodePoints(a, b) {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  return x.length - y.length;
}
