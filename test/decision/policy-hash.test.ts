import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { computePolicyHash } from "../../src/decision/policy-hash.js";

const a = { file: "policies/a.snap", text: "package agent.a\n\nallow if input.proposal.tool == \"x\"\n" };
const b = { file: "policies/b.snap", text: "package agent.b\n\ndeny contains \"no\" if input.proposal.tool == \"y\"\n" };

describe("policy hash", () => {
  test("is sha256 of the documented canonical document, computed independently", () => {
    const doc = `{"data":{"limits":{"EUR":500}},"format":"snapspace-policy/1","modules":[${JSON.stringify(a.text)},${JSON.stringify(b.text)}]}`;
    expect(computePolicyHash([b, a], { limits: { EUR: 500 } })).toBe(`sha256:${createHash("sha256").update(doc).digest("hex")}`);
  });

  test("does not depend on the order of files or on their names", () => {
    const h = computePolicyHash([a, b], {});
    expect(computePolicyHash([b, a], {})).toBe(h);
    expect(computePolicyHash([{ ...a, file: "/srv/app/policies/a.snap" }, { ...b, file: "renamed.snap" }], {})).toBe(h);
  });

  test("changes with any module text", () => {
    expect(computePolicyHash([a, { ...b, text: b.text.replace('"y"', '"z"') }], {})).not.toBe(computePolicyHash([a, b], {}));
  });

  test("changes with the data, not with its key order", () => {
    expect(computePolicyHash([a], { x: 1 })).not.toBe(computePolicyHash([a], { x: 2 }));
    expect(computePolicyHash([a], { x: 1, y: 2 })).toBe(computePolicyHash([a], { y: 2, x: 1 }));
  });

  test("a module moved between two files changes nothing, splitting it does", () => {
    expect(computePolicyHash([a, b], {})).not.toBe(computePolicyHash([{ file: "ab.snap", text: a.text + b.text }], {}));
  });
});
