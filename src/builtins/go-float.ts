/**
 * Go's `strconv.FormatFloat(v, fmt, prec, 64)`, which `sprintf`'s float
 * verbs are built on. JS's `toFixed`/`toExponential` round exact ties
 * upwards where Go rounds them to even (`%.0f` of 2.5 is `2`) and switch to
 * exponents on their own, so fixed precisions are computed here from the
 * double's exact decimal expansion; the shortest form (`prec` −1) is JS's,
 * which is the same shortest round-trip digits Go picks.
 */

/** Decimal digits `0.d1d2…dn × 10^dp`, without trailing zeros (`nd` 0 is zero). */
interface Digits {
  d: string;
  dp: number;
}

/** The exact decimal expansion of a finite, non-negative double. */
function exactDigits(v: number): Digits {
  if (v === 0) return { d: "", dp: 0 };
  const { mant, exp } = decompose(v);
  let n: bigint;
  let dp: number;
  if (exp >= 0) {
    n = mant << BigInt(exp);
    dp = 0;
  } else {
    // mant × 2^exp = mant × 5^-exp × 10^exp
    n = mant * 5n ** BigInt(-exp);
    dp = exp;
  }
  const s = n.toString();
  return { d: s.replace(/0+$/, ""), dp: s.length + dp };
}

/** The shortest digits that read back as `v` (what JS prints). */
function shortestDigits(v: number): Digits {
  if (v === 0) return { d: "", dp: 0 };
  const [m, e] = v.toExponential().split("e") as [string, string];
  return { d: m.replace(".", "").replace(/0+$/, ""), dp: Number(e) + 1 };
}

/**
 * How many binary digits `a` has after the point. A value with k of them has
 * exactly k decimal digits after the point, the last a 5: it is a tie exactly
 * when rounded to k − 1 decimal places.
 */
function fractionBits(a: number): number {
  let k = 0;
  while (!Number.isInteger(a)) {
    a *= 2; // exact: a power of two
    k++;
  }
  return k;
}

/**
 * `a` rounded to `nd` significant digits, ties to even. JS's toExponential
 * rounds the exact value correctly except for ties (which it rounds up); a
 * tie needs exactly nd + 1 significant digits, so near that count the exact
 * expansion decides.
 */
function roundedDigits(a: number, nd: number): Digits {
  if (a === 0) return { d: "", dp: 0 };
  if (nd >= 1 && nd <= 101) {
    const shortestExp = Number(a.toExponential().split("e")[1]);
    // Significant digits of the exact expansion (the shortest form's exponent may be one off).
    const sig = fractionBits(a) + shortestExp + 1;
    if (Math.abs(sig - (nd + 1)) > 1) {
      const [m, e] = a.toExponential(nd - 1).split("e") as [string, string];
      const d = m.replace(".", "").replace(/0+$/, "");
      return { d, dp: d === "" ? 0 : Number(e) + 1 };
    }
  }
  return roundDigits(exactDigits(a), nd);
}

