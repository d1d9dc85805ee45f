/**
 * The `semver` family: Semantic Versioning 2.0 as OPA reads it (its
 * vendored CoreOS `go-semver`): `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`,
 * precedence by the numbers, then pre-release identifiers; build metadata
 * is ignored.
 */
import type { Value } from "../value/types.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

interface Version {
  readonly core: readonly [bigint, bigint, bigint];
  readonly preRelease: string;
}

const IDENTIFIERS = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64 = /^[+-]?\d+$/;
const INT64_MAX = 2n ** 63n - 1n;

/** The version in `s`, or `undefined` when it is not one (go-semver's `NewVersion`). */
function parseVersion(s: string): Version | undefined {
  let rest = s;
  let metadata = "";
  let preRelease = "";
  const plus = rest.indexOf("+");
  if (plus >= 0) [rest, metadata] = [rest.slice(0, plus), rest.slice(plus + 1)];
  const dash = rest.indexOf("-");
  if (dash >= 0) [rest, preRelease] = [rest.slice(0, dash), rest.slice(dash + 1)];
  const parts = rest.split(".");
  // Go's SplitN(…, 3): a fourth part stays glued to the third and fails as a number.
  if (parts.length < 3) return undefined;
  const nums = [parts[0]!, parts[1]!, parts.slice(2).join(".")];
  if ((preRelease && !IDENTIFIERS.test(preRelease)) || (metadata && !IDENTIFIERS.test(metadata))) return undefined;
  const core: bigint[] = [];
  for (const n of nums) {
    if (!INT64.test(n)) return undefined;
    const v = BigInt(n);
    if (v > INT64_MAX || v < -INT64_MAX - 1n) return undefined;
    core.push(v);
  }
  return { core: [core[0]!, core[1]!, core[2]!], preRelease };
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    if (a.core[i]! !== b.core[i]!) return a.core[i]! < b.core[i]! ? -1 : 1;
  }
  // A version without a pre-release ranks above one with.
  if (a.preRelease === "" && b.preRelease !== "") return 1;
  if (b.preRelease === "" && a.preRelease !== "") return -1;
  return comparePreRelease(a.preRelease.split("."), b.preRelease.split("."));
}

const NUMERIC = /^[+-]?\d+$/;

function comparePreRelease(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length) return i >= b.length ? 0 : -1;
    if (i >= b.length) return 1;
    const x = a[i]!;
    const y = b[i]!;
    const xNum = NUMERIC.test(x);
    const yNum = NUMERIC.test(y);
    // Numeric identifiers rank below alphanumeric ones.
    if (xNum && !yNum) return -1;
    if (!xNum && yNum) return 1;
    if (xNum && yNum) {
      const [p, q] = [BigInt(x), BigInt(y)];
      if (p !== q) return p < q ? -1 : 1;
    }
    if (x !== y) return x < y ? -1 : 1;
  }
}

export const semverIsValid = defineBuiltin({
  name: "semver.is_valid",
  family: "semver",
  description: "True when `vsn` is a string holding a valid semantic version (`1.2.3-rc.1+build`); false for anything else.",
  args: [{ name: "vsn", type: "any" }],
  result: "boolean",
  deterministic: true,
  impl: ([vsn]) => typeof vsn === "string" && parseVersion(vsn) !== undefined,
});

export const semverCompare = defineBuiltin({
  name: "semver.compare",
  family: "semver",
  description: "Compares two semantic versions by precedence: -1 when `a` < `b`, 0 when equal (build metadata aside), 1 when `a` > `b`.",
  args: [
    { name: "a", type: "string" },
    { name: "b", type: "string" },
  ],
  result: "number",
  deterministic: true,
  impl: ([a, b]) => compareVersions(readVersion(a!, 0), readVersion(b!, 1)),
});

function readVersion(v: Value, argIndex: number): Version {
  const parsed = parseVersion(v as string);
  if (!parsed) throw new BuiltinError(`semver.compare: operand ${argIndex + 1}: string ${v as string} is not a valid SemVer`, argIndex);
  return parsed;
}

/** The `semver` family. */
export const SEMVER: readonly BuiltinDef[] = [semverCompare, semverIsValid];
