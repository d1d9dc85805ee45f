// Multi-value rules with variables in their path (`p[k] contains x`), on both back ends. Expected values from
// OPA's docs ("Variables in Rule Head References": "Leaf entries can be multi-value"): each solution adds its
// element to the set at the path its keys name; the rule's document is an object of sets.
import { describe, expect, test } from "vitest";
import type { Backend } from "../../src/api/policy.js";
import { errorCode, policy, rule, valueOf } from "./helpers.js";

const BACKENDS: readonly Backend[] = ["interpreter", "compiled"];

const USERS = {
  users: [
    { id: "alice", country: "USA" },
    { id: "bob", country: "USA" },
    { id: "dora", country: "Sweden" },
  ],
};

describe.each(BACKENDS)("multi-value rules with variables in their path (%s)", (backend) => {
  test("`p[k] contains x` groups elements into a set per key", () => {
    const src = `package test
users_by_country[country] contains user.id if {
	some user in input.users
	country := user.country
}
`;
    expect(rule(src, "users_by_country", USERS, { backend })).toBe('{"Sweden": {"dora"}, "USA": {"alice", "bob"}}');
    const p = policy(src, { backend });
    expect(valueOf(p, "data.test.users_by_country.USA", { input: USERS })).toBe('{"alice", "bob"}');
    expect(valueOf(p, "data.test.users_by_country.France", { input: USERS })).toBeUndefined();
    // No solution: the rule's document is the empty object, as for any object rule.
    expect(valueOf(p, "data.test.users_by_country", { input: { users: [] } })).toBe("{}");
  });

  test("several variables and constant segments nest objects; duplicates collapse", () => {
    const src = `package test
acl[user].grants[resource] contains action if {
	some g in input.grants
	user := g.user
	resource := g.resource
	some action in g.actions
}
acl[user].grants[resource] contains "read" if {
	some g in input.grants
	user := g.user
	resource := g.resource
}
`;
    const input = { grants: [{ user: "a", resource: "r1", actions: ["write", "read"] }, { user: "a", resource: "r2", actions: [] }, { user: "b", resource: "r1", actions: ["admin"] }] };
    expect(rule(src, "acl", input, { backend })).toBe('{"a": {"grants": {"r1": {"read", "write"}, "r2": {"read"}}}, "b": {"grants": {"r1": {"admin", "read"}}}}');
  });

  test("single-value and multi-value rules below the same constant prefix conflict, as in OPA", () => {
    const src = `package test
p[k] contains 1 if some k in ["a", "b"]
p[k] := 2 if some k in input.keys
`;
    expect(errorCode(() => policy(src, { backend }))).toBe("rule_conflict");
  });
});