/** Round to `nd` significant digits, ties to even (Go's `decimal.Round`). */
function roundDigits(x: Digits, nd: number): Digits {
  // Go leaves the digits alone for nd < 0: the value is then below the last printed place.
  if (nd < 0 || nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd) - 48;
  const tie = next === 5 && nd + 1 === x.d.length;
  const up = tie ? nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1 : next >= 5;
  if (!up) {
    const d = x.d.slice(0, nd).replace(/0+$/, "");
    return { d, dp: d === "" ? 0 : x.dp };
  }
  // Round up: drop trailing 9s, increment the last kept digit.
  let i = nd - 1;
  while (i >= 0 && x.d[i] === "9") i--;
  if (i < 0) return { d: "1", dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

function fmtE(neg: boolean, x: Digits, prec: number, e: string): string {
  let s = (neg ? "-" : "") + (x.d[0] ?? "0");
  if (prec > 0) s += "." + x.d.slice(1, prec + 1).padEnd(prec, "0");
  const exp = x.d.length === 0 ? 0 : x.dp - 1;
  const a = Math.abs(exp);
  return s + e + (exp < 0 ? "-" : "+") + (a < 10 ? "0" + a : String(a));
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? "-" : "";
  s += x.dp > 0 ? x.d.slice(0, x.dp).padEnd(x.dp, "0") : "0";
  if (prec > 0) {
    let frac = "";
    for (let i = 1; i <= prec; i++) {
      const j = x.dp + i - 1;
      frac += j >= 0 && j < x.d.length ? x.d[j] : "0";
    }
    s += "." + frac;
  }
  return s;
}

/** The verbs `FormatFloat` knows (`F` is `f`). */
export type FloatFormat = "e" | "E" | "f" | "F" | "g" | "G" | "b" | "x" | "X";

/**
 * Go `strconv.FormatFloat(v, fmt, prec, 64)` for a finite `v`; `prec` −1 is
 * the shortest exact form. `exactOnly` skips the fast paths through JS's own
 * formatting (for testing that they agree with the exact computation).
 */
export function formatFloat(v: number, fmt: FloatFormat, prec: number, exactOnly = false): string {
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  if (fmt === "b") return formatBinary(neg, a);
  if (fmt === "x" || fmt === "X") return formatHex(neg, a, fmt, prec);
  const f = fmt === "F" ? "f" : fmt;
  const shortest = prec < 0;
  let digs: Digits;
  if (shortest) {
    digs = shortestDigits(a);
    if (f === "e" || f === "E") prec = Math.max(digs.d.length - 1, 0);
    else if (f === "f") prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else if (f === "f") {
    // JS's toFixed rounds the exact value correctly except for exact ties.
    if (!exactOnly && a < 1e21 && prec <= 100 && fractionBits(a) !== prec + 1) return (neg ? "-" : "") + a.toFixed(prec);
    const exact = exactDigits(a);
    digs = roundDigits(exact, exact.dp + prec);
  } else {
    if ((f === "g" || f === "G") && prec === 0) prec = 1;
    const nd = f === "e" || f === "E" ? prec + 1 : prec;
    digs = exactOnly ? roundDigits(exactDigits(a), nd) : roundedDigits(a, nd);
  }
  switch (f) {
    case "e":
    case "E":
      return fmtE(neg, digs, prec, f);
    case "f":
      return fmtF(neg, digs, prec);
    case "g":
    case "G": {
      let eprec = prec;
      if (eprec > digs.d.length && digs.d.length >= digs.dp) eprec = digs.d.length;
      // The shortest form (and so %v) uses an exponent from 1e+06 and below 1e-04, as Go does.
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > digs.d.length) prec = digs.d.length;
        return fmtE(neg, digs, prec - 1, f === "g" ? "e" : "E");
      }
      if (prec > digs.dp) prec = digs.d.length;
      return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
    }
  }
}

/** The mantissa (with its implicit bit) and binary exponent: `v = mant × 2^exp`. */
function decompose(v: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  return { mant, exp: exp - 1023 - 52 };
}

// %b: -ddddp±dd, the mantissa in decimal and a binary exponent.
function formatBinary(neg: boolean, a: number): string {
  const { mant, exp } = decompose(a);
  return (neg ? "-" : "") + mant.toString() + "p" + (exp >= 0 ? "+" : "") + exp;
}

// %x: -0x1.yyyyp±dd (Go's fmtX).
function formatHex(neg: boolean, a: number, fmt: "x" | "X", prec: number): string {
  let { mant, exp } = decompose(a);
  exp += 52;
  if (mant === 0n) exp = 0;
  // Put the leading 1 at bit 60.
  mant <<= 8n;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  const mask60 = (1n << 60n) - 1n;
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & mask60;
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === "X" ? "0123456789ABCDEF" : "0123456789abcdef";
  let s = (neg ? "-" : "") + "0" + fmt + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  if (prec < 0 && mant !== 0n) {
    s += ".";
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  } else if (prec > 0) {
    s += ".";
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  }
  s += fmt === "X" ? "P" : "p";
  s += exp < 0 ? "-" : "+";
  const e = Math.abs(exp);
  return s + (e < 10 ? "0" + e : String(e));
}
