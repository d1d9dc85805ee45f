/**
 * The `impure` family: OPA built-ins whose result depends on something
 * other than their arguments (the clock, randomness, the network, the
 * machine). They are declared, with no implementation, so the checker can
 * reject a call with a message saying what to do instead: a decision must
 * be reproducible from the policy and its input, so anything from the world
 * comes in through `input.context`.
 */
import { defineBuiltin, type BuiltinDef } from "./types.js";

export const timeNowNs = defineBuiltin({
  name: "time.now_ns",
  family: "impure",
  description:
    "Reads the clock. Pass the current time as `input.context.now` (RFC 3339) and use `time.parse_rfc3339_ns(input.context.now)` instead.",
  args: [],
  result: "number",
  deterministic: false,
});

export const randIntn = defineBuiltin({
  name: "rand.intn",
  family: "impure",
  description: "Draws a random number. Pass any number the decision needs through `input.context` instead.",
  args: [
    { name: "str", type: "string" },
    { name: "n", type: "number" },
  ],
  result: "number",
  deterministic: false,
});

export const uuidRfc4122 = defineBuiltin({
  name: "uuid.rfc4122",
  family: "impure",
  description:
    "Generates a random UUID. Pass the identifier through `input.context` instead (and read it with `uuid.parse` if its fields matter).",
  args: [{ name: "k", type: "string" }],
  result: "string",
  deterministic: false,
});

export const httpSend = defineBuiltin({
  name: "http.send",
  family: "impure",
  description: "Makes an HTTP request. Fetch what the decision needs before deciding and pass it through `input.context` instead.",
  args: [{ name: "request", type: "object" }],
  result: "object",
  deterministic: false,
});

export const netLookupIpAddr = defineBuiltin({
  name: "net.lookup_ip_addr",
  family: "impure",
  description:
    "Asks DNS. Resolve the name before deciding and pass the addresses through `input.context`; test them with `net.cidr_contains`.",
  args: [{ name: "name", type: "string" }],
  result: "set",
  deterministic: false,
});

export const opaRuntime = defineBuiltin({
  name: "opa.runtime",
  family: "impure",
  description: "Reads the OPA process's configuration and environment. Pass the facts the decision needs (such as `input.context.env`) instead.",
  args: [],
  result: "object",
  deterministic: false,
});

export const ioJwtEncodeSign = defineBuiltin({
  name: "io.jwt.encode_sign",
  family: "impure",
  description:
    "Signs a token; ECDSA and RSA-PSS signatures are random. Sign outside the policy and pass the token through `input.context`.",
  args: [
    { name: "headers", type: "object" },
    { name: "payload", type: "object" },
    { name: "key", type: "object" },
  ],
  result: "string",
  deterministic: false,
});

export const ioJwtEncodeSignRaw = defineBuiltin({
  name: "io.jwt.encode_sign_raw",
  family: "impure",
  description:
    "Signs a token; ECDSA and RSA-PSS signatures are random. Sign outside the policy and pass the token through `input.context`.",
  args: [
    { name: "headers", type: "string" },
    { name: "payload", type: "string" },
    { name: "key", type: "string" },
  ],
  result: "string",
  deterministic: false,
});

export const x509ParseAndVerifyCertificates = defineBuiltin({
  name: "crypto.x509.parse_and_verify_certificates",
  family: "impure",
  description:
    "Verifies a certificate chain against the clock. Verify the chain before deciding and pass the result through `input.context`.",
  args: [{ name: "certs", type: "string" }],
  result: "array",
  deterministic: false,
});

export const x509ParseAndVerifyCertificatesWithOptions = defineBuiltin({
  name: "crypto.x509.parse_and_verify_certificates_with_options",
  family: "impure",
  description:
    "Verifies a certificate chain against the clock unless told the time. Verify the chain before deciding and pass the result through `input.context`.",
  args: [
    { name: "certs", type: "string" },
    { name: "options", type: "object" },
  ],
  result: "array",
  deterministic: false,
});

export const providersAwsSignReq = defineBuiltin({
  name: "providers.aws.sign_req",
  family: "impure",
  description: "Signs an AWS request for `http.send`. Make signed requests outside the policy and pass their results through `input.context`.",
  args: [
    { name: "request", type: "object" },
    { name: "aws_config", type: "object" },
    { name: "time_ns", type: "number" },
  ],
  result: "object",
  deterministic: false,
});

/** The `impure` family. */
export const IMPURE: readonly BuiltinDef[] = [
  httpSend,
  ioJwtEncodeSign,
  ioJwtEncodeSignRaw,
  netLookupIpAddr,
  opaRuntime,
  providersAwsSignReq,
  randIntn,
  timeNowNs,
  uuidRfc4122,
  x509ParseAndVerifyCertificates,
  x509ParseAndVerifyCertificatesWithOptions,
];
