import { describe, expect, it } from "vitest";
import { SetValue, type Value } from "../../src/value/index.js";
import { call, expectError } from "./call.js";

const set = (...xs: Value[]): SetValue => SetValue.from(xs);

describe("net.cidr_contains", () => {
  it("tests addresses and blocks (OPA's documented examples)", () => {
    expect(call("net.cidr_contains", "127.0.0.0/8", "127.0.0.1")).toBe(true);
    expect(call("net.cidr_contains", "127.0.0.0/24", "127.0.1.1")).toBe(false);
    expect(call("net.cidr_contains", "127.0.0.0/8", "127.0.0.0/24")).toBe(true);
    expect(call("net.cidr_contains", "127.0.0.0/24", "127.0.0.0/8")).toBe(false);
    expect(call("net.cidr_contains", "2001:4860:4860::8888/32", "2001:4860:4860:1234::8888")).toBe(true);
    expect(call("net.cidr_contains", "2001:4860:4860::8888/32", "2001:4860:4860:1234:5678:1234:5678:8888/64")).toBe(true);
    expect(call("net.cidr_contains", "2001:4860::/32", "2001:4861::1")).toBe(false);
  });

  it("masks the block's host bits and includes both ends", () => {
    expect(call("net.cidr_contains", "10.1.2.3/8", "10.0.0.0")).toBe(true);
    expect(call("net.cidr_contains", "10.0.0.0/8", "10.255.255.255")).toBe(true);
    expect(call("net.cidr_contains", "10.0.0.0/8", "11.0.0.0")).toBe(false);
    expect(call("net.cidr_contains", "0.0.0.0/0", "255.255.255.255")).toBe(true);
    expect(call("net.cidr_contains", "::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).toBe(true);
  });

  it("never matches across IPv4 and IPv6, but reads IPv4-mapped IPv6 as IPv4", () => {
    expect(call("net.cidr_contains", "::/0", "1.2.3.4")).toBe(false);
    expect(call("net.cidr_contains", "0.0.0.0/0", "::1")).toBe(false);
    expect(call("net.cidr_contains", "10.0.0.0/8", "::ffff:10.1.2.3")).toBe(true);
    expect(call("net.cidr_contains", "::ffff:10.0.0.0/104", "10.1.2.3")).toBe(true);
  });

  it("errors on an invalid block, blaming the operand", () => {
    expectError("net.cidr_contains", ["not-a-cidr", "10.0.0.1"], { code: "builtin_error", argIndex: 0, message: "invalid CIDR address: not-a-cidr" });
    expectError("net.cidr_contains", ["10.0.0.0/8", "10.0.0"], { code: "builtin_error", argIndex: 1, message: "invalid CIDR address: 10.0.0" });
    expectError("net.cidr_contains", ["10.0.0.0/8", 1], { code: "type_error", argIndex: 1 });
  });
});

describe("net.cidr_intersects", () => {
  it("is true when the blocks overlap", () => {
    expect(call("net.cidr_intersects", "192.168.0.0/16", "192.168.1.0/24")).toBe(true);
    expect(call("net.cidr_intersects", "192.168.1.0/24", "192.168.0.0/16")).toBe(true);
    expect(call("net.cidr_intersects", "192.168.0.0/24", "192.168.1.0/24")).toBe(false);
    expect(call("net.cidr_intersects", "fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72")).toBe(true);
    expect(call("net.cidr_intersects", "::/0", "0.0.0.0/0")).toBe(false);
  });

  it("errors on an invalid block", () => {
    expectError("net.cidr_intersects", ["10.0.0.0/8", "10.0.0.1"], { code: "builtin_error", argIndex: 1, message: "invalid CIDR address" });
  });
});

describe("net.cidr_is_valid", () => {
  it("accepts IPv4 and IPv6 blocks and rejects the rest", () => {
    for (const c of ["10.0.0.0/8", "0.0.0.0/0", "1.2.3.4/32", "::/0", "2001:db8::/32", "::ffff:1.2.3.4/128", "10.0.0.0/08"]) {
      expect(call("net.cidr_is_valid", c), c).toBe(true);
    }
    for (const c of ["", "10.0.0.0", "10.0.0.0/33", "::/129", "01.0.0.0/8", "256.0.0.0/8", "10.0.0.0/-1", "1::2::3/64", "fe80::1%eth0/64", "10.0.0.0/8 "]) {
      expect(call("net.cidr_is_valid", c), c).toBe(false);
    }
  });
});

describe("net.cidr_expand", () => {
  it("lists every address of a block", () => {
    expect(call("net.cidr_expand", "192.168.0.0/30")).toEqual(set("192.168.0.0", "192.168.0.1", "192.168.0.2", "192.168.0.3"));
    expect(call("net.cidr_expand", "192.168.0.1/32")).toEqual(set("192.168.0.1"));
    expect(call("net.cidr_expand", "2001:db8::/126")).toEqual(set("2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3"));
    expect((call("net.cidr_expand", "10.0.0.0/16") as SetValue).size).toBe(65536);
  });

  it("prints IPv6 addresses as RFC 5952 does", () => {
    expect(call("net.cidr_expand", "2001:0db8:0000:0000:0000:0000:0000:0001/128")).toEqual(set("2001:db8::1"));
    expect(call("net.cidr_expand", "2001:db8:0:0:1:0:0:1/128")).toEqual(set("2001:db8::1:0:0:1"));
    expect(call("net.cidr_expand", "2001:db8:0:1:1:1:1:1/128")).toEqual(set("2001:db8:0:1:1:1:1:1"));
    expect(call("net.cidr_expand", "::/128")).toEqual(set("::"));
  });

  it("refuses blocks beyond the limit and invalid blocks", () => {
    expectError("net.cidr_expand", ["10.0.0.0/15"], { code: "builtin_error", argIndex: 0, message: "131072 addresses" });
    expectError("net.cidr_expand", ["::/0"], { code: "builtin_error", argIndex: 0 });
    expectError("net.cidr_expand", ["10.0.0.0"], { code: "builtin_error", argIndex: 0, message: "invalid CIDR address" });
  });
});

describe("net.cidr_merge", () => {
  it("merges adjacent and nested blocks (OPA's documented example)", () => {
    expect(call("net.cidr_merge", ["192.0.128.0/24", "192.0.129.0/24"])).toEqual(set("192.0.128.0/23"));
    expect(call("net.cidr_merge", ["192.0.128.0/24", "192.0.130.0/24"])).toEqual(set("192.0.128.0/24", "192.0.130.0/24"));
    expect(call("net.cidr_merge", SetValue.from(["10.0.0.0/8", "10.1.0.0/16"]))).toEqual(set("10.0.0.0/8"));
    expect(call("net.cidr_merge", ["2001:db8::/33", "2001:db8:8000::/33"])).toEqual(set("2001:db8::/32"));
  });

  it("treats addresses as single-address blocks and splits unaligned ranges", () => {
    expect(call("net.cidr_merge", ["10.0.0.0", "10.0.0.1", "10.0.0.2"])).toEqual(set("10.0.0.0/31", "10.0.0.2/32"));
    expect(call("net.cidr_merge", ["10.0.0.1", "10.0.0.2"])).toEqual(set("10.0.0.1/32", "10.0.0.2/32"));
    expect(call("net.cidr_merge", ["::1", "1.2.3.4"])).toEqual(set("1.2.3.4/32", "::1/128"));
    expect(call("net.cidr_merge", [])).toEqual(SetValue.EMPTY);
  });

  it("rejects elements that are not addresses", () => {
    expectError("net.cidr_merge", [["10.0.0.0/8", 1]], { code: "type_error", argIndex: 0 });
    expectError("net.cidr_merge", [["10.0.0.0/40"]], { code: "builtin_error", argIndex: 0, message: "invalid CIDR address: 10.0.0.0/40" });
    expectError("net.cidr_merge", ["10.0.0.0/8"], { code: "type_error", argIndex: 0 });
  });
});

describe("net.cidr_contains_matches", () => {
  it("returns key pairs (OPA's documented examples)", () => {
    expect(call("net.cidr_contains_matches", "1.1.1.0/24", "1.1.1.128")).toEqual(set(["1.1.1.0/24", "1.1.1.128"]));
    expect(call("net.cidr_contains_matches", ["1.1.1.0/24", "1.1.2.0/24"], "1.1.1.128")).toEqual(set([0, "1.1.1.128"]));
    expect(
      call("net.cidr_contains_matches", SetValue.from([["1.1.0.0/16", "foo"], "1.1.2.0/24"]), { x: "1.1.1.128", y: ["1.1.254.254", "bar"] }),
    ).toEqual(set([["1.1.0.0/16", "foo"], "x"], [["1.1.0.0/16", "foo"], "y"]));
  });

  it("is empty when nothing matches", () => {
    expect(call("net.cidr_contains_matches", ["10.0.0.0/8"], ["192.168.0.1"])).toEqual(SetValue.EMPTY);
    expect(call("net.cidr_contains_matches", [], ["192.168.0.1"])).toEqual(SetValue.EMPTY);
  });

  it("rejects malformed elements and blocks", () => {
    expectError("net.cidr_contains_matches", [[[]], "1.1.1.1"], { code: "type_error", argIndex: 0 });
    expectError("net.cidr_contains_matches", [["1.1.1.0/24"], [1]], { code: "type_error", argIndex: 1 });
    expectError("net.cidr_contains_matches", [["1.1.1.0/99"], ["1.1.1.1"]], { code: "builtin_error", argIndex: 0, message: "invalid CIDR address" });
    expectError("net.cidr_contains_matches", [1, "1.1.1.1"], { code: "type_error", argIndex: 0 });
  });
});
