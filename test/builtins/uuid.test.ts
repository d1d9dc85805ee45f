import { describe, expect, it } from "vitest";
import { call, expectError, utcNs } from "./call.js";

describe("uuid.parse", () => {
  it("gives version and variant of a random (v4) UUID, as in uuid/generate.yaml", () => {
    expect(call("uuid.parse", "f47ac10b-58cc-4372-a567-0e02b2c3d479")).toEqual({ version: 4, variant: "RFC4122" });
  });

  it("decodes the time-based fields of a v1 UUID (RFC 4122 §4.1.4–4.1.6)", () => {
    // The DNS namespace UUID of RFC 4122 Appendix C, generated 1998-02-04 22:13:53.1511824 UTC.
    expect(call("uuid.parse", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toEqual({
      version: 1,
      variant: "RFC4122",
      time: utcNs(1998, 2, 4, 22, 13, 53, 151182400n),
      clocksequence: 0x00b4,
      nodeid: "00-c0-4f-d4-30-c8",
      macvariables: "global:unicast",
    });
    // A locally administered multicast node (first node byte 0x03).
    expect(call("uuid.parse", "6ba7b810-9dad-11d1-80b4-03c04fd430c8")).toMatchObject({ macvariables: "local:multicast" });
  });

  it("decodes the local id and domain of a DCE (v2) UUID", () => {
    expect(call("uuid.parse", "000003e8-1234-21ef-8000-0242ac120002")).toMatchObject({ version: 2, id: 1000, domain: "Person" });
    expect(call("uuid.parse", "000003e8-1234-21ef-8001-0242ac120002")).toMatchObject({ domain: "Group" });
    expect(call("uuid.parse", "000003e8-1234-21ef-8009-0242ac120002")).toMatchObject({ domain: "Domain9" });
  });

  it("names the variant from the top bits of byte 8", () => {
    expect(call("uuid.parse", "00000000-0000-0000-0000-000000000000")).toEqual({ version: 0, variant: "Reserved" });
    expect(call("uuid.parse", "00000000-0000-4000-c000-000000000000")).toMatchObject({ variant: "Microsoft" });
    expect(call("uuid.parse", "00000000-0000-4000-e000-000000000000")).toMatchObject({ variant: "Future" });
  });

  it("accepts the URN, braced, bare-hex and upper-case forms", () => {
    const want = { version: 4, variant: "RFC4122" };
    expect(call("uuid.parse", "urn:uuid:f47ac10b-58cc-4372-a567-0e02b2c3d479")).toEqual(want);
    expect(call("uuid.parse", "URN:UUID:F47AC10B-58CC-4372-A567-0E02B2C3D479")).toEqual(want);
    expect(call("uuid.parse", "{f47ac10b-58cc-4372-a567-0e02b2c3d479}")).toEqual(want);
    expect(call("uuid.parse", "f47ac10b58cc4372a5670e02b2c3d479")).toEqual(want);
  });

  it("is undefined for a string that is not a UUID", () => {
    for (const s of ["", "not-a-uuid", "f47ac10b-58cc-4372-a567-0e02b2c3d47", "f47ac10b-58cc-4372-a567-0e02b2c3d47g", "f47ac10b58cc-4372-a567-0e02b2c3d4791", "urn:uuix:f47ac10b-58cc-4372-a567-0e02b2c3d479"]) {
      expect(call("uuid.parse", s), s).toBeUndefined();
    }
  });

  it("rejects a value that is not a string", () => {
    expectError("uuid.parse", [42], { code: "type_error", argIndex: 0 });
  });
});
