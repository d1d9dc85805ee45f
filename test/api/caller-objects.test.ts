/**
 * Objects the caller passes stay the caller's: changing them between two
 * calls gives the decision about what they hold now (iteration caches must
 * not keep the old keys), and changing the data given to `compile` after the
 * fact changes neither the policy's data nor its hash.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/index.js";

const SOURCE = `package t

deny contains msg if {
	some k, v in input.proposal.args.items
	v > 1
	msg := sprintf("%s is over the limit", [k])
}

deny contains msg if {
	limit := data.limits[input.proposal.tool]
	input.proposal.args.amount > limit
	msg := sprintf("over %v", [limit])
}

deny contains msg if {
	some tool, _ in data.limits
	not startswith(tool, "payments.")
	msg := sprintf("unexpected limit for %s", [tool])
}

allow := true
`;

describe.each(["compiled", "interpreter"] as const)("objects the caller changes (%s)", (backend) => {
  it("decides on what the input holds now, after the caller changed it", () => {
    const policy = compile({ modules: [{ file: "t.snap", source: SOURCE }], backend });
    const input = { proposal: { id: "p-1", agent: "a", tool: "t", args: { items: { a: 1 } as Record<string, number> } } };
    expect(policy.decide(input).effect).toBe("allow");
    input.proposal.args.items["b"] = 5;
    const d = policy.decide(input, { hashes: false });
    expect(d.effect).toBe("deny");
    expect(d.reasons.map((r) => r.msg)).toEqual(["b is over the limit"]);
    delete input.proposal.args.items["b"];
    input.proposal.args.items["a"] = 7;
    expect(policy.decide(input).reasons.map((r) => r.msg)).toEqual(["a is over the limit"]);
    expect(policy.query("data.t.deny", { input })[0]!.expressions).toEqual([["a is over the limit"]]);
  });

  it("keeps its own copy of the data it was compiled with", () => {
    const data = { limits: { "payments.charge": 100 } as Record<string, number> };
    const policy = compile({ modules: [{ file: "t.snap", source: SOURCE }], data, backend });
    const input = { proposal: { id: "p-1", agent: "a", tool: "payments.charge", args: { amount: 50, items: {} } } };
    const before = policy.decide(input);
    expect(before.effect).toBe("allow");
    data.limits["payments.charge"] = 10;
    data.limits["other"] = 1;
    const after = policy.decide(input);
    expect(after.effect).toBe("allow");
    expect(after.policy_hash).toBe(before.policy_hash);
  });
});
